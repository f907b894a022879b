"""The report page in real Chromium: charts drawn by Plotly, their data tables, axe clean;
and without JavaScript the inline SVG pictures and the same tables."""

import pytest

from assessments.models import Perspective, Role
from assessments.results import Results
from ladder.models import FrameworkKind
from plans.services import add_suggested_actions
from tests.factories.assessments import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment
from tests.functional.helpers import SHOTS, check_page, screenshot

PASSWORD = "correct horse battery staple"
FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "reports.finders.PlotlyFinder",
]


@pytest.fixture
def report_assessment(settings):
    # plotly.min.js is served from the plotly package by reports.finders.PlotlyFinder.
    settings.STATICFILES_FINDERS = FINDERS
    organisation = OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")
    viewer = MembershipFactory(
        organisation=organisation,
        role=Role.VIEWER,
        perspective=Perspective.NHS_STAFF,
        user=UserFactory(username="panel", first_name="Pat", last_name="Panel"),
    ).user
    assessment = AssessmentFactory(
        programme=ProgrammeFactory(
            organisation=organisation, name="Town centre urgent care reconfiguration"
        ),
        title="Before public consultation",
        frameworks=[
            make_framework(kind=FrameworkKind.LADDER, criteria=3, order=1),
            make_framework(kind=FrameworkKind.PRINCIPLES, criteria=6, order=2),
        ],
    )
    score_assessment(assessment=assessment, evidence="Survey <b>not</b> bold & two workshops.")
    add_suggested_actions(assessment=assessment, results=Results.load(assessment))
    return assessment, viewer


def _log_in(page, user):
    page.goto("/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def test_report_page_draws_charts_beside_their_data_tables_and_passes_axe(page, report_assessment):
    assessment, viewer = report_assessment
    _log_in(page, viewer)
    page.goto(f"/assessments/{assessment.pk}/report/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Report: Town centre")

    # The radar shows at once as SVG; plotly.min.js is not fetched until it is asked for.
    radar = page.locator("figure[data-plotly-figure]")
    assert radar.count() == 1
    assert radar.locator("svg.coprod-radar").is_visible()
    assert page.evaluate("typeof window.Plotly") == "undefined"
    check_page(page, "report-page-before-plotly")
    # On request, Plotly draws it from the json_script data (CSP allows no inline script).
    radar.get_by_role("button", name="Show an interactive chart").click()
    page.locator("figure[data-enhanced=plotly]").wait_for()
    assert radar.get_by_role("button").count() == 0
    assert radar.locator(".coprod-chart__plot .main-svg").first.is_visible()
    assert not radar.locator("svg.coprod-radar").is_visible()  # the SVG gives way
    legend = radar.locator(".legendtext").all_text_contents()
    assert "Agreed level" in legend
    assert "Person with lived experience (median)" in legend

    # The ladder picture is the inline SVG, with its bands.
    ladder = page.locator("svg.coprod-ladder")
    assert ladder.is_visible()
    assert ladder.locator("rect.band").count() == 3

    # Every chart has a real data table with a caption and row headers.
    for table in page.locator("table.coprod-chart-table").all():
        assert table.locator("caption").inner_text()
        assert table.locator("th[scope=row]").count() >= 3
    principles_table = page.locator("table.coprod-chart-table").nth(1)
    assert principles_table.get_by_role("row").nth(1).inner_text().split("\t")[1:4] == [
        "2 Listening",
        "4 Sharing power",
        "3",
    ]
    assert page.get_by_role("link", name="Download the report (PDF)").is_visible()
    check_page(page, "report-page")
    for section in page.locator("section.coprod-framework").all():
        section.screenshot(path=SHOTS / f"report-{section.get_attribute('id')}.png")

    # The evidence is a link away, one page per framework, escaped, and passes axe too.
    page.get_by_role("link", name="All the evidence for").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Evidence: ")
    assert "Survey <b>not</b> bold & two workshops." in page.locator("main").inner_text()
    check_page(page, "report-evidence-page")


def test_report_page_without_javascript_shows_the_svg_charts(new_page, report_assessment):
    assessment, viewer = report_assessment
    page = new_page(java_script_enabled=False)
    _log_in(page, viewer)
    page.goto(f"/assessments/{assessment.pk}/report/")
    assert page.locator("svg.coprod-radar").is_visible()
    assert page.locator("svg.coprod-ladder").is_visible()
    assert page.locator("table.coprod-chart-table").count() == 2
    screenshot(page, "report-page-no-js")
    # Every piece of evidence is reachable by plain links.
    page.get_by_role("link", name="items of evidence for").first.click()
    assert "Survey <b>not</b> bold & two workshops." in page.locator("main").inner_text()
