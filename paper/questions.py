"""What a paper form asks: every pinned criterion in journey order, with its levels as the
scorer would choose them (the plain summary where the pinned version has one, else the full
descriptor). Four queries (three without the words), whatever the size of the assessment."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.journey import Journey
from ladder.models import Criterion, Descriptor, Framework, Level


@dataclass(frozen=True)
class Option:
    level: Level
    text: str


@dataclass(frozen=True)
class Question:
    number: int
    criterion: Criterion
    framework: Framework
    options: tuple[Option, ...]


def option_text(descriptor: Descriptor | None) -> str:
    """The words beside a tick box: the summary written for choosing, where there is one."""
    if descriptor is None:
        return ""
    return getattr(descriptor, "summary", "") or descriptor.descriptor


def questions_for(assessment, *, texts: bool = True) -> list[Question]:
    """Without `texts` (the entry page names levels only) the descriptors are not read."""
    journey = Journey.load(assessment)
    framework_ids = [f.pk for f in journey.frameworks]
    levels: dict[int, list[Level]] = {}
    for level in Level.objects.filter(framework_id__in=framework_ids).order_by("value"):
        levels.setdefault(level.framework_id, []).append(level)
    descriptors = {}
    if texts:
        descriptors = {
            (d.criterion_id, d.level_id): d
            for d in Descriptor.objects.filter(criterion__framework_id__in=framework_ids)
        }
    return [
        Question(
            number=number,
            criterion=criterion,
            framework=criterion.framework,
            options=tuple(
                Option(level, option_text(descriptors.get((criterion.pk, level.pk))))
                for level in levels.get(criterion.framework_id, [])
            ),
        )
        for number, criterion in enumerate(journey.criteria, start=1)
    ]
