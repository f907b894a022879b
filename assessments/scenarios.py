"""One way to build a scored assessment, for the demo, the tests and the bench.

Each caller says only what differs: who takes part (`Person`) and a rule that, for each
criterion in journey order, says what each of them answered and what the group agreed
(`Answers`). Rows are written with bulk_create, so the tests' dozens of assessments and
the bench's ten people on 21 criteria are quick; nothing here goes through services'
checks, so a rule answers with level values of the pinned scale (1 is the lowest).

App code, not tests/: seed_demo ships in production images, which have no factory_boy.
The action plan is plans' to add (plans.scenarios): assessments knows nothing of plans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from ladder.models import Criterion, Level

from .journey import Journey
from .models import Answer, Assessment, Consensus, Participant, Score


@dataclass(frozen=True)
class Person:
    """Someone taking part: a guest, or a member when `user` is given."""

    name: str
    perspective: str
    email: str = ""
    user: object | None = None


@dataclass(frozen=True)
class Said:
    """One person's answer to one criterion: a level `value`, or a non-level `answer`."""

    value: int | None = None
    answer: str = Answer.LEVEL
    evidence: str = ""
    confidence: str = ""


@dataclass(frozen=True)
class Agreed:
    """The group's consensus on one criterion."""

    value: int | None
    reason: str
    answer: str = Answer.LEVEL


@dataclass(frozen=True)
class Answers:
    """A criterion's answers: one per participant, in their order (None: not answered
    yet), and the consensus if the group has agreed one."""

    said: Sequence[Said | None]
    agreed: Agreed | None = None


# rule(criterion=..., levels=number of levels on its scale, participants=...) -> Answers
Rule = Callable[..., Answers]


def _level(levels: dict[tuple[int, int], Level], criterion: Criterion, answer, value):
    if answer != Answer.LEVEL:
        return None
    try:
        return levels[criterion.framework_id, value]
    except KeyError:
        raise ValueError(f"{criterion.code} has no level {value!r}") from None


@transaction.atomic
def score_assessment(
    *,
    assessment: Assessment,
    people: Iterable[Person],
    rule: Rule,
    agreed_by=None,
    joined: Sequence[Participant] = (),
) -> list[Participant]:
    """Add `people` to `assessment`, their scores and the consensus `rule` gives for each
    criterion (called in journey order, so a seeded random rule gives the same data every
    time). `joined` are participants already there (e.g. invited again by a new round),
    who score first. Returns the participants: `joined`, then those of `people`."""
    journey = Journey.load(assessment)
    participants = list(joined) + Participant.objects.bulk_create(
        Participant(
            assessment=assessment,
            name=person.name,
            perspective=person.perspective,
            email=person.email,
            user=person.user,
        )
        for person in people
    )
    levels = {
        (level.framework_id, level.value): level
        for level in Level.objects.filter(framework__in=journey.frameworks)
    }
    sizes = {f.pk: sum(1 for key in levels if key[0] == f.pk) for f in journey.frameworks}
    scores, consensus, last = [], [], {}
    for criterion in journey.criteria:
        answers = rule(
            criterion=criterion, levels=sizes[criterion.framework_id], participants=participants
        )
        if len(answers.said) != len(participants):
            raise ValueError(f"{criterion.code}: one answer (or None) per participant, please")
        for index, said in enumerate(answers.said):
            if said is None:
                continue
            scores.append(
                Score(
                    participant=participants[index],
                    criterion=criterion,
                    answer=said.answer,
                    level=_level(levels, criterion, said.answer, said.value),
                    evidence=said.evidence,
                    confidence=said.confidence,
                )
            )
            last[index] = criterion
        agreed = answers.agreed
        if agreed is not None:
            consensus.append(
                Consensus(
                    assessment=assessment,
                    criterion=criterion,
                    answer=agreed.answer,
                    level=_level(levels, criterion, agreed.answer, agreed.value),
                    reason=agreed.reason,
                    updated_by=agreed_by,
                )
            )
    Score.objects.bulk_create(scores)
    Consensus.objects.bulk_create(consensus)
    # Where each person left off, as saving through services.save_score records it: the
    # scoring pages resume there.
    for index, criterion in last.items():
        participants[index].last_criterion = criterion
    Participant.objects.bulk_update([participants[i] for i in last], ["last_criterion"])
    return participants
