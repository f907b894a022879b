"""A full, realistic assessment for the benchmark and for looking at the PDF by eye.

Three frameworks (the shipped rubric files when they load, else factory-made ones), ten
participants across perspectives, a score with evidence from everyone on every criterion,
consensus with reasons, and an action plan prefilled from the rubric. Built with
assessments.scenarios and plans.scenarios, as the demo and the tests are; only the people,
the rule (a seeded random one) and the owners and due dates of the actions are the bench's.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command, get_commands
from django.db import transaction

from assessments import scenarios
from assessments.models import (
    Answer,
    Assessment,
    Organisation,
    OrganisationKind,
    Perspective,
    Programme,
)
from assessments.scenarios import Agreed, Answers, Person, Said
from ladder.models import Framework, FrameworkKind
from plans import services as plan_services
from plans.scenarios import suggest_actions

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = ["ladder-of-participation", "nef-six-principles", "nhse-ten-principles"]

PEOPLE = [
    ("Priya Shah", Perspective.NHS_STAFF),
    ("Tom Evans", Perspective.NHS_STAFF),
    ("Dr Ade Okafor", Perspective.CLINICIAN),
    ("Helen Marsh", Perspective.CLINICIAN),
    ("Jo Bright", Perspective.LIVED_EXPERIENCE),
    ("Sam Guest", Perspective.LIVED_EXPERIENCE),
    ("Marek Nowak", Perspective.LIVED_EXPERIENCE),
    ("Linda Carter", Perspective.CARER),
    ("Faisal Rahman", Perspective.VCSE),
    ("Grace O'Neill", Perspective.VCSE),
]
EVIDENCE = [
    "Online survey of 412 people, mostly current users of the walk-in centre. Few responses "
    "from people who do not use the internet.",
    "Two workshops with the patient reference group; notes show options were presented, not "
    "shaped, by them.",
    "Healthwatch ran listening events in the town centre and at the mosque; their report is "
    "appendix C of the PCBC.",
    "No 'you said, we did' yet: people asked how their views changed the proposals.",
    "Experts by experience sat on the options appraisal panel with an equal vote.",
    "Easy-read and BSL versions of the consultation document were produced after feedback.",
]
AGREED = (
    "Staff scored higher than people with lived experience; the group agreed the lower view "
    "was better evidenced."
)


def load_frameworks():
    """The published frameworks to pin: shipped rubric files when present, else made ones."""
    frameworks = []
    # `load_rubrics` replaces `loaddata <rubric>`; use it once the app has it.
    renamed = "load_rubrics" in get_commands()
    if renamed:
        call_command("load_rubrics", verbosity=0)
    for slug in RUBRICS:
        if not renamed and (ROOT / "fixtures" / "rubrics" / f"{slug}.json").exists():
            try:
                call_command("load_rubrics", slug, verbosity=0)
            except Exception as error:  # a rubric file mid-edit must not stop the bench
                print(f"(could not load {slug}: {error}; using a made-up framework)")
        framework = (
            Framework.objects.filter(slug=slug, status="published").order_by("-version").first()
        )
        if framework is None:
            from tests.factories.ladder import make_framework

            ladder = slug.startswith("ladder")
            framework = make_framework(
                kind=FrameworkKind.LADDER if ladder else FrameworkKind.PRINCIPLES,
                criteria=5 if ladder else (6 if "six" in slug else 10),
                slug=slug,
                order=RUBRICS.index(slug) + 1,
            )
        frameworks.append(framework)
    return frameworks


@transaction.atomic
def build(*, seed: int = 3, people: int = len(PEOPLE)) -> Assessment:
    """The assessment; `people` beyond the ten named add more, their perspectives in turn."""
    frameworks = load_frameworks()
    organisation, _ = Organisation.objects.get_or_create(
        slug="demo-valley", defaults={"name": "NHS Demo Valley ICB", "kind": OrganisationKind.ICB}
    )
    programme = Programme.objects.create(
        organisation=organisation,
        name="Town centre urgent care reconfiguration",
        description="Moving the walk-in centre's urgent care into a new town centre hub, with "
        "same-day GP appointments and a redesigned stroke rehabilitation pathway.",
    )
    assessment = Assessment.objects.create(
        programme=programme, title="Before public consultation", date=date(2025, 3, 14)
    )
    assessment.frameworks.set(frameworks)
    scenarios.score_assessment(
        assessment=assessment,
        people=[
            Person(name, perspective)
            if i < len(PEOPLE)
            else Person(f"{name} {i // len(PEOPLE) + 1}", perspective)
            for i, (name, perspective) in ((i, PEOPLE[i % len(PEOPLE)]) for i in range(people))
        ],
        rule=_bench_rule(random.Random(seed)),
    )
    actions = suggest_actions(assessment=assessment)
    for i, action in enumerate(actions):
        plan_services.update_action(
            action=action,
            expected_version=action.version,
            owner=["Head of engagement", "Clinical lead", "Healthwatch partner"][i % 3],
            due_date=date(2025, 6, 30) + timedelta(days=14 * i),
        )
    return assessment


def _bench_rule(rng):
    """Staff a level above the criterion's "true" level, everyone else one below, with some
    noise and a few "don't know" and "not applicable"; consensus at the true level."""

    def rule(*, criterion, levels, participants):
        base = rng.randint(2, max(2, levels - 2))
        said = []
        for p in participants:
            staff = p.perspective in (Perspective.NHS_STAFF, Perspective.CLINICIAN)
            roll = rng.random()
            if roll < 0.05:
                said.append(Said(answer=Answer.DONT_KNOW))
            elif roll < 0.08:
                said.append(Said(answer=Answer.NOT_APPLICABLE))
            else:
                value = base + (1 if staff else -1) + rng.choice([-1, 0, 0, 1])
                value = min(max(value, 1), levels)
                said.append(Said(value, evidence=rng.choice(EVIDENCE)))
        return Answers(said, Agreed(base, AGREED))

    return rule
