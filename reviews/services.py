"""Writes for a senate review: keyword-only, each atomic, refusing with ValidationError.

Every write first locks the review row (`_open_review`), so a sign-off and an edit cannot
cross, and a signed-off review refuses every write. Comments, recommendations and
responses two people could edit at once go through assessments.versioning.save_versioned.
"""

from __future__ import annotations

import logging
import smtplib

from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models import Membership, OrganisationKind, Perspective, Role
from assessments.versioning import save_versioned
from people.services import _existing_user, add_person, normalise_email
from plans.services import add_action

from .events import review_shared, review_signed_off
from .models import (
    Comment,
    CommentKind,
    Heading,
    Outcome,
    PanelMember,
    PanelRole,
    Recommendation,
    Response,
    ResponseAnswer,
    Review,
)

logger = logging.getLogger(__name__)

MIN_PUBLIC_PARTNERS = 2
PERSPECTIVE_FOR_ROLE = {
    PanelRole.CLINICIAN: Perspective.CLINICIAN,
    PanelRole.PUBLIC_PARTNER: Perspective.LIVED_EXPERIENCE,
    PanelRole.OTHER: Perspective.OTHER,
}


def _open_review(review) -> Review:
    current = Review.objects.select_for_update().filter(pk=review.pk).first()
    if current is None:
        raise ValidationError("This review no longer exists.")
    if current.is_signed_off:
        raise ValidationError("This review is signed off, so it can no longer be changed.")
    return current


def partner_warning(members) -> str | None:
    """A warning when the panel has fewer than two patient and public partners."""
    partners = sum(1 for m in members if m.role == PanelRole.PUBLIC_PARTNER)
    if partners >= MIN_PUBLIC_PARTNERS:
        return None
    return (
        f"The panel has {partners} patient and public partner{'' if partners == 1 else 's'}; "
        f"a senate panel should have at least {MIN_PUBLIC_PARTNERS}."
    )


@transaction.atomic
def share_for_review(*, assessment, reviewing_organisation, shared_by) -> Review:
    if not assessment.is_submitted:
        raise ValidationError("Submit the assessment before sharing it for review.")
    if reviewing_organisation.kind != OrganisationKind.REVIEWING_BODY:
        raise ValidationError("Choose a clinical senate or other reviewing body.")
    if Review.objects.filter(assessment=assessment).exists():
        raise ValidationError("This assessment is already shared for review.")
    review = Review.objects.create(
        assessment=assessment, reviewing_organisation=reviewing_organisation, shared_by=shared_by
    )
    review_shared.send(sender=Review, review=review, by=shared_by)
    return review


def add_panel_member(
    *, review, name, email, role, is_chair=False, invited_by, build_link, review_url
) -> tuple[PanelMember, bool]:
    """A seat on the panel for this email. An existing account gets the seat at once; a new
    person gets the organisation's one-use link to set a password (people.services), and
    the seat waits for the account made with that email. Returns (seat, email sent)."""
    email = normalise_email(email)
    if role not in PanelRole.values:
        raise ValidationError("Choose one of the panel roles shown.")
    with transaction.atomic():
        review = _open_review(review)
        if review.members.filter(email=email).exists():
            raise ValidationError(f"{email} is already on this panel.")
        if is_chair and review.members.filter(is_chair=True).exists():
            raise ValidationError("The panel already has a chair.")
        organisation = review.reviewing_organisation
        user = _existing_user(email)
        if user is not None:
            Membership.objects.get_or_create(
                user=user,
                organisation=organisation,
                defaults={"role": Role.VIEWER, "perspective": PERSPECTIVE_FOR_ROLE[role]},
            )
        elif not organisation.member_invitations.pending().filter(email=email).exists():
            add_person(
                organisation=organisation,
                name=name,
                email=email,
                role=Role.VIEWER,
                perspective=PERSPECTIVE_FOR_ROLE[role],
                invited_by=invited_by,
                build_link=build_link,
            )
        member = PanelMember.objects.create(
            review=review, user=user, name=name.strip(), email=email, role=role, is_chair=is_chair
        )
    return member, _tell(member, review_url, existing=user is not None)


def _tell(member, review_url, *, existing) -> bool:
    try:
        send_mail(
            subject=f"You are on the review panel for {member.review.assessment.programme.name}",
            message=render_to_string(
                "reviews/email/panel_seat.txt",
                {"member": member, "link": review_url, "existing": existing},
            ),
            from_email=None,
            recipient_list=[member.email],
        )
    except (OSError, smtplib.SMTPException, BadHeaderError):
        logger.exception("Email to panel member %s failed", member.pk)
        return False
    return True


def _check_criterion(review, criterion):
    if not review.assessment.frameworks.filter(pk=criterion.framework_id).exists():
        raise ValidationError(
            f"{criterion.code} is not a principle or stage of the assessment under review."
        )


@transaction.atomic
def save_comment(
    *, review, member, criterion, kind, level=None, text="", expected_version
) -> Comment:
    review = _open_review(review)
    if member.review_id != review.pk:
        raise ValidationError("You are not on this review's panel.")
    _check_criterion(review, criterion)
    if kind not in CommentKind.values:
        raise ValidationError("Choose agree, challenge or ask for evidence.")
    if kind == CommentKind.CHALLENGE:
        if level is None or level.framework_id != criterion.framework_id:
            raise ValidationError("Say which level you would give.")
        if not text.strip():
            raise ValidationError("Say why you would give another level.")
    else:
        level = None
    if kind == CommentKind.ASK_EVIDENCE and not text.strip():
        raise ValidationError("Say what evidence you would like to see.")
    return save_versioned(
        Comment.objects.filter(member=member, criterion=criterion),
        expected_version=expected_version,
        fields={"kind": kind, "level": level, "text": text.strip(), "updated_at": timezone.now()},
        create={"review": review, "member": member, "criterion": criterion},
    )


@transaction.atomic
def save_recommendation(
    *, review, by, heading, text, criteria, recommendation=None, expected_version=0
) -> Recommendation:
    """A new recommendation (numbered next: R1, R2 …) or an edit of `recommendation`."""
    review = _open_review(review)
    if heading not in Heading.values:
        raise ValidationError("Choose one of the headings shown.")
    if not text.strip():
        raise ValidationError("Write the recommendation.")
    criteria = list(criteria)
    if not criteria:
        raise ValidationError("Tie the recommendation to at least one principle or stage.")
    for criterion in criteria:
        _check_criterion(review, criterion)
    fields = {"heading": heading, "text": text.strip(), "updated_by": by}
    fields["updated_at"] = timezone.now()
    if recommendation is None:
        top = review.recommendations.aggregate(top=Max("number"))["top"] or 0
        saved = Recommendation.objects.create(review=review, number=top + 1, **fields)
    else:
        if recommendation.review_id != review.pk:
            raise ValidationError("That recommendation belongs to another review.")
        saved = save_versioned(
            Recommendation.objects.filter(pk=recommendation.pk),
            expected_version=expected_version,
            fields=fields,
        )
    saved.criteria.set(criteria)
    return saved


@transaction.atomic
def release(*, review) -> Review:
    """The panel's comments and recommendations become visible to the ICB."""
    review = _open_review(review)
    if not review.recommendations.exists():
        raise ValidationError("Write at least one recommendation before releasing.")
    if review.released_at is None:
        review.released_at = timezone.now()
        review.save(update_fields=["released_at"])
    return review


@transaction.atomic
def respond(
    *, review, recommendation, answer, reason="", by, expected_version, make_action=False
) -> Response:
    """The ICB's answer; with `make_action`, also an action in the plan, linked to it."""
    review = _open_review(review)
    if recommendation.review_id != review.pk:
        raise ValidationError("That recommendation belongs to another review.")
    if not review.is_released:
        raise ValidationError("The panel has not released its recommendations yet.")
    if answer not in ResponseAnswer.values:
        raise ValidationError("Choose accepted, partly accepted or not accepted.")
    if answer != ResponseAnswer.ACCEPTED and not reason.strip():
        raise ValidationError("Give the reason.")
    response = save_versioned(
        Response.objects.filter(recommendation=recommendation),
        expected_version=expected_version,
        fields={
            "answer": answer,
            "reason": reason.strip(),
            "responded_by": by,
            "updated_at": timezone.now(),
        },
        create={"recommendation": recommendation},
    )
    if make_action and response.action_id is None:
        if answer == ResponseAnswer.NOT_ACCEPTED:
            raise ValidationError("A recommendation that is not accepted has no action.")
        criterion = recommendation.criteria.order_by("framework__order", "order").first()
        response.action = add_action(
            assessment=review.assessment,
            criterion=criterion,
            what=f"{recommendation.code}: {recommendation.text}",
        )
        response.save(update_fields=["action"])
    return response


@transaction.atomic
def sign_off(*, review, by, outcome, date) -> Review:
    """The chair's sign-off: outcome, date, the panel as it stands, and the content hash of
    the report version stored at sign-off. After this the review is read-only."""
    review = _open_review(review)
    if outcome not in Outcome.values:
        raise ValidationError("Choose the panel's outcome.")
    if date is None:
        raise ValidationError("Enter the date of the sign-off.")
    members = list(review.members.all())
    if not any(m.is_chair for m in members):
        raise ValidationError("The panel needs a chair to sign off.")
    review.outcome = outcome
    review.signed_off_on = date
    review.signed_off_at = timezone.now()
    review.signed_off_by = by
    review.panel_record = [
        {"name": m.name, "role": m.get_role_display(), "chair": m.is_chair} for m in members
    ]
    review.save()
    # reports stores the report as signed and answers with its content hash: what the
    # panel signed is that stored version (reports.content), found again by this hash.
    hashes = [h for _, h in review_signed_off.send(sender=Review, review=review, by=by) if h]
    if len(hashes) != 1:
        raise RuntimeError("No stored report version answered the sign-off (reports.signals).")
    review.report_hash = hashes[0]
    review.save(update_fields=["report_hash"])
    return review
