"""A person with lived experience, invited by email, scores every question by keyboard."""

import re

import pytest
from django.core import mail

from assessments import services
from assessments.models import Answer, Perspective, Score
from tests.functional.helpers import (
    check,
    choose_radio,
    expect_path,
    focused,
    is_focused,
    press_button,
    start_at_main,
    tab_to,
    type_into,
    wait_for_autosave,
)

pytestmark = pytest.mark.functional


def _invitation_link(assessment, facilitator, live_server):
    services.invite_participant(
        assessment=assessment,
        name="Sam Rivers",
        email="sam@example.org",
        perspective=Perspective.LIVED_EXPERIENCE,
        invited_by=facilitator,
        build_link=lambda token: f"{live_server.url}/join/{token}/",
    )
    # Sent when the invitation commits (no surrounding transaction in a live-server test).
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    return re.search(r"https?://\S+/join/\S+/", mail.outbox[0].body).group(0)


def _answer(page, value, evidence=None):
    start_at_main(page)
    choose_radio(page, "level", value)
    wait_for_autosave(page)
    if evidence:
        type_into(page, page.get_by_label("What makes you say this? (optional)"), evidence)


def test_invited_person_scores_every_question_by_keyboard_and_comes_back_later(
    new_page, facilitator, assessment, live_server
):
    link = _invitation_link(assessment, facilitator, live_server)
    ladder, principles = assessment.frameworks.order_by("order")
    criteria = [*ladder.criteria.order_by("order"), *principles.criteria.order_by("order")]
    page = new_page()  # a fresh browser: no account, no session

    page.goto(link)
    check(page, "invitation")
    start_at_main(page)
    name = page.get_by_label("Your name")
    tab_to(page, name)
    assert name.input_value() == "Sam Rivers"
    press_button(page, "Start scoring")
    expect_path(page, rf"/assessments/{assessment.pk}/score/")
    check(page, "guest-task-list-empty")
    assert "You have answered 0 of 5 questions" in page.inner_text("main")

    start_at_main(page)
    press_button(page, "Start scoring")

    # 1: a level, with evidence.
    expect_path(page, rf"/assessments/{assessment.pk}/score/{criteria[0].pk}/")
    check(page, "guest-score-criterion")
    _answer(page, "2", "They told us after it was decided.")
    press_button(page, "Save and continue")

    # 2: not sure yet. The "or" divider sits before the two answers that are not levels.
    _answer(page, Answer.DONT_KNOW)
    press_button(page, "Save and continue")

    # 3: a level, then stop for now.
    _answer(page, "4")
    press_button(page, "Save and come back later")
    expect_path(page, rf"/assessments/{assessment.pk}/score/")
    check(page, "guest-task-list-later")
    main = page.inner_text("main")
    assert "Your answer is saved. You can come back any time." in main
    assert "You have answered 3 of 5 questions" in main
    banner = page.locator(".nhsuk-notification-banner")
    assert is_focused(banner), f"the success banner should take focus, not {focused(page)}"

    # Come back: the task list picks up at the next unanswered question.
    page.goto(f"/assessments/{assessment.pk}/score/")
    start_at_main(page)
    press_button(page, "Continue with the next question")
    expect_path(page, rf"/assessments/{assessment.pk}/score/{criteria[3].pk}/")

    # 4: does not apply to this programme.
    _answer(page, Answer.NOT_APPLICABLE, "We have not had a say in this at all.")
    press_button(page, "Save and continue")

    # 5: the last one takes you back to the task list.
    _answer(page, "5")
    press_button(page, "Save and continue")
    expect_path(page, rf"/assessments/{assessment.pk}/score/")
    check(page, "guest-task-list-complete")
    main = page.inner_text("main")
    assert "You have answered 5 of 5 questions" in main
    assert "You have answered every question. Thank you." in main

    participant = assessment.participants.get(name="Sam Rivers")
    scores = {s.criterion_id: s for s in Score.objects.filter(participant=participant)}
    stored = [
        (scores[c.pk].answer, scores[c.pk].level.value if scores[c.pk].level else None)
        for c in criteria
    ]
    assert stored == [
        (Answer.LEVEL, 2),
        (Answer.DONT_KNOW, None),
        (Answer.LEVEL, 4),
        (Answer.NOT_APPLICABLE, None),
        (Answer.LEVEL, 5),
    ]
    assert scores[criteria[0].pk].evidence == "They told us after it was decided."
    assert scores[criteria[3].pk].evidence == "We have not had a say in this at all."
