"""Who was involved, tried as every persona by GET and by POST. Any member, the review
panel and the invited guest read it; only the organisation's facilitators change it; others
get 404 (ids reveal nothing), people without an account go to log in. Refused requests
change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reach.models import Reach, ReachGroup

LOGIN = "login"
PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]
READS = {"facilitator": 200, "teammate": 200, "viewer": 200, "outsider": 404}
READS |= {"guest": 200, "anonymous": LOGIN}
WRITES = {"facilitator": 200, "teammate": 404, "viewer": 404, "outsider": 404}
WRITES |= {"guest": LOGIN, "anonymous": LOGIN}
EDITING = ["reach_edit", "reach_upload", "reach_template"]


def _expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_page_is_read_by_members_and_the_invited_guest(request, assessment, persona):
    client = request.getfixturevalue(f"as_{persona}")
    _expect(client.get(reverse("reach_detail", args=[assessment.pk])), READS[persona])


@pytest.mark.parametrize("persona", ["panel_chair", "panel_member", "other_panel"])
def test_the_review_panel_reads_its_own_assessment_only(request, review, persona):
    client = request.getfixturevalue(f"as_{persona}")
    response = client.get(reverse("reach_detail", args=[review.assessment_id]))
    assert response.status_code == (404 if persona == "other_panel" else 200)
    assert "Enter or change the counts" not in response.content.decode()
    if persona != "other_panel":
        assert "Back to the review" in response.content.decode()


def test_a_guest_of_another_assessment_gets_404(as_guest, programme, principles):
    from tests.factories.assessments import AssessmentFactory

    other = AssessmentFactory(programme=programme, frameworks=[principles])
    assert as_guest.get(reverse("reach_detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view_name", EDITING)
def test_changing_pages_are_for_facilitators_only(request, assessment, view_name, persona):
    client = request.getfixturevalue(f"as_{persona}")
    _expect(client.get(reverse(view_name, args=[assessment.pk])), WRITES[persona])


def _post(client, view_name, assessment):
    url = reverse(view_name, args=[assessment.pk])
    if view_name == "reach_upload":
        data = b"category,group,population_percent\nEthnic group,White,80\n"
        return client.post(url, {"population_file": SimpleUploadedFile("p.csv", data)})
    return client.post(url, {"people_reached": "50", "reached_eth-white": "40"})


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "facilitator"])
@pytest.mark.parametrize("view_name", ["reach_edit", "reach_upload"])
def test_a_refused_post_changes_nothing(request, assessment, view_name, persona):
    client = request.getfixturevalue(f"as_{persona}")
    _expect(_post(client, view_name, assessment), WRITES[persona])
    assert not Reach.objects.exists() and not ReachGroup.objects.exists()


@pytest.mark.parametrize("view_name", ["reach_edit", "reach_upload"])
def test_the_facilitators_post_saves(as_facilitator, assessment, view_name):
    response = _post(as_facilitator, view_name, assessment)
    assert response.status_code == 302
    assert ReachGroup.objects.filter(assessment=assessment, code="eth-white").exists()
