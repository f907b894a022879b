"""A criterion's history on its agree-levels page, in real Chromium: opened by keyboard,
axe-core on it open, at desktop size and on a 390 × 844 phone; the CSV link downloads."""

import pytest

from assessments import services
from assessments.models import Answer
from tests.functional.helpers import check, log_in_as, start_at_main, tab_to

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_facilitator_opens_a_criterions_history(
    new_page, size, facilitator, guest_participant, assessment
):
    criterion = assessment.frameworks.get(kind="principles").criteria.order_by("order").first()
    levels = {level.value: level for level in criterion.framework.levels.all()}
    for value, version in ((1, 0), (3, 1)):
        services.save_score(
            participant=guest_participant,
            criterion=criterion,
            answer=Answer.LEVEL,
            level=levels[value],
            evidence=f"Told late (round {version})",
            expected_version=version,
        )
    services.record_consensus(
        assessment=assessment,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=levels[2],
        reason="Heard from each perspective.",
        user=facilitator,
        expected_version=0,
    )
    page = new_page()
    page.set_viewport_size(SIZES[size])
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{assessment.pk}/consensus/{criterion.pk}/")
    start_at_main(page)
    summary = page.locator("#history summary")
    tab_to(page, summary, what="the history's summary")
    page.keyboard.press("Enter")
    history = page.locator("#history")
    assert history.get_attribute("open") is not None
    text = history.inner_text()
    assert "Sam Guest" in text and "Agreed level" in text and "became" in text
    check(page, f"consensus-history-{size}")
    with page.expect_download() as download:
        history.get_by_role(
            "link", name="Download the history of the whole assessment (CSV)"
        ).click()
    assert download.value.suggested_filename.endswith("-history.csv")
