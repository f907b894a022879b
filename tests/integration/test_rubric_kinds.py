"""A readiness checklist and a placement grid pass through everything a principles rubric
does: scoring, agreeing, gaps and actions, the report page, the PDF, the exports and the
comparison of rounds. Only their pictures differ: a checklist is a list, a grid a grid."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.results import Results
from ladder.models import FrameworkKind
from plans.gaps import gaps
from plans.services import add_suggested_actions
from tests.factories.assessments import (
    AssessmentFactory,
    ConsensusFactory,
    ParticipantFactory,
    ScoreFactory,
)
from tests.factories.ladder import make_framework


@pytest.fixture
def checklist(db):
    return make_framework(kind=FrameworkKind.CHECKLIST, criteria=3, order=5)


@pytest.fixture
def grid(db):
    return make_framework(kind=FrameworkKind.GRID, order=6)


def _round(programme, facilitator, frameworks, *, title, date):
    return AssessmentFactory(
        programme=programme,
        title=title,
        created_by=facilitator,
        frameworks=frameworks,
        date=date,
    )


def _agree(assessment, framework, values):
    for criterion, value in zip(framework.criteria.order_by("order"), values, strict=True):
        ConsensusFactory(assessment=assessment, criterion=criterion, value=value)


@pytest.fixture
def scored(programme, facilitator, principles, checklist, grid):
    assessment = _round(
        programme,
        facilitator,
        [principles, checklist, grid],
        title="Autumn",
        date=datetime.date(2026, 11, 2),
    )
    person = ParticipantFactory(assessment=assessment, name="Pat Partner")
    for criterion, value in zip(checklist.criteria.order_by("order"), [1, 2, 3], strict=True):
        ScoreFactory(participant=person, criterion=criterion, value=value)
    _agree(assessment, checklist, [1, 2, 3])
    _agree(assessment, grid, [2, 1])  # planned together, delivered by professionals alone
    return assessment


def test_gaps_take_a_checklist_below_yes_and_a_grid_axis_below_its_aim(scored):
    results = Results.load(scored)
    codes = {c.criterion.code for c in results.gaps}
    assert {"R1", "R2", "G2"} <= codes
    assert "R3" not in codes and "G1" not in codes
    found = {g.criterion.code: g for g in gaps(results, [])}
    assert found["R1"].suggestion == "Next step for R1 from 1"
    add_suggested_actions(assessment=scored, results=results)
    assert {a.criterion.code for a in scored.actions.all()} >= {"R1", "R2", "G2"}


def test_the_report_page_shows_a_checklist_as_a_list_and_a_grid_as_its_cell(as_facilitator, scored):
    page = as_facilitator.get(reverse("report", args=[scored.pk])).content.decode()
    assert 'class="coprod-checklist"' in page
    assert page.count("coprod-checklist__item--no") == 1
    assert page.count("coprod-checklist__item--partly") == 1
    assert page.count("coprod-checklist__item--yes") == 1
    assert "Where the programme sits: <strong>Cell 2-1</strong>" in page
    assert "It aims for <strong>Cell 2-2</strong>" in page
    assert 'class="coprod-grid"' in page and "cell--agreed" in page
    # Only the principles rubric is a radar.
    assert page.count('class="coprod-radar"') == 1


def test_the_pdf_says_the_answers_and_the_cell(as_facilitator, scored):
    response = as_facilitator.get(reverse("report_pdf", args=[scored.pk]))
    text = " ".join(
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Where the programme sits: Cell 2-1" in text
    assert "Partly R2 Check 2 of framework" in text
    assert "Yes R3 Check 3 of framework" in text


def test_the_exports_carry_the_answers_by_name(as_facilitator, scored):
    data = as_facilitator.get(reverse("export_csv", args=[scored.pk])).content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        agreed = z.read(next(n for n in z.namelist() if "agreed" in n)).decode("utf-8-sig")
    assert "R1" in agreed and ",No," in agreed and ",Partly," in agreed
    assert "Professionals with people" in agreed  # G1's agreed level


def test_rounds_compare_a_checklist_by_code_without_a_radar(
    as_facilitator, scored, programme, facilitator, principles, checklist, grid
):
    later = _round(
        programme,
        facilitator,
        [principles, checklist, grid],
        title="Spring",
        date=datetime.date(2027, 5, 3),
    )
    _agree(later, checklist, [3, 3, 3])
    page = as_facilitator.get(reverse("report", args=[later.pk])).content.decode()
    assert "Over the rounds" in page
    assert "1 No" in page and "3 Yes" in page
    # Trends in rubric order (principles, checklist, grid); a radar only for the principles.
    assert 'id="rounds-radar-0"' in page
    assert 'id="rounds-radar-1"' not in page and 'id="rounds-radar-2"' not in page


def test_scoring_and_agreeing_a_check_offer_no_partly_yes(as_facilitator, scored, checklist, grid):
    check = checklist.criteria.get(code="R2")
    as_facilitator.post(reverse("score_start", args=[scored.pk]), {"perspective": "nhs_staff"})
    page = as_facilitator.get(reverse("score_criterion", args=[scored.pk, check.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Partly" in html and "Yes" in html
    overview = as_facilitator.get(reverse("consensus_overview", args=[scored.pk])).content.decode()
    assert "Check 2 of framework" in overview and "Axis 1 of framework" in overview
    axis = grid.criteria.get(code="G2")
    agree = as_facilitator.get(reverse("consensus_criterion", args=[scored.pk, axis.pk]))
    assert agree.status_code == 200 and "Professionals alone" in agree.content.decode()
