"""Everything the report page and the PDF show, read in a fixed number of queries.

reports reads and never writes. What the results say (strongest and weakest, where
perspectives disagree, gaps below target, who took part) is asked of
assessments.results.Results; this module only adds the pictures (reports.charts) and the
action plan's rows (plans.models.Action).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from django.utils.safestring import SafeString

from assessments.models import Participant, Perspective
from assessments.results import CriterionResult, FrameworkResult, Results
from assessments.rounds import load_rounds
from plans.models import Action
from reviews.models import Recommendation, Review

from . import charts
from .charts.grid import GridSpec, grid_spec, grid_svg
from .comparison import ComparisonReport, comparison_report
from .review_block import load_review


def web_links(text: str) -> list[str]:
    """The web addresses in a score's links, one a line. Only http(s) ones count: the form
    allows nothing else, and an imported file must not smuggle in javascript: or file:."""
    links = []
    for line in (text or "").splitlines():
        line = line.strip()
        parts = urlsplit(line)
        if parts.scheme in ("http", "https") and parts.netloc:
            links.append(line)
    return links


@dataclass
class CriterionEvidence:
    """What was said for one criterion: the agreed reason and each score with evidence or
    links. Only criteria with something to show get one, so no heading stands empty."""

    result: CriterionResult
    reason: str
    scores: list  # Score rows, each with .web_links attached

    @property
    def criterion(self):
        return self.result.criterion

    @property
    def count(self) -> int:
        return len(self.scores) + (1 if self.reason else 0)


def criterion_evidence(c: CriterionResult) -> CriterionEvidence | None:
    reason = c.consensus.reason.strip() if c.consensus and c.consensus.reason else ""
    scores = []
    for score in c.scores:
        score.web_links = web_links(score.links)
        if score.evidence.strip() or score.web_links:
            scores.append(score)
    if not reason and not scores:
        return None
    return CriterionEvidence(result=c, reason=reason, scores=scores)


def framework_evidence(result: FrameworkResult) -> list[CriterionEvidence]:
    found = (criterion_evidence(c) for c in result.criteria)
    return [e for e in found if e is not None]


@dataclass
class FrameworkReport:
    result: FrameworkResult
    svg: SafeString  # empty for a checklist: its list is the picture
    figure: dict | None  # plotly figure (principles frameworks only)
    grid: GridSpec | None = None  # a placement grid's cells, agreed and target

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

    @property
    def is_checklist(self):
        return self.framework.is_checklist

    @property
    def is_grid(self):
        return self.framework.is_grid

    @cached_property
    def evidence(self) -> list[CriterionEvidence]:
        """The criteria that have evidence, in journey order."""
        return framework_evidence(self.result)

    @cached_property
    def evidence_by_criterion(self) -> dict[int, CriterionEvidence]:
        return {e.criterion.pk: e for e in self.evidence}


@dataclass
class Report:
    assessment: object
    results: Results
    frameworks: list[FrameworkReport]
    actions: list[Action]
    comparison: ComparisonReport | None = None
    review: Review | None = None
    recommendations: list[Recommendation] = field(default_factory=list)

    @property
    def state(self) -> str:
        """Draft before submission, Under review while a review is open, Signed off after."""
        if self.review is not None and self.review.is_signed_off:
            return "Signed off"
        if self.review is not None:
            return "Under review"
        return "Submitted" if self.assessment.is_submitted else "Draft"

    @property
    def programme(self):
        return self.assessment.programme

    @property
    def gaps(self) -> list[CriterionResult]:
        return self.results.gaps

    @property
    def biggest_gaps(self) -> list[CriterionResult]:
        """The five criteria furthest below their target, widest first (journey order on ties)."""
        ranked = sorted(
            self.results.gaps,
            key=lambda c: -(c.target.value - (c.agreed_level.value if c.agreed_level else 0)),
        )
        return ranked[:5]

    @property
    def participants(self) -> list[Participant]:
        return self.results.participants_by_perspective

    @property
    def perspective_counts(self) -> list[tuple[Perspective, int]]:
        return self.results.perspective_counts

    @property
    def has_evidence(self) -> bool:
        return any(f.evidence for f in self.frameworks)

    @property
    def guided_framework(self):
        """The first rubric version that states how to choose a level (coprod-rubric/2 files
        all state the same rule), or None."""
        return next((f.framework for f in self.frameworks if f.framework.has_guidance), None)

    @property
    def criteria_with_agreed_level(self) -> list[tuple[FrameworkReport, CriterionResult]]:
        return [(f, c) for f in self.frameworks for c in f.result.criteria if c.agreed_level]


def framework_report(result: FrameworkResult, *, with_figure: bool) -> FrameworkReport:
    svg_id = f"framework-{result.framework.pk}-svg"
    if result.framework.is_checklist:
        return FrameworkReport(result=result, svg=SafeString(""), figure=None)
    if result.framework.is_grid:
        spec = grid_spec(result)
        return FrameworkReport(
            result=result, svg=grid_svg(spec, svg_id=svg_id), figure=None, grid=spec
        )
    if result.framework.is_ladder:
        return FrameworkReport(
            result=result,
            svg=charts.ladder_svg(charts.ladder_spec(result), svg_id=svg_id),
            figure=None,
        )
    spec = charts.radar_spec(result)
    return FrameworkReport(
        result=result,
        svg=charts.radar_svg(spec, svg_id=svg_id),
        figure=charts.radar_figure(spec) if with_figure else None,
    )


def build_report(assessment, *, with_figures: bool = True, with_descriptors: bool = True) -> Report:
    """The whole report, with the comparison of the programme's rounds up to this one.
    Queries: load_rounds' seven (whatever the number of rounds), the actions; once
    submitted, the review with its recommendations, responses and criteria (one). The
    rubric's descriptors (the PDF's appendix) only `with_descriptors`."""
    rounds = load_rounds(assessment, descriptors=with_descriptors)
    results = rounds[-1]
    by_id = {r.assessment.pk: r for r in rounds}
    all_actions = list(Action.objects.filter(assessment_id__in=by_id))
    review, recommendations = None, []
    if assessment.is_submitted:  # only a submitted assessment can be shared for review
        review, recommendations = load_review(
            assessment,
            criteria_by_id={c.criterion.pk: c.criterion for c in results.criteria},
            actions_by_id={a.pk: a for a in all_actions},
        )
    from_recommendation = {
        r.response.action_id: r
        for r in recommendations
        if getattr(r, "response", None) and r.response.action_id
    }
    for action in all_actions:
        action.from_recommendation = from_recommendation.get(action.pk)
        # Attach the already-loaded rows so templates trigger no further queries.
        round_results = by_id[action.assessment_id]
        found = round_results.find(action.criterion_id)
        if found:
            action.criterion = found.criterion
        action.target_level = round_results.levels_by_id.get(action.target_level_id)
    return Report(
        assessment=assessment,
        results=results,
        frameworks=[framework_report(r, with_figure=with_figures) for r in results.frameworks],
        actions=[a for a in all_actions if a.assessment_id == assessment.pk],
        comparison=comparison_report(rounds, all_actions, with_figures=with_figures),
        review=review,
        recommendations=recommendations,
    )
