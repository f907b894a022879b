"""Downloads of an assessment's results, and importing a results file. Anyone who may read
the results downloads them (names only for the organisation's facilitators); only a
facilitator of the file's organisation may import it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from assessments.access import FACILITATE, READ, get_assessment_access

from .checking import MAX_BYTES
from .files import base_name, export_file
from .forms import ImportForm
from .history import history_csv
from .importing import ImportRefused, import_results


@login_required
def download(request, pk, fmt):
    access = get_assessment_access(request, pk, need=READ)
    content, content_type, filename = export_file(
        access.assessment, fmt, can_see_names=access.can_facilitate
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def history(request, pk):
    """The audit history as CSV: facilitators only (others get 404, as for any page)."""
    access = get_assessment_access(request, pk, need=FACILITATE)
    content = history_csv(access.assessment, can_see_names=True)
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"{base_name(access.assessment)}-history.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def import_file(request):
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        try:
            raw = form.cleaned_data["file"].read(MAX_BYTES + 1)  # enough to tell it is too large
            assessment = import_results(raw=raw, user=request.user)
        except ImportRefused as refused:
            problems = refused.problems
            form.add_error("file", "The file was not imported: nothing in it was saved")
        else:
            messages.success(request, f"Imported “{assessment.title}”.")
            return redirect(assessment)
    return render(request, "exports/import.html", {"form": form, "problems": problems})
