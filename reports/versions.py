"""Cutting, rendering and recovering stored report versions (reports.models.ReportVersion).

A version is cut inside the transaction of what caused it (submission, sharing, sign-off,
a facilitator's request): the report is built and its HTML fixed then, so the PDF shows the
report exactly as it was, however late the worker gets to it. The render task is enqueued
in the same transaction: django-tasks-db stores tasks as rows, so a rolled-back cut leaves
no task behind and a committed one always has its task.

The worker's steps (`start_render`, `store_render`, `render_failed`) each run in their own
short transaction holding the version's row lock. The PDF's bytes and "ready" are written in
one UPDATE, so a reader sees either no PDF or the whole one; a worker killed mid-render
leaves the row "rendering" with no bytes, and `recover_stuck` (run as the worker starts,
`recover_report_renders`) queues it again: django-tasks-db itself leaves a task whose
worker died RUNNING forever and never retries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from assessments.models import Assessment

from . import pdf
from .content import content_hash
from .models import ReportVersion, VersionReason, VersionStatus
from .report import build_report

QUEUED, RENDERING, READY, FAILED = (
    VersionStatus.QUEUED,
    VersionStatus.RENDERING,
    VersionStatus.READY,
    VersionStatus.FAILED,
)


def max_attempts() -> int:
    return getattr(settings, "REPORT_RENDER_ATTEMPTS", 3)


def _enqueue(version_id):
    from .tasks import render_report_version  # the task module imports this one

    render_report_version.enqueue(version_id)


@transaction.atomic
def cut_version(*, assessment, reason, by=None) -> ReportVersion:
    """A new version of the report as it stands, queued for rendering."""
    latest = _lock_and_latest(assessment)
    report = build_report(assessment, with_figures=False)
    return _cut(report, content_hash(report), latest, reason=reason, by=by)


@transaction.atomic
def request_version(*, assessment, by) -> tuple[ReportVersion, bool]:
    """A facilitator's version. If nothing changed since the last one (and it did not
    fail), that one is returned instead (False): versions are cut when the story changes."""
    latest = _lock_and_latest(assessment)
    report = build_report(assessment, with_figures=False)
    digest = content_hash(report)
    if latest is not None and latest.status != FAILED and latest.content_hash == digest:
        return latest, False
    return _cut(report, digest, latest, reason=VersionReason.REQUESTED, by=by), True


_LATEST_FIELDS = ("id", "number", "status", "content_hash")


def _lock_and_latest(assessment) -> ReportVersion | None:
    """Lock the assessment row (two cuts at once must not take the same number) and read
    what a cut needs of its latest version, in one query: the version's other fields load
    if asked for (deferred), which no cut does."""
    latest = ReportVersion.objects.filter(assessment=OuterRef("pk")).order_by("-number")
    row = (
        Assessment.objects.select_for_update(of=("self",))
        .filter(pk=assessment.pk)
        .annotate(**{f"v_{f}": Subquery(latest.values(f)[:1]) for f in _LATEST_FIELDS})
        .values(*(f"v_{f}" for f in _LATEST_FIELDS))
        .first()
    )
    if row is None or row["v_id"] is None:
        return None
    known = {f"{f}": row[f"v_{f}"] for f in _LATEST_FIELDS} | {"assessment_id": assessment.pk}
    # from_db takes the values in the model's field order; the others stay deferred.
    names = [f.attname for f in ReportVersion._meta.concrete_fields if f.attname in known]
    version = ReportVersion.from_db(ReportVersion.objects.db, names, [known[n] for n in names])
    version.assessment = assessment
    return version


def _cut(report, digest, latest, *, reason, by) -> ReportVersion:
    if report.review is not None and report.review.is_signed_off:
        # What the review records is this content hash; the PDF shows it beside the outcome.
        report.review.report_hash = digest
    version = ReportVersion(
        assessment=report.assessment,
        number=latest.number + 1 if latest else 1,
        reason=reason,
        state=report.state,
        content_hash=digest,
        requested_by=by,
    )
    when = timezone.localtime(version.created_at)
    footer = pdf.Footer(version.number, when, digest, report.state)
    version.html = pdf.render_html(report.assessment, report, footer=footer)
    version.save()
    _enqueue(version.pk)
    return version


@transaction.atomic
def retry_version(*, version) -> ReportVersion:
    """Try a failed (or stuck) render again, with a fresh set of attempts."""
    version = ReportVersion.objects.select_for_update().defer("pdf").get(pk=version.pk)
    if not version.can_retry:
        return version
    version.status, version.attempts, version.error = QUEUED, 0, ""
    version.save(update_fields=["status", "attempts", "error"])
    _enqueue(version.pk)
    return version


# --- the worker's steps (reports/tasks.py) -----------------------------------------------


@transaction.atomic
def start_render(version_id) -> ReportVersion | None:
    """Claim a queued version for rendering; None if there is nothing to do (it is ready,
    failed for good, or another worker is rendering it)."""
    version = ReportVersion.objects.select_for_update().defer("pdf").filter(pk=version_id).first()
    if version is None or version.status != QUEUED:
        return None
    version.status = RENDERING
    version.attempts += 1
    version.started_at = timezone.now()
    version.save(update_fields=["status", "attempts", "started_at"])
    return version


@transaction.atomic
def store_render(version_id, data: bytes) -> bool:
    """The bytes and "ready" in one write. False if another worker got there first."""
    version = ReportVersion.objects.select_for_update().defer("pdf").get(pk=version_id)
    if version.status == READY:
        return False
    version.pdf, version.size = data, len(data)
    version.status, version.error = READY, ""
    version.rendered_at = timezone.now()
    version.save(update_fields=["pdf", "size", "status", "error", "rendered_at"])
    return True


@transaction.atomic
def render_failed(version_id, error: BaseException) -> ReportVersion:
    """Queue another attempt, or after the last one mark the version failed."""
    version = ReportVersion.objects.select_for_update().defer("pdf").get(pk=version_id)
    if version.status == READY:
        return version
    version.error = f"{type(error).__name__}: {error}"[:2000]
    if version.attempts < max_attempts():
        version.status = QUEUED
        _enqueue(version.pk)
    else:
        version.status = FAILED
    version.save(update_fields=["status", "error"])
    return version


def recover_stuck(*, older_than: timedelta) -> list[ReportVersion]:
    """Versions left "rendering" by a worker that died, queued again (or failed, when their
    attempts are used up). `older_than` should exceed the longest render: a version that a
    live worker is still rendering is left alone."""
    cutoff = timezone.now() - older_than
    recovered = []
    with transaction.atomic():
        stuck = (
            ReportVersion.objects.select_for_update()
            .defer("html", "pdf")
            .filter(status=RENDERING, started_at__lte=cutoff)
        )
        for version in stuck:
            version.error = "The worker stopped while rendering this version."
            if version.attempts < max_attempts():
                version.status = QUEUED
                _enqueue(version.pk)
            else:
                version.status = FAILED
            version.save(update_fields=["status", "error"])
            recovered.append(version)
    return recovered


@dataclass
class VersionsPanel:
    """The report page's list of stored versions, newest first (one query)."""

    items: list[ReportVersion]

    @property
    def pending(self) -> bool:
        """Some version is still on its way: the page offers "check again"."""
        return any(v.status in (QUEUED, RENDERING) and not v.is_stuck for v in self.items)


def for_page(assessment) -> VersionsPanel:
    return VersionsPanel(
        list(ReportVersion.objects.filter(assessment=assessment).defer("html", "pdf"))
    )
