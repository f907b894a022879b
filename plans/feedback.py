"""\"You said, we did\": the public feedback page of a programme, its writes and what it shows.

Writes are keyword-only, atomic, and raise ValidationError. The public page shows only what a
facilitator wrote or chose: themes in their words, what was done and what changed (from the
action plan's done actions), what comes next. Never a participant's name, email or evidence
as typed, nor an action's owner (often a person's name).
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models import Participant, Score

from .models import Action, ActionStatus, FeedbackPage, Theme

logger = logging.getLogger(__name__)


def new_token() -> str:
    """256 random bits: the address cannot be guessed."""
    return secrets.token_urlsafe(32)


def evidence_of(programme):
    """The evidence people typed in any round of the programme: what themes are drawn from."""
    return (
        Score.objects.filter(participant__assessment__programme=programme)
        .exclude(evidence="")
        .select_related("participant__assessment", "criterion")
        .order_by("-participant__assessment__date", "criterion__order", "pk")
    )


@transaction.atomic
def save_feedback_page(*, programme, introduction="", next_steps="") -> FeedbackPage:
    page, _ = FeedbackPage.objects.select_for_update().get_or_create(
        programme=programme, defaults={"token": new_token()}
    )
    page.introduction = introduction.strip()
    page.next_steps = next_steps.strip()
    page.updated_at = timezone.now()
    page.save()
    return page


@transaction.atomic
def set_published(*, programme, published: bool) -> FeedbackPage:
    """Publish (the link starts working) or unpublish (it answers 404 at once)."""
    page, _ = FeedbackPage.objects.select_for_update().get_or_create(
        programme=programme, defaults={"token": new_token()}
    )
    if published and not page.themes.exists() and not _done_actions(programme).exists():
        raise ValidationError(
            "Add at least one theme, or mark an action as done, before publishing: "
            "the page would have nothing to tell people.",
            code="empty",
        )
    page.published_at = (page.published_at or timezone.now()) if published else None
    page.save(update_fields=["published_at"])
    return page


@transaction.atomic
def save_theme(*, page, title, summary, evidence=(), theme=None) -> Theme:
    evidence = list(evidence)
    allowed = set(evidence_of(page.programme).values_list("pk", flat=True))
    if any(score.pk not in allowed for score in evidence):
        raise ValidationError("Choose evidence from this programme's rounds.", code="evidence")
    if not title.strip() or not summary.strip():
        raise ValidationError("Enter a title and what people told us.", code="required")
    if theme is None:
        theme = Theme(page=page, order=page.themes.count() + 1)
    elif theme.page_id != page.pk:
        raise ValidationError("That theme is not on this page.", code="page")
    theme.title, theme.summary = title.strip(), summary.strip()
    theme.save()
    theme.evidence.set(evidence)
    return theme


@transaction.atomic
def remove_theme(*, theme) -> None:
    theme.delete()


def _done_actions(programme):
    return Action.objects.filter(
        assessment__programme=programme, status=ActionStatus.DONE
    ).select_related("criterion")


@dataclass(frozen=True)
class Done:
    """One thing done, as the public page says it (no owner: often a person's name)."""

    about: str
    what: str
    changed: str
    on: object


@dataclass
class Feedback:
    page: FeedbackPage
    themes: list[Theme]
    done: list[Done]
    next: list[str]

    @property
    def programme(self):
        return self.page.programme


def feedback(page: FeedbackPage) -> Feedback:
    """What the page shows (also before it is first saved): three queries."""
    actions = list(
        Action.objects.filter(assessment__programme_id=page.programme_id).select_related(
            "criterion", "assessment"
        )
    )
    # What comes next is the latest round's open actions: an earlier round's unfinished ones
    # were either carried into it or overtaken by it, and listing every round's would bury them.
    latest = max((a.assessment for a in actions), key=lambda x: (x.date, x.pk), default=None)
    done, next_steps = [], []
    for a in actions:
        if a.status == ActionStatus.DONE:
            done.append(Done(a.criterion.title, a.done_what or a.what, a.outcome, a.done_on))
        elif a.assessment_id == latest.pk:
            next_steps.append(a.what)
    done.sort(key=lambda d: (d.on is None, d.on), reverse=False)
    themes = list(page.themes.all()) if page.pk else []  # not saved yet: no themes
    return Feedback(page=page, themes=themes, done=done, next=next_steps)


def published_page(token: str) -> FeedbackPage | None:
    return (
        FeedbackPage.objects.select_related("programme__organisation")
        .filter(token=token, published_at__isnull=False)
        .first()
    )


def recipients(programme) -> list[str]:
    """Every distinct email address of the people who took part in any round."""
    found = []
    rows = Participant.objects.filter(assessment__programme=programme).values_list(
        "email", "user__email"
    )
    for email, user_email in rows:
        for address in (email, user_email):
            if address and address.lower() not in {f.lower() for f in found}:
                found.append(address)
    return found


def send_feedback_link(*, programme, link) -> tuple[int, int]:
    """Email the published page's link to everyone who took part and has an address, one
    message each (nobody sees another's address). Returns (sent, failed)."""
    page = FeedbackPage.objects.filter(programme=programme, published_at__isnull=False).first()
    if page is None:
        raise ValidationError("Publish the page before sending its link.", code="unpublished")
    body = render_to_string("plans/email/feedback_link.txt", {"programme": programme, "link": link})
    subject = " ".join(f"What happened after you helped score {programme.name}".split())
    sent = failed = 0
    for address in recipients(programme):
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])
        except (OSError, smtplib.SMTPException, BadHeaderError):
            logger.exception("Feedback link email failed")
            failed += 1
        else:
            sent += 1
    return sent, failed
