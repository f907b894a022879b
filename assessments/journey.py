"""The scoring journey: an assessment's criteria in the order people meet them.

`Journey` is the rubric half of the read model (results.py adds the answers): it knows the
criteria of the pinned frameworks in journey order, finds one by id, gives its neighbours
and its place in its framework, groups the task list and says where to resume. Loading it
takes two queries; everything else here is plain computation, tested without a database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property

from ladder.models import Criterion, Descriptor, Framework, Level

from . import pinned
from .forms import answer_initial
from .models import Score
from .scoring import Progress


@dataclass(frozen=True)
class TaskGroup:
    """One framework's questions on the task list, each with the person's answer or None."""

    framework: Framework
    items: tuple[tuple[Criterion, Score | None], ...]

    @property
    def progress(self) -> Progress:
        return Progress(sum(1 for _, score in self.items if score), len(self.items))


@dataclass(frozen=True)
class Journey:
    """Criteria (and ladder stages) in journey order: frameworks by order then slug, then
    criteria by their order within each framework."""

    frameworks: tuple[Framework, ...]
    criteria: tuple[Criterion, ...]

    @classmethod
    def load(cls, assessment) -> Journey:
        """Two queries, whatever the number of frameworks and criteria."""
        frameworks = list(assessment.frameworks.all())
        ids = [f.pk for f in frameworks]
        return cls.build(frameworks, Criterion.objects.filter(framework_id__in=ids))

    @classmethod
    def pinned(cls, assessment) -> Journey:
        """Journey.load from the per-process store of published rubrics (pinned.py): no
        query once the assessment's frameworks are stored. For the scoring pages."""
        return cls.build(*pinned.frameworks_and_criteria(assessment))

    @classmethod
    def build(cls, frameworks, criteria) -> Journey:
        """No query: the journey of these frameworks, from criteria already loaded (those of
        other frameworks are left out, so one query can serve several rounds)."""
        frameworks = tuple(sorted(frameworks, key=lambda f: (f.order, f.slug)))
        by_id = {f.pk: f for f in frameworks}
        rank = {f.pk: i for i, f in enumerate(frameworks)}
        criteria = [c for c in criteria if c.framework_id in by_id]
        for criterion in criteria:
            criterion.framework = by_id[criterion.framework_id]  # already loaded: no query
        # Criterion order, then framework order (stable sorts).
        criteria.sort(key=lambda c: (c.order, c.pk))
        criteria.sort(key=lambda c: rank[c.framework_id])
        return cls(frameworks=frameworks, criteria=tuple(criteria))

    @cached_property
    def _index(self) -> dict[int, int]:
        return {c.pk: i for i, c in enumerate(self.criteria)}

    def find(self, criterion_id: int) -> Criterion | None:
        index = self._index.get(criterion_id)
        return None if index is None else self.criteria[index]

    def previous(self, criterion: Criterion) -> Criterion | None:
        index = self._index[criterion.pk]
        return self.criteria[index - 1] if index else None

    def following(self, criterion: Criterion) -> Criterion | None:
        index = self._index[criterion.pk] + 1
        return self.criteria[index] if index < len(self.criteria) else None

    def in_framework(self, framework_id: int) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.framework_id == framework_id)

    def position(self, criterion: Criterion) -> tuple[int, int]:
        """(n, of): the criterion is the n-th of `of` in its framework."""
        siblings = self.in_framework(criterion.framework_id)
        return siblings.index(criterion) + 1, len(siblings)

    def progress(self, answers: Collection[int]) -> Progress:
        """How many of the journey's criteria have an answer (`answers`: criterion ids)."""
        return Progress(sum(1 for c in self.criteria if c.pk in answers), len(self.criteria))

    def task_groups(self, answers: Mapping[int, Score]) -> list[TaskGroup]:
        """The task list: one group per framework, in journey order."""
        return [
            TaskGroup(f, tuple((c, answers.get(c.pk)) for c in self.in_framework(f.pk)))
            for f in self.frameworks
            if self.in_framework(f.pk)
        ]

    def resume_at(self, answers: Collection[int], last_id: int | None) -> Criterion | None:
        """The first unanswered criterion after the one last saved, else the first
        unanswered one; None when every criterion has an answer."""
        start = self._index[last_id] + 1 if last_id in self._index else 0
        later = (c for c in self.criteria[start:] if c.pk not in answers)
        earlier = (c for c in self.criteria if c.pk not in answers)
        return next(later, None) or next(earlier, None)


@dataclass(frozen=True)
class Scale:
    """One criterion's levels (value 1 first) and its descriptor at each level value."""

    levels: tuple[Level, ...]
    descriptors: dict[int, Descriptor]

    @classmethod
    def load(cls, criterion: Criterion, *, descriptors: bool = True) -> Scale:
        """One query for the levels, one more for the descriptors (which only the page shows)."""
        levels = tuple(Level.objects.filter(framework_id=criterion.framework_id).order_by("value"))
        by_id = {level.pk: level for level in levels}
        found = {}
        if descriptors:
            for d in Descriptor.objects.filter(criterion=criterion):
                d.level = by_id[d.level_id]
                found[d.level.value] = d
        return cls(levels=levels, descriptors=found)

    @classmethod
    def pinned(cls, criterion: Criterion, *, descriptors: bool = True) -> Scale:
        """Scale.load from the per-process store of published rubrics (pinned.py)."""
        found = pinned.descriptors_of(criterion) if descriptors else {}
        return cls(levels=pinned.levels_of(criterion), descriptors=found)

    def form_kwargs(self, criterion: Criterion) -> dict:
        return {
            "criterion": criterion,
            "levels": list(self.levels),
            "descriptors": self.descriptors,
        }

    @property
    def evidence_prompts(self) -> list[tuple[int, list[str]]]:
        return [(value, d.evidence_prompts) for value, d in sorted(self.descriptors.items())]


def answers_of(participant) -> dict[int, Score]:
    """The person's answers by criterion id, without their evidence (the task list)."""
    scores = Score.objects.filter(participant=participant).only(
        "criterion_id", "answer", "level_id"
    )
    return {s.criterion_id: s for s in scores}


def score_initial(score: Score | None) -> dict:
    """What the question's form starts with: the saved answer, or nothing (version 0)."""
    if score is None:
        return {"version": 0}
    return {
        "version": score.version,
        "level": answer_initial(score.answer, score.level),
        "evidence": score.evidence,
        "links": score.links,
        "confidence": score.confidence,
    }


def consensus_initial(result) -> dict:
    """The agreed-level form: what was agreed, else the median of everyone's levels rounded
    down (a starting point the group moves from)."""
    current = result.consensus
    if current is None:
        median = result.overall.median
        return {"version": 0} if median is None else {"version": 0, "level": str(int(median))}
    return {
        "version": current.version,
        "level": answer_initial(current.answer, current.level),
        "reason": current.reason,
        "target": str(current.target_level.value) if current.target_level else "",
    }
