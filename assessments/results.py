"""Load everything about an assessment's results in a fixed number of queries.

Used by the consensus pages and by the reports app (which reads, never writes). The
computation itself is delegated to the pure functions in scoring.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ladder.models import Criterion, Descriptor, Framework, Level

from . import scoring
from .models import Answer, Consensus, Participant, Perspective, Score


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

    def __post_init__(self):
        ratings = [
            scoring.Rating(
                s.participant.perspective, s.answer, s.level.value if s.level_id else None
            )
            for s in self.scores
        ]
        self.overall = scoring.spread(ratings)
        # Perspectives in the order of the Perspective choices, so tables line up.
        by = scoring.spread_by_perspective(ratings)
        self.by_perspective = {p: by[p] for p in Perspective.values if p in by}

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
        return bool(agreed and target and agreed.value < target.value)

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
    def disagreements(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.overall.apart]


def load_results(assessment, participants=None) -> list[FrameworkResult]:
    """Every framework the assessment pins, with criteria, descriptors, scores and consensus.

    Seven queries, whatever the number of criteria, participants or scores.
    """
    frameworks = list(assessment.frameworks.order_by("order", "slug"))
    framework_ids = [f.pk for f in frameworks]
    levels = list(Level.objects.filter(framework_id__in=framework_ids).order_by("value"))
    levels_by_id = {level.pk: level for level in levels}
    levels_by_framework = defaultdict(list)
    for level in levels:
        levels_by_framework[level.framework_id].append(level)

    criteria = list(Criterion.objects.filter(framework_id__in=framework_ids).order_by("order"))
    descriptors = defaultdict(dict)
    for d in Descriptor.objects.filter(criterion__framework_id__in=framework_ids):
        d.level = levels_by_id[d.level_id]
        descriptors[d.criterion_id][d.level.value] = d

    if participants is None:
        participants = list(Participant.objects.filter(assessment=assessment))
    participants_by_id = {p.pk: p for p in participants}
    scores_by_criterion = defaultdict(list)
    for score in Score.objects.filter(participant__assessment=assessment).order_by("pk"):
        score.participant = participants_by_id[score.participant_id]
        score.level = levels_by_id.get(score.level_id)
        scores_by_criterion[score.criterion_id].append(score)

    consensus = {}
    for c in Consensus.objects.filter(assessment=assessment).select_related("updated_by"):
        c.level = levels_by_id.get(c.level_id)
        c.target_level = levels_by_id.get(c.target_level_id)
        consensus[c.criterion_id] = c

    results = []
    for framework in frameworks:
        framework_levels = levels_by_framework[framework.pk]
        default_target = next(
            (lv for lv in framework_levels if lv.value == framework.target_level), None
        )
        results.append(
            FrameworkResult(
                framework=framework,
                levels=framework_levels,
                criteria=[
                    CriterionResult(
                        criterion=c,
                        levels=framework_levels,
                        descriptors=descriptors[c.pk],
                        scores=scores_by_criterion[c.pk],
                        consensus=consensus.get(c.pk),
                        default_target=default_target,
                    )
                    for c in criteria
                    if c.framework_id == framework.pk
                ],
            )
        )
    return results
