"""SVG written in Python from a chart spec, for the PDF and for the page without JavaScript.

No browser is needed. All text put into SVG is escaped.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ladder.models import Band

from .specs import LadderSpec, RadarSpec, Series, TrendSpec, rgba, wrap

# SVG stroke-dasharray for each plotly dash name.
DASHES = {
    "solid": None,
    "dot": "2 3",
    "dash": "7 4",
    "longdash": "12 4",
    "dashdot": "7 3 2 3",
    "longdashdot": "12 3 2 3",
}
FONTS = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
BAND_FILLS = {
    Band.DOING_TO: "#f6e3e8",
    Band.DOING_FOR: "#fff8c4",
    Band.DOING_WITH: "#dcefe3",
}
BAND_TEXT = {
    Band.DOING_TO: "#8a1538",
    Band.DOING_FOR: "#5c4d00",
    Band.DOING_WITH: "#00562a",
}


def _f(x: float) -> str:
    return f"{x:.2f}"


def _text(
    x, y, text, *, anchor="middle", size=11, weight="normal", fill="#212b32", width=22, lines=3
) -> str:
    rows = wrap(text, width, lines).split("\n")
    # Vertically centre the block of lines on y.
    first_dy = -(len(rows) - 1) * 0.6
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{(first_dy if i == 0 else 1.2):.2f}em">{escape(row)}</tspan>'
        for i, row in enumerate(rows)
    )
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" dominant-baseline="middle" '
        f'font-size="{size}" font-weight="{weight}" fill="{fill}">{spans}</text>'
    )


def _marker(kind: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    s = size
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="0.8"'
    if kind == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(s)}" {common}/>'
    if kind == "square":
        size_attrs = f'width="{_f(2 * s)}" height="{_f(2 * s)}"'
        return f'<rect x="{_f(x - s)}" y="{_f(y - s)}" {size_attrs} {common}/>'
    if kind in ("triangle-up", "triangle-down", "diamond"):
        if kind == "triangle-up":
            pts = [(x, y - s * 1.2), (x + s * 1.1, y + s * 0.8), (x - s * 1.1, y + s * 0.8)]
        elif kind == "triangle-down":
            pts = [(x, y + s * 1.2), (x + s * 1.1, y - s * 0.8), (x - s * 1.1, y - s * 0.8)]
        else:
            pts = [(x, y - s * 1.3), (x + s, y), (x, y + s * 1.3), (x - s, y)]
        return f'<polygon points="{_points(pts)}" {common}/>'
    if kind in ("x", "cross"):
        if kind == "x":
            d = (
                f"M{_f(x - s)} {_f(y - s)}L{_f(x + s)} {_f(y + s)}"
                f"M{_f(x - s)} {_f(y + s)}L{_f(x + s)} {_f(y - s)}"
            )
        else:
            d = f"M{_f(x - s)} {_f(y)}L{_f(x + s)} {_f(y)}M{_f(x)} {_f(y - s)}L{_f(x)} {_f(y + s)}"
        return f'<path d="{d}" stroke="{colour}" stroke-width="2.5" fill="none"/>'
    return ""


def _points(pts) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in pts)


def _line_attrs(s: Series) -> str:
    dash = DASHES.get(s.dash)
    return f'stroke="{s.colour}" stroke-width="{s.width}" stroke-linejoin="round"' + (
        f' stroke-dasharray="{dash}"' if dash else ""
    )


def _legend(series, x0, y0, width) -> tuple[str, float]:
    """Legend rows of (line sample + marker + name); returns markup and its height."""
    out, x, y = [], x0, y0
    col = 265
    for s in series:
        if x + col > x0 + width:
            x, y = x0, y + 20
        sample = (
            f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 34)}" y2="{_f(y)}" {_line_attrs(s)}/>'
        )
        mark = _marker(s.marker, x + 17, y, s.colour) if s.marker != "none" else ""
        out.append(
            sample + mark + _text(x + 42, y, s.name, anchor="start", size=10.5, width=52, lines=1)
        )
        x += col
    return "".join(out), y - y0 + 20


def radar_svg(spec: RadarSpec, *, svg_id: str = "radar") -> SafeString:
    n = len(spec.axes)
    parts = []
    # Rings at each level, labelled up the first axis.
    for value in range(1, spec.scale_max + 1):
        ring = [spec.point(i, value) for i in range(n)]
        parts.append(
            f'<polygon class="ring" points="{_points(ring)}" fill="none" stroke="#aeb7bd" '
            f'stroke-width="{1.2 if value == spec.scale_max else 0.7}"/>'
        )
    for i in range(n):
        x, y = spec.point(i, spec.scale_max)
        parts.append(
            f'<line class="axis" x1="{_f(spec.cx)}" y1="{_f(spec.cy)}" x2="{_f(x)}" y2="{_f(y)}" '
            'stroke="#aeb7bd" stroke-width="0.7"/>'
        )
        lx, ly = spec.point(i, spec.scale_max + 0.35)
        cos = math.cos(spec.angle(i))
        anchor = "middle" if abs(cos) < 0.25 else ("start" if cos > 0 else "end")
        parts.append(_text(lx, ly, spec.axes[i], anchor=anchor, size=10.5, width=20, lines=3))
    for value in range(1, spec.scale_max + 1):
        x, y = spec.point(0, value)
        parts.append(
            f'<text x="{_f(x + 4)}" y="{_f(y + 3)}" font-size="8.5" fill="#4c6272">{value}</text>'
        )
    # Series: a closed polygon when every axis has a value, else the runs between gaps.
    for s in spec.series:
        pts = [spec.point(i, v) if v is not None else None for i, v in enumerate(s.values)]
        g = [f'<g class="series" data-series="{escape(s.name)}">']
        if pts and all(p is not None for p in pts):
            fill = f'fill="{rgba(s.colour, 0.12)}"' if s.fill else 'fill="none"'
            g.append(f'<polygon class="trace" points="{_points(pts)}" {fill} {_line_attrs(s)}/>')
        else:
            for i in range(n):
                a, b = pts[i], pts[(i + 1) % n]
                if a is not None and b is not None and n > 1:
                    g.append(
                        f'<polyline class="trace" points="{_points([a, b])}" fill="none" '
                        f"{_line_attrs(s)}/>"
                    )
        if s.marker != "none":
            g.extend(_marker(s.marker, *p, s.colour) for p in pts if p is not None)
        g.append("</g>")
        parts.append("".join(g))
    legend, legend_h = _legend(spec.series, 20, spec.cy + spec.radius + 75, spec.width - 40)
    height = spec.cy + spec.radius + 75 + legend_h
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    desc = (
        f"Radar chart of {len(spec.axes)} criteria on a scale of 1 to {spec.scale_max}. "
        "The same figures are in the table beside it."
    )
    return mark_safe(  # noqa: S308 - every piece of text above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coprod-radar" id="{escape(svg_id)}" '
        f'viewBox="0 0 {spec.width} {_f(height)}" width="{spec.width}" height="{_f(height)}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'data-cx="{_f(spec.cx)}" data-cy="{_f(spec.cy)}" data-radius="{_f(spec.radius)}" '
        f'data-scale-max="{spec.scale_max}" font-family="{FONTS}">'
        f'<title id="{title_id}">{escape(spec.title)}: radar chart</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>' + "".join(parts) + legend + "</svg>"
    )


def ladder_svg(spec: LadderSpec, *, svg_id: str = "ladder") -> SafeString:
    n_rungs = len(spec.rungs)
    width, height = spec.width, spec.height
    right = spec.left + spec.column_width * len(spec.stages)
    parts = []
    # Band shading, with the band name at the left edge.
    bands: dict[str, list[int]] = {}
    for value, (_, band) in enumerate(spec.rungs, start=1):
        bands.setdefault(band, []).append(value)
    for band, values in bands.items():
        y_top = spec.rung_y(max(values)) - spec.rung_height / 2
        y_bottom = spec.rung_y(min(values)) + spec.rung_height / 2
        parts.append(
            f'<rect class="band band--{escape(band)}" x="0" y="{_f(y_top)}" width="{_f(right)}" '
            f'height="{_f(y_bottom - y_top)}" fill="{BAND_FILLS.get(band, "#eee")}"/>'
        )
        parts.append(
            f'<text x="6" y="{_f(y_top + 13)}" font-size="10" font-weight="bold" '
            f'fill="{BAND_TEXT.get(band, "#212b32")}">{escape(Band(band).label.upper())}</text>'
        )
    # Rungs with their labels.
    for value, (label, _) in enumerate(spec.rungs, start=1):
        y = spec.rung_y(value)
        parts.append(
            f'<line x1="{_f(spec.left - 8)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" '
            'stroke="#768692" stroke-width="0.8"/>'
        )
        parts.append(
            _text(
                spec.left - 12,
                y + 6,
                f"{value} {label}",
                anchor="end",
                size=10.5,
                width=24,
                lines=1,
            )
        )
    # Each stage: agreed rung (filled circle) and target rung (hollow diamond) beside it.
    for i, stage in enumerate(spec.stages):
        x = spec.left + spec.column_width * (i + 0.5)
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(spec.top)}" x2="{_f(x)}" '
            f'y2="{_f(spec.top + spec.rung_height * n_rungs)}" stroke="#d8dde0" stroke-width="1"/>'
        )
        g = [f'<g class="stage" data-stage="{escape(stage.label)}">']
        if stage.target is not None:
            tx, ty = x + 16, spec.rung_y(stage.target)
            d = [(tx, ty - 9), (tx + 8, ty), (tx, ty + 9), (tx - 8, ty)]
            g.append(
                f'<polygon class="target" points="{_points(d)}" fill="#ffffff" stroke="#212b32" '
                'stroke-width="2" stroke-dasharray="3 2"/>'
            )
        if stage.agreed is not None:
            ax, ay = x - 14, spec.rung_y(stage.agreed)
            if stage.target is not None and stage.target > stage.agreed:
                ty = spec.rung_y(stage.target)
                g.append(
                    f'<line x1="{_f(ax)}" y1="{_f(ay - 10)}" x2="{_f(ax)}" y2="{_f(ty)}" '
                    'stroke="#005eb8" stroke-width="1.5" stroke-dasharray="4 3"/>'
                )
            g.append(
                f'<circle class="agreed" cx="{_f(ax)}" cy="{_f(ay)}" r="9" fill="#005eb8" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
        else:
            label = stage.agreed_answer or "not agreed"
            g.append(_text(x, spec.top + 12, label, size=9, fill="#4c6272", width=16, lines=2))
        g.append("</g>")
        parts.append("".join(g))
        parts.append(
            _text(
                x,
                spec.top + spec.rung_height * n_rungs + 30,
                stage.label,
                size=10.5,
                width=17,
                lines=4,
            )
        )
    # Key.
    ky = height - 16
    kx = spec.left + 110
    key_diamond = [(kx, ky - 8), (kx + 7, ky), (kx, ky + 8), (kx - 7, ky)]
    parts.append(
        f'<circle cx="{_f(spec.left)}" cy="{_f(ky)}" r="7" fill="#005eb8"/>'
        + _text(spec.left + 12, ky, "Agreed rung", anchor="start", size=10.5, width=30, lines=1)
        + f'<polygon points="{_points(key_diamond)}" '
        'fill="#ffffff" stroke="#212b32" stroke-width="2" stroke-dasharray="3 2"/>'
        + _text(spec.left + 124, ky, "Target rung", anchor="start", size=10.5, width=30, lines=1)
    )
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    return mark_safe(  # noqa: S308 - all text escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coprod-ladder" id="{escape(svg_id)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONTS}">'
        f'<title id="{title_id}">{escape(spec.title)}: the programme on the ladder</title>'
        f'<desc id="{desc_id}">The agreed rung and the target rung at each stage, with the bands '
        "doing to, doing for and doing with shaded. The same figures are in the table beside it."
        "</desc>" + "".join(parts) + "</svg>"
    )


def trend_svg(spec: TrendSpec, *, svg_id: str = "trend") -> SafeString:
    """Levels over rounds: rows for the levels, a column per round, a line per series
    (a step for ladder rungs: the rung is held until the next round)."""
    right = spec.left + spec.plot_width
    parts = []
    for value, label in enumerate(spec.scale_labels, start=1):
        y = spec.y(value)
        parts.append(
            f'<line x1="{_f(spec.left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" '
            'stroke="#d8dde0" stroke-width="0.8"/>'
        )
        parts.append(
            _text(spec.left - 8, y, f"{value} {label}", anchor="end", size=10, width=26, lines=1)
        )
    bottom = spec.top + spec.plot_height
    for i, label in enumerate(spec.rounds):
        parts.append(_text(spec.x(i), bottom + 18, label, size=10, width=20, lines=2))
    for s in spec.series:
        runs, run = [], []
        for i, v in enumerate(s.values):
            if v is None:
                runs, run = runs + [run] if run else runs, []
                continue
            point = (spec.x(i), spec.y(v))
            if run and spec.step:
                run.append((point[0], run[-1][1]))  # held until the next round (plotly's "hv")
            run.append(point)
        runs = runs + [run] if run else runs
        g = [f'<g class="series" data-series="{escape(s.name)}">']
        for r in runs:
            if len(r) > 1:
                g.append(f'<polyline points="{_points(r)}" fill="none" {_line_attrs(s)}/>')
        g.extend(
            _marker(s.marker if s.marker != "none" else "circle", spec.x(i), spec.y(v), s.colour)
            for i, v in enumerate(s.values)
            if v is not None
        )
        g.append("</g>")
        parts.append("".join(g))
    width = max(right + 20, 560)
    legend, legend_h = _legend(spec.series, 20, bottom + 55, width - 40)
    height = bottom + 55 + legend_h
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    desc = (
        f"{'Step' if spec.step else 'Line'} chart over {len(spec.rounds)} rounds on a scale of "
        f"1 to {spec.scale_max}. The same figures are in the table beside it."
    )
    return mark_safe(  # noqa: S308 - every piece of text above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coprod-trend" id="{escape(svg_id)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-family="{FONTS}">'
        f'<title id="{title_id}">{escape(spec.title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>' + "".join(parts) + legend + "</svg>"
    )
