"""The action plan of a scored assessment built by assessments.scenarios (demo, tests, bench)."""

from assessments.results import Results

from .models import Action
from .services import add_suggested_actions


def suggest_actions(*, assessment) -> list[Action]:
    """The actions the rubric suggests for each criterion below target, as the plan page's
    "add suggested actions" button adds them."""
    return add_suggested_actions(assessment=assessment, results=Results.load(assessment))
