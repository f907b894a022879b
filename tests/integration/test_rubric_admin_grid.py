"""A grid's layout and offered_by_default in the rubric admin: a draft grid's cells edited
one per line and checked as a file's are; a published grid shown read-only."""

import pytest
from django.urls import reverse

from ladder.models import Framework
from tests.factories.accounts import force_login_verified
from tests.unit.ladder.rubric_docs import load_doc_via_load_rubrics
from tests.unit.ladder.rubric_docs_kinds import grid_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-12345!")
    force_login_verified(client, user)
    return client


def _url(framework):
    return reverse("admin:ladder_framework_change", args=[framework.pk])


def _posted(response):
    """What the change page's forms would post as they stand."""
    data = {}

    def add(form, prefix=""):
        for name in form.fields:
            key = f"{prefix}{name}"
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, f"{formset.prefix}-")
        for i, form in enumerate(formset.forms):
            add(form, f"{formset.prefix}-{i}-")
    return data


def test_a_draft_grid_is_edited_one_cell_per_line(tmp_path, admin_client):
    draft = load_doc_via_load_rubrics(tmp_path, grid_doc())
    page = admin_client.get(_url(draft))
    data = _posted(page)
    assert "2-2: Planned 2, delivered 2 | Cell 2-2 in plain words." in data["grid_cells"]
    data["grid_cells"] = data["grid_cells"].replace("Planned 2, delivered 2", "Full co-production")
    data.pop("offered_by_default", None)  # tick it off… it was off; tick it on
    data["offered_by_default"] = "on"
    response = admin_client.post(_url(draft), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Framework.objects.get(pk=draft.pk)
    assert saved.grid_cell(2, 2)["name"] == "Full co-production"
    assert saved.offered_by_default is True


def test_a_grid_missing_a_cell_is_refused_saying_which_and_keeps_what_was_typed(
    tmp_path, admin_client
):
    draft = load_doc_via_load_rubrics(tmp_path, grid_doc())
    data = _posted(admin_client.get(_url(draft)))
    lines = data["grid_cells"].splitlines()
    data["grid_cells"] = "\n".join(line for line in lines if not line.startswith("3-3"))
    data["grid_down"] = "A"
    response = admin_client.post(_url(draft), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "no cell for across 3, down 3: name every pair of levels" in errors["grid_cells"][0]
    assert errors["grid_down"] == ["across and down must be different criteria"]
    assert "1-1: Planned 1, delivered 1" in response.text  # what was typed is kept
    assert Framework.objects.get(pk=draft.pk).grid == draft.grid


def test_a_line_that_is_not_a_cell_is_refused_with_its_line_number(tmp_path, admin_client):
    draft = load_doc_via_load_rubrics(tmp_path, grid_doc())
    data = _posted(admin_client.get(_url(draft)))
    data["grid_cells"] += "\nFull co-production everywhere"
    response = admin_client.post(_url(draft), data)
    errors = response.context["adminform"].form.errors["grid_cells"]
    assert errors == [
        'Line 10 should read "across-down: name | meaning", for example '
        '"2-2: Full Co-Production | …", not "Full co-production everywhere"'
    ]


def test_a_published_grid_is_shown_read_only(tmp_path, admin_client):
    published = load_doc_via_load_rubrics(tmp_path, grid_doc(status="published"))
    page = admin_client.get(_url(published))
    assert page.status_code == 200
    assert "2-3: Planned 2, delivered 3 | Cell 2-3 in plain words." in page.text
    assert 'name="grid_cells"' not in page.text


def test_a_version_2_preview_folds_the_question_as_the_scoring_page_does(tmp_path, admin_client):
    from tests.unit.ladder.rubric_docs_v2 import CHOOSING, minimal_doc_v2

    draft = load_doc_via_load_rubrics(tmp_path, minimal_doc_v2(version=1))
    text = admin_client.get(reverse("rubric_preview", args=[draft.pk])).text
    # The same pieces, in the same order, as a scorer's question page (score_criterion.html).
    pieces = [
        "What this principle covers",
        "How to choose a level",
        "Full description of each level",
    ]
    at = [text.find(piece) for piece in pieces]
    assert -1 not in at and at == sorted(at), at
    assert text.count("What this principle covers") == 2  # once a question
    assert CHOOSING.replace("'", "&#x27;") in text
    assert 'class="nhsuk-inset-text"' not in text  # version 2 folds the statement


def test_a_cell_line_with_a_superscript_digit_is_refused_not_a_500(tmp_path, admin_client):
    draft = load_doc_via_load_rubrics(tmp_path, grid_doc())
    data = _posted(admin_client.get(_url(draft)))
    data["grid_cells"] += "\n²-1: x | y"
    response = admin_client.post(_url(draft), data)
    assert response.status_code == 200
    assert "Line 10 should read" in response.context["adminform"].form.errors["grid_cells"][0]


def test_an_empty_cell_name_is_refused_naming_the_cell(tmp_path, admin_client):
    draft = load_doc_via_load_rubrics(tmp_path, grid_doc())
    data = _posted(admin_client.get(_url(draft)))
    data["grid_cells"] = data["grid_cells"].replace("1-1: Planned 1, delivered 1 |", "1-1:  |")
    response = admin_client.post(_url(draft), data)
    errors = response.context["adminform"].form.errors["grid_cells"]
    assert any(e.startswith("Cell 1-1: ") and "empty" in e for e in errors), errors


def test_a_grid_made_another_kind_keeps_no_layout(tmp_path, admin_client):
    draft = load_doc_via_load_rubrics(tmp_path, grid_doc())
    data = _posted(admin_client.get(_url(draft)))
    data["kind"] = "principles"
    response = admin_client.post(_url(draft), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Framework.objects.get(pk=draft.pk).grid == {}
