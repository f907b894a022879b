"""Audit history of scores, agreed levels and actions (django-simple-history), attributed.

Who: `history_user` is the person at the keyboard (the participant's account, the facilitator
recording on someone's behalf, or, for actions, whoever is signed in); guests have no
account, so a score's history also keeps its `participant`, which is the score's own field.
`recorded_by` is set only when a facilitator recorded it on the participant's behalf.

Autosaves: the scoring page saves as people type. Keeping each of those would bury the
answers people chose under half-typed ones, so an autosave *updates* the history row of its
sitting instead of adding one: a sitting is one browser session on one question on one day,
until an explicit save (which adds its own row and closes the sitting). The row's `sitting`
key is unique, so the autosave is one INSERT ... ON CONFLICT DO UPDATE (one query, on SQLite
and PostgreSQL alike) with no read first: the autosave POST stays within its query budget.
Writing history only when a sitting ends was the other choice; but a sitting often ends by
closing the tab, which the server never hears of, and that last autosave would be lost.
"""

from __future__ import annotations

import contextlib
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from simple_history.signals import pre_create_historical_record


@dataclass(frozen=True)
class _Attribution:
    user_id: int | None = None
    recorded_by_id: int | None = None
    sitting: str | None = None


_current: ContextVar[_Attribution | None] = ContextVar("history_attribution", default=None)


@contextlib.contextmanager
def attributed(*, user=None, recorded_by=None, sitting: str | None = None):
    """History written inside is by `user` (else whoever is signed in, via the middleware),
    recorded on their behalf by `recorded_by`, and, with `sitting`, an autosave of it."""
    token = _current.set(
        _Attribution(
            user_id=getattr(user, "pk", user),
            recorded_by_id=getattr(recorded_by, "pk", recorded_by),
            sitting=sitting,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


def sitting_key(*, session_key: str, participant_id: int, criterion_id: int, day) -> str:
    """The autosave key of one sitting. Hashed: a session key is a credential."""
    raw = f"{session_key}:{participant_id}:{criterion_id}:{day.isoformat()}"
    return hashlib.sha256(raw.encode()).hexdigest()


class Attributed(models.Model):
    """Fields every history row here adds to simple-history's own."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The facilitator who recorded this on the participant's behalf, if one did.",
    )

    class Meta:
        abstract = True


class AttributedScore(Attributed):
    """A score's history row, which may be the last autosave of a sitting."""

    autosaved = models.BooleanField(
        default=False, help_text="The last autosave of a sitting, not an explicit save."
    )
    sitting = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.sitting and self._state.adding:
            # Same sitting: replace that row's values (and time), keeping its place and its
            # history_type ("+" if the sitting created the score).
            kept = {"history_id", "sitting", "history_type"}
            fields = [f.name for f in self._meta.concrete_fields if f.name not in kept]
            type(self).objects.bulk_create(
                [self], update_conflicts=True, unique_fields=["sitting"], update_fields=fields
            )
            return
        super().save(*args, **kwargs)


def close_sittings(score) -> int:
    """An explicit save ends the sittings on this score: later autosaves start a new row."""
    return type(score).history.filter(id=score.pk, sitting__isnull=False).update(sitting=None)


def _attribute(sender, history_instance, **kwargs):
    current = _current.get()
    if current is None:
        return
    if current.user_id is not None:
        history_instance.history_user_id = current.user_id
    if isinstance(history_instance, Attributed):
        history_instance.recorded_by_id = current.recorded_by_id
    if isinstance(history_instance, AttributedScore):
        history_instance.sitting = current.sitting
        history_instance.autosaved = current.sitting is not None


pre_create_historical_record.connect(_attribute, dispatch_uid="coprod_history_attribution")
