"""Demo: a second programme that checks it is ready before it starts, with the rubrics a
facilitator can add beyond the core three (those not offered by default: the readiness
checklist, who plans × who delivers, and two more principles rubrics). Deterministic."""

from datetime import date

from ladder.models import Framework

from . import scenarios, services
from .models import Perspective
from .scenarios import Agreed, Answers, Person, Said

NAME = "Community mental health hubs"
AGREED = "Agreed at the readiness workshop on 23 November, before any design work starts."
# The readiness checks, in order: most partly ready, two not yet (no budget holder on
# board; no plan to pay people for their time), two ready.
CHECKS = [2, 3, 1, 2, 2, 3, 1, 2, 2, 2, 2, 2]
# Who plans (across) and who delivers (down): planned with people, delivered by professionals.
GRID = {1: 2, 2: 1}
EVIDENCE = {
    Perspective.NHS_STAFF: "The hubs' outline case is written; the design group has not met yet.",
    Perspective.LIVED_EXPERIENCE: "We were asked to join the design group, but nobody has said "
    "whether we will be paid for our time or how travel is covered.",
}


def build_readiness_demo(*, organisation, facilitator, clinician):
    extra = [f for f in Framework.objects.latest_published() if not f.offered_by_default]
    if not extra or organisation.programmes.filter(name=NAME).exists():
        return None
    programme = services.create_programme(
        organisation=organisation,
        name=NAME,
        description="Three community mental health hubs with the voluntary sector, open "
        "evenings and weekends, to be designed with people who use mental health services.",
        created_by=facilitator,
    )
    assessment = services.create_assessment(
        programme=programme,
        title="Are we ready to co-produce?",
        date=date(2026, 11, 23),
        frameworks=extra,
        created_by=facilitator,
    )
    people = [
        Person(facilitator.get_full_name(), Perspective.NHS_STAFF, facilitator.email, facilitator),
        Person(clinician.get_full_name(), Perspective.CLINICIAN, clinician.email, clinician),
        Person("Dev Patel", Perspective.LIVED_EXPERIENCE, "dev@example.org"),
        Person("Ruth Okoro", Perspective.LIVED_EXPERIENCE, "ruth@example.org"),
    ]
    scenarios.score_assessment(
        assessment=assessment, people=people, rule=_rule, agreed_by=facilitator
    )
    return assessment


def _rule(*, criterion, levels, participants):
    framework = criterion.framework
    if framework.is_checklist:
        agreed = CHECKS[(criterion.order - 1) % len(CHECKS)]
    elif framework.is_grid:
        agreed = GRID.get(criterion.order, 1)
    else:  # principles: listening or involving, as most programmes start
        agreed = 2 + criterion.order % 2
    said = []
    for index, participant in enumerate(participants):
        # Staff see it a step rosier than people with lived experience do.
        staff = participant.perspective in (Perspective.NHS_STAFF, Perspective.CLINICIAN)
        value = max(1, min(levels, agreed + 1 if staff else agreed - index % 2))
        evidence = EVIDENCE.get(participant.perspective, "") if criterion.order == 1 else ""
        said.append(Said(value=value, evidence=evidence))
    return Answers(said, Agreed(agreed, AGREED))
