"""Demo data: an ICB, its people, and a partly scored assessment from several perspectives.
Its action plan is added by plans.demo (assessments knows nothing of plans).

Deterministic (a fixed random seed) so screenshots and the demo PDF are stable.
"""

import random
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from ladder.models import Framework

from . import scenarios, services
from .demo_readiness import build_readiness_demo
from .models import (
    Answer,
    Confidence,
    Membership,
    Organisation,
    OrganisationKind,
    Perspective,
    Role,
)
from .scenarios import Agreed, Answers, Person, Said

DEMO_PASSWORD = "demo-coprod-2026"
DEMO_USERS = [
    # username, first, last, role, perspective, staff
    ("facilitator", "Priya", "Shah", Role.FACILITATOR, Perspective.NHS_STAFF, False),
    ("clinician", "Tom", "Okafor", Role.CONTRIBUTOR, Perspective.CLINICIAN, False),
    ("senate", "Helen", "Marsh", Role.VIEWER, Perspective.OTHER, False),
    ("admin", "Rubric", "Admin", Role.VIEWER, Perspective.NHS_STAFF, True),
]
GUESTS = [
    ("Jo Bennett", Perspective.LIVED_EXPERIENCE, -1),
    ("Amir Hussain", Perspective.LIVED_EXPERIENCE, -1),
    ("Maureen Cole", Perspective.CARER, -1),
    ("Kemi Adeyemi (Healthwatch Demo Valley)", Perspective.VCSE, 0),
]
EVIDENCE = {
    Perspective.NHS_STAFF: "We ran six public drop-in events and an online survey (1,240 replies). "
    "The options appraisal panel had two patient representatives.",
    Perspective.CLINICIAN: "Clinical model drafted by the clinical reference group; patient "
    "stories were read at the start of each meeting.",
    Perspective.LIVED_EXPERIENCE: "I went to a drop-in. We were shown the options but they had "
    "already been decided. Nobody came back to tell us what happened.",
    Perspective.CARER: "Carers were not asked about evening access, which matters most to us.",
    Perspective.VCSE: "Healthwatch was invited late, after the shortlist was drawn up.",
}

AGREED_AT_WORKSHOP = "Agreed at the workshop on 16 November after hearing from each perspective."


def _user(username, first, last, staff):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.nhs.uk"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = staff
        user.save()
    return user


@transaction.atomic
def build_demo():
    """Create the demo organisation, people, programme and assessment (once)."""
    organisation, created = Organisation.objects.get_or_create(
        slug="demo-valley",
        defaults={
            "name": "NHS Demo Valley ICB",
            "kind": OrganisationKind.ICB,
            "ods_code": "DEMO1",  # not a real ODS code: real ones would clash one day
        },
    )
    users = {}
    for username, first, last, role, perspective, staff in DEMO_USERS:
        users[username] = _user(username, first, last, staff)
        Membership.objects.get_or_create(
            user=users[username],
            organisation=organisation,
            defaults={"role": role, "perspective": perspective},
        )
    if not created and organisation.programmes.exists():
        return organisation

    # The core rubrics; the others are in the readiness demo (assessments/demo_readiness.py).
    frameworks = [f for f in Framework.objects.latest_published() if f.offered_by_default]
    if not frameworks:
        raise RuntimeError("Load the rubrics first: manage.py load_rubrics")
    programme = services.create_programme(
        organisation=organisation,
        name="Town centre urgent care reconfiguration",
        description="Bringing the minor injuries unit and the GP out-of-hours service together "
        "in a new urgent treatment centre in the town centre.",
        created_by=users["facilitator"],
    )
    assessment = services.create_assessment(
        programme=programme,
        title="Baseline before public consultation",
        date=date(2026, 11, 2),
        frameworks=frameworks,
        created_by=users["facilitator"],
    )
    members = [
        Person(
            name=users[username].get_full_name(),
            email=users[username].email,
            perspective=perspective,
            user=users[username],
        )
        for username, perspective in [
            ("facilitator", Perspective.NHS_STAFF),
            ("clinician", Perspective.CLINICIAN),
        ]
    ]
    guests = [
        Person(name=name, perspective=perspective, email=f"{name.split()[0].lower()}@example.org")
        for name, perspective, _ in GUESTS
    ]
    # Members score a level above the "true" one, as staff often do; guests at or below it.
    shifts = [1, 1] + [shift for *_, shift in GUESTS]
    scenarios.score_assessment(
        assessment=assessment,
        people=members + guests,
        rule=_demo_rule(random.Random(2026), shifts),
        agreed_by=users["facilitator"],
    )
    build_readiness_demo(
        organisation=organisation, facilitator=users["facilitator"], clinician=users["clinician"]
    )
    return organisation


def _demo_rule(rng, shifts):
    """How the demo's people answered. The draws from `rng` keep the order the demo has
    always had, so the seeded data (and so every screenshot) stays the same."""

    def rule(*, criterion, levels, participants):
        # A "true" level around the middle of the scale: doing for, as in many programmes.
        base = max(1, min(levels, levels // 2 + rng.choice([-1, 0, 0, 1])))
        said = []
        for index, participant in enumerate(participants):
            # The last guest has only scored part of it: a partly scored assessment.
            if index == len(participants) - 1 and criterion.order > 3:
                said.append(None)
                continue
            roll = rng.random()
            if roll < 0.05:
                answer, value = Answer.DONT_KNOW, None
            elif roll < 0.08:
                answer, value = Answer.NOT_APPLICABLE, None
            else:
                value = base + shifts[index] + rng.choice([-1, 0, 0, 1])
                answer, value = Answer.LEVEL, max(1, min(levels, value))
            evidence = EVIDENCE[participant.perspective] if rng.random() < 0.6 else ""
            confidence = rng.choice(Confidence.values)
            said.append(Said(value=value, answer=answer, evidence=evidence, confidence=confidence))
        # The group has agreed the ladder and NEF so far; NHS England's ten are still to discuss.
        later = criterion.framework.slug == "nhse-ten-principles" and criterion.order > 4
        return Answers(said, None if later else Agreed(base, AGREED_AT_WORKSHOP))

    return rule
