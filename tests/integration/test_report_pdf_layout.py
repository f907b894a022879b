"""What a newcomer saw wrong in the PDF, each fixed (issue 11 part 8): read back with pypdf."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Answer, Consensus, Score
from assessments.results import Results
from plans.services import add_suggested_actions
from reports import pdf
from reports.report import web_links
from tests.factories.scenarios import score_assessment


def _pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def scored(assessment):
    score_assessment(assessment=assessment)
    add_suggested_actions(assessment=assessment, results=Results.load(assessment))
    return assessment


def test_action_plan_shows_each_actions_status_on_the_page(scored):
    pages = _pages(pdf.render_pdf(scored))
    plan = [p for p in pages if "Action plan" in p]
    assert plan
    text = " ".join(plan)
    assert "Status: Not started" in text
    assert text.count("Status:") >= 1
    # Every action's status, owner, due date and target are there (nothing cut off).
    assert text.count("Status:") == scored.actions.count()


def test_ladder_picture_says_what_was_agreed_for_not_applicable_and_dont_know(scored):
    ladder = scored.frameworks.get(kind="ladder")
    first, second = ladder.criteria.order_by("order")[:2]
    Consensus.objects.filter(assessment=scored, criterion=first).update(
        answer=Answer.NOT_APPLICABLE, level=None
    )
    Consensus.objects.filter(assessment=scored, criterion=second).update(
        answer=Answer.DONT_KNOW, level=None
    )
    html = pdf.render_html(scored)
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" class="coprod-ladder"') :]
    svg = svg[: svg.index("</svg>")]
    assert "not applicable" in svg
    assert "don&#x27;t know yet" in svg or "don't know yet" in svg
    assert "not agreed" not in svg  # every other stage has a rung
    text = " ".join(_pages(pdf.html_to_pdf(html)))
    assert "not applicable" in text


def test_cover_holds_rubric_versions_and_the_summary_starts_on_page_two(scored):
    pages = _pages(pdf.render_pdf(scored))
    assert "Rubrics used" in pages[0]
    for framework in scored.frameworks.all():
        assert f"{framework.name}, version {framework.version}" in pages[0]
    assert pages[1].split(" ")[0:3] != []  # not blank
    assert "Summary" in pages[1]


def test_first_pages_tell_the_story_then_review_detail_and_evidence_last(scored):
    text = " ".join(_pages(pdf.render_pdf(scored)))
    order = [
        "Rubrics used",
        "where the programme sits at each stage",
        "Where perspectives disagree",
        "The biggest gaps",
        "Who scored, by perspective",
        "Level, band and spread by perspective",
        "Action plan",
        "Appendix A: the evidence",
        "Appendix B: what the agreed levels mean",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_evidence_appendix_writes_out_links_and_each_item_names_its_criterion(scored):
    criterion = scored.frameworks.get(kind="ladder").criteria.order_by("order").first()
    score = Score.objects.filter(criterion=criterion).order_by("pk").first()
    score.links = "https://example.org/consultation-report.pdf\njavascript:alert(1)"
    score.save()
    html = pdf.render_html(scored)
    assert "<a " not in html.split('id="evidence"')[1]  # written out, nothing to click
    text = " ".join(_pages(pdf.html_to_pdf(html)))
    assert "https://example.org/consultation-report.pdf" in text
    assert "javascript:alert(1)" not in text
    assert f"Evidence for {criterion.code} {criterion.title}" in text
    assert f"{criterion.code}, Participant 1 (NHS staff)" in text


def test_no_evidence_heading_stands_empty(assessment):
    score_assessment(assessment=assessment, evidence="", consensus=False)
    criterion = assessment.frameworks.get(kind="ladder").criteria.order_by("order").first()
    Score.objects.filter(criterion=criterion).update(evidence="Only this one has any.")
    text = " ".join(_pages(pdf.render_pdf(assessment)))
    assert text.count("Evidence for ") == 1
    assert f"Evidence for {criterion.code}" in text
    assert "No evidence recorded." in text  # said beside the others' levels instead


def test_pdf_without_any_evidence_says_so(assessment):
    score_assessment(assessment=assessment, evidence="", consensus=False)
    text = " ".join(_pages(pdf.render_pdf(assessment)))
    assert "Evidence for " not in text
    assert "No evidence has been recorded." in text


def test_only_web_addresses_count_as_links():
    assert web_links(" https://a.example/x \nftp://b.example\njavascript:alert(1)\nhttp://c") == [
        "https://a.example/x",
        "http://c",
    ]
    assert web_links("") == []


def test_report_evidence_page_shows_links_as_links_escaped(as_viewer, scored):
    criterion = scored.frameworks.get(kind="ladder").criteria.order_by("order").first()
    score = Score.objects.filter(criterion=criterion).order_by("pk").first()
    score.links = 'https://example.org/a?x=1&y="2"\njavascript:alert(1)'
    score.save()
    url = reverse("report_evidence", args=[scored.pk, criterion.framework_id])
    html = as_viewer.get(url).content.decode()
    assert '<a href="https://example.org/a?x=1&amp;y=&quot;2&quot;"' in html
    assert "javascript:alert(1)" not in html
    assert f'id="criterion-{criterion.pk}"' in html


@pytest.mark.parametrize(
    "persona, status",
    [("as_outsider", 404), ("as_other_panel", 404), ("as_guest", 302), ("as_anonymous", 302)],
)
def test_evidence_page_is_refused_to_people_who_may_not_read_the_report(
    request, scored, persona, status
):
    client = request.getfixturevalue(persona)
    framework = scored.frameworks.first()
    response = client.get(reverse("report_evidence", args=[scored.pk, framework.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["as_facilitator", "as_teammate", "as_viewer"])
def test_evidence_page_opens_for_those_who_may_read_the_report(request, scored, persona):
    client = request.getfixturevalue(persona)
    framework = scored.frameworks.first()
    response = client.get(reverse("report_evidence", args=[scored.pk, framework.pk]))
    assert response.status_code == 200
    assert "Survey of 400 people." in response.content.decode()


def test_evidence_page_of_a_framework_not_in_the_assessment_is_404(as_viewer, scored):
    from tests.factories.ladder import make_framework

    other = make_framework(slug="not-pinned")
    url = reverse("report_evidence", args=[scored.pk, other.pk])
    assert as_viewer.get(url).status_code == 404


def test_report_page_with_40_people_stays_under_200_kb(as_viewer, assessment):
    score_assessment(assessment=assessment, extra=36, evidence="Survey of 400 people. " * 4)
    html = as_viewer.get(reverse("report", args=[assessment.pk])).content
    assert len(html) <= 200_000
