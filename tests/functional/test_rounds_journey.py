"""Rounds in real Chromium: start the next round, agree levels beside last time's, compare
the rounds on the report (plotly drawn on request), publish "you said, we did" and read it
anonymously on a phone. axe-core on each new or changed page, at desktop size and on a
390 × 844 phone."""

import pytest

from assessments.models import Assessment, AssessmentStatus, Score
from plans import feedback as fb
from plans.models import FeedbackPage
from tests.factories.scenarios import PEOPLE
from tests.functional.helpers import check, expect_path, log_in_as, press_button
from tests.integration.test_comparison import three_rounds  # noqa: F401 - a fixture

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _sized(new_page, viewport):
    page = new_page()
    page.set_viewport_size(viewport)
    return page


def test_rounds_compare_and_feedback_pages(new_page, facilitator, programme, three_rounds):  # noqa: F811
    latest = three_rounds[-1]
    Assessment.objects.filter(pk=latest.pk).update(status=AssessmentStatus.SUBMITTED)
    page = _sized(new_page, SIZES["desktop"])
    log_in_as(page.context, facilitator)

    # Start the next round.
    page.goto(f"/assessments/{latest.pk}/next-round/")
    check(page, "round-start-desktop")
    page.get_by_label("Title").fill("Round 4")
    press_button(page, "Start the new round")
    new = Assessment.objects.get(title="Round 4")
    expect_path(page, rf"/assessments/{new.pk}/")
    assert new.previous_id == latest.pk

    # Score the new round afresh: nothing of last time is shown or chosen.
    criterion = new.frameworks.get(kind="principles").criteria.get(code="P1")
    page.goto(f"/assessments/{new.pk}/score/start/")
    page.locator("input[name=perspective][value=nhs_staff]").check()
    press_button(page, "Continue")
    page.goto(f"/assessments/{new.pk}/score/{criterion.pk}/")
    assert page.locator("input[name=level]:checked").count() == 0
    assert "last round" not in page.locator("main").inner_text().lower()
    check(page, "score-new-round-desktop")
    page.locator("input[name=level][value='5']").check()
    press_button(page, "Save and come back later")
    assert Score.objects.get(participant__assessment=new, criterion=criterion).level.value == 5

    # Agree levels beside last time's.
    page.goto(f"/assessments/{new.pk}/consensus/")
    check(page, "consensus-overview-rounds-desktop")
    page.goto(f"/assessments/{new.pk}/consensus/{criterion.pk}/")
    assert "Agreed last round: 4 Sharing power" in page.locator("#last-round").inner_text()
    check(page, "consensus-last-round-desktop")

    # The report compares the rounds: each trend chart shows as SVG at once, and plotly
    # draws it when asked.
    page.goto(f"/assessments/{latest.pk}/report/")
    for trend in ["#trend-0", "#trend-1"]:
        page.locator(trend).get_by_role("button", name="Show an interactive chart").click()
        page.locator(f"{trend}[data-enhanced=plotly]").wait_for()
    page.locator("#over-rounds").scroll_into_view_if_needed()
    page.locator(".coprod-comparison").screenshot(path="/tmp/coprod-shots/comparison-charts.png")
    check(page, "report-rounds-desktop")

    # Write a theme, publish the feedback page.
    page.goto(f"/programmes/{programme.pk}/feedback/")
    check(page, "feedback-edit-desktop")
    page.goto(f"/programmes/{programme.pk}/feedback/themes/new/")
    check(page, "theme-form-desktop")
    page.get_by_label("Theme").fill("Evening appointments")
    page.get_by_label("What people told us").fill("People who work could not come in the day.")
    press_button(page, "Save theme")
    press_button(page, "Publish the page")
    token = FeedbackPage.objects.get(programme=programme).token
    assert FeedbackPage.objects.get(programme=programme).is_published

    # Anyone with the link reads it on a phone, signed out.
    for size, viewport in SIZES.items():
        phone = _sized(new_page, viewport)
        phone.goto(f"/you-said-we-did/{token}/")
        text = phone.locator("main").inner_text()
        assert "Evening appointments" in text and "Run evening drop-ins" in text
        assert not any(name in phone.content() for name in (person.name for person in PEOPLE))
        check(phone, f"feedback-public-{size}")
        if size == "phone":
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, "the page scrolls sideways on a phone"
            phone.emulate_media(media="print")
            phone.screenshot(path="/tmp/coprod-shots/feedback-print.png", full_page=True)

    # The facilitator's pages on a phone too.
    small = _sized(new_page, SIZES["phone"])
    log_in_as(small.context, facilitator)
    for path, name in [
        (f"/assessments/{new.pk}/consensus/{criterion.pk}/", "consensus-last-round"),
        (f"/programmes/{programme.pk}/feedback/", "feedback-edit"),
        (f"/assessments/{latest.pk}/report/", "report-rounds"),
    ]:
        small.goto(path)
        check(small, f"{name}-phone")

    fb.set_published(programme=programme, published=False)
    gone = _sized(new_page, SIZES["phone"])
    assert gone.goto(f"/you-said-we-did/{token}/").status == 404
