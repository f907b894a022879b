"""The placement grid (a rubric of kind "grid"): who plans across, who delivers down, each cell
named by the rubric; the agreed cell filled, the target cell outlined. SVG for the page and
the PDF alike; the table beside it gives the same facts. All text put into SVG is escaped."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assessments.results import FrameworkResult

from .svg import FONTS, _f, _text

AGREED_FILL = "#005eb8"


@dataclass(frozen=True)
class GridAxis:
    code: str
    title: str
    levels: tuple[tuple[int, str], ...]  # (value, label), lowest first
    agreed: int | None
    target: int | None


@dataclass(frozen=True)
class GridSpec:
    title: str
    across: GridAxis
    down: GridAxis
    names: dict  # (across value, down value) -> the cell's name
    left: float = 170
    top: float = 64
    cell_width: float = 150
    cell_height: float = 96

    @property
    def width(self) -> float:
        return self.left + self.cell_width * len(self.across.levels) + 10

    @property
    def height(self) -> float:
        return self.top + self.cell_height * len(self.down.levels) + 40

    @property
    def agreed(self) -> tuple[int, int] | None:
        if self.across.agreed is None or self.down.agreed is None:
            return None
        return (self.across.agreed, self.down.agreed)

    @property
    def agreed_name(self) -> str | None:
        return self.names.get(self.agreed) if self.agreed else None

    @property
    def target(self) -> tuple[int, int] | None:
        if self.across.target is None or self.down.target is None:
            return None
        return (self.across.target, self.down.target)

    @property
    def target_name(self) -> str | None:
        return self.names.get(self.target) if self.target else None


def grid_spec(result: FrameworkResult) -> GridSpec:
    framework = result.framework
    layout = framework.grid
    by_code = {c.criterion.code: c for c in result.criteria}
    levels = tuple((level.value, level.label) for level in result.levels)

    def axis(code):
        c = by_code[code]
        return GridAxis(
            code=code,
            title=c.criterion.title,
            levels=levels,
            agreed=c.agreed_level.value if c.agreed_level else None,
            target=c.target.value if c.target else None,
        )

    return GridSpec(
        title=framework.short_name,
        across=axis(layout["across"]),
        down=axis(layout["down"]),
        names={(cell["across"], cell["down"]): cell["name"] for cell in layout["cells"]},
    )


def grid_svg(spec: GridSpec, *, svg_id: str = "grid") -> SafeString:
    parts = [
        _text(
            spec.left + spec.cell_width * len(spec.across.levels) / 2,
            14,
            f"{spec.across.title} →",
            size=12,
            weight="bold",
            width=60,
            lines=1,
        ),
        _text(
            8,
            spec.top - 18,
            f"{spec.down.title} ↓",
            anchor="start",
            size=12,
            weight="bold",
            width=24,
            lines=1,
        ),
    ]
    for i, (_, label) in enumerate(spec.across.levels):
        x = spec.left + spec.cell_width * (i + 0.5)
        parts.append(_text(x, spec.top - 22, label, size=10.5, width=24, lines=2))
    for j, (down, label) in enumerate(spec.down.levels):
        y = spec.top + spec.cell_height * j
        parts.append(
            _text(8, y + spec.cell_height / 2, label, anchor="start", size=10.5, width=26, lines=3)
        )
        for i, (across, _) in enumerate(spec.across.levels):
            parts.append(_cell(spec, across, down, spec.left + spec.cell_width * i, y))
    ky = spec.height - 16
    parts.append(
        f'<rect x="{_f(spec.left)}" y="{_f(ky - 7)}" width="14" height="14" fill="{AGREED_FILL}"/>'
        + _text(spec.left + 20, ky, "Agreed cell", anchor="start", size=10.5, width=30, lines=1)
        + f'<rect x="{_f(spec.left + 130)}" y="{_f(ky - 7)}" width="14" height="14" '
        'fill="#ffffff" stroke="#212b32" stroke-width="2" stroke-dasharray="3 2"/>'
        + _text(spec.left + 150, ky, "Target cell", anchor="start", size=10.5, width=30, lines=1)
    )
    title_id, desc_id = f"{svg_id}-title", f"{svg_id}-desc"
    where = f"agreed: {spec.agreed_name}" if spec.agreed_name else "no cell agreed yet"
    return mark_safe(  # noqa: S308 - all text escaped above and in _text
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coprod-grid" id="{escape(svg_id)}" '
        f'viewBox="0 0 {_f(spec.width)} {_f(spec.height)}" width="{_f(spec.width)}" '
        f'height="{_f(spec.height)}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONTS}">'
        f'<title id="{title_id}">{escape(spec.title)}: where the programme sits in the grid'
        f'</title><desc id="{desc_id}">{escape(spec.across.title)} across, '
        f"{escape(spec.down.title)} down; {escape(where)}. The same facts are in the table "
        "beside it.</desc>" + "".join(parts) + "</svg>"
    )


def _cell(spec, across, down, x, y):
    agreed = spec.agreed == (across, down)
    target = spec.target == (across, down)
    fill, ink = (AGREED_FILL, "#ffffff") if agreed else ("#f0f4f5", "#212b32")
    cell = [
        f'<rect class="cell{" cell--agreed" if agreed else ""}" x="{_f(x + 3)}" y="{_f(y + 3)}" '
        f'width="{_f(spec.cell_width - 6)}" height="{_f(spec.cell_height - 6)}" fill="{fill}"/>'
    ]
    if target:
        cell.append(
            f'<rect class="cell--target" x="{_f(x + 6)}" y="{_f(y + 6)}" '
            f'width="{_f(spec.cell_width - 12)}" height="{_f(spec.cell_height - 12)}" '
            f'fill="none" stroke="{"#ffffff" if agreed else "#212b32"}" stroke-width="2" '
            'stroke-dasharray="3 2"/>'
        )
    name = spec.names.get((across, down), "")
    weight = "bold" if agreed else "normal"
    cell.append(
        _text(
            x + spec.cell_width / 2,
            y + spec.cell_height / 2,
            name,
            size=10,
            weight=weight,
            fill=ink,
            width=24,
            lines=5,
        )
    )
    return "".join(cell)
