"""A facilitator's whole journey, keyboard only, with axe-core on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Consensus, Perspective, Role, Score
from ladder.models import FrameworkKind
from tests.factories.assessments import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.ladder import make_framework
from tests.functional.helpers import (
    assert_focus_visible,
    check,
    choose_radio,
    expect_path,
    focused,
    follow_link,
    is_focused,
    press_button,
    start_at_main,
    tab_to,
    tab_to_role,
    type_into,
    wait_for_autosave,
)

pytestmark = pytest.mark.functional

PASSWORD = "correct horse battery staple"


def _facilitator():
    organisation = OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")
    return MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        perspective=Perspective.NHS_STAFF,
        user=UserFactory(username="fran", first_name="Fran", last_name="Okafor"),
    ).user


def _log_in(page, username, password):
    page.goto("/login/")
    # No autofocus: the skip link comes first, then the note for invited people.
    start_at_main(page)
    type_into(page, page.get_by_label("Username"), username)
    type_into(page, page.get_by_label("Password"), password)
    press_button(page, "Log in")


def test_facilitator_scores_and_agrees_levels_using_only_the_keyboard(page):
    user = _facilitator()
    ladder = make_framework(kind=FrameworkKind.LADDER, criteria=2, order=1)
    principles = make_framework(kind=FrameworkKind.PRINCIPLES, criteria=3, order=2)

    # A wrong password shows the error summary; the right one logs in.
    page.goto("/login/")
    check(page, "login")
    _log_in(page, "fran", "not the password")
    assert page.title().startswith("Error:")
    check(page, "login-error")
    _log_in(page, "fran", PASSWORD)
    expect_path(page, "/programmes/")
    check(page, "programme-list-empty")

    # Create a programme.
    start_at_main(page)
    press_button(page, "Create a programme")
    check(page, "programme-form")
    start_at_main(page)
    type_into(page, page.get_by_label("Programme name"), "Stroke pathway redesign")
    assert_focus_visible(page)
    type_into(
        page, page.get_by_label("What the programme is changing"), "Moving rehab closer to home."
    )
    press_button(page, "Create programme")
    check(page, "programme-detail")
    assert "Programme “Stroke pathway redesign” created." in page.inner_text("main")

    # Create an assessment: every published rubric is ticked already.
    start_at_main(page)
    press_button(page, "Start a new assessment")
    check(page, "assessment-form")
    start_at_main(page)
    type_into(page, page.get_by_label("Title"), "Baseline, spring")
    date = page.get_by_label("Date")
    tab_to(page, date)
    # Prefilled with today; replace it with a UK-order date.
    page.keyboard.press("Control+A")
    page.keyboard.type("05/06/2026")
    assert date.input_value() == "05/06/2026"
    for framework in (ladder, principles):
        box = page.get_by_label(f"{framework.name} (version 1)")
        assert box.is_checked()
    tab_to(page, page.get_by_label(f"{ladder.name} (version 1)"))
    assert_focus_visible(page)
    press_button(page, "Create assessment")
    check(page, "assessment-detail-new")
    assessment = Assessment.objects.get(title="Baseline, spring")
    assert set(assessment.frameworks.all()) == {ladder, principles}
    assert assessment.date.isoformat() == "2026-06-05"  # 5 June: day first

    # Invite a person with lived experience; the email goes out when the invite commits.
    start_at_main(page)
    follow_link(page, "Invite someone to score")
    check(page, "invite-form")
    start_at_main(page)
    type_into(page, page.get_by_label("Name"), "Sam Rivers")
    type_into(page, page.get_by_label("Email address"), "sam@example.org")
    choose_radio(page, "perspective", Perspective.LIVED_EXPERIENCE)
    assert_focus_visible(page)
    press_button(page, "Send invitation")
    check(page, "assessment-detail-invited")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.org"]
    assert re.search(r"/join/[^/\s]+/", mail.outbox[0].body)

    # Score: first choose the perspective to score from.
    start_at_main(page)
    follow_link(page, "Score this assessment")
    expect_path(page, rf"/assessments/{assessment.pk}/score/start/")
    check(page, "score-start")
    start_at_main(page)
    choose_radio(page, "perspective", Perspective.CLINICIAN)
    press_button(page, "Continue")
    check(page, "task-list-empty")
    assert "You have answered 0 of 5 questions" in page.inner_text("main")

    start_at_main(page)
    press_button(page, "Start scoring")
    criteria = [
        *ladder.criteria.order_by("order"),
        *principles.criteria.order_by("order"),
    ]
    chosen = ["3", "5", "2", "4", "4"]
    for number, (criterion, value) in enumerate(zip(criteria, chosen, strict=True), start=1):
        expect_path(page, rf"/assessments/{assessment.pk}/score/{criterion.pk}/")
        assert page.get_by_role("heading", level=1).inner_text() == criterion.title
        check(page, f"score-criterion-{number}")
        start_at_main(page)
        choose_radio(page, "level", value)
        wait_for_autosave(page)
        type_into(
            page,
            page.get_by_label("What makes you say this? (optional)"),
            f"Evidence for {criterion.code}: minutes of the March workshop.",
        )
        press_button(page, "Save and continue")

    # After the last question the task list shows everything answered.
    expect_path(page, rf"/assessments/{assessment.pk}/score/")
    check(page, "task-list-complete")
    main = page.inner_text("main")
    assert "You have answered 5 of 5 questions" in main
    assert "2 of 2" in main and "3 of 3" in main
    participant = assessment.participants.get(user=user)
    assert participant.perspective == Perspective.CLINICIAN
    stored = {
        s.criterion_id: s for s in Score.objects.filter(participant=participant).select_related()
    }
    for criterion, value in zip(criteria, chosen, strict=True):
        assert stored[criterion.pk].answer == Answer.LEVEL
        assert str(stored[criterion.pk].level.value) == value
        assert stored[criterion.pk].evidence.startswith(f"Evidence for {criterion.code}")

    # Compare views and agree a level.
    tab_to_role(page, "link", f"Back to {assessment.title}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    start_at_main(page)
    follow_link(page, "Compare views and agree levels")
    check(page, "consensus-overview")
    target = principles.criteria.get(order=2)
    start_at_main(page)
    follow_link(page, target.title)
    check(page, "consensus-criterion")

    # Change the level and submit without a reason: the error summary takes focus, and the
    # level chosen is kept.
    start_at_main(page)
    assert page.locator("input[name=level][value='4']").is_checked()  # everyone's median
    choose_radio(page, "level", "3")
    press_button(page, "Save agreed level")
    assert page.title().startswith("Error:")
    summary = page.locator(".nhsuk-error-summary")
    # expect() polls from outside the page: wait_for_function("…") would eval inside it,
    # which the Content Security Policy forbids.
    expect(summary).to_be_focused()
    assert summary.get_by_role("alert").count() == 1
    assert "Enter the reason for the agreed level" in summary.inner_text()
    assert page.locator("input[name=level][value='3']").is_checked()
    check(page, "consensus-criterion-error")

    # The error's link takes focus to the reason box.
    tab_to_role(page, "link", "Enter the reason for the agreed level")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    reason = page.get_by_label("Why did the group agree this level?")
    expect(reason).to_be_focused()
    assert is_focused(reason), focused(page)
    page.keyboard.type("Workshop minutes show shared decisions.")
    press_button(page, "Save agreed level")
    expect_path(page, rf"/assessments/{assessment.pk}/consensus/")
    check(page, "consensus-overview-agreed")
    assert f"Agreed level saved for {target.title}." in page.inner_text("main")
    consensus = Consensus.objects.get(assessment=assessment, criterion=target)
    assert consensus.level.value == 3
    assert consensus.reason == "Workshop minutes show shared decisions."
