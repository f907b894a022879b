"""What is unfinished when a facilitator submits: criteria with no agreed level and people
who have not answered every question. Pure: works on Results already loaded."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Unfinished:
    unagreed: tuple  # CriterionResult, in journey order
    unfinished: tuple[tuple[object, int], ...]  # (participant, questions answered)
    total: int

    def __bool__(self) -> bool:
        return bool(self.unagreed or self.unfinished)


def unfinished(results) -> Unfinished:
    """Criteria with no agreed level, and participants with fewer answers than questions."""
    answered = Counter(s.participant_id for c in results.criteria for s in c.scores)
    total = results.total
    return Unfinished(
        unagreed=tuple(c for c in results.criteria if c.consensus is None),
        unfinished=tuple(
            (p, answered[p.pk]) for p in results.participants if answered[p.pk] < total
        ),
        total=total,
    )
