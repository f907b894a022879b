"""The report page and its PDF. Anyone who may read the assessment's results sees them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from assessments.access import REPORT, get_assessment_access
from assessments.results import Results

from . import versions
from .pdf import html_to_pdf, pdf_filename, render_html
from .report import build_report, framework_evidence


@login_required
def report(request, pk):
    access = get_assessment_access(request, pk, need=REPORT)
    return render(
        request,
        "reports/report.html",
        {
            "assessment": access.assessment,
            # The page shows no rubric descriptors: one query fewer (<= 12, issue 13).
            "report": build_report(access.assessment, with_descriptors=False),
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


@login_required
def report_evidence(request, pk, framework_pk):
    """One framework's evidence, every piece of it: the report page links here rather than
    carrying it all, so the page stays small however many people scored (issue 13)."""
    access = get_assessment_access(request, pk, need=REPORT)
    results = Results.load(access.assessment)
    found = next((f for f in results.frameworks if f.framework.pk == framework_pk), None)
    if found is None:
        raise Http404("No such framework in this assessment")
    return render(
        request,
        "reports/evidence.html",
        {
            "assessment": access.assessment,
            "framework": found.framework,
            "evidence": framework_evidence(found),
            "can_see_names": access.can_see_names,
        },
    )
