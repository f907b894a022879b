"""Starting a new round of a programme's assessment from the last one (issue 12)."""

from __future__ import annotations

import logging
import smtplib

from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.template.loader import render_to_string

from .models import Assessment, AssessmentStatus, Participant
from .services import _new_invitation, create_assessment, send_invitation

logger = logging.getLogger(__name__)


ROUND_STILL_OPEN = (
    "The last round is still in progress. Submit it before starting a new round, so each "
    "round's levels stay as they were agreed."
)


def start_round(
    *, previous, title, date=None, frameworks, created_by, build_link, member_link
) -> tuple[Assessment, int, list[Participant]]:
    """A new round of `previous`'s programme, started from it: its people are invited again
    (each chooses whether to take part). Returns (assessment, emails sent, people whose email
    failed). Guests get a fresh participant record and link; members get an email with
    `member_link(assessment)`, and become participants only if they start scoring.

    Nothing of last time's answers is copied: people score afresh, without anchoring."""
    with transaction.atomic():
        status = (
            Assessment.objects.select_for_update()
            .filter(pk=previous.pk)
            .values_list("status", flat=True)
            .get()
        )
        if status != AssessmentStatus.SUBMITTED:
            raise ValidationError(ROUND_STILL_OPEN, code="round_open")
        assessment = create_assessment(
            programme=previous.programme,
            title=title,
            date=date,
            frameworks=frameworks,
            created_by=created_by,
        )
        assessment.previous = previous
        assessment.save(update_fields=["previous"])
        guests, members = [], []
        for p in Participant.objects.filter(assessment=previous).select_related("user"):
            if p.user_id:
                members.append(p.user)
            elif p.email:
                guest = Participant.objects.create(
                    assessment=assessment, name=p.name, email=p.email, perspective=p.perspective
                )
                guests.append((guest, _new_invitation(guest)))
    sent, failed = 0, []
    for guest, token in guests:
        ok = send_invitation(participant=guest, link=build_link(token), invited_by=created_by)
        sent, failed = sent + ok, failed if ok else [*failed, guest]
    for user in members:
        link = member_link(assessment)
        if user.email and _send_round_notice(user, assessment, link, created_by):
            sent += 1
    return assessment, sent, failed


def _send_round_notice(user, assessment, link, invited_by) -> bool:
    context = {"user": user, "assessment": assessment, "link": link, "invited_by": invited_by}
    try:
        send_mail(
            subject=" ".join(f"A new round: help score {assessment.programme.name}".split()),
            message=render_to_string("assessments/email/new_round.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except (OSError, smtplib.SMTPException, BadHeaderError):
        logger.exception("New round email to user %s failed", user.pk)
        return False
    return True
