"""The benchmark across organisations: pure computation, no database.

Each contributing organisation counts once per principle (the median of its programmes'
latest agreed levels), so that a large ICB does not stand for the rest. A principle's
distribution is given only when at least MIN_ORGANISATIONS contribute to it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Fewer than five and one organisation's levels could be picked out (or guessed) by the
# others; five is the usual small-number threshold for publishing counts.
MIN_ORGANISATIONS = 5


@dataclass(frozen=True)
class Distribution:
    count: int
    low: float
    lower_quartile: float
    median: float
    upper_quartile: float
    high: float


def distribution(values: Iterable[float]) -> Distribution | None:
    """Range and quartiles (the inclusive method: quartiles of the values themselves, as a
    spreadsheet's QUARTILE does), or None with no values."""
    values = sorted(values)
    if not values:
        return None
    if len(values) == 1:
        q1 = q3 = values[0]
    else:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Distribution(
        count=len(values),
        low=values[0],
        lower_quartile=q1,
        median=statistics.median(values),
        upper_quartile=q3,
        high=values[-1],
    )


def per_organisation(levels: Iterable[tuple[object, int]]) -> list[float]:
    """(organisation, a programme's level) pairs -> one median per organisation."""
    by_organisation: dict[object, list[int]] = {}
    for organisation, level in levels:
        by_organisation.setdefault(organisation, []).append(level)
    return [statistics.median(v) for v in by_organisation.values()]


def benchmark(
    levels_by_key: Mapping[object, Iterable[tuple[object, int]]],
    *,
    minimum: int = MIN_ORGANISATIONS,
) -> dict[object, Distribution | None]:
    """For each key (a principle): the distribution of the organisations' medians, or None
    when fewer than `minimum` organisations contribute."""
    result = {}
    for key, levels in levels_by_key.items():
        medians = per_organisation(levels)
        result[key] = distribution(medians) if len(medians) >= minimum else None
    return result


def position(value: float, *, low: float, high: float, width: float) -> float:
    """Where `value` falls on a scale from `low` to `high` drawn `width` wide."""
    if high == low:
        return width / 2
    return round((value - low) / (high - low) * width, 1)
