"""The report page and the PDF word every fact they share the same way: each is one partial
in templates/reports/facts/, and both outputs must show exactly what it renders."""

import io
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services
from reports import pdf
from reports.report import build_report
from tests.factories.scenarios import score_assessment

ROW_FACTS = ["assessment_date", "status", "people"]
FRAMEWORK_FACTS = ["framework_version", "chart_caption"]
SENTENCES = ["gaps", "no_actions"]


def _flat(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace made single."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def submitted(assessment):
    score_assessment(assessment=assessment)  # agreed at 2: every principle and stage below target
    services.submit_assessment(assessment=assessment, user=None)
    assessment.refresh_from_db()
    return assessment


def _facts(assessment):
    """Each shared fact's wording, rendered from its one partial."""
    report = build_report(assessment, with_figures=False)
    context = {"assessment": assessment, "report": report}
    facts = [
        render_to_string(f"reports/facts/{name}.html", context) for name in ROW_FACTS + SENTENCES
    ]
    for fr in report.frameworks:
        facts += [
            render_to_string(f"reports/facts/{name}.html", {**context, "fr": fr})
            for name in FRAMEWORK_FACTS
        ]
    return [_flat(fact) for fact in facts]


def test_report_page_and_pdf_show_each_shared_fact_in_the_same_words(as_viewer, submitted):
    facts = _facts(submitted)
    page = _flat(as_viewer.get(reverse("report", args=[submitted.pk])).content.decode())
    pdf_html = _flat(pdf.render_html(submitted))
    pdf_text = " ".join(_pdf_text(pdf.html_to_pdf(pdf.render_html(submitted))).split())
    for fact in facts:
        assert fact in page
        assert fact in pdf_html
        assert fact in pdf_text


def test_the_shared_facts_say_what_the_panel_needs(submitted):
    facts = _facts(submitted)
    submitted_on = f"{timezone.localtime(submitted.submitted_at):%-d %B %Y}"
    assert f"Assessment date {submitted.date:%-d %B %Y}" in facts
    assert f"Status Submitted on {submitted_on}" in facts
    assert (
        "People who scored 4: 1 NHS staff, 1 Clinician, 1 Person with lived experience, 1 Carer"
        in facts
    )
    assert "5 principles or stages are below target; the action plan has 0 actions." in facts
    assert "There are no actions yet." in facts
    assert "Version 1. Test source" in facts
    assert any(f.startswith("Where the programme sits on the ladder") for f in facts)
    assert any(f.startswith("Agreed level and target for each principle") for f in facts)
