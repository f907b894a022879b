"""Fresh invitation links for people coming back: one they ask for by email from the "link
does not work" page, and one a facilitator makes to send by text message.

Either way older unused links stop working (one live link per person, as
services.resend_invitation does), and nothing the person saved is touched.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AssessmentStatus, FreshLinkTry, Participant
from .services import _ensure_open, _new_invitation

logger = logging.getLogger(__name__)

# Asking for a link by email: at most this many tries an hour per participant and per
# address typed. Every try counts, whether or not it sent anything, so the answer never
# depends on whether the address matched. The tries are rows in the database, not in
# Django's cache: that is per process (LocMemCache), so each gunicorn worker would allow
# its own three.
FRESH_LINK_TRIES = 3
FRESH_LINK_WINDOW = timedelta(hours=1)


def _address_hash(email: str) -> str:
    # Keyed, so a leaked table cannot be checked against a list of known addresses.
    address = email.strip().lower()
    return salted_hmac("coprod.fresh-link-try", address, algorithm="sha256").hexdigest()


def too_many_tries(*, participant_id: int | None, email: str) -> bool:
    """Count this try; True if the participant's or the address's tries in the last hour
    (this one included) are more than FRESH_LINK_TRIES.

    Three statements, deliberately not in one transaction: the try is committed before
    counting, so of several tries at once the last to be stored sees all of them and the
    limit is never exceeded (at worst a try is refused that a strict queue would allow)."""
    now = timezone.now()
    since = now - FRESH_LINK_WINDOW
    address = _address_hash(email)
    FreshLinkTry.objects.filter(created_at__lt=since).delete()  # forget old tries
    FreshLinkTry.objects.create(address_hash=address, participant_pk=participant_id, created_at=now)
    counted = {"address": Q(address_hash=address)}
    if participant_id is not None:
        counted["participant"] = Q(participant_pk=participant_id)
    mine = Q(*counted.values(), _connector=Q.OR)
    counts = FreshLinkTry.objects.filter(mine, created_at__gte=since).aggregate(
        **{what: Count("pk", filter=which) for what, which in counted.items()}
    )
    return max(counts.values()) > FRESH_LINK_TRIES


def email_fresh_link(*, participant_id: int | None, email: str, build_link) -> bool:
    """Email a fresh link if `email` is the address on file for that guest and their
    assessment is still open. Returns whether one was sent; the page says the same either
    way, so the answer reveals nothing about whose address it is."""
    participant = (
        Participant.objects.select_related("assessment__programme__organisation")
        .filter(
            pk=participant_id,
            user__isnull=True,
            anonymised_at__isnull=True,
            assessment__status=AssessmentStatus.IN_PROGRESS,
        )
        .first()
        if participant_id is not None
        else None
    )
    if participant is None or participant.email.strip().lower() != email.strip().lower():
        return False
    token = fresh_link(participant=participant)
    context = {
        "participant": participant,
        "assessment": participant.assessment,
        "link": build_link(token),
        "days": settings.INVITATION_DAYS,
    }
    subject = " ".join(f"Your new link to score {participant.assessment.programme.name}".split())
    try:
        send_mail(
            subject=subject,
            message=render_to_string("assessments/email/fresh_link.txt", context),
            from_email=None,
            recipient_list=[participant.email],
        )
    except (OSError, smtplib.SMTPException, BadHeaderError):
        logger.exception("Fresh link email to participant %s failed", participant.pk)
        return False
    return True


def fresh_link(*, participant) -> str:
    """A new single-use link for the participant (its token); their older unused links stop
    working, so a link sent by text message is the only live one."""
    with transaction.atomic():
        _ensure_open(participant.assessment_id)
        participant.invitations.filter(used_at__isnull=True).update(expires_at=timezone.now())
        return _new_invitation(participant)


def participant_behind(token: str) -> int | None:
    """The participant id behind any link ever made (used or expired too), else None."""
    from .models import Invitation
    from .services import hash_token

    found = Invitation.objects.filter(token_hash=hash_token(token or ""))
    return found.values_list("participant_id", flat=True).first()
