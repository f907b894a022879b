"""Tries at "email me a fresh link", kept in the database so that every server process
(gunicorn starts several, each with its own in-memory cache) counts the same tries."""

from django.db import models
from django.utils import timezone


class FreshLinkTry(models.Model):
    """One press of "Email me a new link", whatever was typed. Rows older than the limit's
    window are deleted by the next try (services_links.too_many_tries)."""

    address_hash = models.CharField(
        max_length=64,
        help_text="A keyed hash of the address typed, lower-cased; never the address.",
    )
    # The participant behind the link that did not work, if any. A plain number, not a
    # foreign key: a try is forgotten within the hour and must never stop a participant
    # being removed.
    participant_pk = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["address_hash", "created_at"], name="fresh_try_address"),
            models.Index(fields=["participant_pk", "created_at"], name="fresh_try_participant"),
            models.Index(fields=["created_at"], name="fresh_try_created"),
        ]

    def __str__(self):
        return f"Fresh link try at {self.created_at:%Y-%m-%d %H:%M}"
