"""A readiness checklist and a placement grid in real Chromium: the report's checklist and
grid picture, and a check's question page, axe clean on a desktop and on a phone."""

import pytest

from assessments.models import Perspective, Role
from ladder.models import FrameworkKind
from tests.factories.assessments import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment
from tests.functional.helpers import check, log_in_as

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def kinds_assessment(db):
    organisation = OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")
    facilitator = MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        perspective=Perspective.NHS_STAFF,
        user=UserFactory(username="fac", first_name="Priya", last_name="Shah"),
    ).user
    checklist = make_framework(kind=FrameworkKind.CHECKLIST, criteria=4, order=1)
    grid = make_framework(kind=FrameworkKind.GRID, order=2)
    assessment = AssessmentFactory(
        programme=ProgrammeFactory(organisation=organisation, name="Mental health hubs"),
        title="Are we ready?",
        frameworks=[checklist, grid],
    )
    score_assessment(assessment=assessment)
    ParticipantFactory(
        assessment=assessment, name="Priya Shah", user=facilitator, perspective="nhs_staff"
    )
    return assessment, facilitator, checklist


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_report_shows_the_checklist_and_the_grid_and_passes_axe(
    new_page, kinds_assessment, viewport
):
    assessment, facilitator, _ = kinds_assessment
    page = new_page(**({"viewport": viewport} if viewport else {}))
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{assessment.pk}/report/")
    items = page.locator(".coprod-checklist__item")
    assert items.count() == 4
    assert items.first.inner_text().split("\n")[0:2] in (["◐", "Partly"], ["Partly"])
    assert page.locator("svg.coprod-grid rect.cell--agreed").count() == 1
    assert "Where the programme sits: Cell 2-2" in page.locator(".coprod-grid-cell").inner_text()
    check(page, f"report-kinds-{'phone' if viewport else 'desktop'}")


def test_a_checks_question_page_passes_axe_on_a_phone(new_page, kinds_assessment):
    assessment, facilitator, checklist = kinds_assessment
    page = new_page(viewport=PHONE)
    log_in_as(page.context, facilitator)
    check_item = checklist.criteria.order_by("order").first()
    page.goto(f"/assessments/{assessment.pk}/score/{check_item.pk}/")
    labels = page.locator("input[type=radio][name=level] + label").all_inner_texts()
    assert [label.split(".")[0] for label in labels[:3]] == ["1", "2", "3"]
    assert "Partly" in labels[1] and labels[3:] == [
        "Not applicable to this programme",
        "Don't know yet",
    ]
    check(page, "score-check-phone")
