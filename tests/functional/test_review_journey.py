"""A senate panel chair's journey in real Chromium, at desktop size and on a 390 × 844
phone: their reviews, the review page, a challenge, a recommendation from a starting point,
release, the ICB's response, sign-off; axe-core and a screenshot on every new page."""

import pytest

from reviews.models import PanelRole, Review
from tests.functional.helpers import check, expect_path, log_in_as

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize("size", SIZES)
def test_chair_reviews_recommends_releases_and_signs_off(
    new_page, size, review, panel_chair, panel_member, facilitator, assessment
):
    page = new_page()
    page.set_viewport_size(SIZES[size])
    log_in_as(page.context, panel_chair)
    base = f"/assessments/{assessment.pk}/review/"

    page.goto("/reviews/")
    check(page, f"review-list-{size}")
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Town centre urgent care reconfiguration: Baseline, spring"
        ).click()
    expect_path(page, base)
    assert "1 patient and public partner" in page.inner_text("main")
    check(page, f"review-page-{size}")

    # A challenge: the level they would give, and why.
    page.get_by_role("link", name="Comment on S1 Stage 1 of framework").first.click()
    page.wait_for_load_state("load")
    check(page, f"review-comment-{size}")
    page.get_by_label("Challenge the agreed level").check()
    page.get_by_label("If you challenge it: the level you would give").select_option(
        label="1 Coercing"
    )
    page.get_by_label("Why, or what evidence you would like to see").fill("A survey only.")
    _submit(page, "Save comment")
    assert "Challenge the agreed level, would give 1 Coercing. A survey only." in page.inner_text(
        "main"
    )

    # A recommendation from a starting point, tied to a stage.
    page.goto(base + "recommendations/new/")
    page.get_by_text("Start from a suggestion").click()
    page.get_by_role("link", name="Walk the whole pathway").click()
    page.wait_for_load_state("load")
    check(page, f"review-recommendation-{size}")
    assert page.get_by_label("The end-to-end pathway").is_checked()
    page.get_by_label("S1 Stage 1 of framework", exact=False).first.check()
    _submit(page, "Save recommendation")
    assert "R1: The end-to-end pathway" in page.inner_text("main")

    _submit(page, "Release comments and recommendations to the ICB")
    assert "Released" in page.inner_text("main")

    # The ICB responds (another browser, the facilitator's).
    icb = new_page()
    icb.set_viewport_size(SIZES[size])
    log_in_as(icb.context, facilitator)
    icb.goto(base + "recommendations/1/respond/")
    check(icb, f"review-respond-{size}")
    icb.get_by_label("Partly accepted").check()
    icb.get_by_label("Reason").fill("We will add two patient stories to the business case.")
    icb.get_by_label("Add it to the action plan as an action").check()
    _submit(icb, "Save response")
    assert "ICB response: Partly accepted." in icb.inner_text("main")

    page.goto(base + "sign-off/")
    assert "1 patient and public partner" in page.inner_text("main")
    check(page, f"review-sign-off-{size}")
    page.get_by_label("Assured with recommendations").check()
    page.get_by_label("Date of sign-off").fill("01/12/2026")
    _submit(page, "Sign off the review")
    main = page.inner_text("main")
    assert "Signed off" in main and "Assured with recommendations" in main
    assert "Add a recommendation" not in main
    check(page, f"review-signed-off-{size}")
    assert Review.objects.get().report_hash[:12] in main
    assert panel_member.panel_seats.get().role == PanelRole.PUBLIC_PARTNER
