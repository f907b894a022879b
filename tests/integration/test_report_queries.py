"""The report page reads in a fixed number of queries, with a released review present,
for the ICB's facilitator and for a panel member, however many people scored."""

import pytest
from django.urls import reverse

from reviews import services
from tests.factories.scenarios import score_assessment
from tests.integration.test_reviews import _recommend


@pytest.fixture
def released(review, panel_chair, assessment):
    for i in range(3):
        _recommend(review, panel_chair, assessment, text=f"Recommendation {i}")
    services.release(review=review)
    return review


@pytest.mark.parametrize("persona", ["as_facilitator", "as_panel_member"])
def test_report_page_with_a_released_review_takes_at_most_12_queries_flat_in_people(
    request, released, assessment, persona, django_assert_max_num_queries
):
    client = request.getfixturevalue(persona)
    url = reverse("report", args=[assessment.pk])
    client.get(url)  # as in production: the worker's rubric store is warm after one page
    with django_assert_max_num_queries(12):
        assert "Recommendation 2" in client.get(url).content.decode()
    score_assessment(assessment=assessment, people=[], extra=30, consensus=False)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["report"].participants) == 34


@pytest.mark.parametrize("persona", ["as_facilitator", "as_panel_member"])
def test_evidence_pages_take_at_most_12_queries_flat_in_people(
    request, released, assessment, persona, django_assert_max_num_queries
):
    client = request.getfixturevalue(persona)
    for extra in (0, 30):
        score_assessment(assessment=assessment, people=[], extra=extra, consensus=False)
        for framework in assessment.frameworks.all():
            url = reverse("report_evidence", args=[assessment.pk, framework.pk])
            with django_assert_max_num_queries(12):
                assert client.get(url).status_code == 200
