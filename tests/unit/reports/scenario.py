"""A scored assessment for report tests: participants, scores, consensus, actions.

Shared by the unit, integration and functional report tests (importable, not a fixture,
so each test chooses its own evidence text and size).
"""

from assessments.models import Answer, Consensus, Participant, Perspective, Score
from ladder.models import Level

PEOPLE = [
    ("Priya Staff", Perspective.NHS_STAFF),
    ("Dr Ade Clinician", Perspective.CLINICIAN),
    ("Jo Lived", Perspective.LIVED_EXPERIENCE),
    ("Linda Carer", Perspective.CARER),
]


def score_assessment(
    assessment, *, people=PEOPLE, evidence="Survey of 400 people.", extra=0, consensus=True
):
    """Everyone scores every criterion; staff a level above lived experience. Consensus at 2.

    `extra` adds that many more lived-experience participants (for query-count tests).
    """
    people = list(people) + [
        (f"Extra person {i}", Perspective.LIVED_EXPERIENCE) for i in range(extra)
    ]
    participants = Participant.objects.bulk_create(
        Participant(assessment=assessment, name=name, perspective=perspective)
        for name, perspective in people
    )
    scores, agreed = [], []
    for framework in assessment.frameworks.all():
        levels = {lv.value: lv for lv in Level.objects.filter(framework=framework)}
        for criterion in framework.criteria.all():
            for p in participants:
                staff = p.perspective in (Perspective.NHS_STAFF, Perspective.CLINICIAN)
                value = 3 if staff else 1
                scores.append(
                    Score(
                        participant=p,
                        criterion=criterion,
                        answer=Answer.LEVEL,
                        level=levels[value],
                        evidence=evidence,
                    )
                )
            agreed.append(
                Consensus(
                    assessment=assessment,
                    criterion=criterion,
                    answer=Answer.LEVEL,
                    level=levels[2],
                    reason=f"Agreed for {criterion.code}.",
                )
            )
    Score.objects.bulk_create(scores)
    if consensus:
        Consensus.objects.bulk_create(agreed)
    return participants
