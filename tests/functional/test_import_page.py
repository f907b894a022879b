"""The import page in real Chromium: a refused file lists its problems, a good one opens the
new assessment; axe-core finds nothing on either, and the downloads are on the page."""

import pytest

from exports.document import document_bytes, results_document
from tests.functional.helpers import check, log_in_as, press_button
from tests.integration.exports_scenario import scored

pytestmark = pytest.mark.functional


def test_a_facilitator_imports_a_results_file_after_a_refused_one(
    page, facilitator, assessment, tmp_path
):
    scored(assessment)
    doc = results_document(assessment, names_included=True)
    good = tmp_path / "results.json"
    good.write_bytes(document_bytes(doc))
    bad = tmp_path / "cut.json"
    bad.write_bytes(document_bytes(doc)[:500])
    log_in_as(page.context, facilitator)

    page.goto(f"/assessments/{assessment.pk}/")
    assert page.get_by_role("link", name="Excel workbook").is_visible()
    page.goto("/programmes/")
    page.get_by_role("link", name="Import an assessment's results").click()
    check(page, "import-form")

    page.get_by_label("Results file").set_input_files(bad)
    press_button(page, "Import results")
    assert page.get_by_text("The file was not imported: nothing in it was saved").first.is_visible()
    assert page.get_by_text("is it complete?").is_visible()
    check(page, "import-refused")

    page.get_by_label("Results file").set_input_files(good)
    press_button(page, "Import results")
    assert page.get_by_role("heading", level=1).inner_text() == "Baseline, spring"
    assert page.url.rstrip("/").rsplit("/", 1)[1] != str(assessment.pk)
    check(page, "import-done")
