"""Stored report versions: ask for one, try a failed render again, download one.

Downloads go through the same gate as the report (assessments.access, need=REPORT): the
organisation's members and the assessment's review panel; anyone else gets 404. The bytes
come from the database as stored; nothing is rendered here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.access import FACILITATE, REPORT, get_assessment_access
from reviews.models import Review

from . import versions
from .models import ReportVersion, VersionStatus
from .pdf import pdf_filename


def _versions_url(assessment):
    return reverse("report", args=[assessment.pk]) + "#versions"


@login_required
@require_POST
def request_version(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    version, cut = versions.request_version(assessment=access.assessment, by=request.user)
    if cut:
        messages.success(request, f"Version {version.number} is being made.")
    else:
        messages.info(request, f"Nothing has changed since version {version.number}.")
    return redirect(_versions_url(access.assessment))


@login_required
@require_POST
def retry_version(request, pk, number):
    access = get_assessment_access(request, pk, need=FACILITATE)
    version = get_object_or_404(
        ReportVersion.objects.defer("html", "pdf"), assessment=access.assessment, number=number
    )
    if versions.retry_version(version=version).status == VersionStatus.QUEUED:
        messages.info(request, f"Trying version {version.number} again.")
    return redirect(_versions_url(access.assessment))


def _pdf_response(assessment, version):
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    name = pdf_filename(assessment).removesuffix(".pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-v{version.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download_version(request, pk, number):
    access = get_assessment_access(request, pk, need=REPORT)
    version = get_object_or_404(
        ReportVersion.objects.defer("html"),
        assessment=access.assessment,
        number=number,
        status=VersionStatus.READY,
    )
    return _pdf_response(access.assessment, version)


@login_required
def signed_version(request, pk):
    """The version the panel signed: the one whose content hash the sign-off recorded."""
    access = get_assessment_access(request, pk, need=REPORT)
    review = Review.objects.filter(assessment=access.assessment).exclude(report_hash="").first()
    if review is None or not review.is_signed_off:
        raise Http404("Not signed off")
    version = (
        ReportVersion.objects.defer("html")
        .filter(assessment=access.assessment, content_hash=review.report_hash)
        .order_by("number")
        .first()
    )
    if version is None:
        raise Http404("No stored version")
    if not version.is_ready:  # still rendering: the report page shows its progress
        return redirect(_versions_url(access.assessment))
    return _pdf_response(access.assessment, version)
