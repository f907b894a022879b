"""The comparison of a programme's rounds, as pictures and tables for the report and PDF.

What the rounds say is assessments.rounds.Comparison's; this module only draws it and
joins in the actions done between the first and the latest round (plans).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from assessments.results import Results
from assessments.rounds import Change, Comparison, Trend
from plans.models import Action, ActionStatus

from . import charts


@dataclass
class ChartReport:
    dom_id: str
    title: str
    svg: SafeString
    figure: dict | None
    trend: Trend
    radar: bool = False

    @property
    def figure_script_id(self) -> str:
        return f"{self.dom_id}-figure"

    def _text(self, value) -> str:
        if value is None:
            return "–"
        scale = self.trend.scale
        return f"{value} {scale[value - 1]}" if 0 < value <= len(scale) else str(value)

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(row label, one cell per column): the same figures as the chart."""
        rows = self.trend.criteria
        if self.radar:
            return [(label, [self._text(v[0]), self._text(v[-1])]) for label, v in rows]
        if not self.trend.is_ladder:
            rows = (("Median agreed level", self.trend.medians), *rows)
        return [(label, [self._text(v) for v in values]) for label, values in rows]


@dataclass
class ChangeRow:
    change: Change
    actions: list[Action]


@dataclass
class ComparisonReport:
    comparison: Comparison
    charts: list[ChartReport]
    rows: list[ChangeRow]

    @property
    def round_labels(self) -> list[str]:
        return self.comparison.round_labels

    @property
    def trends(self) -> list[Trend]:
        return self.comparison.trends


def _chart(dom_id, spec, trend, *, radar, with_figure) -> ChartReport:
    if radar:
        svg = charts.radar_svg(spec, svg_id=f"{dom_id}-svg")
        figure = charts.radar_figure(spec) if with_figure else None
    else:
        svg = charts.trend_svg(spec, svg_id=f"{dom_id}-svg")
        figure = charts.trend_figure(spec) if with_figure else None
    return ChartReport(dom_id, spec.title, svg, figure, trend, radar)


def done_between(rounds: list[Results], actions: list[Action]) -> dict[tuple, list[Action]]:
    """Actions done on the rounds before the latest, by (rubric slug, criterion code)."""
    found: dict[tuple, list[Action]] = {}
    for results in rounds[:-1]:
        for action in actions:
            if action.assessment_id != results.assessment.pk or action.status != ActionStatus.DONE:
                continue
            result = results.find(action.criterion_id)
            if result is not None:
                key = (result.criterion.framework.slug, result.criterion.code)
                found.setdefault(key, []).append(action)
    return found


def comparison_report(
    rounds: list[Results], actions: list[Action], *, with_figures: bool
) -> ComparisonReport | None:
    """None for a programme with one round: there is nothing to compare."""
    if len(rounds) < 2:
        return None
    comparison = Comparison.from_results(rounds)
    labels = comparison.round_labels
    found = []
    for i, trend in enumerate(comparison.trends):
        spec = charts.trend_spec(trend, labels)
        found.append(_chart(f"trend-{i}", spec, trend, radar=False, with_figure=with_figures))
        if trend.has_radar and len(trend.criteria) >= 3:
            radar = charts.rounds_radar_spec(trend, labels[0], labels[-1])
            found.append(
                _chart(f"rounds-radar-{i}", radar, trend, radar=True, with_figure=with_figures)
            )
    done = done_between(rounds, actions)
    rows = [ChangeRow(c, done.get(c.point.key, [])) for c in comparison.changes]
    return ComparisonReport(comparison=comparison, charts=found, rows=rows)
