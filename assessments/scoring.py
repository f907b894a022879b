"""Pure functions that bring several people's scores together. No database here.

A rating is (perspective, answer, value): answer is an `Answer` value, value the chosen
level's number when answer == "level", else None. "Not applicable" and "don't know yet" are
counted and shown but never enter a median or a range.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

LEVEL = "level"
NOT_APPLICABLE = "not_applicable"
DONT_KNOW = "dont_know"

# People this many levels apart or more on one criterion are flagged for discussion.
APART_THRESHOLD = 2
# Perspectives whose medians are this far apart are a finding (the same line as for
# individuals), so the report names only real disagreements.
PERSPECTIVE_GAP = APART_THRESHOLD


@dataclass(frozen=True)
class Rating:
    perspective: str
    answer: str
    value: int | None = None


@dataclass(frozen=True)
class Spread:
    """How a group's levels for one criterion are spread."""

    count: int = 0  # ratings that chose a level
    not_applicable: int = 0
    dont_know: int = 0
    median: float | None = None
    low: int | None = None
    high: int | None = None
    values: tuple[int, ...] = field(default=())

    @property
    def range(self) -> int | None:
        return None if self.low is None else self.high - self.low

    @property
    def apart(self) -> bool:
        """True when two people are APART_THRESHOLD or more levels apart."""
        return self.range is not None and self.range >= APART_THRESHOLD

    @property
    def total(self) -> int:
        return self.count + self.not_applicable + self.dont_know


def spread(ratings: Iterable[Rating]) -> Spread:
    ratings = list(ratings)
    values = sorted(r.value for r in ratings if r.answer == LEVEL and r.value is not None)
    return Spread(
        count=len(values),
        not_applicable=sum(r.answer == NOT_APPLICABLE for r in ratings),
        dont_know=sum(r.answer == DONT_KNOW for r in ratings),
        median=statistics.median(values) if values else None,
        low=values[0] if values else None,
        high=values[-1] if values else None,
        values=tuple(values),
    )


def spread_by_perspective(ratings: Iterable[Rating]) -> dict[str, Spread]:
    """One Spread per perspective present, in first-seen order."""
    groups: dict[str, list[Rating]] = {}
    for rating in ratings:
        groups.setdefault(rating.perspective, []).append(rating)
    return {perspective: spread(group) for perspective, group in groups.items()}


def widest_gap(by_perspective: dict[str, Spread]) -> tuple[str, str, float] | None:
    """(highest perspective, lowest perspective, difference of their medians), or None with
    fewer than two perspectives that chose a level."""
    medians = {p: s.median for p, s in by_perspective.items() if s.median is not None}
    if len(medians) < 2:
        return None
    high = max(medians, key=medians.get)
    low = min(medians, key=medians.get)
    return high, low, medians[high] - medians[low]


@dataclass(frozen=True)
class Disagreement:
    """Two perspectives whose medians for one criterion are PERSPECTIVE_GAP or more apart."""

    high: str  # the perspective with the highest median
    high_median: float
    low: str
    low_median: float

    @property
    def gap(self) -> float:
        return self.high_median - self.low_median


def disagreement(by_perspective: dict[str, Spread]) -> Disagreement | None:
    """The widest gap between perspectives' medians, if it is PERSPECTIVE_GAP or more."""
    widest = widest_gap(by_perspective)
    if widest is None or widest[2] < PERSPECTIVE_GAP:
        return None
    high, low, _ = widest
    return Disagreement(high, by_perspective[high].median, low, by_perspective[low].median)


def below_target(agreed: int | None, target: int | None) -> bool:
    """True when both are known and the agreed level has not reached the target."""
    return agreed is not None and target is not None and agreed < target


def in_order(present: Iterable[str], order: Sequence[str]) -> list[str]:
    """The values present, in the given order (values not in `order` are left out)."""
    present = set(present)
    return [value for value in order if value in present]


def median_level(values: Sequence[float]) -> int | None:
    """The median of levels, rounded down to a whole level (a half level is not yet reached)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    return math.floor(statistics.median(values))


def band_of(value: float | None, bands_by_value: dict[int, str]) -> str | None:
    """The band of a (possibly fractional) level value, using the level at or below it."""
    if value is None:
        return None
    return bands_by_value.get(math.floor(value))


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered >= self.total

    @property
    def started(self) -> bool:
        return self.answered > 0

    def __str__(self) -> str:
        return f"{self.answered} of {self.total} scored"


def strongest_and_weakest(levels_by_code: dict[str, int | None]) -> tuple[list[str], list[str]]:
    """Codes of the criteria at the highest and at the lowest level (ties all included).

    With one level (or all equal) strongest and weakest would be the same list: it is said
    once, as strongest, and weakest is empty.
    """
    scored = {code: v for code, v in levels_by_code.items() if v is not None}
    if not scored:
        return [], []
    top, bottom = max(scored.values()), min(scored.values())
    if top == bottom:
        return list(scored), []
    return (
        [c for c, v in scored.items() if v == top],
        [c for c, v in scored.items() if v == bottom],
    )
