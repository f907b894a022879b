"""The read API, tried as each persona with a token of their own: members read their
organisation's objects; another organisation's object is 404, as on the pages; no token (or
a wrong or revoked one) is 401. Names only for facilitators; results carry none."""

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from api import tokens
from assessments.models import Programme
from tests.factories.assessments import ProgrammeFactory
from tests.factories.plans import ActionFactory
from tests.factories.scenarios import score_assessment

MEMBERS = ["facilitator", "teammate", "viewer"]


def _api(user):
    client = Client()
    if user is not None:
        _, token = tokens.create_token(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


@pytest.fixture
def scored(assessment):
    score_assessment(assessment=assessment)
    ActionFactory(assessment=assessment, what="Hold a workshop")
    return assessment


def _urls(assessment):
    action = assessment.actions.first()
    return {
        "programme_list": reverse("api-programme-list"),
        "programme": reverse("api-programme-detail", args=[assessment.programme_id]),
        "assessment_list": reverse("api-assessment-list"),
        "assessment": reverse("api-assessment-detail", args=[assessment.pk]),
        "results": reverse("api-assessment-results", args=[assessment.pk]),
        "action_list": reverse("api-action-list"),
        "action": reverse("api-action-detail", args=[action.pk]),
    }


DETAIL = {"programme", "assessment", "results", "action"}


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read_their_organisations_objects(persona, scored, request):
    client = _api(request.getfixturevalue(persona))
    for name, url in _urls(scored).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name not in DETAIL:
            assert response.json()["count"] == 1, name


def test_an_outsiders_token_gets_404_and_empty_lists(scored, outsider):
    client = _api(outsider)
    for name, url in _urls(scored).items():
        response = client.get(url)
        if name in DETAIL:
            assert response.status_code == 404, name
        else:
            assert response.json()["count"] == 0, name


def test_a_filter_naming_another_organisations_programme_finds_nothing(scored, outsider):
    response = _api(outsider).get(
        reverse("api-assessment-list"), {"programme": scored.programme_id}
    )
    assert response.json()["count"] == 0


@pytest.mark.parametrize("header", [None, "Token coprod_not-a-real-token", "Token"])
def test_no_token_or_a_wrong_one_is_401(scored, header):
    client = Client()
    if header:
        client.defaults["HTTP_AUTHORIZATION"] = header
    for url in _urls(scored).values():
        response = client.get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


def test_a_signed_in_browser_reads_the_api_with_its_session(scored, as_viewer):
    assert as_viewer.get(reverse("api-programme-list")).status_code == 200


def test_a_guest_session_is_not_an_api_login(scored, as_guest):
    assert as_guest.get(reverse("api-programme-list")).status_code == 401


def test_the_api_writes_nothing(scored, facilitator):
    client = _api(facilitator)
    url = reverse("api-programme-detail", args=[scored.programme_id])
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url, {}, content_type="application/json").status_code == 405
    assert Programme.objects.filter(pk=scored.programme_id).exists()


def _participants(client, assessment):
    url = reverse("api-assessment-detail", args=[assessment.pk])
    return client.get(url).json()["participants"]


def test_names_only_for_facilitators(scored, facilitator, teammate, viewer):
    names = {p["name"] for p in _participants(_api(facilitator), scored)}
    assert "Jo Lived" in names
    for user in (teammate, viewer):
        participants = _participants(_api(user), scored)
        assert {p["name"] for p in participants} == {None}
        assert {p["perspective"] for p in participants} >= {"lived_experience", "clinician"}


def test_results_give_spread_bands_and_agreed_levels_and_no_names(scored, facilitator):
    response = _api(facilitator).get(reverse("api-assessment-results", args=[scored.pk]))
    body = response.json()
    assert body["agreed_count"] == body["total"] == 5
    principles = body["frameworks"][1]
    criterion = principles["criteria"][0]
    assert criterion["agreed"] == "level"
    assert criterion["agreed_level"] == {"value": 2, "label": "Listening", "band": "doing_for"}
    assert criterion["overall"]["low"] == 1 and criterion["overall"]["high"] == 3
    assert criterion["overall"]["median"] == 2
    assert criterion["median_band"] == "doing_for"
    assert criterion["below_target"] is True
    by = {p["perspective"]: p["median"] for p in criterion["by_perspective"]}
    assert by == {"nhs_staff": 3, "clinician": 3, "lived_experience": 1, "carer": 1}
    for name in ("Jo Lived", "Priya Staff", "Linda Carer"):
        assert name not in response.content.decode()


def test_actions_name_their_criterion_and_framework(scored, viewer):
    body = _api(viewer).get(reverse("api-action-list"), {"assessment": scored.pk}).json()
    (action,) = body["results"]
    assert action["what"] == "Hold a workshop"
    assert action["criterion"] == scored.frameworks.order_by("order")[0].criteria.first().code


def test_lists_are_paginated(organisation, viewer):
    ProgrammeFactory.create_batch(55, organisation=organisation)
    client = _api(viewer)
    first = client.get(reverse("api-programme-list")).json()
    assert first["count"] == 55 and len(first["results"]) == 50
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    small = client.get(reverse("api-programme-list"), {"page_size": 10}).json()
    assert len(small["results"]) == 10


def test_list_query_count_does_not_grow_with_assessments(
    organisation, viewer, assessment, django_assert_max_num_queries
):
    from tests.factories.assessments import AssessmentFactory

    for _ in range(20):
        score_assessment(
            assessment=AssessmentFactory(programme=assessment.programme, frameworks=[])
        )
    client = _api(viewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("api-assessment-list")).status_code == 200


# --- tokens -------------------------------------------------------------------------------


def test_tokens_are_stored_hashed(facilitator):
    row, token = tokens.create_token(user=facilitator)
    assert token.startswith("coprod_")
    stored = AuthToken.objects.get(pk=row.pk)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128  # SHA-512, hex
    assert token.startswith(stored.token_key)


def test_the_token_page_shows_a_new_token_once(as_facilitator, facilitator):
    url = reverse("api_tokens")
    response = as_facilitator.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = response.context["new_token"]
    assert token in response.content.decode()
    assert as_facilitator.get(url).content.decode().count(token) == 0
    # The token works.
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api-programme-list")).status_code == 200


def test_revoking_a_token_stops_it(as_facilitator, facilitator, scored):
    row, token = tokens.create_token(user=facilitator)
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api-programme-list")).status_code == 200
    response = as_facilitator.post(reverse("api_token_revoke", args=[row.token_key]))
    assert response.status_code == 302
    assert not AuthToken.objects.filter(pk=row.pk).exists()
    assert client.get(reverse("api-programme-list")).status_code == 401


def test_nobody_revokes_another_persons_token(as_outsider, facilitator):
    row, _ = tokens.create_token(user=facilitator)
    as_outsider.post(reverse("api_token_revoke", args=[row.token_key]))
    assert AuthToken.objects.filter(pk=row.pk).exists()


def test_an_expired_token_is_refused(facilitator, scored):
    from datetime import timedelta

    from django.utils import timezone

    row, token = tokens.create_token(user=facilitator)
    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api-programme-list")).status_code == 401


@pytest.mark.parametrize("persona", ["anonymous", "guest"])
def test_token_pages_send_people_without_an_account_to_log_in(persona, request):
    client = request.getfixturevalue(f"as_{persona}")
    for method, url in (
        ("get", reverse("api_tokens")),
        ("post", reverse("api_tokens")),
        ("post", reverse("api_token_revoke", args=["coprod_abcdefgh"])),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert AuthToken.objects.count() == 0


def test_revoke_is_post_only(as_facilitator):
    response = as_facilitator.get(reverse("api_token_revoke", args=["coprod_abcdefgh"]))
    assert response.status_code == 405


def test_the_account_page_links_to_tokens(as_viewer):
    assert reverse("api_tokens") in as_viewer.get(reverse("account")).content.decode()


# --- schema --------------------------------------------------------------------------------


def test_schema_is_openapi_with_the_api_paths(db):
    response = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/programmes/",
        "/api/programmes/{id}/",
        "/api/assessments/",
        "/api/assessments/{id}/",
        "/api/assessments/{id}/results/",
        "/api/actions/",
        "/api/actions/{id}/",
    } <= set(schema["paths"])
    assert "knoxApiToken" in schema["components"]["securitySchemes"]


def test_schema_validates(db):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    validate_schema(SchemaGenerator().get_schema(request=None, public=True))


def test_schema_browser_uses_only_our_own_files(db):
    response = Client().get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html and "https://" not in html
    script = Client().get(reverse("api-docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")
