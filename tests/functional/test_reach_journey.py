"""Who was involved, in real Chromium at desktop size and on a 390 × 844 phone: a
facilitator enters counts (a mistake first, kept as typed), uploads population shares
(a cp1252 file first, refused with how to save CSV UTF-8), and reads the representation
table; axe-core on every page, screenshots in /tmp/coprod-shots."""

import pytest

from reach.models import ReachGroup
from tests.factories.scenarios import score_assessment
from tests.functional.helpers import check, expect_path, follow_link, log_in_as, press_button

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
HEADER = "category,group,population_percent\r\n"
POPULATION = (
    HEADER
    + "Disability,Disabled under the Equality Act,22\r\n"
    + "Disability,Not disabled under the Equality Act,78\r\n"
    + "Unpaid carers,Provides unpaid care,9\r\n"
    + "Unpaid carers,Provides no unpaid care,91\r\n"
    + "Groups you name,Older people – rural villages,4\r\n"
)


def _fill(page, values):
    for name, value in values.items():
        page.locator(f"#id_{name}").fill(value)


@pytest.mark.parametrize("size", SIZES)
def test_facilitator_enters_counts_uploads_shares_and_reads_representation(
    new_page, facilitator, assessment, size
):
    score_assessment(assessment=assessment)
    page = new_page()
    page.set_viewport_size(SIZES[size])
    log_in_as(page.context, facilitator)

    page.goto(f"/assessments/{assessment.pk}/")
    follow_link(page, "Who was involved, compared with who lives here")
    expect_path(page, rf"/assessments/{assessment.pk}/who-was-involved/")
    check(page, f"reach-empty-{size}")

    follow_link(page, "Enter or change the counts and population shares")
    check(page, f"reach-edit-{size}")
    _fill(
        page,
        {
            "people_reached": "120",
            "reached_dis-yes": "ten",  # a mistake, kept as typed
            "reached_dis-no": "90",
            "reached_care-yes": "3",
            "reached_care-no": "97",
            "label_own0": "Older people – rural villages",
            "reached_own0": "2",
        },
    )
    press_button(page, "Save who was involved")
    assert page.title().startswith("Error:")
    check(page, f"reach-edit-error-{size}")
    assert page.locator("#id_reached_dis-yes").input_value() == "ten"
    assert page.locator("#id_label_own0").input_value() == "Older people – rural villages"
    page.locator("#id_reached_dis-yes").fill("10")
    press_button(page, "Save who was involved")
    expect_path(page, rf"/assessments/{assessment.pk}/who-was-involved/")

    follow_link(page, "Upload the population shares as a file (CSV UTF-8 or Excel)")
    check(page, f"reach-upload-{size}")
    file_input = page.locator("#id_population_file")
    file_input.set_input_files(
        files=[
            {"name": "census.csv", "mimeType": "text/csv", "buffer": POPULATION.encode("cp1252")}
        ]
    )
    press_button(page, "Upload the file")
    main = page.inner_text("main")
    assert "Line 6: this file is not saved as UTF-8" in main
    assert "CSV UTF-8 (Comma delimited) (*.csv)" in main
    assert not ReachGroup.objects.filter(population_share__isnull=False).exists()
    check(page, f"reach-upload-error-{size}")

    page.locator("#id_population_file").set_input_files(
        files=[{"name": "census.csv", "mimeType": "text/csv", "buffer": POPULATION.encode()}]
    )
    page.locator("#id_population_source").fill("ONS Census 2021, Demo Valley")
    press_button(page, "Upload the file")
    expect_path(page, rf"/assessments/{assessment.pk}/who-was-involved/")
    main = page.inner_text("main")
    assert "5 population shares saved from the file." in main
    assert "Disabled under the Equality Act (disability): 0.45" in main
    assert "Provides unpaid care (unpaid carers), 9\u00a0% of the local population" in main
    assert "Older people – rural villages (groups you name)" in main
    table = page.get_by_role("table", name="Disability: who was reached and who lives here")
    assert "under-represented" in table.inner_text()
    carers = page.get_by_role("table", name="Unpaid carers: who was reached and who lives here")
    assert "<5" in carers.inner_text() and "Hidden" in carers.inner_text()
    check(page, f"reach-table-{size}")

    page.goto(f"/assessments/{assessment.pk}/report/#who-was-involved")
    section = page.locator("section[aria-labelledby=who-was-involved]")
    assert "Disabled under the Equality Act (disability): 0.45" in section.inner_text()
    section.scroll_into_view_if_needed()
    check(page, f"reach-report-{size}")
