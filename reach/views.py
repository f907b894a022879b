"""Who was involved: members and the invited read it; the assessment's facilitators change
it. Thin: access through assessments.access, writes through reach.services, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from assessments.access import (
    FACILITATE,
    REPORT,
    SCORE,
    get_assessment_access,
    login_or_guest_required,
)

from . import services
from .forms import OWN_BLANKS, PopulationFileForm, ReachForm
from .loading import representation_of
from .models import Reach, ReachGroup
from .upload import template_csv


def _reader(request, pk):
    """Anyone who may see the report, or a guest scoring this assessment (the principle
    about excluded groups points them here)."""
    try:
        return get_assessment_access(request, pk, need=REPORT)
    except Http404:
        return get_assessment_access(request, pk, need=SCORE)


@login_or_guest_required
def reach_detail(request, pk):
    access = _reader(request, pk)
    context = {
        "assessment": access.assessment,
        "rep": representation_of(access.assessment),
        "can_facilitate": access.can_facilitate,
        "is_guest": access.guest is not None,  # their way back is their questions
        "is_panel": access.panel is not None,  # theirs is the review
    }
    return render(request, "reach/detail.html", context)


@login_required
def reach_edit(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    if request.method == "POST":
        # As many rows of the team's own groups as the page that was posted had.
        own = sum(key.startswith("label_own") for key in request.POST) - OWN_BLANKS
        form = ReachForm(request.POST, own_groups=max(own, 0))
    else:
        reach = Reach.objects.filter(assessment=assessment).first()
        groups = list(ReachGroup.objects.filter(assessment=assessment))
        initial, own = ReachForm.initial_from(reach, groups)
        form = ReachForm(initial=initial, own_groups=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reach(
                assessment=assessment,
                by=request.user,
                people_reached=form.cleaned_data["people_reached"],
                population_source=form.cleaned_data["population_source"],
                entries=form.entries(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Who was involved is saved.")
            return redirect("reach_detail", pk)
    return render(request, "reach/edit.html", {"assessment": assessment, "form": form})


@login_required
def reach_upload(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    form = PopulationFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_population(
                assessment=access.assessment,
                by=request.user,
                rows=form.rows,
                population_source=form.cleaned_data["population_source"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{saved} population share{'s' if saved != 1 else ''} saved from the file."
            )
            return redirect("reach_detail", pk)
    return render(request, "reach/upload.html", {"assessment": access.assessment, "form": form})


@login_required
def reach_template(request, pk):
    get_assessment_access(request, pk, need=FACILITATE)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="population-shares.csv"'
    return response
