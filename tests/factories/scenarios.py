"""The tests' scored assessment, built by assessments.scenarios as the demo and bench are.

Everyone scores every criterion, staff a level above the others (3 against 1), and the
group agreed level 2 everywhere: below every target, so each criterion is a gap. Shared by
the unit, integration and functional tests; each passes only what it tests (evidence text,
more people for query counts, no consensus).
"""

from assessments import scenarios
from assessments.models import Perspective
from assessments.scenarios import Agreed, Answers, Person, Said

PEOPLE = [
    Person("Priya Staff", Perspective.NHS_STAFF),
    Person("Dr Ade Clinician", Perspective.CLINICIAN),
    Person("Jo Lived", Perspective.LIVED_EXPERIENCE),
    Person("Linda Carer", Perspective.CARER),
]
STAFF = (Perspective.NHS_STAFF, Perspective.CLINICIAN)


def score_assessment(
    *, assessment, people=PEOPLE, evidence="Survey of 400 people.", extra=0, consensus=True
):
    """The participants, in order: `people`, then `extra` more with lived experience."""
    people = [
        *people,
        *(Person(f"Extra person {i}", Perspective.LIVED_EXPERIENCE) for i in range(extra)),
    ]

    def rule(*, criterion, levels, participants):
        said = [Said(3 if p.perspective in STAFF else 1, evidence=evidence) for p in participants]
        return Answers(said, Agreed(2, f"Agreed for {criterion.code}.") if consensus else None)

    return scenarios.score_assessment(assessment=assessment, people=people, rule=rule)
