"""Without JavaScript the scoring form still works: Save and continue posts normally."""

import pytest

from assessments import services
from assessments.models import Answer, Score
from tests.functional.helpers import (
    check,
    choose_radio,
    expect_path,
    log_in_as,
    press_button,
    start_at_main,
    type_into,
)

pytestmark = pytest.mark.functional


def test_scoring_a_question_works_without_javascript(new_page, facilitator, assessment):
    member = services.join_as_member(
        assessment=assessment, user=facilitator, perspective="nhs_staff"
    )
    ladder, principles = assessment.frameworks.order_by("order")
    first, second = ladder.criteria.order_by("order")[:2]
    page = new_page(java_script_enabled=False)
    log_in_as(page.context, facilitator)

    page.goto(f"/assessments/{assessment.pk}/score/{first.pk}/")
    check(page, "score-criterion-no-js")
    assert page.evaluate("() => !document.body.classList.contains('nhsuk-frontend-supported')")
    start_at_main(page)
    choose_radio(page, "level", "6")
    type_into(page, page.get_by_label("What makes you say this? (optional)"), "Co-designed.")
    assert not Score.objects.filter(participant=member).exists()  # nothing saved as you go
    press_button(page, "Save and continue")

    expect_path(page, rf"/assessments/{assessment.pk}/score/{second.pk}/")
    check(page, "score-criterion-no-js-next")
    score = Score.objects.get(participant=member, criterion=first)
    assert (score.answer, score.level.value, score.evidence) == (Answer.LEVEL, 6, "Co-designed.")
