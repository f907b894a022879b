"""Starting a new round of an assessment. Thin: check access, call the service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from . import services, services_rounds
from .access import FACILITATE, get_assessment_access
from .forms import AssessmentForm
from .rubric_updates import rubric_updates


@login_required
def round_start(request, pk):
    previous = get_assessment_access(request, pk, need=FACILITATE).assessment
    newest = services.published_frameworks()
    # A new round asks the same questions as the last one did, in their newest versions.
    used = {f.slug for f in previous.frameworks.all()}
    form = AssessmentForm(
        request.POST or None,
        frameworks=newest,
        initial={
            "frameworks": [f.pk for f in newest if f.slug in used],
            "date": timezone.localdate(),
        },
        submit_label="Start the new round",
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment, sent, failed = services_rounds.start_round(
                previous=previous,
                created_by=request.user,
                build_link=lambda t: _absolute(request, "invitation", t),
                member_link=lambda a: _absolute(request, "score_start", a.pk),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_sent(request, sent, failed)
            return redirect(assessment)
    context = {
        "form": form,
        "previous": previous,
        "still_open": not previous.is_submitted,
        "updates": rubric_updates(previous.frameworks.all(), newest),
    }
    return render(request, "assessments/round_start.html", context)


def _absolute(request, name, arg):
    return request.build_absolute_uri(reverse(name, args=[arg]))


def _say_sent(request, sent, failed):
    messages.success(
        request,
        f"New round started. {sent} {'person was' if sent == 1 else 'people were'} "
        "invited to take part again.",
    )
    for guest in failed:
        messages.error(
            request,
            f"The email to {guest.name} could not be sent just now. "
            "Use “Send a new link” beside their name to try again.",
        )
