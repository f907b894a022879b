"""Representation: each group's share of the people reached ÷ its share of the local
population. Pure: groups in, tables out, no database (tested in tests/unit/reach/).

- A group's reached share is of the people counted in its dimension (whose age, ethnic
  group … is known); a group the team names is compared with everyone reached.
- Counts under SMALL show as "<5" with no share and no ratio, so no one can be picked out.
  In a dimension the shown shares give away its total, so a hidden count could be worked out
  by subtraction: the next smallest counts are hidden too, until the hidden ones include one
  of SMALL or more (then only a range follows, never a number).
- Under-represented: a ratio below THRESHOLD (reached share under four-fifths of the
  population share, as the "four-fifths rule" of adverse impact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .categories import PARTITIONS, Dimension

SMALL = 5
THRESHOLD = Decimal("0.8")
HUNDRED = Decimal(100)


class Status(StrEnum):
    UNDER = "under"
    COMPARED = "compared"
    SMALL = "small"  # under 5: not shown
    HIDDEN = "hidden"  # 5 or more, hidden so a small count cannot be worked out
    NO_SHARE = "no-share"  # no (or a zero) population share to compare with
    ALONE = "alone"  # the only group counted in its dimension: nothing to compare
    NO_BASE = "no-base"  # a team's group without the number of people reached
    NOT_RECORDED = "not-recorded"


STATUS_TEXT = {
    Status.UNDER: "Under-represented",
    Status.COMPARED: "",
    Status.SMALL: "Fewer than 5: not compared",
    Status.HIDDEN: "Hidden so that a small count cannot be worked out",
    Status.NO_SHARE: "No population share to compare with",
    Status.ALONE: "Enter the other groups of this kind to compare",
    Status.NO_BASE: "Enter the number of people reached to compare",
    Status.NOT_RECORDED: "Not recorded",
}


@dataclass(frozen=True)
class GroupCount:
    dimension: str
    label: str
    reached: int | None  # None: not recorded (0 is a count)
    population_share: Decimal | None  # per cent of the local population


@dataclass(frozen=True)
class Row:
    label: str
    reached: int | None  # None whenever it must not show
    status: Status
    reached_share: Decimal | None = None  # per cent, 1 decimal place
    population_share: Decimal | None = None
    ratio: Decimal | None = None  # 2 decimal places

    @property
    def reached_text(self) -> str:
        if self.status == Status.SMALL:
            return "<5"
        if self.status == Status.HIDDEN:
            return "Hidden"
        return "Not recorded" if self.reached is None else str(self.reached)

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def is_under(self) -> bool:
        return self.status == Status.UNDER


@dataclass(frozen=True)
class DimensionTable:
    dimension: str
    label: str
    rows: list[Row]

    @property
    def base_text(self) -> str:
        if self.dimension == Dimension.OWN:
            return "Share of everyone reached"
        return "Share of the people counted here"


@dataclass(frozen=True)
class Representation:
    tables: list[DimensionTable]
    people_reached: int | None = None
    population_source: str = ""
    threshold: Decimal = THRESHOLD
    small: int = SMALL
    rows_recorded: int = field(default=0)

    @property
    def is_empty(self) -> bool:
        return not self.rows_recorded

    def _rows(self, status):
        return [(t, r) for t in self.tables for r in t.rows if r.status == status]

    @property
    def under_represented(self) -> list[tuple[DimensionTable, Row]]:
        return self._rows(Status.UNDER)

    @property
    def too_few(self) -> list[tuple[DimensionTable, Row]]:
        """Groups with fewer than 5 people reached and a population share to compare with:
        not compared, but named, since these are often the seldom-heard."""
        return [(t, r) for t, r in self._rows(Status.SMALL) if r.population_share]


def _percent(part, whole) -> Decimal:
    return Decimal(part) * HUNDRED / Decimal(whole)


def _compare(group, share, *, threshold) -> Row:
    if not group.population_share:
        return Row(
            group.label, group.reached, Status.NO_SHARE, _one_place(share), group.population_share
        )
    ratio = share / group.population_share
    status = Status.UNDER if ratio < threshold else Status.COMPARED
    return Row(
        group.label,
        group.reached,
        status,
        _one_place(share),
        group.population_share,
        ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
    )


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def hidden_in_dimension(counts: list[int]) -> set[int]:
    """Which positions of a dimension's recorded counts must not show: the small ones and,
    if any, the next smallest until a hidden one is SMALL or more (or none are left)."""
    hidden = {i for i, n in enumerate(counts) if n < SMALL}
    if not hidden:
        return hidden
    by_size = sorted((n, i) for i, n in enumerate(counts) if i not in hidden)
    while by_size and not any(counts[i] >= SMALL for i in hidden):
        hidden.add(by_size.pop(0)[1])
    return hidden


def _partition_rows(groups, *, threshold) -> list[Row]:
    recorded = [i for i, g in enumerate(groups) if g.reached is not None]
    counts = [groups[i].reached for i in recorded]
    hidden = {recorded[i] for i in hidden_in_dimension(counts)}
    base = sum(counts)
    rows = []
    for i, group in enumerate(groups):
        if group.reached is None:
            rows.append(Row(group.label, None, Status.NOT_RECORDED, None, group.population_share))
        elif i in hidden:
            small = group.reached < SMALL
            status = Status.SMALL if small else Status.HIDDEN
            rows.append(Row(group.label, None, status, None, group.population_share))
        elif len(recorded) < 2:
            rows.append(Row(group.label, group.reached, Status.ALONE, None, group.population_share))
        else:
            rows.append(_compare(group, _percent(group.reached, base), threshold=threshold))
    return rows


def _own_rows(groups, *, people_reached, threshold) -> list[Row]:
    rows = []
    for group in groups:
        if group.reached is None:
            rows.append(Row(group.label, None, Status.NOT_RECORDED, None, group.population_share))
        elif group.reached < SMALL:
            rows.append(Row(group.label, None, Status.SMALL, None, group.population_share))
        elif not people_reached:
            rows.append(
                Row(group.label, group.reached, Status.NO_BASE, None, group.population_share)
            )
        else:
            share = _percent(group.reached, people_reached)
            rows.append(_compare(group, share, threshold=threshold))
    return rows


def representation(
    groups: list[GroupCount],
    *,
    people_reached: int | None = None,
    population_source: str = "",
    threshold: Decimal = THRESHOLD,
) -> Representation:
    """One table per dimension that has any group entered, in the catalogue's order;
    `groups` come in the order they should show."""
    tables = []
    for dimension in [*PARTITIONS, Dimension.OWN]:
        these = [g for g in groups if g.dimension == dimension]
        if not these:
            continue
        if dimension == Dimension.OWN:
            rows = _own_rows(these, people_reached=people_reached, threshold=threshold)
        else:
            rows = _partition_rows(these, threshold=threshold)
        tables.append(DimensionTable(dimension.value, dimension.label, rows))
    return Representation(
        tables=tables,
        people_reached=people_reached,
        population_source=population_source,
        threshold=threshold,
        rows_recorded=sum(g.reached is not None for g in groups),
    )
