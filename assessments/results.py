"""The read model: what an assessment's results say, loaded in a fixed number of queries.

`Results.load(assessment)` reads the journey (journey.py), levels, descriptors,
participants, scores and consensus in six queries, whatever their number. Consensus,
the action plan, the assessment page, the report page and the PDF all ask it; the scoring
pages ask its rubric half, `Journey`. The arithmetic is scoring.py's pure functions; this
module only gathers rows and asks them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ladder.models import Criterion, Descriptor, Framework, Level

from . import pinned, scoring
from .journey import Journey
from .models import Answer, Consensus, Participant, Perspective, Score

# Perspectives are shown in the order of their choices, so that tables, charts and counts
# line up everywhere: this is the one place that order is read.
PERSPECTIVE_ORDER = tuple(Perspective)


def in_perspective_order(perspectives: Iterable[str]) -> list[Perspective]:
    """The perspectives present, each once, in PERSPECTIVE_ORDER."""
    return [Perspective(p) for p in scoring.in_order(perspectives, PERSPECTIVE_ORDER)]


@dataclass
class CriterionResult:
    criterion: Criterion
    levels: list[Level]
    descriptors: dict[int, Descriptor]  # by level value
    scores: list[Score]
    consensus: Consensus | None
    default_target: Level | None
    overall: scoring.Spread = field(init=False)
    by_perspective: dict[str, scoring.Spread] = field(init=False)
    disagreement: scoring.Disagreement | None = field(init=False)

    def __post_init__(self):
        ratings = [
            scoring.Rating(
                s.participant.perspective, s.answer, s.level.value if s.level_id else None
            )
            for s in self.scores
        ]
        self.overall = scoring.spread(ratings)
        by = scoring.spread_by_perspective(ratings)
        self.by_perspective = {p.value: by[p] for p in in_perspective_order(by)}
        self.disagreement = scoring.disagreement(self.by_perspective)

    @property
    def perspectives(self) -> list[Perspective]:
        return [Perspective(p) for p in self.by_perspective]

    @property
    def agreed_level(self) -> Level | None:
        if self.consensus and self.consensus.answer == Answer.LEVEL:
            return self.consensus.level
        return None

    @property
    def target(self) -> Level | None:
        if self.consensus and self.consensus.target_level_id:
            return self.consensus.target_level
        return self.default_target

    @property
    def below_target(self) -> bool:
        agreed, target = self.agreed_level, self.target
        return scoring.below_target(
            agreed.value if agreed else None, target.value if target else None
        )

    @property
    def agreed_descriptor(self) -> Descriptor | None:
        level = self.agreed_level
        return self.descriptors.get(level.value) if level else None


@dataclass
class FrameworkResult:
    framework: Framework
    levels: list[Level]
    criteria: list[CriterionResult]

    @property
    def bands_by_value(self) -> dict[int, str]:
        return {level.value: level.band for level in self.levels}

    @property
    def agreed_count(self) -> int:
        return sum(1 for c in self.criteria if c.consensus is not None)

    @property
    def overall_value(self) -> int | None:
        return scoring.median_level([c.agreed_level.value for c in self.criteria if c.agreed_level])

    @property
    def overall_band(self) -> str | None:
        return scoring.band_of(self.overall_value, self.bands_by_value)

    @property
    def perspectives(self) -> list[Perspective]:
        """The perspectives that scored any of this framework's criteria, in order."""
        return in_perspective_order(p for c in self.criteria for p in c.by_perspective)

    @property
    def disagreements(self) -> list[CriterionResult]:
        """Criteria on which two perspectives' medians are far apart, widest gap first."""
        found = [c for c in self.criteria if c.disagreement]
        return sorted(found, key=lambda c: -c.disagreement.gap)

    @cached_property
    def _strongest_and_weakest(self) -> tuple[list[CriterionResult], list[CriterionResult]]:
        by_code = {c.criterion.code: c for c in self.criteria}
        top, bottom = scoring.strongest_and_weakest(
            {
                code: (c.agreed_level.value if c.agreed_level else None)
                for code, c in by_code.items()
            }
        )
        return [by_code[code] for code in top], [by_code[code] for code in bottom]

    @property
    def strongest(self) -> list[CriterionResult]:
        return self._strongest_and_weakest[0]

    @property
    def weakest(self) -> list[CriterionResult]:
        """Empty when every agreed level is the same (they are all the strongest)."""
        return self._strongest_and_weakest[1]

    @property
    def gaps(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.below_target]


@dataclass
class Results:
    """Every framework the assessment pins, with criteria in journey order, and who scored."""

    assessment: object
    journey: Journey
    frameworks: list[FrameworkResult]
    participants: list[Participant]  # as given, or in the model's order

    @cached_property
    def criteria(self) -> list[CriterionResult]:
        """Every criterion's result, in journey order."""
        return [c for f in self.frameworks for c in f.criteria]

    @cached_property
    def _by_criterion_id(self) -> dict[int, tuple[FrameworkResult, CriterionResult]]:
        return {c.criterion.pk: (f, c) for f in self.frameworks for c in f.criteria}

    def find(self, criterion_id: int) -> CriterionResult | None:
        found = self._by_criterion_id.get(criterion_id)
        return found[1] if found else None

    def framework_of(self, result: CriterionResult) -> FrameworkResult:
        return self._by_criterion_id[result.criterion.pk][0]

    def following(self, result: CriterionResult) -> CriterionResult | None:
        """The next criterion in the journey (across frameworks), or None after the last."""
        criterion = self.journey.following(result.criterion)
        return self.find(criterion.pk) if criterion else None

    @property
    def total(self) -> int:
        return len(self.criteria)

    @property
    def agreed_count(self) -> int:
        return sum(f.agreed_count for f in self.frameworks)

    @property
    def perspectives(self) -> list[Perspective]:
        """The perspectives that scored anything, in order."""
        return in_perspective_order(p for c in self.criteria for p in c.by_perspective)

    @property
    def gaps(self) -> list[CriterionResult]:
        """Criteria whose agreed level is below their target, in journey order: what the
        action plan turns into actions."""
        return [c for f in self.frameworks for c in f.gaps]

    @cached_property
    def participants_by_perspective(self) -> list[Participant]:
        rank = {p: i for i, p in enumerate(PERSPECTIVE_ORDER)}
        return sorted(self.participants, key=lambda p: (rank[p.perspective], p.name.lower()))

    @property
    def perspective_counts(self) -> list[tuple[Perspective, int]]:
        """How many people took part from each perspective present, in order."""
        counts = Counter(p.perspective for p in self.participants)
        return [(p, counts[p.value]) for p in in_perspective_order(counts)]

    @cached_property
    def levels_by_id(self) -> dict[int, Level]:
        return {level.pk: level for f in self.frameworks for level in f.levels}

    @classmethod
    def load(cls, assessment, participants: list[Participant] | None = None) -> Results:
        """Three queries once the rubric store (pinned.py) holds the assessment's frameworks
        (two when `participants`, every one of the assessment's, is given; up to three more
        the first time), whatever the number of criteria, participants or scores."""
        journey = Journey.pinned(assessment)
        return cls._load_rounds([(assessment, journey)], participants)[0]

    @classmethod
    def load_many(
        cls, rounds: list[tuple[object, list[Framework]]], *, descriptors: bool = True
    ) -> list[Results]:
        """The results of several assessments (each with its pinned frameworks, already
        loaded) in three queries once the rubric store is warm (three more the first time),
        whatever their number: the rounds of a programme. Without `descriptors` (the report
        page shows none) agreed_descriptor is None."""
        known = {f.pk: f for _, frameworks in rounds for f in frameworks}
        # Published rubric parts come from the per-process store (pinned.py): no query once
        # warm, which a report page a panel and a team keep opening soon is.
        parts = pinned.versions(list(known), list(known.values()))
        criteria = [c for version in parts for c in version.criteria]
        pairs = [(a, Journey.build(frameworks, criteria)) for a, frameworks in rounds]
        return cls._load_rounds(pairs, None, with_descriptors=descriptors)

    @classmethod
    def _load_rounds(cls, rounds, participants, *, with_descriptors: bool = True) -> list[Results]:
        known = {f.pk: f for _, journey in rounds for f in journey.frameworks}
        assessment_ids = [a.pk for a, _ in rounds]
        parts = pinned.versions(list(known), list(known.values()))
        levels_by_framework = {version.framework.pk: list(version.levels) for version in parts}
        levels_by_id = {lv.pk: lv for levels in levels_by_framework.values() for lv in levels}
        descriptors = defaultdict(dict)
        for version in pinned.described(parts) if with_descriptors else ():
            for criterion_id, by_value in version.descriptors.items():
                if criterion_id in {c.pk for c in version.criteria}:
                    descriptors[criterion_id] = dict(by_value)

        if participants is None:
            participants = list(Participant.objects.filter(assessment_id__in=assessment_ids))
        participants_by_id = {p.pk: p for p in participants}
        scores = defaultdict(lambda: defaultdict(list))  # assessment id -> criterion id -> list
        # recorded_by joins in the same query: an assisted answer names who recorded it.
        rows = Score.objects.filter(participant__assessment_id__in=assessment_ids)
        for score in rows.select_related("recorded_by").order_by("pk"):
            score.participant = participants_by_id[score.participant_id]
            score.level = levels_by_id.get(score.level_id)
            scores[score.participant.assessment_id][score.criterion_id].append(score)

        consensus = defaultdict(dict)
        agreed = Consensus.objects.filter(assessment_id__in=assessment_ids)
        for c in agreed.select_related("updated_by"):
            c.level = levels_by_id.get(c.level_id)
            c.target_level = levels_by_id.get(c.target_level_id)
            consensus[c.assessment_id][c.criterion_id] = c

        return [
            cls(
                assessment=assessment,
                journey=journey,
                frameworks=[
                    _framework_result(
                        framework,
                        journey,
                        levels_by_framework[framework.pk],
                        descriptors,
                        scores[assessment.pk],
                        consensus[assessment.pk],
                    )
                    for framework in journey.frameworks
                ],
                participants=[p for p in participants if p.assessment_id == assessment.pk],
            )
            for assessment, journey in rounds
        ]


def _framework_result(framework, journey, scale, descriptors, scores, consensus):
    default_target = next((lv for lv in scale if lv.value == framework.target_level), None)
    return FrameworkResult(
        framework=framework,
        levels=scale,
        criteria=[
            CriterionResult(
                criterion=c,
                levels=scale,
                descriptors=descriptors[c.pk],
                scores=scores[c.pk],
                consensus=consensus.get(c.pk),
                default_target=default_target,
            )
            for c in journey.in_framework(framework.pk)
        ],
    )
