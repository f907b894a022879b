"""Chart specs: one plain frozen dataclass per chart, built from the read model.

A spec says what a chart shows; figure.py turns it into plotly, svg.py into SVG. The styles
live here because both pictures must draw each series the same way.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from assessments.models import Perspective
from assessments.results import FrameworkResult

# Okabe–Ito colours (safe for colour blindness), led by NHS blue for the agreed level.
AGREED_STYLE = ("#005eb8", "circle", "solid")
TARGET_STYLE = ("#425563", "none", "dot")
PERSPECTIVE_STYLES = {
    Perspective.NHS_STAFF: ("#d55e00", "square", "dash"),
    Perspective.CLINICIAN: ("#cc79a7", "diamond", "dashdot"),
    Perspective.LIVED_EXPERIENCE: ("#009e73", "triangle-up", "longdash"),
    Perspective.CARER: ("#e69f00", "x", "longdashdot"),
    Perspective.VCSE: ("#56b4e9", "cross", "dash"),
    Perspective.OTHER: ("#000000", "triangle-down", "dot"),
}


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per axis; None: no value (not drawn)
    colour: str
    marker: str  # plotly marker symbol name, or "none"
    dash: str  # plotly dash name
    width: float = 2.0
    fill: bool = False


@dataclass(frozen=True)
class RadarSpec:
    """A radar (spider) chart: one axis per criterion, rings at each level of the scale."""

    title: str
    axes: tuple[str, ...]  # short axis labels (criterion code and title)
    scale_labels: tuple[str, ...]  # level labels, value 1 first
    series: tuple[Series, ...]
    # Geometry of the SVG, in user units. Points are at centre + radius * value / max.
    width: int = 560
    height: int = 470
    cx: float = 280
    cy: float = 205
    radius: float = 140

    @property
    def scale_max(self) -> int:
        return len(self.scale_labels)

    def angle(self, index: int) -> float:
        """Axis angle in radians: the first axis points straight up, then clockwise."""
        return -math.pi / 2 + 2 * math.pi * index / len(self.axes)

    def point(self, index: int, value: float) -> tuple[float, float]:
        r = self.radius * value / self.scale_max
        a = self.angle(index)
        return (self.cx + r * math.cos(a), self.cy + r * math.sin(a))


# --- from results to specs -------------------------------------------------------------


def _axis_label(criterion) -> str:
    return f"{criterion.code} {criterion.title}"


def radar_spec(result: FrameworkResult) -> RadarSpec:
    """The radar of one principles framework: agreed levels, target, each perspective's median."""
    criteria = result.criteria
    series = [
        Series(
            "Target",
            tuple(c.target.value if c.target else None for c in criteria),
            *TARGET_STYLE,
            width=1.5,
        ),
        Series(
            "Agreed level",
            tuple(c.agreed_level.value if c.agreed_level else None for c in criteria),
            *AGREED_STYLE,
            width=3,
            fill=True,
        ),
    ]
    for perspective in result.perspectives:
        values = []
        for c in criteria:
            s = c.by_perspective.get(perspective)
            values.append(s.median if s and s.median is not None else None)
        series.append(
            Series(f"{perspective.label} (median)", tuple(values), *PERSPECTIVE_STYLES[perspective])
        )
    return RadarSpec(
        title=result.framework.short_name,
        axes=tuple(_axis_label(c.criterion) for c in criteria),
        scale_labels=tuple(level.label for level in result.levels),
        series=tuple(series),
    )


@dataclass(frozen=True)
class LadderStage:
    label: str
    agreed: int | None
    target: int | None
    # What was agreed when it was not a rung ("not applicable", "don't know yet"), so the
    # picture says it rather than "not agreed".
    agreed_answer: str | None = None


@dataclass(frozen=True)
class LadderSpec:
    """The ladder picture: rungs bottom to top, bands shaded, one column per stage."""

    title: str
    rungs: tuple[tuple[str, str], ...]  # (label, band), value 1 first
    stages: tuple[LadderStage, ...]
    left: float = 150
    top: float = 20
    rung_height: float = 38
    column_width: float = 110
    bottom_space: float = 110

    @property
    def width(self) -> float:
        return self.left + self.column_width * max(len(self.stages), 1) + 20

    @property
    def height(self) -> float:
        return self.top + self.rung_height * len(self.rungs) + self.bottom_space

    def rung_y(self, value: int) -> float:
        """The y of the middle of a rung."""
        return self.top + self.rung_height * (len(self.rungs) - value + 0.5)


def ladder_spec(result: FrameworkResult) -> LadderSpec:
    return LadderSpec(
        title=result.framework.short_name,
        rungs=tuple((level.label, level.band) for level in result.levels),
        stages=tuple(
            LadderStage(
                label=_axis_label(c.criterion),
                agreed=c.agreed_level.value if c.agreed_level else None,
                target=c.target.value if c.target else None,
                agreed_answer=(
                    str(c.consensus.get_answer_display()).lower()
                    if c.consensus and not c.agreed_level
                    else None
                ),
            )
            for c in result.criteria
        ),
    )


# --- shared by the plotly figure and the SVG ---------------------------------------------


def wrap(text: str, width: int, lines: int) -> str:
    """Text broken into at most `lines` lines of `width`, the last cut short with an ellipsis."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


# --- over rounds -----------------------------------------------------------------------

# Series over rounds cycle through these (each a colour, a marker and a dash).
ROUND_STYLES = (AGREED_STYLE, *PERSPECTIVE_STYLES.values())
FIRST_ROUND_STYLE = ("#d55e00", "square", "dash")


@dataclass(frozen=True)
class TrendSpec:
    """A line chart (or a step chart, for ladder rungs) of levels over rounds."""

    title: str
    rounds: tuple[str, ...]  # x-axis labels, first round first
    scale_labels: tuple[str, ...]  # level labels, value 1 first
    series: tuple[Series, ...]  # one value per round
    step: bool = False
    left: float = 170
    top: float = 20
    row_height: float = 30
    column_width: float = 120
    bottom_space: float = 60

    @property
    def scale_max(self) -> int:
        return len(self.scale_labels)

    @property
    def plot_width(self) -> float:
        return self.column_width * max(len(self.rounds), 1)

    @property
    def plot_height(self) -> float:
        return self.row_height * self.scale_max

    def x(self, index: int) -> float:
        return self.left + self.column_width * (index + 0.5)

    def y(self, value: float) -> float:
        """Level 1 at the bottom row's middle, the top level at the top row's middle."""
        return self.top + self.row_height * (self.scale_max - value + 0.5)


def trend_spec(trend, rounds: list[str]) -> TrendSpec:
    """The median agreed level of a principles rubric over rounds, or each ladder stage's
    agreed rung over rounds (a step chart: a rung is held until the next round)."""
    if trend.is_ladder:
        series = tuple(
            Series(label, values, *ROUND_STYLES[i % len(ROUND_STYLES)])
            for i, (label, values) in enumerate(trend.criteria)
        )
        title = f"{trend.name}: rung at each stage over rounds"
    else:
        series = (Series("Median agreed level", trend.medians, *AGREED_STYLE, width=3),)
        title = f"{trend.name}: median agreed level over rounds"
    return TrendSpec(
        title=title,
        rounds=tuple(rounds),
        scale_labels=trend.scale,
        series=series,
        step=trend.is_ladder,
    )


def rounds_radar_spec(trend, first_label: str, latest_label: str) -> RadarSpec:
    """First and latest round's agreed levels together, matched by criterion code."""
    labels = [label for label, _ in trend.criteria]
    return RadarSpec(
        title=f"{trend.name}: first and latest round",
        axes=tuple(labels),
        scale_labels=trend.scale,
        series=(
            Series(first_label, tuple(v[0] for _, v in trend.criteria), *FIRST_ROUND_STYLE),
            Series(
                latest_label,
                tuple(v[-1] for _, v in trend.criteria),
                *AGREED_STYLE,
                width=3,
                fill=True,
            ),
        ),
    )
