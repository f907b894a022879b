"""The portfolio table: which columns to show, how rows sort, what each cell holds.
No database here (latest.py loads the rows)."""

from __future__ import annotations

from dataclasses import dataclass

from .latest import Agreed, Column, Row

NAME = "name"
ASCENDING, DESCENDING = "asc", "desc"


@dataclass(frozen=True)
class Heading:
    column: Column | None  # None: the programme's name
    sort: str
    next_order: str  # the order its link asks for
    aria_sort: str | None  # "ascending" / "descending" on the sorted column


@dataclass(frozen=True)
class Line:
    row: Row
    cells: list[tuple[Column, Agreed | None]]


def principle_frameworks(columns: list[Column]) -> list[tuple[str, str]]:
    """(slug, short name) of each principles framework among the columns, in order."""
    seen = {}
    for c in columns:
        if not c.is_ladder:
            seen.setdefault(c.framework_slug, c.framework_name)
    return list(seen.items())


def shown_columns(columns: list[Column], framework: str | None) -> list[Column]:
    """One principles framework's columns, then every ladder stage beside them."""
    return [c for c in columns if c.framework_slug == framework and not c.is_ladder] + [
        c for c in columns if c.is_ladder
    ]


def sort_lines(lines: list[Line], columns: list[Column], sort: str, order: str) -> list[Line]:
    """By name, or by one column's level; programmes without a level there come last
    whichever way round."""
    descending = order == DESCENDING
    index = next((i for i, c in enumerate(columns) if c.sort_key == sort), None)
    if index is None:
        return sorted(
            lines,
            key=lambda ln: (ln.row.programme.name.lower(), ln.row.programme.pk),
            reverse=descending,
        )
    by_name = sorted(lines, key=lambda ln: ln.row.programme.name.lower())
    present = [ln for ln in by_name if ln.cells[index][1] is not None]
    missing = [ln for ln in by_name if ln.cells[index][1] is None]
    present.sort(key=lambda ln: ln.cells[index][1].value, reverse=descending)  # stable: names
    return present + missing


def headings(columns: list[Column], sort: str, order: str) -> list[Heading]:
    """The name heading then one per column; a level column sorts highest first at first."""
    result = []
    for column in [None, *columns]:
        key = column.sort_key if column else NAME
        first = ASCENDING if column is None else DESCENDING
        if key == sort:
            aria = "ascending" if order == ASCENDING else "descending"
            following = DESCENDING if order == ASCENDING else ASCENDING
        else:
            aria, following = None, first
        result.append(Heading(column, key, following, aria))
    return result


def build(rows: list[Row], columns: list[Column], *, framework, sort, order):
    """(frameworks to choose from, chosen, headings, sorted lines)."""
    frameworks = principle_frameworks(columns)
    slugs = [slug for slug, _ in frameworks]
    chosen = framework if framework in slugs else (slugs[0] if slugs else None)
    shown = shown_columns(columns, chosen)
    if sort != NAME and sort not in {c.sort_key for c in shown}:
        sort = NAME
    order = DESCENDING if order == DESCENDING else ASCENDING
    lines = [Line(row, [(c, row.levels.get(c.key)) for c in shown]) for row in rows]
    return frameworks, chosen, headings(shown, sort, order), sort_lines(lines, shown, sort, order)
