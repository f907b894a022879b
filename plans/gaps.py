"""What the action plan works from: the gaps between agreed and target levels, and what the
rubric suggests for each. Pure functions over loaded results; no queries, no writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assessments.results import CriterionResult, Results

from .models import Action


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


def suggested_action_text(result: CriterionResult) -> str:
    """What a suggested action says: the next steps, or a plain prompt where there are none."""
    return suggested_what(result) or f"Agree how to reach {result.target.label}."


def gaps(results: Results, actions: Iterable[Action]) -> list[Gap]:
    """Every below-target criterion (the read model's gaps, in journey order), with its
    suggestion and its actions."""
    by_criterion: dict[int, list[Action]] = {}
    for action in actions:
        by_criterion.setdefault(action.criterion_id, []).append(action)
    return [
        Gap(
            result=c,
            suggestion=suggested_what(c),
            actions=tuple(by_criterion.get(c.criterion.pk, ())),
        )
        for c in results.gaps
    ]


def criterion_result(results: Results, criterion_pk) -> CriterionResult | None:
    """The result for one criterion of the assessment (an id from a URL or form, so maybe
    not a number), or None if it is not one of its own."""
    try:
        return results.find(int(criterion_pk))
    except (TypeError, ValueError):
        return None


def add_form_initial(result: CriterionResult | None) -> dict:
    """The add form, prefilled for one criterion from the rubric's next steps and its target."""
    if result is None:
        return {}
    return {
        "criterion": result.criterion.pk,
        "what": suggested_what(result),
        "target_level": result.target.pk if result.target else None,
    }


def default_target(results: Results, criterion):
    """The target an action aims for when the form leaves it blank: the criterion's own."""
    result = criterion_result(results, criterion.pk)
    return result.target if result else None
