"""Fresh invitation links for people coming back: one they ask for by email from the "link
does not work" page, and one a facilitator makes to send by text message.

Either way older unused links stop working (one live link per person, as
services.resend_invitation does), and nothing the person saved is touched.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib

from django.conf import settings
from django.core.cache import cache
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import AssessmentStatus, Participant
from .services import _ensure_open, _new_invitation

logger = logging.getLogger(__name__)

# Asking for a link by email: at most this many tries an hour per participant and per
# address typed. Every try counts, whether or not it sent anything, so the answer never
# depends on whether the address matched. Django's cache holds the counts (a try leaves
# nothing worth a table); with the default per-process cache each server process counts on
# its own, so set CACHES to a shared cache (database or Redis) to make the limit exact.
FRESH_LINK_TRIES = 3
FRESH_LINK_WINDOW = 60 * 60


def _key(kind: str, value: str) -> str:
    return "fresh-link:" + hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _count_try(key: str) -> int:
    if cache.add(key, 1, FRESH_LINK_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FRESH_LINK_WINDOW)
        return 1


def too_many_tries(*, participant_id: int | None, email: str) -> bool:
    """Count this try; True if the participant's or the address's tries are used up."""
    counts = [_count_try(_key("address", email.strip().lower()))]
    if participant_id is not None:
        counts.append(_count_try(_key("participant", str(participant_id))))
    return max(counts) > FRESH_LINK_TRIES


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
