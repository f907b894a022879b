"""The action plan pages. Thin: check FACILITATE access, call action_plan, render.

Everyone with READ access sees the plan on the report (reports app); only facilitators
come here. A submitted assessment still allows action-plan edits.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import action_plan
from .access import FACILITATE, get_assessment_access
from .forms_actions import ActionForm
from .models import Action
from .results import load_results
from .services import Conflict


def _plan_url(assessment):
    return reverse("action_plan", args=[assessment.pk])


def _load(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    return access.assessment, load_results(access.assessment)


def _get_action(assessment, action_pk):
    return get_object_or_404(
        Action.objects.select_related("criterion", "target_level"),
        pk=action_pk,
        assessment=assessment,
    )


@login_required
def plan(request, pk):
    assessment, results = _load(request, pk)
    actions = list(
        Action.objects.filter(assessment=assessment).select_related("criterion", "target_level")
    )
    gaps = action_plan.gaps(results, actions)
    return render(
        request,
        "assessments/actions/plan.html",
        {
            "assessment": assessment,
            "actions": actions,
            "gaps": gaps,
            "gaps_without_action": [g for g in gaps if not g.has_action],
        },
    )


@login_required
@require_POST
def add_suggested(request, pk):
    assessment, results = _load(request, pk)
    created = action_plan.add_suggested_actions(assessment=assessment, results=results)
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
    initial = {}
    criterion_pk = request.GET.get("criterion", "")
    for framework in results:
        for c in framework.criteria:
            if str(c.criterion.pk) == criterion_pk:
                initial = {
                    "criterion": c.criterion.pk,
                    "what": action_plan.suggested_what(c),
                    "target_level": c.target.pk if c.target else None,
                }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        assessment=assessment,
        results=results,
        submit_label="Add action",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action_plan.add_action(
            assessment=assessment,
            criterion=data["criterion"],
            what=data["what"],
            owner=data["owner"],
            due_date=data["due_date"],
            target_level=data["target_level"] or _default_target(results, data["criterion"]),
            status=data["status"],
        )
        messages.success(request, "Action added.")
        return redirect(_plan_url(assessment))
    return render(
        request,
        "assessments/actions/form.html",
        {"assessment": assessment, "form": form, "title": "Add an action"},
    )


def _default_target(results, criterion):
    for framework in results:
        for c in framework.criteria:
            if c.criterion.pk == criterion.pk:
                return c.target
    return None


def _after_action_conflict(request, current, assessment, results):
    """The person's edit, kept as typed, with the stored version: saving again replaces it."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = ActionForm(data, instance=current, assessment=assessment, results=results)
    form.is_valid()
    due = current.due_date.strftime("%d/%m/%Y") if current.due_date else "no date"
    form.add_error(
        None,
        "Someone else changed this action while you were editing. It now reads: "
        f"“{current.what}” – {current.get_status_display().lower()}, "
        f"owner {current.owner or 'not set'}, due {due}. "
        "Save again to replace it with yours.",
    )
    return form


@login_required
def edit(request, pk, action_pk):
    assessment, results = _load(request, pk)
    action = _get_action(assessment, action_pk)
    form = ActionForm(request.POST or None, instance=action, assessment=assessment, results=results)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_plan.update_action(
                action=action,
                expected_version=data["version"],
                what=data["what"],
                owner=data["owner"],
                due_date=data["due_date"],
                target_level=data["target_level"] or _default_target(results, action.criterion),
                status=data["status"],
            )
        except Conflict as error:
            form = _after_action_conflict(request, error.current, assessment, results)
        else:
            messages.success(request, "Action saved.")
            return redirect(_plan_url(assessment))
    return render(
        request,
        "assessments/actions/form.html",
        {"assessment": assessment, "form": form, "action": action, "title": "Change an action"},
    )


@login_required
@require_POST
def complete(request, pk, action_pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    action = _get_action(access.assessment, action_pk)
    action_plan.complete_action(action=action)
    messages.success(request, "Action marked as done.")
    return redirect(_plan_url(access.assessment))


@login_required
def remove(request, pk, action_pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    action = _get_action(access.assessment, action_pk)
    if request.method == "POST":
        action_plan.remove_action(action=action)
        messages.success(request, "Action removed.")
        return redirect(_plan_url(access.assessment))
    return render(
        request,
        "assessments/actions/remove.html",
        {"assessment": access.assessment, "action": action},
    )
