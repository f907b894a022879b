"""Version-2 rubrics in admin: guidance, review metadata ("not yet checked") and summaries;
version-1 pages keep their fields."""

import pytest
from django.urls import reverse

from tests.integration.test_rubric_admin import (  # noqa: F401 - fixtures
    CHANGELIST,
    change_url,
    draft,
    editable_names,
    superuser_client,
)
from tests.unit.ladder.rubric_docs import load_doc_via_load_rubrics
from tests.unit.ladder.rubric_docs_v2 import minimal_doc_v2

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_v2(tmp_path):
    return load_doc_via_load_rubrics(tmp_path, minimal_doc_v2(slug="second"))


def test_a_v2_framework_page_shows_guidance_and_review_not_yet_checked(superuser_client, draft_v2):  # noqa: F811
    response = superuser_client.get(change_url(draft_v2))
    assert response.status_code == 200
    names = editable_names(response.text)
    assert {"guidance_choosing", "guidance_dont_know", "written_by", "checked_by"} <= names
    assert "checked by: not yet checked" in response.text
    assert "Written by Coprod rubric team on 2 December 2026" in response.text
    assert "review due 1 December 2027" in response.text
    listing = superuser_client.get(CHANGELIST).text
    assert "not yet checked" in listing


def test_a_v2_criterion_page_edits_summaries_guidance_and_replaces(superuser_client, draft_v2):  # noqa: F811
    criterion = draft_v2.criteria.get(code="A")
    response = superuser_client.get(reverse("admin:ladder_criterion_change", args=[criterion.pk]))
    names = editable_names(response.text)
    assert {"guidance", "replaces", "descriptors-0-summary"} <= names
    assert "A at level 1, in a few plain words." in response.text


def test_a_v1_framework_page_has_no_v2_fields(superuser_client, draft):  # noqa: F811
    names = editable_names(superuser_client.get(change_url(draft)).text)
    assert not {"guidance_choosing", "written_by", "checked_by"} & names
    criterion = draft.criteria.get(code="A")
    page = superuser_client.get(reverse("admin:ladder_criterion_change", args=[criterion.pk]))
    assert not {"guidance", "replaces", "descriptors-0-summary"} & editable_names(page.text)
