"""Gathers the benchmark's rows from the database (a fixed number of queries) and asks
benchmark.py's pure functions for the arithmetic. Nothing returned names an organisation:
only levels and counts leave this module."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Min

from assessments.models import OrganisationKind, Programme
from ladder.models import Level

from .benchmark import MIN_ORGANISATIONS, Distribution, benchmark, position
from .latest import Agreed, Column, agreed_levels, latest_assessment_ids, load_rows

WIDTH = 160  # the drawing's width, in SVG units


@dataclass(frozen=True)
class Line:
    column: Column
    mine: Agreed | None
    distribution: Distribution | None
    scale: tuple[int, int]  # lowest and highest level of the framework

    def x(self, value):
        return position(value, low=self.scale[0], high=self.scale[1], width=WIDTH)

    @property
    def drawing(self) -> dict | None:
        """x positions of the range, the box, the median and this programme's level."""
        d = self.distribution
        if d is None:
            return None
        return {
            "low": self.x(d.low),
            "high": self.x(d.high),
            "q1": self.x(d.lower_quartile),
            "box": self.x(d.upper_quartile) - self.x(d.lower_quartile),
            "median": self.x(d.median),
            "mine": self.x(self.mine.value) if self.mine else None,
        }


@dataclass(frozen=True)
class Benchmark:
    lines: list[Line]
    width: int = WIDTH
    minimum: int = MIN_ORGANISATIONS

    @property
    def shown(self) -> list[Line]:
        return [line for line in self.lines if line.distribution is not None]


def _scales(assessment) -> dict[str, tuple[int, int]]:
    """{framework slug: (lowest, highest level)} of the frameworks the assessment pins."""
    if assessment is None:
        return {}
    rows = (
        Level.objects.filter(framework__assessments=assessment)
        .values("framework__slug")
        .annotate(low=Min("value"), high=Max("value"))
    )
    return {r["framework__slug"]: (r["low"], r["high"]) for r in rows}


def load_benchmark(programme: Programme) -> Benchmark:
    """This programme's latest agreed level per principle beside the distribution across
    ICBs that opted in. Seven queries."""
    (row,), columns = load_rows(Programme.objects.filter(pk=programme.pk))
    principles = [c for c in columns if not c.is_ladder]
    keys = {c.key for c in principles}
    contributing = latest_assessment_ids(
        Programme.objects.filter(
            organisation__benchmark_opt_in=True, organisation__kind=OrganisationKind.ICB
        )
    ).values_list("organisation_id", "latest_id")
    organisation_of = {latest: org for org, latest in contributing if latest}
    levels_by_key = defaultdict(list)
    for assessment_id, levels in agreed_levels(list(organisation_of)).items():
        for key, agreed in levels.items():
            if key in keys:
                levels_by_key[key].append((organisation_of[assessment_id], agreed.value))
    distributions = benchmark({key: levels_by_key.get(key, []) for key in keys})
    scales = _scales(row.assessment)
    return Benchmark(
        lines=[
            Line(
                column=c,
                mine=row.levels.get(c.key),
                distribution=distributions[c.key],
                scale=scales.get(c.framework_slug, (1, 5)),
            )
            for c in principles
        ]
    )
