"""Everything the report page and the PDF show, read in a fixed number of queries.

reports reads and never writes: results come from assessments.results.load_results, the
action plan from plans.models.Action, and the charts from reports.charts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from assessments.models import Participant, Perspective
from assessments.results import CriterionResult, FrameworkResult, load_results
from assessments.scoring import APART_THRESHOLD, strongest_and_weakest, widest_gap
from ladder.models import Band
from plans.models import Action

from . import charts

# Perspectives whose medians are this far apart are a finding (the same line the
# consensus pages use for individuals), so the summary names only real disagreements.
PERSPECTIVE_GAP = APART_THRESHOLD


@dataclass
class Disagreement:
    criterion: CriterionResult
    gap: float
    highest: tuple[str, float]  # (perspective label, median)
    lowest: tuple[str, float]


@dataclass
class FrameworkReport:
    result: FrameworkResult
    svg: SafeString
    figure: dict | None  # plotly figure (principles frameworks only)
    strongest: list[CriterionResult]
    weakest: list[CriterionResult]
    disagreements: list[Disagreement]
    perspectives: list[tuple[str, str]]  # (value, label) present in this framework's scores

    @property
    def framework(self):
        return self.result.framework

    @property
    def dom_id(self):
        return f"framework-{self.framework.pk}"

    @property
    def figure_script_id(self):
        return f"{self.dom_id}-figure"

    @property
    def is_ladder(self):
        return self.framework.is_ladder


@dataclass
class Report:
    assessment: object
    frameworks: list[FrameworkReport]
    actions: list[Action]
    participants: list[Participant]
    perspective_counts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def programme(self):
        return self.assessment.programme

    @property
    def gaps(self) -> list[CriterionResult]:
        """Criteria whose agreed level is below their target, in framework order."""
        return [c for f in self.frameworks for c in f.result.criteria if c.below_target]

    @property
    def criteria_with_agreed_level(self) -> list[tuple[FrameworkReport, CriterionResult]]:
        return [(f, c) for f in self.frameworks for c in f.result.criteria if c.agreed_level]


def _disagreements(result: FrameworkResult) -> list[Disagreement]:
    found = []
    labels = dict(Perspective.choices)
    for c in result.criteria:
        widest = widest_gap(c.by_perspective)
        if widest and widest[2] >= PERSPECTIVE_GAP:
            high, low, gap = widest
            found.append(
                Disagreement(
                    criterion=c,
                    gap=gap,
                    highest=(labels[high], c.by_perspective[high].median),
                    lowest=(labels[low], c.by_perspective[low].median),
                )
            )
    return sorted(found, key=lambda d: -d.gap)


def framework_report(result: FrameworkResult, *, with_figure: bool) -> FrameworkReport:
    by_code = {c.criterion.code: c for c in result.criteria}
    top, bottom = strongest_and_weakest(
        {
            c.criterion.code: (c.agreed_level.value if c.agreed_level else None)
            for c in result.criteria
        }
    )
    # With one agreed level (or all equal) strongest == weakest: say it once, as strongest.
    if top == bottom:
        bottom = []
    present = {p for c in result.criteria for p in c.by_perspective}
    dom_id = f"framework-{result.framework.pk}"
    if result.framework.is_ladder:
        svg = charts.ladder_svg(charts.ladder_spec(result), svg_id=f"{dom_id}-svg")
        figure = None
    else:
        spec = charts.radar_spec(result)
        svg = charts.radar_svg(spec, svg_id=f"{dom_id}-svg")
        figure = charts.radar_figure(spec) if with_figure else None
    return FrameworkReport(
        result=result,
        svg=svg,
        figure=figure,
        strongest=[by_code[code] for code in top],
        weakest=[by_code[code] for code in bottom],
        disagreements=_disagreements(result),
        perspectives=[(p.value, p.label) for p in Perspective if p in present],
    )


def build_report(assessment, *, with_figures: bool = True) -> Report:
    """The whole report. Queries: load_results' seven (participants read once) plus actions."""
    participants = list(Participant.objects.filter(assessment=assessment))
    results = load_results(assessment, participants=participants)

    criteria, levels = {}, {}
    for r in results:
        levels.update({level.pk: level for level in r.levels})
        criteria.update({c.criterion.pk: c.criterion for c in r.criteria})
    actions = list(Action.objects.filter(assessment=assessment))
    for action in actions:
        # Attach the already-loaded rows so templates trigger no further queries.
        action.criterion = criteria.get(action.criterion_id)
        action.target_level = levels.get(action.target_level_id)

    counts = Counter(p.perspective for p in participants)
    return Report(
        assessment=assessment,
        frameworks=[framework_report(r, with_figure=with_figures) for r in results],
        actions=actions,
        participants=sorted(
            participants, key=lambda p: (Perspective.values.index(p.perspective), p.name.lower())
        ),
        perspective_counts=[(p.label, counts[p.value]) for p in Perspective if counts[p.value]],
    )


BAND_LABELS = dict(Band.choices)
