"""The comparison of a programme's rounds on the report page and in the PDF."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment, Consensus, Perspective
from assessments.scenarios import Person
from ladder.models import Criterion, FrameworkKind, Level
from plans.models import Action, ActionStatus
from reports import pdf
from tests.factories.assessments import AssessmentFactory
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment


def _flat(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def add_round(programme, frameworks, *, title, date, agreed, previous=None):
    """A round where every criterion is agreed at `agreed[code]` (default 2)."""
    a = AssessmentFactory(programme=programme, title=title, frameworks=frameworks)
    Assessment.objects.filter(pk=a.pk).update(date=date, previous=previous)
    a.refresh_from_db()
    score_assessment(assessment=a, people=[Person("Priya Staff", Perspective.NHS_STAFF)])
    for c in Consensus.objects.filter(assessment=a).select_related("criterion"):
        value = agreed.get(c.criterion.code, 2)
        c.level = Level.objects.get(framework_id=c.criterion.framework_id, value=value)
        c.save()
    return a


@pytest.fixture
def three_rounds(assessment, programme, ladder_framework, principles):
    """Baseline (the conftest's), then two more: P1 goes up, P3 goes backwards."""
    Assessment.objects.filter(pk=assessment.pk).update(date=datetime.date(2025, 6, 1))
    assessment.refresh_from_db()
    score_assessment(assessment=assessment)
    frameworks = [ladder_framework, principles]
    second = add_round(
        programme,
        frameworks,
        title="Round 2",
        date=datetime.date(2026, 1, 1),
        agreed={"P1": 3, "S1": 4},
        previous=assessment,
    )
    third = add_round(
        programme,
        frameworks,
        title="Round 3",
        date=datetime.date(2026, 9, 1),
        agreed={"P1": 4, "P3": 1, "S1": 5},
        previous=second,
    )
    p1 = Criterion.objects.get(framework=principles, code="P1")
    Action.objects.create(
        assessment=assessment,
        criterion=p1,
        what="Run evening drop-ins",
        status=ActionStatus.DONE,
        outcome="Working people can now take part",
        done_on=datetime.date(2025, 9, 1),
    )
    return [assessment, second, third]


def test_report_of_a_single_round_has_no_comparison(as_viewer, assessment):
    score_assessment(assessment=assessment)
    response = as_viewer.get(reverse("report", args=[assessment.pk]))
    assert response.context["report"].comparison is None
    assert "Over the rounds" not in response.content.decode()


def test_report_page_compares_the_rounds(as_viewer, three_rounds):
    latest = three_rounds[-1]
    response = as_viewer.get(reverse("report", args=[latest.pk]))
    html = response.content.decode()
    comparison = response.context["report"].comparison
    assert comparison.round_labels == [
        "Baseline, spring (Jun 2025)",
        "Round 2 (Jan 2026)",
        "Round 3 (Sep 2026)",
    ]
    assert 'id="over-rounds"' in html and 'id="what-changed"' in html
    # Each chart has its table and its plotly figure (json_script) beside the SVG.
    for chart in comparison.charts:
        assert f'id="{chart.dom_id}-table"' in html
        assert f'id="{chart.figure_script_id}"' in html
    assert [c.radar for c in comparison.charts].count(True) == 1
    rows = {r.change.point.code: r for r in comparison.rows}
    assert (rows["P1"].change.text, rows["P3"].change.text, rows["P2"].change.text) == (
        "+2",
        "−1",
        "No change",
    )
    assert [a.what for a in rows["P1"].actions] == ["Run evening drop-ins"]
    assert "Working people can now take part" in html
    assert rows["S1"].change.text == "+3"


def test_report_of_an_earlier_round_compares_only_up_to_it(as_viewer, three_rounds):
    response = as_viewer.get(reverse("report", args=[three_rounds[1].pk]))
    assert len(response.context["report"].comparison.round_labels) == 2


def test_a_changed_rubric_says_rubric_changed_and_shows_the_wording(
    as_viewer, three_rounds, programme, ladder_framework, principles
):
    newer = make_framework(kind=FrameworkKind.PRINCIPLES, criteria=3, slug=principles.slug)
    for old in principles.criteria.all():
        Criterion.objects.filter(framework=newer, code=old.code).update(title=old.title)
    Criterion.objects.filter(framework=newer, code="P2").update(statement="New P2 statement")
    fourth = add_round(
        programme,
        [ladder_framework, newer],
        title="Round 4",
        date=datetime.date(2027, 3, 1),
        agreed={"P1": 5, "P2": 4},
    )
    response = as_viewer.get(reverse("report", args=[fourth.pk]))
    rows = {r.change.point.code: r.change for r in response.context["report"].comparison.rows}
    assert rows["P2"].text == "Rubric changed"
    assert rows["P1"].text == "+3"  # same wording in the new version: compared
    html = response.content.decode()
    assert "Rubric changed" in html and "is now “New P2 statement”" in html


def test_pdf_holds_the_trend_tables_and_what_changed(three_rounds):
    text = _flat(pdf.render_pdf(three_rounds[-1]))
    assert "Over the rounds" in text
    assert "median agreed level over rounds" in text
    assert "rung at each stage over rounds" in text
    assert "first and latest round" in text
    assert "What changed between Baseline, spring (Jun 2025) and Round 3 (Sep 2026)" in text
    assert "Run evening drop-ins" in text
    assert "Rubric changed" not in text


def test_report_queries_stay_flat_with_six_and_ten_rounds(
    as_viewer, three_rounds, programme, ladder_framework, principles, django_assert_max_num_queries
):
    for i in range(4, 7):
        add_round(
            programme,
            [ladder_framework, principles],
            title=f"Round {i}",
            date=datetime.date(2027, i, 1),
            agreed={"P1": 1 + i % 5},
        )
    latest = Assessment.objects.get(title="Round 6")
    # As in production: a worker's rubric store (assessments/pinned.py) is warm after a page
    # (making a round empties it, as any change to the rubrics or the pinning does).
    as_viewer.get(reverse("report", args=[latest.pk]))
    with django_assert_max_num_queries(12):
        response = as_viewer.get(reverse("report", args=[latest.pk]))
    assert len(response.context["report"].comparison.round_labels) == 6
    with django_assert_max_num_queries(12):
        as_viewer.get(reverse("report_pdf", args=[latest.pk]))
    # And still with ten (the figure).
    for i in range(7, 11):
        add_round(
            programme,
            [ladder_framework, principles],
            title=f"Round {i}",
            date=datetime.date(2027, i, 1),
            agreed={"P2": 1 + i % 5},
        )
    latest = Assessment.objects.get(title="Round 10")
    as_viewer.get(reverse("report", args=[latest.pk]))  # warm again
    with django_assert_max_num_queries(12):
        response = as_viewer.get(reverse("report", args=[latest.pk]))
    assert len(response.context["report"].comparison.round_labels) == 10


def test_a_criterion_replaced_in_version_2_is_compared_with_the_one_it_replaces(
    as_viewer, three_rounds, programme, ladder_framework, principles
):
    """Version 2 declares that P4 replaces version 1's P3 (coprod-rubric/2 "replaces")."""
    newer = make_framework(kind=FrameworkKind.PRINCIPLES, criteria=3, slug=principles.slug)
    for old in principles.criteria.all():
        Criterion.objects.filter(framework=newer, code=old.code).update(title=old.title)
    Criterion.objects.filter(framework=newer, code="P3").update(
        code="P4", title="Reaching people seldom heard", replaces=["P3"]
    )
    fourth = add_round(
        programme,
        [ladder_framework, newer],
        title="Round 4",
        date=datetime.date(2027, 3, 1),
        agreed={"P1": 5, "P4": 3},
    )
    response = as_viewer.get(reverse("report", args=[fourth.pk]))
    rows = {r.change.point.code: r.change for r in response.context["report"].comparison.rows}
    assert "P3" not in rows  # not "dropped": P4 took its place
    assert (rows["P4"].was.code, rows["P4"].text) == ("P3", "Rubric changed")
    assert rows["P4"].wording_changes[0] == "P4 replaces P3 of version 1."
    assert rows["P1"].text == "+3"
    assert "P4 replaces P3 of version 1." in response.content.decode()
    assert "P4 replaces P3 of version 1." in _flat(pdf.render_pdf(fourth))
