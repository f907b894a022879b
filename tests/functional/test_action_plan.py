"""The action plan in real Chromium: its own stylesheet (not the report's), keyboard use,
axe clean, and the page that keeps a facilitator's text when the action was removed."""

import pytest

from plans.models import Action, ActionStatus
from tests.factories.plans import ActionFactory
from tests.factories.scenarios import score_assessment
from tests.functional.helpers import check, expect_path, log_in_as, press_button, type_into

pytestmark = pytest.mark.functional


@pytest.fixture
def action(assessment):
    score_assessment(assessment=assessment)
    criterion = assessment.frameworks.get(kind="principles").criteria.get(code="P1")
    return ActionFactory(assessment=assessment, criterion=criterion, what="Hold a workshop")


def test_plan_page_styles_mark_as_done_as_a_link_and_marks_it_by_keyboard(
    page, facilitator, assessment, action
):
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{assessment.pk}/actions/")
    sheets = page.evaluate("() => [...document.styleSheets].map(s => s.href || '')")
    assert any(s.endswith("/plans/plans.css") for s in sheets)
    assert not any("reports.css" in s for s in sheets)
    button = page.get_by_role("button", name="Mark as done (action for P1)")
    style = button.evaluate(
        "b => { const s = getComputedStyle(b); return [s.borderTopWidth, s.textDecorationLine] }"
    )
    assert style == ["0px", "underline"]  # a link to look at, a POST underneath
    check(page, "action-plan")

    press_button(page, "Mark as done (action for P1)")
    expect_path(page, rf"/assessments/{assessment.pk}/actions/")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_edit_of_an_action_removed_meanwhile_shows_the_typed_text(
    page, facilitator, assessment, action
):
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{assessment.pk}/actions/{action.pk}/")
    what = page.get_by_label("What will be done")
    what.fill("")
    type_into(page, what, "Two workshops, one in the evening")
    Action.objects.filter(pk=action.pk).delete()  # another facilitator removes it
    press_button(page, "Save action")
    assert page.get_by_role("heading", level=1).inner_text() == "This action has been removed"
    assert "Two workshops, one in the evening" in page.locator("main").inner_text()
    check(page, "action-removed-meanwhile")
