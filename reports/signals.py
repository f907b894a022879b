"""Two jobs: a ready report version never changes, and versions are cut when the report's
story changes (submission, sharing for review, sign-off).

The guard works as ladder/signals.py's: ``pre_save`` and ``pre_delete`` read the stored row,
so a version being marked ready (stored as "rendering") is allowed and anything after is
refused, raw saves (loaddata) included. ``QuerySet.update()`` sends no signal; it is for
code, never for users (and nothing here uses it on a version).
"""

from django.db.models.signals import pre_delete, pre_save

from assessments.events import assessment_submitted
from reviews.events import review_shared, review_signed_off

from .models import FrozenVersionError, ReportVersion, VersionReason, VersionStatus


def connect():
    pre_save.connect(refuse_change, sender=ReportVersion, dispatch_uid="reports-frozen-save")
    pre_delete.connect(refuse_delete, sender=ReportVersion, dispatch_uid="reports-frozen-delete")
    assessment_submitted.connect(on_submitted, dispatch_uid="reports-cut-submitted")
    review_shared.connect(on_shared, dispatch_uid="reports-cut-shared")
    review_signed_off.connect(on_signed_off, dispatch_uid="reports-cut-signed-off")


def _stored_ready(instance, using):
    return (
        instance.pk is not None
        and ReportVersion.objects.using(using)
        .filter(pk=instance.pk, status=VersionStatus.READY)
        .exists()
    )


def refuse_change(sender, instance, using, **kwargs):
    if _stored_ready(instance, using):
        raise FrozenVersionError(
            f"Report version {instance.number} is stored and never changes; cut a new version."
        )


def refuse_delete(sender, instance, using, **kwargs):
    if _stored_ready(instance, using):
        raise FrozenVersionError(
            f"Report version {instance.number} is stored and cannot be deleted."
        )


def on_submitted(sender, assessment, user=None, **kwargs):
    from .versions import cut_version

    cut_version(assessment=assessment, reason=VersionReason.SUBMITTED, by=user)


def on_shared(sender, review, by=None, **kwargs):
    from .versions import cut_version

    cut_version(assessment=review.assessment, reason=VersionReason.SHARED, by=by)


def on_signed_off(sender, review, by=None, **kwargs):
    from .versions import cut_version

    return cut_version(
        assessment=review.assessment, reason=VersionReason.SIGNED_OFF, by=by
    ).content_hash
