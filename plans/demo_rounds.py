"""Demo: a programme assessed in three rounds over eighteen months, so a newcomer sees the
comparison of rounds, the trend charts and "you said, we did" at once.

Most principles improve round on round; one (Healthwatch and VCSE as partners) goes
backwards when the Healthwatch contract ends. Actions done between rounds say what was done,
what changed for people and when; the feedback page is published. The latest round is left
submitted, ready for the senate's review (reviews.demo). Deterministic: fixed dates, a fixed
random seed, the same people.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from assessments import services
from assessments.models import Answer, Assessment, Confidence, Perspective, Score
from assessments.scenarios import Agreed, Answers, Person, Said, score_assessment
from assessments.services_rounds import start_round
from ladder.models import Criterion, Framework

from . import feedback
from .models import ActionStatus
from .services import add_action, update_action

PROGRAMME = "Community diabetes care redesign"
DEMO_HOST = "http://127.0.0.1:8000"
ROUNDS = [
    ("Baseline: before the redesign", datetime.date(2025, 5, 12)),
    ("Six months on", datetime.date(2025, 11, 17)),
    ("Eighteen months on", datetime.date(2026, 11, 9)),
]
# The agreed level of each principle and stage, round by round. NHSE5 goes backwards.
AGREED = {
    "LAD1": (2, 3, 5),
    "LAD2": (2, 3, 4),
    "LAD3": (1, 2, 4),
    "LAD4": (2, 3, 4),
    "LAD5": (1, 2, 3),
    "NEF1": (2, 3, 4),
    "NEF2": (2, 2, 3),
    "NEF3": (1, 2, 3),
    "NEF4": (2, 3, 3),
    "NEF5": (1, 2, 3),
    "NEF6": (2, 3, 4),
    "NHSE1": (2, 3, 4),
    "NHSE2": (1, 3, 4),
    "NHSE3": (2, 3, 3),
    "NHSE4": (1, 2, 3),
    "NHSE5": (3, 3, 2),
    "NHSE6": (2, 3, 4),
    "NHSE7": (2, 2, 3),
    "NHSE8": (2, 3, 3),
    "NHSE9": (1, 2, 3),
    "NHSE10": (2, 3, 4),
}
BACKWARDS = "NHSE5"
REASONS = (
    "Agreed at the baseline workshop: most decisions were already made before people were asked.",
    "Agreed at the six-month workshop, after the evening drop-ins and the first "
    "co-design sessions.",
    "Agreed at the eighteen-month workshop, with the lived experience group in the chair.",
)
GUESTS = [
    ("Grace Obi", Perspective.LIVED_EXPERIENCE, 0),
    ("Dev Patel", Perspective.CARER, 0),
    ("Ruth Ellis", Perspective.LIVED_EXPERIENCE, -1),
    ("Sam Reid (Healthwatch Demo Valley)", Perspective.VCSE, 0),
]
EVIDENCE = {
    Perspective.NHS_STAFF: (
        "Engagement plan drafted by the programme team; a survey went out with the "
        "appointment letters.",
        "Evening drop-ins in three libraries; the working group now has two people with "
        "diabetes on it.",
        "The lived experience group co-chairs the design board and signed off the new pathway.",
    ),
    Perspective.CLINICIAN: (
        "The clinical model came from the diabetes network's specialists.",
        "Patients tested the draft foot-care pathway in two clinics.",
        "Patients and clinicians redesigned the annual review together.",
    ),
    Perspective.LIVED_EXPERIENCE: (
        "The meetings were at 2pm on weekdays, so those of us who work could not go.",
        "The evening sessions meant I could take part. We were listened to about foot checks.",
        "We helped decide the new annual review, and we were told what changed because of us.",
    ),
    Perspective.CARER: (
        "Nobody asked carers how appointments fit around looking after someone.",
        "Carers were invited, but the letters only reached half of us.",
        "Carers' evening slots are now in the booking system: that came from us.",
    ),
    Perspective.VCSE: (
        "Healthwatch shared its survey of people with diabetes; the ICB thanked us.",
        "Healthwatch ran two listening events with the ICB.",
        "Since the Healthwatch contract ended we are no longer asked to the design board.",
    ),
}
# Done between rounds: (round, code, the action, what was done, what changed for people,
# when).
DONE = [
    (
        0,
        "NHSE2",
        "Meet people at times and places they can come, and write back",
        "Held six evening drop-ins in libraries and a community centre, and wrote back to "
        "everyone who took part.",
        "People who work in the day could take part; 140 came, against 30 before.",
        datetime.date(2025, 7, 24),
    ),
    (
        0,
        "LAD3",
        "Give people with diabetes seats where options are shortlisted",
        "Put two people with diabetes on the working group that shortlists the options, "
        "paid for their time.",
        "People with diabetes now help decide which options go to consultation.",
        datetime.date(2025, 9, 8),
    ),
    (
        0,
        "NHSE4",
        "Reach communities we have not heard from",
        "Went to two mosques and a Polish community group with interpreters.",
        "People whose first language is not English shaped the leaflet and the clinic times.",
        datetime.date(2025, 10, 2),
    ),
    (
        1,
        "LAD1",
        "Start from what matters to people, before options are drawn",
        "Asked people to map their year with diabetes before any options were drawn up.",
        "The new annual review starts from what people said matters to them: feet, eyes and "
        "time off work.",
        datetime.date(2026, 3, 16),
    ),
    (
        1,
        "NHSE9",
        "Co-design the annual review",
        "Co-designed the annual review with patients and clinicians in four sessions.",
        "Annual reviews are now one visit instead of three, with evening slots for carers.",
        datetime.date(2026, 7, 1),
    ),
]
# The latest round's open actions: (code, what, owner, due, status).
NEXT = [
    (
        "NEF5",
        "Train people with lived experience as peer educators for the diabetes courses",
        "Diabetes education lead",
        datetime.date(2027, 6, 30),
        ActionStatus.IN_PROGRESS,
    ),
    (
        "LAD5",
        "Ask people to judge the new annual review with us, and publish what they find",
        "Programme team",
        datetime.date(2027, 4, 30),
        ActionStatus.NOT_STARTED,
    ),
]
THEMES = [
    (
        "Meetings at times people can come",
        "People who work, and carers, told us daytime meetings shut them out.",
        Perspective.LIVED_EXPERIENCE,
    ),
    (
        "One annual review, not three",
        "People told us that three separate appointments a year cost them time off work "
        "and carers' time.",
        Perspective.CARER,
    ),
]


def _people(users):
    members = [
        Person(
            name=users[u].get_full_name(),
            email=users[u].email,
            perspective=p,
            user=users[u],
        )
        for u, p in (("facilitator", Perspective.NHS_STAFF), ("clinician", Perspective.CLINICIAN))
    ]
    guests = [
        Person(name=name, perspective=p, email=f"{name.split()[0].lower()}@example.org")
        for name, p, _ in GUESTS
    ]
    return members, guests


def _rule(round_index, rng, *, leave_open=()):
    """Scores around the agreed level: members a little above it, guests at or below."""
    shift_of = {p: s for _, p, s in GUESTS}

    def rule(*, criterion, levels, participants):
        agreed = AGREED[criterion.code][round_index]
        said = []
        for participant in participants:
            if (criterion.code, participant.name) in leave_open:
                said.append(None)
                continue
            shift = 1 if participant.user_id else shift_of.get(participant.perspective, 0)
            roll = rng.random()
            if roll < 0.04:
                said.append(Said(answer=Answer.DONT_KNOW))
                continue
            value = max(1, min(levels, agreed + shift + rng.choice([-1, 0, 0, 1])))
            texts = EVIDENCE[participant.perspective]
            evidence = texts[round_index] if rng.random() < 0.5 else ""
            said.append(
                Said(value=value, evidence=evidence, confidence=rng.choice(Confidence.values))
            )
        if (criterion.code, None) in leave_open:
            return Answers(said, None)
        return Answers(said, Agreed(agreed, REASONS[round_index]))

    return rule


def _submit(assessment, user, when):
    services.submit_assessment(assessment=assessment, user=user)
    at = timezone.make_aware(datetime.datetime.combine(when, datetime.time(16, 0)))
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=at)


def _criterion(assessment, code):
    return Criterion.objects.get(framework__in=assessment.frameworks.all(), code=code)


def _plan(assessment, code, what, *, owner, due_date, status=ActionStatus.NOT_STARTED):
    return add_action(
        assessment=assessment,
        criterion=_criterion(assessment, code),
        what=what,
        owner=owner,
        due_date=due_date,
        status=status,
    )


def _done(assessment, code, what, done_what, outcome, done_on):
    """Planned, then done: its history shows both."""
    action = _plan(assessment, code, what, owner="Programme team", due_date=done_on)
    update_action(
        action=action,
        expected_version=action.version,
        status=ActionStatus.DONE,
        done_what=done_what,
        outcome=outcome,
        done_on=done_on,
    )


def _level(assessment, code, value):
    criterion = _criterion(assessment, code)
    return criterion, criterion.framework.levels.get(value=value)


def _changed_minds(assessment, users, participants):
    """Some history for the agree-levels page: a guest changes her answer, and the group
    agrees a level, then lowers it after hearing from Healthwatch."""
    grace = next(p for p in participants if p.name == "Grace Obi")
    criterion, level = _level(assessment, "LAD1", 4)
    score = services.save_score(
        participant=grace,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=level,
        evidence=EVIDENCE[Perspective.LIVED_EXPERIENCE][1],
        expected_version=0,
    )
    services.save_score(
        participant=grace,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=criterion.framework.levels.get(value=5),
        evidence=EVIDENCE[Perspective.LIVED_EXPERIENCE][2],
        expected_version=score.version,
    )
    criterion, level = _level(assessment, BACKWARDS, 3)
    agreed = services.record_consensus(
        assessment=assessment,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=level,
        reason="As last time.",
        user=users["facilitator"],
        expected_version=0,
    )
    services.record_consensus(
        assessment=assessment,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=criterion.framework.levels.get(value=2),
        reason="Lowered after hearing from Healthwatch: since its contract ended it is no "
        "longer asked to the design board.",
        user=users["facilitator"],
        expected_version=agreed.version,
    )


def _feedback_page(programme):
    page = feedback.save_feedback_page(
        programme=programme,
        introduction="Thank you to everyone who told us about living with diabetes, and "
        "about caring for someone who does. This page says what we did with what you said.",
        next_steps="We will ask Healthwatch back to the design board, and meet again in "
        "spring 2027 to check the new annual review is working.",
    )
    for title, summary, perspective in THEMES:
        evidence = Score.objects.filter(
            participant__assessment__programme=programme,
            participant__perspective=perspective,
        ).exclude(evidence="")[:2]
        feedback.save_theme(page=page, title=title, summary=summary, evidence=list(evidence))
    feedback.set_published(programme=programme, published=True)


@transaction.atomic
@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def build_rounds(*, organisation, users):
    """The three-round programme (once). The demo's people are emailed nothing."""
    if organisation.programmes.filter(name=PROGRAMME).exists():
        return organisation.programmes.get(name=PROGRAMME)
    # The rounds ran in 2025-26, before the rubrics' version 2 (December 2026): like the real
    # assessments of that time, they pin each rubric's first published version.
    first = {}
    for framework in Framework.objects.published().order_by("-version"):
        if framework.offered_by_default:  # the core three, as that programme chose
            first[framework.slug] = framework
    frameworks = sorted(first.values(), key=lambda f: (f.order, f.slug))
    facilitator = users["facilitator"]
    programme = services.create_programme(
        organisation=organisation,
        name=PROGRAMME,
        description="Moving diabetes annual reviews, foot care and education out of the "
        "hospital and into the community, designed with the people who use them.",
        created_by=facilitator,
    )
    rng = random.Random(2025)
    members, guests = _people(users)
    previous, joined = None, []
    for index, (title, when) in enumerate(ROUNDS):
        if previous is None:
            assessment = services.create_assessment(
                programme=programme,
                title=title,
                date=when,
                frameworks=frameworks,
                created_by=facilitator,
            )
            people = members + guests
        else:
            assessment, _, _ = start_round(
                previous=previous,
                title=title,
                date=when,
                frameworks=frameworks,
                created_by=facilitator,
                build_link=lambda token: f"{DEMO_HOST}/join/{token}/",
                member_link=lambda a: f"{DEMO_HOST}{a.get_absolute_url()}",
            )
            joined = list(assessment.participants.all())  # the guests, invited again
            people = members
        latest = index == len(ROUNDS) - 1
        leave_open = {("LAD1", "Grace Obi"), (BACKWARDS, None)} if latest else set()
        participants = score_assessment(
            assessment=assessment,
            people=people,
            joined=joined,
            rule=_rule(index, rng, leave_open=leave_open),
            agreed_by=facilitator,
        )
        if latest:
            _changed_minds(assessment, users, participants)
        for done_round, *done in DONE:
            if done_round == index:
                _done(assessment, *done)
        if latest:  # what comes next: kept short, as a facilitator would
            for code, what, owner, due_date, status in NEXT:
                _plan(assessment, code, what, owner=owner, due_date=due_date, status=status)
        _submit(assessment, facilitator, when + datetime.timedelta(days=14))
        previous = assessment
    _feedback_page(programme)
    return programme
