"""Every export URL tried as each persona: members who may read results download (names
only for facilitators); outsiders get 404; guests and anonymous people are sent to log in.
The import page is for signed-in people; what they may import is the file's organisation's
business (test_exports_json.py)."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exports.document import document_bytes, results_document
from tests.integration.exports_scenario import scored

PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]
URLS = ["export_xlsx", "export_csv", "export_json"]
EXPECTED = {
    "facilitator": 200,
    "teammate": 200,
    "viewer": 200,
    "outsider": 404,
    "guest": "login",
    "anonymous": "login",
}
NAMED = {"facilitator"}


def _names_in(url_name, content):
    if url_name == "export_json":
        return {p["name"] for p in json.loads(content)["participants"]} - {None}
    if url_name == "export_xlsx":
        sheet = load_workbook(io.BytesIO(content))["Answers"]
        return {row[0].value for row in sheet.iter_rows(min_row=2)}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        name = next(n for n in archive.namelist() if n.endswith("answers.csv"))
        text = archive.read(name).decode("utf-8-sig")
    return {line.split(",")[0] for line in text.splitlines()[1:]}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", URLS)
def test_each_export_answers_each_persona_as_the_pages_do(request, assessment, url_name, persona):
    scored(assessment)
    client = request.getfixturevalue(f"as_{persona}")
    response = client.get(reverse(url_name, args=[assessment.pk]))
    expected = EXPECTED[persona]
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        return
    assert response.status_code == expected
    if expected != 200:
        return
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="town-centre-urgent')
    names = _names_in(url_name, response.content)
    if persona in NAMED:
        assert any("Priya Staff" in n for n in names)
    else:
        assert not any("Priya" in n for n in names)


def test_an_unknown_assessment_is_404_for_everyone(as_facilitator, assessment):
    assert as_facilitator.get(reverse("export_json", args=[assessment.pk + 100])).status_code == 404


@pytest.mark.parametrize("persona", ["facilitator", "teammate", "viewer"])
def test_the_assessment_page_links_the_downloads_for_those_who_read_results(
    request, assessment, persona
):
    client = request.getfixturevalue(f"as_{persona}")
    page = client.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    for url_name in URLS:
        assert reverse(url_name, args=[assessment.pk]) in page
    assert ("(people are not named)" in page) == (persona != "facilitator")


def test_the_programme_list_links_the_import_page_for_facilitators_only(as_facilitator, as_viewer):
    link = reverse("import_results")
    assert link in as_facilitator.get(reverse("programme_list")).content.decode()
    assert link not in as_viewer.get(reverse("programme_list")).content.decode()


def test_the_import_page_needs_a_login(as_anonymous, as_guest):
    for client in (as_anonymous, as_guest):
        response = client.get(reverse("import_results"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _upload(client, content, name="results.json"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("import_results"), {"file": file})


def test_a_facilitator_imports_a_file_from_the_page(as_facilitator, assessment):
    scored(assessment)
    assert as_facilitator.get(reverse("import_results")).status_code == 200
    response = _upload(
        as_facilitator, document_bytes(results_document(assessment, names_included=True))
    )
    assert response.status_code == 302
    assert response.url != reverse("assessment_detail", args=[assessment.pk])
    assert response.url.startswith("/assessments/")


def test_the_import_page_shows_every_problem_and_saves_nothing(as_outsider, assessment):
    scored(assessment)
    doc = results_document(assessment, names_included=True)
    doc["scores"][0]["level"] = "three"
    response = _upload(as_outsider, document_bytes(doc))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file was not imported: nothing in it was saved" in page
    assert "scores[0].level: expected a whole number from 1, found text &quot;three&quot;" in page
    doc["scores"][0]["level"] = 3
    page = _upload(as_outsider, document_bytes(doc)).content.decode()
    assert "organisation.ods_code: you are not a facilitator" in page


def test_the_import_page_asks_for_a_file(as_facilitator):
    page = as_facilitator.post(reverse("import_results"), {}).content.decode()
    assert "Choose the results file to import" in page
