"""The report page and its PDF: who may see them, what they hold, how many queries."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from assessments import pinned
from assessments.results import Results
from plans.models import Action
from plans.services import add_suggested_actions
from reports import pdf
from tests.factories.scenarios import score_assessment
from tests.integration.test_scoring_journey import PINNED_STORE_FILL


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def scored(assessment):
    score_assessment(assessment=assessment)
    add_suggested_actions(assessment=assessment, results=Results.load(assessment))
    return assessment


# --- who may see it ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report", "report_pdf"])
@pytest.mark.parametrize("persona", ["as_facilitator", "as_teammate", "as_viewer"])
def test_members_of_the_organisation_can_read_the_report(request, scored, name, persona):
    client = request.getfixturevalue(persona)
    response = client.get(reverse(name, args=[scored.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["report", "report_pdf"])
def test_outsider_gets_404_for_the_report(as_outsider, scored, name):
    assert as_outsider.get(reverse(name, args=[scored.pk])).status_code == 404


@pytest.mark.parametrize("name", ["report", "report_pdf"])
@pytest.mark.parametrize("persona", ["as_anonymous", "as_guest"])
def test_people_without_an_account_are_sent_to_log_in(request, scored, name, persona):
    client = request.getfixturevalue(persona)
    response = client.get(reverse(name, args=[scored.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["report", "report_pdf"])
def test_report_of_a_missing_assessment_is_404(as_facilitator, scored, name):
    assert as_facilitator.get(reverse(name, args=[scored.pk + 999])).status_code == 404


def test_only_facilitators_see_the_link_to_change_the_action_plan(
    as_facilitator, as_viewer, scored
):
    plan_url = reverse("action_plan", args=[scored.pk])
    assert plan_url in as_facilitator.get(reverse("report", args=[scored.pk])).content.decode()
    assert plan_url not in as_viewer.get(reverse("report", args=[scored.pk])).content.decode()


# --- what the page holds -------------------------------------------------------------


def test_report_page_has_charts_data_tables_summary_and_action_plan(as_viewer, scored):
    response = as_viewer.get(reverse("report", args=[scored.pk]))
    html = response.content.decode()
    report = response.context["report"]
    for fr in report.frameworks:
        assert f'id="{fr.dom_id}-table"' in html  # the data-table alternative
        assert f'id="{fr.dom_id}-svg"' in html  # the no-JS picture
    principles = next(fr for fr in report.frameworks if not fr.is_ladder)
    assert f'id="{principles.figure_script_id}" type="application/json"' in html
    assert 'data-plotly-figure="' in html
    assert "<script>" not in html.replace('type="application/json"', "")  # no inline code
    assert "coprod-tag--doing_for" in html
    assert "Where perspectives disagree" in html
    assert 'scope="row"' in html and "<caption" in html
    for action in Action.objects.filter(assessment=scored):
        assert action.what in html


def test_report_evidence_page_escapes_user_text(as_viewer, assessment):
    # The evidence is on each framework's evidence page, which the report page links to.
    score_assessment(assessment=assessment, evidence='<img src="x" onerror="alert(1)"> & more')
    framework = assessment.frameworks.first()
    url = reverse("report_evidence", args=[assessment.pk, framework.pk])
    assert url in as_viewer.get(reverse("report", args=[assessment.pk])).content.decode()
    html = as_viewer.get(url).content.decode()
    assert '<img src="x"' not in html
    assert "&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt; &amp; more" in html


# The session, the user, the gate, the rounds with their rubrics, participants, scores,
# agreed levels, actions, stored versions and reach.
REPORT_PAGE_QUERIES = 10


def test_report_page_queries_stay_flat_as_participants_grow(
    as_viewer, assessment, django_assert_max_num_queries
):
    score_assessment(assessment=assessment)
    # A worker's first report of these rubrics fills its store (assessments/pinned.py):
    # PINNED_STORE_FILL more queries, once per worker process, and still within twelve
    # (the page shows no descriptors, so it never reads them).
    pinned.forget()
    assert REPORT_PAGE_QUERIES + PINNED_STORE_FILL <= 12
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES + PINNED_STORE_FILL):
        as_viewer.get(reverse("report", args=[assessment.pk]))
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES):
        as_viewer.get(reverse("report", args=[assessment.pk]))
    score_assessment(assessment=assessment, people=[], extra=30, consensus=False)
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES):
        response = as_viewer.get(reverse("report", args=[assessment.pk]))
    assert len(response.context["report"].participants) == 34


# --- the PDF -------------------------------------------------------------------------


def test_pdf_holds_programme_criteria_levels_and_actions(as_viewer, scored):
    response = as_viewer.get(reverse("report_pdf", args=[scored.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="town-centre-urgent')
    text = _flat(_pdf_text(response.content))
    assert "Town centre urgent care reconfiguration" in text
    results = Results.load(scored).frameworks
    for framework in results:
        assert f"{framework.framework.name}" in text or framework.framework.short_name in text
        for c in framework.criteria:
            assert _flat(f"{c.criterion.code} {c.criterion.title}") in text
            assert _flat(f"{c.agreed_level.value} {c.agreed_level.label}") in text
            assert _flat(c.agreed_descriptor.descriptor) in text  # the appendix
    actions = list(Action.objects.filter(assessment=scored))
    assert actions
    for action in actions:
        assert _flat(action.what) in text
    for name in ("Priya Staff", "Jo Lived", "Linda Carer"):
        assert name not in text  # a PDF never names participants (assessments.names)
    assert "Participant 3 (lived experience)" in text
    assert "Page 1 of" in text
    assert "version" in text.lower()


def test_pdf_is_a4_and_tagged(scored):
    reader = PdfReader(io.BytesIO(pdf.render_pdf(scored)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"


class _Recorder(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    _Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_pdf_fetches_nothing_from_evidence_and_shows_it_as_text(assessment, local_server):
    port = local_server.server_address[1]
    evidence = (
        f'<img src="http://127.0.0.1:{port}/img"> '
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/css"> '
        f'<a href="file:///etc/passwd">file:///etc/passwd</a> '
        f'<iframe src="http://127.0.0.1:{port}/frame"></iframe>'
    )
    score_assessment(assessment=assessment, evidence=evidence)
    Action.objects.create(
        assessment=assessment,
        criterion=assessment.frameworks.first().criteria.first(),
        what=f'<img src="http://127.0.0.1:{port}/action">',
    )
    fetcher = pdf.StaticOnlyURLFetcher()
    data = pdf.render_pdf(assessment, fetcher=fetcher)
    assert _Recorder.requests == []
    assert fetcher.refused == []  # nothing even tried: the markup is escaped text
    text = _flat(_pdf_text(data))
    assert f'<img src="http://127.0.0.1:{port}/img">' in text
    assert "file:///etc/passwd" in text
    assert "root:x:0:0" not in text


def test_pdf_fetcher_refuses_urls_in_the_html_itself(local_server):
    """Even markup that reached the renderer could fetch nothing but static files."""
    port = local_server.server_address[1]
    html = (
        '<html lang="en"><head><title>t</title>'
        '<link rel="stylesheet" href="/static/reports/pdf.css"></head><body>'
        f'<img src="http://127.0.0.1:{port}/a" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        f'<img src="https://127.0.0.1:{port}/b" alt="">'
        '<img src="/static/../../etc/passwd" alt="">'
        "<p>x</p></body></html>"
    )
    fetcher = pdf.StaticOnlyURLFetcher()
    pdf.html_to_pdf(html, fetcher=fetcher)
    assert _Recorder.requests == []
    assert len(fetcher.refused) == 4
    assert any("etc/passwd" in url for url in fetcher.refused)


def test_export_report_command_writes_the_pdf(scored, tmp_path):
    target = tmp_path / "report.pdf"
    call_command("export_report", str(scored.pk), "-o", str(target))
    assert "Town centre urgent care reconfiguration" in _pdf_text(target.read_bytes())


def test_export_report_command_explains_a_missing_assessment(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No assessment with id 999"):
        call_command("export_report", "999", "-o", str(tmp_path / "x.pdf"))
