"""A facilitator stores a version of the report, sees it queued, checks again once the
worker has made it, and downloads it: by keyboard, axe clean, at desktop and phone width."""

import io
from pathlib import Path

from pypdf import PdfReader

from assessments.models import Perspective, Role
from ladder.models import FrameworkKind
from reports.models import ReportVersion
from reports.tasks import render_report_version
from tests.factories.assessments import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment
from tests.functional.helpers import check, log_in_as, press_button, screenshot


def _facilitator_and_assessment():
    organisation = OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")
    facilitator = MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        perspective=Perspective.NHS_STAFF,
        user=UserFactory(username="fay", first_name="Fay", last_name="Facilitator"),
    ).user
    assessment = AssessmentFactory(
        programme=ProgrammeFactory(organisation=organisation, name="Town centre urgent care"),
        title="Before public consultation",
        frameworks=[make_framework(kind=FrameworkKind.PRINCIPLES, criteria=3, order=1)],
    )
    score_assessment(assessment=assessment)
    return facilitator, assessment


def test_a_facilitator_stores_a_version_and_downloads_it(new_context):
    facilitator, assessment = _facilitator_and_assessment()
    context = new_context()
    log_in_as(context, facilitator)
    page = context.new_page()
    page.goto(f"/assessments/{assessment.pk}/report/")
    assert "No version is stored yet" in page.locator("#versions").inner_text()

    press_button(page, "Store a version of the report now")
    versions = page.locator("#versions")
    assert "Version 1 is being made" in page.locator("main").inner_text()
    assert "Queued" in versions.inner_text()
    check(page, "report-versions-queued")

    # The worker's task (a real db_worker runs it in tests/integration/test_report_worker.py).
    render_report_version.call(ReportVersion.objects.get().pk)
    press_button(page, "Check again")
    link = versions.get_by_role("link", name="Download version 1 of the report")
    assert "(PDF, " in link.inner_text()
    check(page, "report-versions-ready")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "report-versions-ready-phone")
    check(page, "report-versions-ready-phone")

    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    version = ReportVersion.objects.get()
    assert data == bytes(version.pdf)
    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Version 1 · " in first_page and version.short_hash in first_page
