"""Writes that touch several models: keyword-only, each inside one transaction.

Every refusal is a ValidationError (views show its message): Conflict (code
CHANGED_MEANWHILE) when someone saved first, AssessmentSubmitted, InvitationError.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ladder.models import Criterion, Framework, FrameworkStatus, Level

from . import history
from .events import assessment_submitted
from .models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Consensus,
    Invitation,
    Participant,
    Programme,
    Score,
)
from .versioning import Conflict, save_versioned

__all__ = ["AssessmentSubmitted", "Conflict", "InvitationError"]  # Conflict: views import it here

logger = logging.getLogger(__name__)


class AssessmentSubmitted(ValidationError):
    """The assessment is read-only."""

    def __init__(self, message):
        super().__init__(message, code="submitted")
        self.args = (message,)  # so copy and pickle rebuild it with this signature

    def __str__(self):
        return self.message


class InvitationError(ValidationError):
    """An invitation link that is unknown, already used or expired (message says which)."""

    def __init__(self, message):
        super().__init__(message, code="invitation")
        self.args = (message,)  # so copy and pickle rebuild it with this signature

    def __str__(self):
        return self.message


def hash_token(token: str) -> str:
    """Only this hash of a link's token is stored (people.services uses the same rules)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh link token and the hash to store; the token itself goes only into the email."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


def _ensure_open(assessment_id: int, *, framework_id=None, share=False):
    """Refuse a change to a submitted assessment. Call inside a transaction: the row is locked
    and its status re-read, so a submit at the same moment either waits for this change or
    is seen by it (PostgreSQL; SQLite serialises writes anyway). With `framework_id`, the
    same query refuses a question of a framework the assessment does not pin.

    `share`: a lock many can hold at once (FOR SHARE), for changes that only need the
    assessment to stay open, such as scores: a workshop's hundred savers then do not queue
    on one row, and a submit (FOR UPDATE) still waits for them all."""
    # No ordering: one row, and the model's (date, pk) would be built and sorted for nothing.
    rows = Assessment.objects.filter(pk=assessment_id).order_by()
    if framework_id is not None:
        rows = rows.filter(frameworks=framework_id)
    rows = rows.values_list("status", flat=True)
    connection = connections[rows.db]
    if share and connection.vendor == "postgresql":
        # Django's queryset has FOR UPDATE but not FOR SHARE.
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
        table = connection.ops.quote_name(Assessment._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} FOR SHARE OF {table}", params)
            found = cursor.fetchone()
        status = found[0] if found else None
    else:
        status = next(iter(rows.select_for_update(of=("self",))[:1]), None)
    if status is None:
        raise ValidationError("That question is not part of this assessment.")
    if status == AssessmentStatus.SUBMITTED:
        raise AssessmentSubmitted("This assessment has been submitted and can no longer change.")


def create_programme(*, organisation, name, description="", created_by=None) -> Programme:
    return Programme.objects.create(
        organisation=organisation, name=name, description=description, created_by=created_by
    )


@transaction.atomic
def create_assessment(*, programme, title, date=None, frameworks, created_by=None) -> Assessment:
    frameworks = list(frameworks)
    if not frameworks:
        raise ValidationError("Choose at least one rubric.")
    if any(f.status != FrameworkStatus.PUBLISHED for f in frameworks):
        raise ValidationError("Only published rubric versions can be used.")
    assessment = Assessment(programme=programme, title=title, created_by=created_by)
    if date:
        assessment.date = date
    assessment.save()
    assessment.frameworks.set(frameworks)
    return assessment


def join_as_member(*, assessment, user, perspective) -> Participant:
    """The member's own participant record for this assessment (made on first scoring)."""
    participant, created = Participant.objects.get_or_create(
        assessment=assessment,
        user=user,
        defaults={
            "name": user.get_full_name() or user.get_username(),
            "email": user.email,
            "perspective": perspective,
        },
    )
    if not created and participant.perspective != perspective:
        participant.perspective = perspective
        participant.save(update_fields=["perspective"])
    return participant


def _new_invitation(participant) -> str:
    token, token_hash = new_token()
    Invitation.objects.create(
        participant=participant, token_hash=token_hash, expires_at=invitation_expiry()
    )
    return token


def send_invitation(*, participant, link, invited_by) -> bool:
    """Email the link. False (and logged) if the mail server refuses: the participant is kept,
    and the facilitator can send a new link."""
    context = {
        "participant": participant,
        "assessment": participant.assessment,
        "link": link,
        "invited_by": invited_by,
        "days": settings.INVITATION_DAYS,
    }
    # A header cannot hold a line break; a programme name is one line anyway.
    subject = " ".join(f"Help score {participant.assessment.programme.name}".split())
    try:
        send_mail(
            subject=subject,
            message=render_to_string("assessments/email/invitation.txt", context),
            from_email=None,
            recipient_list=[participant.email],
        )
    except (OSError, smtplib.SMTPException, BadHeaderError):
        logger.exception("Invitation email to participant %s failed", participant.pk)
        return False
    return True


def invite_participant(
    *, assessment, name, email, perspective, invited_by, build_link
) -> tuple[Participant, bool]:
    """Create a guest participant, then email them a single-use, expiring link.

    Returns (participant, sent). The participant is stored before the email is tried, so a
    mail failure never loses them nor, on a retry, makes a second one.
    `build_link(token)` turns a token into an absolute URL (views know the host).
    """
    with transaction.atomic():
        _ensure_open(assessment.pk)
        participant = Participant.objects.create(
            assessment=assessment, name=name, email=email, perspective=perspective
        )
        token = _new_invitation(participant)
    sent = send_invitation(participant=participant, link=build_link(token), invited_by=invited_by)
    return participant, sent


def resend_invitation(*, participant, invited_by, build_link) -> bool:
    """A fresh link; older unused links stop working. Saved scores are kept."""
    with transaction.atomic():
        _ensure_open(participant.assessment_id)
        participant.invitations.filter(used_at__isnull=True).update(expires_at=timezone.now())
        token = _new_invitation(participant)
    return send_invitation(participant=participant, link=build_link(token), invited_by=invited_by)


def check_invitation(*, token: str, lock=False) -> Invitation:
    """The invitation behind a link, or InvitationError saying plainly what is wrong."""
    invitations = Invitation.objects.select_related(
        "participant__assessment__programme__organisation"
    )
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=hash_token(token or "")).first()
    if invitation is None:
        raise InvitationError("This link is not recognised. Check you copied all of it.")
    if invitation.used_at is not None:
        raise InvitationError("This link has already been used.")
    if invitation.expires_at <= timezone.now():
        raise InvitationError("This link has expired.")
    return invitation


@transaction.atomic
def redeem_invitation(*, token: str, name: str | None = None) -> Participant:
    """Use up the link (once only) and return its participant, renamed to `name` if they
    corrected it on the welcome page."""
    invitation = check_invitation(token=token, lock=True)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    participant = invitation.participant
    if name and name != participant.name:
        participant.name = name
        participant.save(update_fields=["name"])
    return participant


def _check_level(criterion: Criterion, answer: str, level: Level | None):
    if answer not in Answer.values:
        raise ValidationError("Choose one of the answers.")
    if answer == Answer.LEVEL:
        if level is None or level.framework_id != criterion.framework_id:
            raise ValidationError("Choose one of the levels shown.")
    elif level is not None:
        raise ValidationError("A level cannot go with that answer.")


def _again_after_insert_race(save):
    """Two first saves of one score at once (under a shared lock both may try to insert):
    the unique key refuses the second and its transaction is rolled back whole. Run it
    again: the row now exists, so the version check answers it (Conflict, or saved if it
    is exactly the same answer)."""

    @functools.wraps(save)
    def again(**kwargs):
        try:
            return save(**kwargs)
        except IntegrityError:
            return save(**kwargs)

    return again


@_again_after_insert_race
@transaction.atomic
def save_score(
    *,
    participant,
    criterion,
    answer,
    level=None,
    evidence="",
    links="",
    confidence="",
    expected_version: int,
    sitting: str | None = None,
    recorded_by=None,
) -> Score:
    """Save one participant's answer. `expected_version` is the version the form was shown
    (0 when there was no score yet); a mismatch raises Conflict and stores nothing.

    History: `sitting` (history.sitting_key) marks an autosave, which updates its sitting's
    history row; without it this is an explicit save, a row of its own. `recorded_by` is
    the facilitator entering the answer on the participant's behalf, if one is; a
    participant's own save clears it (the answer is then theirs)."""
    _ensure_open(participant.assessment_id, framework_id=criterion.framework_id, share=True)
    _check_level(criterion, answer, level)
    level = level if answer == Answer.LEVEL else None
    answered = {"answer": answer, "evidence": evidence, "links": links, "confidence": confidence}
    who = recorded_by or participant.user_id  # a guest's history is theirs by participant
    created = False
    try:
        with history.attributed(user=who, recorded_by=recorded_by, sitting=sitting):
            score = save_versioned(
                Score.objects.filter(participant=participant, criterion=criterion),
                expected_version=expected_version,
                create={"participant": participant, "criterion": criterion},
                read_first=True,  # a race on the insert is run again (see above)
                fields={
                    **answered,
                    "level": level,
                    "updated_at": timezone.now(),
                    "recorded_by": recorded_by,
                },
            )
        created = expected_version == 0  # else Conflict: a first save only ever inserts
    except Conflict as error:
        stored = error.current
        same = stored is not None and stored.level_id == (level.pk if level else None)
        if not (same and all(getattr(stored, k) == v for k, v in answered.items())):
            raise
        # Exactly this answer is stored: a retry of a save whose reply was lost (autosave.js
        # sends again after a failure), or the same answer from another window. Saved.
        score = stored
    if sitting is None and not created:  # a score made just now has no sitting yet
        history.close_sittings(score)
    if participant.last_criterion_id != criterion.pk:  # autosaves repeat the same question
        Participant.objects.filter(pk=participant.pk).update(last_criterion=criterion)
        participant.last_criterion = criterion
    return score


@transaction.atomic
def record_consensus(
    *,
    assessment,
    criterion,
    answer,
    level=None,
    target_level=None,
    reason,
    user,
    expected_version: int,
) -> Consensus:
    """Record the agreed level. The version check means a second facilitator saving at the
    same moment is told, and shown both values, instead of silently overwriting."""
    _ensure_open(assessment.pk)
    if not assessment.frameworks.filter(pk=criterion.framework_id).exists():
        raise ValidationError("That question is not part of this assessment.")
    _check_level(criterion, answer, level)
    if target_level is not None and target_level.framework_id != criterion.framework_id:
        raise ValidationError("Choose one of the levels shown as the target.")
    with history.attributed(user=user):
        return save_versioned(
            Consensus.objects.filter(assessment=assessment, criterion=criterion),
            expected_version=expected_version,
            create={"assessment": assessment, "criterion": criterion},
            fields={
                "answer": answer,
                "level": level if answer == Answer.LEVEL else None,
                "target_level": target_level,
                "reason": reason,
                "updated_by": user,
                "updated_at": timezone.now(),
            },
        )


@transaction.atomic
def submit_assessment(*, assessment, user) -> Assessment:
    _ensure_open(assessment.pk)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    assessment_submitted.send(sender=Assessment, assessment=assessment, user=user)
    return assessment


def published_frameworks():
    """The newest published version of each rubric: what a new assessment pins by default."""
    return Framework.objects.latest_published()


@transaction.atomic
def anonymise_participant(*, participant) -> Participant:
    """On request: their name and email go, everywhere, for good; what they scored and
    wrote stays (the evidence is the programme's). Their unused links stop working, and
    their account (if any) is no longer tied to this assessment. Allowed after submission:
    a request to be forgotten does not wait for the assessment to be open."""
    current = Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if current is None:
        raise ValidationError("This participant is no longer part of the assessment.")
    if current.anonymised_at is not None:
        return current
    current.name = f"Participant {current.number}"
    current.email = ""
    current.named = False
    current.user = None
    current.anonymised_at = timezone.now()
    current.save(update_fields=["name", "email", "named", "user", "anonymised_at"])
    Invitation.objects.filter(participant=current).delete()
    return current


@transaction.atomic
def set_named(*, participant, named: bool) -> Participant:
    """Record whether the participant agreed to be named outside the facilitators."""
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    if current.anonymised_at is not None and named:
        raise ValidationError("This participant asked to be anonymised, so has no name to show.")
    current.named = named
    current.save(update_fields=["named"])
    return current
