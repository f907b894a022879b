"""The action plan: steps to move criteria from their agreed level to their target level.

Suggestions come from the rubric: the next steps written for the criterion at its agreed
(current) level. Writes are keyword-only functions inside a transaction, as elsewhere.
A submitted assessment still allows action-plan edits: the plan lives on after scoring.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Action, ActionStatus
from .results import CriterionResult, FrameworkResult
from .services import Conflict

EDITABLE_FIELDS = ("what", "owner", "due_date", "target_level", "status")


@dataclass(frozen=True)
class Gap:
    """A criterion whose agreed level is below its target, and what the rubric suggests."""

    result: CriterionResult
    suggestion: str
    actions: tuple[Action, ...]

    @property
    def criterion(self):
        return self.result.criterion

    @property
    def has_action(self) -> bool:
        return bool(self.actions)


def suggested_what(result: CriterionResult) -> str:
    """The rubric's next steps at the agreed level, one per line (blank if it has none)."""
    descriptor = result.agreed_descriptor
    steps = [s.strip() for s in (descriptor.next_steps if descriptor else []) if s and s.strip()]
    return "\n".join(steps)


def gaps(results: list[FrameworkResult], actions: list[Action]) -> list[Gap]:
    """Every below-target criterion with its suggestion and its existing actions."""
    by_criterion: dict[int, list[Action]] = {}
    for action in actions:
        by_criterion.setdefault(action.criterion_id, []).append(action)
    return [
        Gap(
            result=c,
            suggestion=suggested_what(c),
            actions=tuple(by_criterion.get(c.criterion.pk, ())),
        )
        for framework in results
        for c in framework.criteria
        if c.below_target
    ]


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
) -> Action:
    if criterion.framework_id not in set(assessment.frameworks.values_list("pk", flat=True)):
        raise ValueError("That criterion is not part of this assessment's frameworks.")
    if target_level is not None and target_level.framework_id != criterion.framework_id:
        raise ValueError("The target level must belong to the criterion's framework.")
    now = timezone.now()
    return Action.objects.create(
        assessment=assessment,
        criterion=criterion,
        what=what.strip(),
        owner=owner.strip(),
        due_date=due_date,
        target_level=target_level,
        status=status,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def add_suggested_actions(*, assessment, results: list[FrameworkResult]) -> list[Action]:
    """One action for each below-target criterion that has none yet, prefilled from the rubric."""
    existing = set(
        Action.objects.filter(assessment=assessment).values_list("criterion_id", flat=True)
    )
    now = timezone.now()
    new = [
        Action(
            assessment=assessment,
            criterion=gap.criterion,
            what=gap.suggestion or f"Agree how to reach {gap.result.target.label}.",
            target_level=gap.result.target,
            created_at=now,
            updated_at=now,
        )
        for gap in gaps(results, [])
        if gap.criterion.pk not in existing
    ]
    return Action.objects.bulk_create(new)


@transaction.atomic
def update_action(*, action: Action, expected_version: int | None = None, **changes) -> Action:
    """Change an action. With `expected_version` (what the form was shown), a change saved
    meanwhile by someone else raises Conflict instead of being silently overwritten."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} on an action.")
    if changes.get("target_level") is not None and (
        changes["target_level"].framework_id != action.criterion.framework_id
    ):
        raise ValueError("The target level must belong to the criterion's framework.")
    changes = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    rows = Action.objects.filter(pk=action.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    # One UPDATE: compare-and-swap on the version.
    if not rows.update(**changes, version=F("version") + 1, updated_at=timezone.now()):
        raise Conflict(current=Action.objects.filter(pk=action.pk).first())
    action.refresh_from_db()
    return action


@transaction.atomic
def complete_action(*, action: Action) -> Action:
    return update_action(action=action, status=ActionStatus.DONE)


@transaction.atomic
def remove_action(*, action: Action) -> None:
    action.delete()
