"""The plotly figure (a dict) that static/js/charts.js draws in the browser."""

from __future__ import annotations

from django.utils.html import escape

from .specs import RadarSpec, TrendSpec, rgba, wrap


def radar_figure(spec: RadarSpec) -> dict:
    """A plotly figure dict for Plotly.newPlot (no plotly import needed to draw it)."""
    theta = [wrap(a, 22, 2).replace("\n", "<br>") for a in spec.axes]
    traces = []
    for s in spec.series:
        # Close the shape by repeating the first point, as the SVG polygon does.
        r = list(s.values) + [s.values[0]]
        traces.append(
            {
                "type": "scatterpolar",
                "name": escape(s.name),  # plotly reads a little HTML in names
                "r": r,
                "theta": theta + [theta[0]],
                "mode": "lines" if s.marker == "none" else "lines+markers",
                "line": {"color": s.colour, "dash": s.dash, "width": s.width},
                "marker": {"symbol": s.marker if s.marker != "none" else "circle", "size": 9},
                "fill": "toself" if s.fill else "none",
                "fillcolor": rgba(s.colour, 0.12),
                "connectgaps": False,
                "hovertemplate": "%{theta}: %{r}<extra>" + escape(s.name) + "</extra>",
            }
        )
    return {
        "data": traces,
        "layout": {
            "polar": {
                "radialaxis": {
                    "range": [0, spec.scale_max],
                    "tickvals": list(range(1, spec.scale_max + 1)),
                    # Numbers only: level names along the axis collide with the axis labels.
                    # The data table beside the chart names each level.
                    "ticktext": [str(i) for i in range(1, spec.scale_max + 1)],
                    "angle": 90,
                    "tickangle": 0,
                    "tickfont": {"size": 10},
                },
                "angularaxis": {"rotation": 90, "direction": "clockwise"},
            },
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.15},
            "margin": {"l": 90, "r": 90, "t": 40, "b": 40},
            "font": {"family": "Frutiger W01, Arial, sans-serif", "color": "#212b32"},
            "height": 520,
        },
        "config": {"displayModeBar": False, "responsive": True},
    }


def trend_figure(spec: TrendSpec) -> dict:
    """A plotly line (or step) chart of levels over rounds."""
    traces = [
        {
            "type": "scatter",
            "name": escape(s.name),  # plotly reads a little HTML in names
            # Wrapped, so that a phone's narrow chart does not slant them into the legend.
            "x": [escape(wrap(r, 14, 3)).replace("\n", "<br>") for r in spec.rounds],
            "y": list(s.values),
            "mode": "lines+markers",
            "line": {
                "color": s.colour,
                "dash": s.dash,
                "width": s.width,
                "shape": "hv" if spec.step else "linear",
            },
            "marker": {"symbol": s.marker if s.marker != "none" else "circle", "size": 9},
            "connectgaps": False,
            "hovertemplate": "%{x}: %{y}<extra>" + escape(s.name) + "</extra>",
        }
        for s in spec.series
    ]
    return {
        "data": traces,
        "layout": {
            "yaxis": {
                "range": [0.5, spec.scale_max + 0.5],
                "tickvals": list(range(1, spec.scale_max + 1)),
                "ticktext": [f"{i} {label}" for i, label in enumerate(spec.scale_labels, 1)],
                "automargin": True,
            },
            "xaxis": {"type": "category", "automargin": True},
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.3},
            "margin": {"l": 40, "r": 20, "t": 20, "b": 40},
            "font": {"family": "Frutiger W01, Arial, sans-serif", "color": "#212b32"},
            "height": 420,
        },
        "config": {"displayModeBar": False, "responsive": True},
    }
