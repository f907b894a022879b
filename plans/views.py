"""The action plan pages. Thin: check FACILITATE access, call plans.services, render.

Everyone with READ access sees the plan on the report (reports app); only facilitators
come here. A submitted assessment still allows action-plan edits.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.access import FACILITATE, get_assessment_access
from assessments.results import Results
from assessments.versioning import Conflict

from . import services
from .forms import ActionForm, after_conflict
from .gaps import add_form_initial, criterion_result, default_target, gaps
from .models import Action, ActionStatus

ALREADY_REMOVED = "Someone else had already removed that action."


def _plan_url(assessment):
    return reverse("action_plan", args=[assessment.pk])


def _load(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    return access.assessment, Results.load(access.assessment)


def _actions(assessment):
    return Action.objects.filter(assessment=assessment).select_related("criterion", "target_level")


def _find(assessment, action_pk, request):
    """The action, or None when a POST finds it removed meanwhile (a GET answers 404)."""
    action = _actions(assessment).filter(pk=action_pk).first()
    if action is None and request.method != "POST":
        raise Http404("No such action")
    return action


def _changes(form, results, criterion):
    data = form.cleaned_data
    return {
        "what": data["what"],
        "owner": data["owner"],
        "due_date": data["due_date"],
        "target_level": data["target_level"] or default_target(results, criterion),
        "status": data["status"],
        "done_what": data["done_what"],
        "outcome": data["outcome"],
        "done_on": data["done_on"],
    }


def _removed(request, assessment):
    """Removed while someone edited it: say so, and show what they typed to copy."""
    typed = {
        "what": request.POST.get("what", ""),
        "owner": request.POST.get("owner", ""),
        "due_date": request.POST.get("due_date", ""),
        "status": dict(ActionStatus.choices).get(request.POST.get("status", ""), ""),
    }
    context = {"assessment": assessment, "typed": typed, "message": services.REMOVED_MEANWHILE}
    return render(request, "plans/removed.html", context)


@login_required
def plan(request, pk):
    assessment, results = _load(request, pk)
    actions = list(_actions(assessment))
    found = gaps(results, actions)
    return render(
        request,
        "plans/plan.html",
        {
            "assessment": assessment,
            "actions": actions,
            "gaps": found,
            "gaps_without_action": [g for g in found if not g.has_action],
        },
    )


@login_required
@require_POST
def add_suggested(request, pk):
    assessment, results = _load(request, pk)
    created = services.add_suggested_actions(assessment=assessment, results=results)
    if created:
        messages.success(
            request, f"{len(created)} suggested action{'s' if len(created) != 1 else ''} added."
        )
    else:
        messages.info(request, "Every gap already has an action.")
    return redirect(_plan_url(assessment))


@login_required
def add(request, pk):
    assessment, results = _load(request, pk)
    form = ActionForm(
        request.POST or None,
        initial=add_form_initial(criterion_result(results, request.GET.get("criterion", ""))),
        assessment=assessment,
        results=results,
        submit_label="Add action",
    )
    if request.method == "POST" and form.is_valid():
        criterion = form.cleaned_data["criterion"]
        try:
            services.add_action(
                assessment=assessment, criterion=criterion, **_changes(form, results, criterion)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action added.")
            return redirect(_plan_url(assessment))
    context = {"assessment": assessment, "form": form, "title": "Add an action"}
    return render(request, "plans/form.html", context)


@login_required
def edit(request, pk, action_pk):
    assessment, results = _load(request, pk)
    action = _find(assessment, action_pk, request)
    if action is None:
        return _removed(request, assessment)
    form_kwargs = {"assessment": assessment, "results": results}
    form = ActionForm(request.POST or None, instance=action, **form_kwargs)
    if request.method == "POST" and form.version_missing:
        form = after_conflict(request.POST, action, missing_version=True, **form_kwargs)
    elif request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                action=action,
                expected_version=form.cleaned_data["version"],
                **_changes(form, results, action.criterion),
            )
        except Conflict as conflict:
            if conflict.removed:
                return _removed(request, assessment)
            form = after_conflict(request.POST, conflict.current, **form_kwargs)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action saved.")
            return redirect(_plan_url(assessment))
    context = {"assessment": assessment, "form": form, "action": action}
    return render(request, "plans/form.html", {**context, "title": "Change an action"})


@login_required
@require_POST
def complete(request, pk, action_pk):
    assessment = get_assessment_access(request, pk, need=FACILITATE).assessment
    action = _find(assessment, action_pk, request)
    try:
        if action is not None:
            services.complete_action(action=action)
    except Conflict:
        action = None
    if action is None:
        messages.info(request, ALREADY_REMOVED)
    else:
        messages.success(request, "Action marked as done.")
    return redirect(_plan_url(assessment))


@login_required
def remove(request, pk, action_pk):
    assessment = get_assessment_access(request, pk, need=FACILITATE).assessment
    action = _find(assessment, action_pk, request)
    if request.method != "POST":
        return render(request, "plans/remove.html", {"assessment": assessment, "action": action})
    try:
        if action is not None:
            services.remove_action(action=action)
    except Conflict:
        action = None
    if action is None:
        messages.info(request, ALREADY_REMOVED)
    else:
        messages.success(request, "Action removed.")
    return redirect(_plan_url(assessment))
