"""A facilitator types in a returned paper form by keyboard alone, at desktop size and on
a 390 × 844 phone, with axe-core on each page (issue 15, part 4)."""

import pytest

from assessments.models import Answer, Participant, Perspective, Score
from paper.questions import questions_for
from tests.functional.helpers import (
    check,
    choose_radio,
    expect_path,
    follow_link,
    log_in_as,
    press_button,
    start_at_main,
    tab_to,
    type_into,
)

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_facilitator_enters_a_returned_paper_form_by_keyboard(
    new_page, size, assessment, facilitator
):
    page = new_page()
    page.set_viewport_size(SIZES[size])
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{assessment.pk}/")
    start_at_main(page)
    follow_link(page, "Paper forms: print one, or enter one that came back")
    expect_path(page, f"/assessments/{assessment.pk}/paper/")
    check(page, f"paper-entry-{size}")

    # Forgetting who they are: the error keeps what was typed.
    start_at_main(page)
    first = questions_for(assessment)[0].criterion
    tab_to(page, page.locator(f"select[name=answer_{first.pk}]"))
    page.keyboard.press("3")  # a select takes the ticked number, typed
    type_into(page, page.get_by_label("What they wrote (optional)").first, "Asked at the café")
    press_button(page, "Save this paper form")
    assert page.title().startswith("Error:")
    check(page, f"paper-entry-error-{size}")
    assert page.get_by_label("What they wrote (optional)").first.input_value() == (
        "Asked at the café"
    )

    start_at_main(page)
    choose_radio(page, "perspective", Perspective.LIVED_EXPERIENCE)
    press_button(page, "Save this paper form")
    expect_path(page, f"/assessments/{assessment.pk}/")
    participant = Participant.objects.get(assessment=assessment)
    assert f"entered as Participant {participant.number}" in page.inner_text("main")
    [score] = Score.objects.filter(participant=participant)
    assert score.answer == Answer.LEVEL and score.level.value == 3
    assert score.evidence == "Asked at the café"
