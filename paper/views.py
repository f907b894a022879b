"""A facilitator prints the large-print paper form and types in the ones that come back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify

from assessments.access import FACILITATE, get_assessment_access
from assessments.models import Perspective
from assessments.names import participant_label
from reports.pdf import html_to_pdf

from .forms import PaperEntryForm
from .questions import questions_for
from .services import enter_paper_form


@login_required
def paper_form_pdf(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    html = render_to_string(
        "paper/form.html",
        {
            "assessment": assessment,
            "questions": questions_for(assessment),
            "perspectives": Perspective.choices,
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = slugify(f"{assessment.programme.name} paper form")[:80] or "paper-form"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def paper_entry(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    assessment = access.assessment
    questions = questions_for(assessment, texts=False)
    form = PaperEntryForm(request.POST or None, questions=questions)
    if request.method == "POST" and not assessment.is_submitted and form.is_valid():
        try:
            participant = enter_paper_form(
                assessment=assessment,
                name=form.cleaned_data["name"],
                perspective=form.cleaned_data["perspective"],
                answers=form.answers(),
                entered_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"The paper form is entered as "
                f"{participant_label(participant, can_see_names=False)} "
                f"({len(form.answers())} answers).",
            )
            return redirect("assessment_detail", pk)
    return render(
        request,
        "paper/entry.html",
        {"assessment": assessment, "form": form, "questions": questions},
    )
