"""Stored report versions: the PDF as it was at submission, at sharing for review, at
sign-off, or when a facilitator asked for one. The only thing reports writes.

A version is cut in the request (its content fixed as HTML, with its number, state and
content hash) and rendered to PDF once by a worker (reports/tasks.py). Once ready it never
changes (reports/signals.py refuses a save or delete, as ladder/signals.py does for published
rubrics). The bytes live in the database, so the pg_dump backup holds them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import Assessment


class VersionReason(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    """Cut when the facilitator submitted the assessment."""
    SHARED = "shared", "Shared for review"
    """Cut when the assessment was shared with a senate panel: what the panel reads."""
    SIGNED_OFF = "signed_off", "Signed off"
    """Cut at the chair's sign-off: outcome, recommendations and responses; the review
    records this version's content hash."""
    REQUESTED = "requested", "Asked for"
    """A facilitator asked for a version from the report page."""


class VersionStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    """Waiting for a worker."""
    RENDERING = "rendering", "Rendering"
    """A worker is making the PDF."""
    READY = "ready", "Ready"
    """The PDF is stored and can be downloaded; it never changes again."""
    FAILED = "failed", "Failed"
    """Rendering failed every attempt; a facilitator can try again."""


class FrozenVersionError(Exception):
    """A ready report version was about to be changed or deleted."""


class ReportVersion(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="report_versions"
    )
    number = models.PositiveIntegerField(help_text="1, 2, 3 … per assessment.")
    reason = models.CharField(max_length=20, choices=VersionReason.choices)
    state = models.CharField(
        max_length=20, help_text="The report's state when cut: Draft, Submitted, Under review …"
    )
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the report's content (reports/content.py)."
    )
    html = models.TextField(help_text="The report as cut; the worker renders exactly this.")
    pdf = models.BinaryField(null=True, editable=False)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes of the PDF.")
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why the last attempt failed.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="one_report_version_number"
            ),
        ]

    def __str__(self):
        return f"Version {self.number} of {self.assessment_id}"

    @property
    def short_hash(self):
        return self.content_hash[:12]

    @property
    def is_ready(self):
        return self.status == VersionStatus.READY

    @property
    def is_stuck(self):
        """Rendering for longer than any render takes: its worker most likely died."""
        if self.status != VersionStatus.RENDERING or self.started_at is None:
            return False
        timeout = getattr(settings, "REPORT_RENDER_TIMEOUT", 300)
        return (timezone.now() - self.started_at).total_seconds() > timeout

    @property
    def can_retry(self):
        return self.status == VersionStatus.FAILED or self.is_stuck
