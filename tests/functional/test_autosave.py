"""Autosave: choosing a level saves it straight away, and Save never trips over it."""

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
    tab_to,
    type_into,
    wait_for_autosave,
)

pytestmark = pytest.mark.functional


@pytest.fixture
def member(facilitator, assessment):
    return services.join_as_member(assessment=assessment, user=facilitator, perspective="nhs_staff")


def _criteria(assessment):
    ladder, principles = assessment.frameworks.order_by("order")
    return [*ladder.criteria.order_by("order"), *principles.criteria.order_by("order")]


def _score_url(assessment, criterion):
    return f"/assessments/{assessment.pk}/score/{criterion.pk}/"


def _wait_for(page, check, what="the database to catch up", timeout_ms=5000):
    for _ in range(timeout_ms // 50):
        if check():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"gave up waiting for {what}")


def test_choosing_a_level_by_keyboard_saves_it_without_pressing_save(
    page, facilitator, assessment, member
):
    log_in_as(page.context, facilitator)
    criterion = _criteria(assessment)[0]
    page.goto(_score_url(assessment, criterion))
    start_at_main(page)
    choose_radio(page, "level", "4")
    wait_for_autosave(page)
    check(page, "score-criterion-autosaved")
    score = Score.objects.get(participant=member, criterion=criterion)
    # Arrowing past levels 1 to 3 saved only where the person stopped.
    assert (score.answer, score.level.value, score.version) == (Answer.LEVEL, 4, 1)

    # Typing evidence is saved a moment after typing stops.
    type_into(page, page.get_by_label("What makes you say this? (optional)"), "Seen at a forum.")
    _wait_for(
        page,
        lambda: (
            Score.objects.get(participant=member, criterion=criterion).evidence
            == "Seen at a forum."
        ),
    )
    page.locator("#autosave-status").get_by_text("Saved at").wait_for()


def test_save_pressed_while_an_autosave_is_on_its_way_does_not_report_a_conflict(
    page, facilitator, assessment, member
):
    """The autosave reaches the server first; its answer is held back until after Save is
    pressed, so the form still carries the old version when the person submits it."""
    log_in_as(page.context, facilitator)
    first, second, *_ = _criteria(assessment)
    url = _score_url(assessment, first)
    held = []

    def hold_autosave_answers(route):
        if route.request.method == "POST" and route.request.headers.get("x-coprod-autosave"):
            held.append((route, route.fetch()))  # the server has saved it; the page waits
        else:
            route.continue_()

    page.route(f"**{url}", hold_autosave_answers)
    page.goto(url)
    start_at_main(page)
    choose_radio(page, "level", "3")
    _wait_for(page, lambda: held, "the autosave to reach the server")
    assert Score.objects.get(participant=member, criterion=first).version == 1
    type_into(page, page.get_by_label("What makes you say this? (optional)"), "Quick answer.")
    tab_to(page, page.get_by_role("button", name="Save and continue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        route, response = held.pop()
        route.fulfill(response=response)
    expect_path(page, _score_url(assessment, second))
    score = Score.objects.get(participant=member, criterion=first)
    assert (score.level.value, score.evidence) == (3, "Quick answer.")


def test_an_answer_changed_elsewhere_shows_the_conflict_warning_and_keeps_mine(
    page, facilitator, assessment, member
):
    log_in_as(page.context, facilitator)
    criterion = _criteria(assessment)[0]
    page.goto(_score_url(assessment, criterion))
    # Meanwhile, in another window, the same person saves a different answer.
    services.save_score(
        participant=member,
        criterion=criterion,
        answer=Answer.DONT_KNOW,
        evidence="From my phone.",
        expected_version=0,
    )
    start_at_main(page)
    choose_radio(page, "level", "5")
    status = page.locator("#autosave-status")
    status.get_by_text("This answer was changed in another window").wait_for()
    type_into(page, page.get_by_label("What makes you say this? (optional)"), "From my laptop.")
    press_button(page, "Save and continue")
    expect_path(page, _score_url(assessment, criterion))
    warning = page.locator("#conflict")
    assert "This answer changed while you were editing" in warning.inner_text()
    assert "Don't know yet" in warning.inner_text()
    assert page.locator("input[name=level][value='5']").is_checked()
    assert page.get_by_label("What makes you say this? (optional)").input_value() == (
        "From my laptop."
    )
    check(page, "score-criterion-conflict", allow=["status of 409 (Conflict)"])

    # Saving again keeps mine.
    press_button(page, "Save and continue")
    score = Score.objects.get(participant=member, criterion=criterion)
    assert (score.answer, score.level.value, score.evidence) == (
        Answer.LEVEL,
        5,
        "From my laptop.",
    )


def test_an_autosave_that_fails_is_sent_again_and_the_page_says_so(
    page, facilitator, assessment, member
):
    """The server answers the first autosave with a 500 (as during a database restart); the
    script says it could not save, keeps the answer and sends it again a moment later."""
    log_in_as(page.context, facilitator)
    criterion = _criteria(assessment)[0]
    url = _score_url(assessment, criterion)
    failed = []

    def fail_the_first_autosave(route):
        if route.request.method == "POST" and not failed:
            failed.append(route.request.post_data)
            route.fulfill(status=500, content_type="text/html", body="<h1>Server error</h1>")
        else:
            route.continue_()

    page.route(f"**{url}", fail_the_first_autosave)
    page.goto(url)
    start_at_main(page)
    choose_radio(page, "level", "4")
    status = page.locator("#autosave-status")
    status.get_by_text("Could not save just now. Your answer is still here").wait_for()
    assert failed and not Score.objects.filter(participant=member).exists()
    wait_for_autosave(page)
    score = Score.objects.get(participant=member, criterion=criterion)
    assert (score.level.value, score.version) == (4, 1)
    check(page, "score-criterion-autosave-retried", allow=["status of 500"])
