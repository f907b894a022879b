"""Writes to the action plan: keyword-only, each inside one transaction, raising
ValidationError (Conflict, with code CHANGED_MEANWHILE, when someone else got there first).

A submitted assessment still allows action-plan edits: the plan lives on after scoring.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.results import Results
from assessments.versioning import Conflict, save_versioned

from .gaps import gaps, suggested_action_text
from .models import Action, ActionStatus

EDITABLE_FIELDS = (
    "what",
    "owner",
    "due_date",
    "target_level",
    "status",
    "done_what",
    "outcome",
    "done_on",
)
REMOVED_MEANWHILE = "Someone else removed this action while you were editing it."


def _check(criterion, target_level, status):
    if target_level is not None and target_level.framework_id != criterion.framework_id:
        raise ValidationError(
            "Choose a target level from the same rubric as the principle or stage.",
            code="target_level",
        )
    if status not in ActionStatus.values:
        raise ValidationError("Choose one of the statuses shown.", code="status")


def _locked(action: Action) -> Action:
    current = Action.objects.select_for_update().filter(pk=action.pk).first()
    if current is None:
        raise Conflict(None, REMOVED_MEANWHILE)
    return current


@transaction.atomic
def add_action(
    *,
    assessment,
    criterion,
    what,
    owner="",
    due_date=None,
    target_level=None,
    status=ActionStatus.NOT_STARTED,
    done_what="",
    outcome="",
    done_on=None,
) -> Action:
    if not assessment.frameworks.filter(pk=criterion.framework_id).exists():
        raise ValidationError("That principle or stage is not part of this assessment.")
    _check(criterion, target_level, status)
    now = timezone.now()
    return Action.objects.create(
        assessment=assessment,
        criterion=criterion,
        what=what.strip(),
        owner=owner.strip(),
        due_date=due_date,
        target_level=target_level,
        status=status,
        done_what=done_what.strip(),
        outcome=outcome.strip(),
        done_on=done_on,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def add_suggested_actions(*, assessment, results: Results) -> list[Action]:
    """One action for each below-target criterion that has none yet, prefilled from the rubric."""
    existing = set(
        Action.objects.filter(assessment=assessment).values_list("criterion_id", flat=True)
    )
    now = timezone.now()
    new = [
        Action(
            assessment=assessment,
            criterion=gap.criterion,
            what=suggested_action_text(gap.result),
            target_level=gap.result.target,
            created_at=now,
            updated_at=now,
        )
        for gap in gaps(results, [])
        if gap.criterion.pk not in existing
    ]
    return Action.objects.bulk_create(new)


@transaction.atomic
def update_action(*, action: Action, expected_version: int, **changes) -> Action:
    """Change an action if nobody saved or removed it since the form showed
    `expected_version`; otherwise Conflict, carrying what is stored now (None: removed)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            f"Cannot change {', '.join(sorted(unknown))} on an action.", code="not_editable"
        )
    _check(
        action.criterion,
        changes.get("target_level"),
        changes.get("status", ActionStatus.NOT_STARTED),
    )
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    try:
        return save_versioned(
            Action.objects.filter(pk=action.pk),
            expected_version=expected_version,
            fields={**fields, "updated_at": timezone.now()},
        )
    except Conflict as conflict:
        if conflict.removed:
            raise Conflict(None, REMOVED_MEANWHILE) from None
        raise


@transaction.atomic
def complete_action(*, action: Action) -> Action:
    """Mark as done. It changes no typed text, so it applies to whatever is stored now; the
    version still moves on, so anyone editing the action meanwhile is told."""
    current = _locked(action)
    return save_versioned(
        Action.objects.filter(pk=current.pk),
        expected_version=current.version,
        fields={
            "status": ActionStatus.DONE,
            "done_on": current.done_on or timezone.localdate(),
            "updated_at": timezone.now(),
        },
    )


@transaction.atomic
def remove_action(*, action: Action) -> None:
    _locked(action).delete()
