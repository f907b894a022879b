"""The action plan's computation, on unsaved rows: no database (pytest-django refuses any
query here, so a test that passes made none)."""

from assessments.models import Answer, Consensus
from assessments.results import CriterionResult, FrameworkResult, Results
from ladder.models import Criterion, Descriptor, Framework, Level
from plans.gaps import (
    add_form_initial,
    criterion_result,
    default_target,
    gaps,
    suggested_action_text,
    suggested_what,
)
from plans.models import Action

FRAMEWORK = Framework(pk=1, slug="test", target_level=4)
LEVELS = [Level(pk=10 + v, framework_id=1, value=v, label=f"Level {v}") for v in range(1, 6)]


def _result(pk, *, agreed=None, target=None, next_steps=("Ask people first",)):
    criterion = Criterion(pk=pk, framework_id=1, code=f"P{pk}", order=pk)
    descriptors = {
        level.value: Descriptor(criterion=criterion, level=level, next_steps=list(next_steps))
        for level in LEVELS
    }
    consensus = None
    if agreed is not None:
        consensus = Consensus(answer=Answer.LEVEL, level=LEVELS[agreed - 1], reason="Agreed")
        if target is not None:
            consensus.target_level = LEVELS[target - 1]
    return CriterionResult(
        criterion=criterion,
        levels=LEVELS,
        descriptors=descriptors,
        scores=[],
        consensus=consensus,
        default_target=LEVELS[3],
    )


def _framework(*criteria):
    framework = FrameworkResult(framework=FRAMEWORK, levels=LEVELS, criteria=list(criteria))
    return Results(assessment=None, journey=None, frameworks=[framework], participants=[])


def test_only_criteria_agreed_below_their_target_are_gaps_in_journey_order():
    results = _framework(
        _result(1, agreed=2),  # below the default target, 4
        _result(2, agreed=4),  # at it
        _result(3),  # not agreed yet: no gap to close
        _result(4, agreed=4, target=5),  # below its own target
        _result(5, agreed=3, target=2),  # above its own lower target
    )
    assert [g.criterion.code for g in gaps(results, [])] == ["P1", "P4"]


def test_each_gap_carries_its_own_actions_only():
    results = _framework(_result(1, agreed=2), _result(2, agreed=1))
    mine, other = Action(pk=1, criterion_id=1, what="a"), Action(pk=2, criterion_id=9, what="b")
    found = gaps(results, [mine, other])
    assert found[0].actions == (mine,) and found[0].has_action
    assert found[1].actions == () and not found[1].has_action


def test_suggestion_is_the_rubric_next_steps_one_per_line_without_blanks():
    result = _result(1, agreed=2, next_steps=[" Ask people first ", "", "  ", "Pay them"])
    assert suggested_what(result) == "Ask people first\nPay them"


def test_without_next_steps_a_suggested_action_names_the_target():
    result = _result(1, agreed=2, next_steps=[])
    assert suggested_what(result) == ""
    assert suggested_action_text(result) == "Agree how to reach Level 4."


def test_no_suggestion_without_an_agreed_level():
    assert suggested_what(_result(1)) == ""


def test_add_form_is_prefilled_for_one_criterion_only_when_it_is_the_assessments():
    results = _framework(_result(1, agreed=2), _result(2, agreed=1, target=3))
    assert criterion_result(results, "2").criterion.code == "P2"
    assert criterion_result(results, "99") is None
    assert add_form_initial(criterion_result(results, "99")) == {}
    assert add_form_initial(criterion_result(results, 2)) == {
        "criterion": 2,
        "what": "Ask people first",
        "target_level": LEVELS[2].pk,
    }


def test_default_target_is_the_criterions_own():
    results = _framework(_result(1, agreed=2), _result(2, agreed=1, target=5))
    assert default_target(results, Criterion(pk=2)) == LEVELS[4]
    assert default_target(results, Criterion(pk=1)) == LEVELS[3]
    assert default_target(results, Criterion(pk=99)) is None
