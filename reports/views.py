"""The report page and its PDF. Anyone who may read the assessment's results sees them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from assessments.access import REPORT, get_assessment_access

from . import versions
from .pdf import html_to_pdf, pdf_filename, render_html
from .report import build_report


@login_required
def report(request, pk):
    access = get_assessment_access(request, pk, need=REPORT)
    return render(
        request,
        "reports/report.html",
        {
            "assessment": access.assessment,
            "report": build_report(access.assessment),
            "can_facilitate": access.can_facilitate,
            "can_see_names": access.can_see_names,
            "can_see_review": access.can_facilitate or access.panel is not None,
            "is_panel": access.panel is not None,  # their way back is the review, not the ICB
            "versions": versions.for_page(access.assessment),
        },
    )


@login_required
def report_pdf(request, pk):
    access = get_assessment_access(request, pk, need=REPORT)
    pdf = html_to_pdf(render_html(access.assessment))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(access.assessment)}"'
    response["Cache-Control"] = "private, no-store"
    return response
