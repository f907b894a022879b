"""Charts: one chart spec drives both pictures.

- `radar_spec(result)`, `ladder_spec(result)` (specs.py): what a chart shows, from the read
  model; `trend_spec(trend, rounds)` and `rounds_radar_spec(...)` the same over rounds
  (assessments.rounds.Comparison).
- `radar_figure(spec)` (figure.py): a plotly figure (as a dict) that static/js/charts.js
  draws in the browser, progressively enhancing the SVG.
- `radar_svg(spec)`, `ladder_svg(spec)` (svg.py): vector SVG written in Python, for the PDF
  and for the page without JavaScript. No browser is needed.

Every series has a distinct colour AND a distinct marker and dash, so a greyscale print
still tells them apart. All text put into SVG is escaped.
"""

from .figure import radar_figure, trend_figure
from .specs import (
    LadderSpec,
    LadderStage,
    RadarSpec,
    Series,
    TrendSpec,
    ladder_spec,
    radar_spec,
    rounds_radar_spec,
    trend_spec,
)
from .svg import ladder_svg, radar_svg, trend_svg

__all__ = [
    "LadderSpec",
    "LadderStage",
    "RadarSpec",
    "Series",
    "ladder_spec",
    "ladder_svg",
    "radar_figure",
    "radar_spec",
    "radar_svg",
    "rounds_radar_spec",
    "TrendSpec",
    "trend_figure",
    "trend_spec",
    "trend_svg",
]
