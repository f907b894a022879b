"""Demo: the clinical senate's review of the three-round programme's latest round
(plans.demo_rounds), the whole cycle: shared, commented on, recommendations (from
starting_points), released, answered by the ICB (one turned into an action), signed off.

Written through reviews.services, as the pages write it; the demo's people are emailed
nothing. Once only, like the rest of the demo.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from assessments.demo import DEMO_PASSWORD
from assessments.models import Organisation, OrganisationKind
from ladder.models import Criterion
from plans import demo as plans_demo
from plans.demo_rounds import DEMO_HOST, PROGRAMME
from plans.models import ActionStatus
from plans.services import update_action

from . import services
from .models import CommentKind, Outcome, PanelRole, ResponseAnswer, Review
from .starting_points import BY_KEY

SENATE_USERS = [
    # username, first, last, panel role, chair, what they do (printed by seed_demo)
    ("senate-chair", "Nadia", "Rahman", PanelRole.CLINICIAN, True, "chairs the senate panel"),
    (
        "partner",
        "Lena",
        "Brooks",
        PanelRole.PUBLIC_PARTNER,
        False,
        "patient and public partner on the panel",
    ),
]
COMMENTS = [
    ("senate-chair", "LAD3", CommentKind.AGREE, None, "The working group minutes bear this out."),
    (
        "partner",
        "NHSE5",
        CommentKind.CHALLENGE,
        1,
        "Healthwatch told us it has not been asked to anything since the spring.",
    ),
    (
        "partner",
        "NHSE4",
        CommentKind.ASK_EVIDENCE,
        None,
        "Who came to the community sessions? Please share the numbers by group.",
    ),
]
# (starting point, response, reason, make it an action)
RECOMMENDATIONS = [
    ("healthwatch-vcse", ResponseAnswer.ACCEPTED, "", True),
    (
        "seldom-heard",
        ResponseAnswer.PARTLY,
        "We will report who took part by group; a new outreach budget waits for April.",
        False,
    ),
    (
        "co-design-clinical-model",
        ResponseAnswer.NOT_ACCEPTED,
        "The clinical model was co-designed in 2026 (see the annual review sessions); we "
        "will not reopen it now.",
        False,
    ),
]
SHARED_ON = datetime.date(2026, 11, 24)
RELEASED_ON = datetime.date(2026, 11, 27)
SIGNED_OFF_ON = datetime.date(2026, 11, 30)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _user(username, first, last):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@senate.demo"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _criteria(assessment, codes):
    return list(Criterion.objects.filter(framework__in=assessment.frameworks.all(), code__in=codes))


@transaction.atomic
@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def build_review(*, organisation) -> Review:
    programme = organisation.programmes.get(name=PROGRAMME)
    assessment = programme.assessments.order_by("-date").first()
    existing = Review.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    senate, _ = Organisation.objects.get_or_create(
        slug="demo-senate",
        defaults={"name": "Demo Valley Clinical Senate", "kind": OrganisationKind.REVIEWING_BODY},
    )
    facilitator = get_user_model().objects.get(username="facilitator")
    review = services.share_for_review(
        assessment=assessment, reviewing_organisation=senate, shared_by=facilitator
    )
    review_url = f"{DEMO_HOST}/assessments/{assessment.pk}/review/"
    members, users = {}, {}
    for username, first, last, role, chair, _ in SENATE_USERS:
        users[username] = _user(username, first, last)
        members[username], _ = services.add_panel_member(
            review=review,
            name=f"{first} {last}",
            email=users[username].email,
            role=role,
            is_chair=chair,
            invited_by=facilitator,
            build_link=lambda token: f"{DEMO_HOST}/welcome/{token}/",
            review_url=review_url,
        )
    for username, code, kind, value, text in COMMENTS:
        (criterion,) = _criteria(assessment, [code])
        services.save_comment(
            review=review,
            member=members[username],
            criterion=criterion,
            kind=kind,
            level=criterion.framework.levels.get(value=value) if value else None,
            text=text,
            expected_version=0,
        )
    chair = users["senate-chair"]
    recommendations = []
    for key, *_ in RECOMMENDATIONS:
        point = BY_KEY[key]
        recommendations.append(
            services.save_recommendation(
                review=review,
                by=chair,
                heading=point["heading"],
                text=point["text"],
                criteria=_criteria(assessment, point["criteria"]),
            )
        )
    services.release(review=review)
    for recommendation, (_, answer, reason, make_action) in zip(
        recommendations, RECOMMENDATIONS, strict=True
    ):
        response = services.respond(
            review=review,
            recommendation=recommendation,
            answer=answer,
            reason=reason,
            by=facilitator,
            expected_version=0,
            make_action=make_action,
        )
        if response.action is not None:
            update_action(
                action=response.action,
                expected_version=response.action.version,
                owner="Engagement lead",
                due_date=datetime.date(2027, 3, 31),
                status=ActionStatus.IN_PROGRESS,
            )
    review = services.sign_off(
        review=review, by=chair, outcome=Outcome.ASSURED_WITH_RECOMMENDATIONS, date=SIGNED_OFF_ON
    )
    # The services stamp "now"; the demo's story has its own dates, the same every time.
    Review.objects.filter(pk=review.pk).update(
        shared_at=_at(SHARED_ON), released_at=_at(RELEASED_ON), signed_off_at=_at(SIGNED_OFF_ON)
    )
    review.refresh_from_db()
    return review


@transaction.atomic
def build_demo():
    """The whole demo: the ICB, its programmes and plans (plans.demo), and the review."""
    organisation = plans_demo.build_demo()
    build_review(organisation=organisation)
    return organisation
