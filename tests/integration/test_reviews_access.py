"""Every review view, tried as each persona, by GET and by POST; and every existing view
tried as the panel. Refused requests answer 404 (ids reveal nothing), or send people without
an account to log in, and change nothing."""

import pytest
from django.urls import reverse

from reviews.models import Comment, PanelMember, Recommendation, Response, Review
from tests.integration.test_scoring_access import MATRIX as SCORING_VIEWS
from tests.integration.test_scoring_access import _url as scoring_url

PERSONAS = [
    "facilitator",
    "teammate",
    "viewer",
    "outsider",
    "guest",
    "anonymous",
    "panel_member",
    "panel_chair",
    "other_panel",
    "senate_colleague",
]
LOGIN = "login"
NOT_ALLOWED = 405

# view -> the personas it lets in, and the GET status they get
ALLOWED = {
    "review_share": {"facilitator"},
    "review_detail": {"facilitator", "panel_member", "panel_chair"},
    "review_panel_add": {"facilitator"},
    "review_comment": {"panel_member", "panel_chair"},
    "recommendation_add": {"panel_chair"},
    "recommendation_edit": {"panel_chair"},
    "recommendation_respond": {"facilitator"},
    "review_release": {"panel_chair"},
    "review_sign_off": {"panel_chair"},
}
POST_ONLY = {"review_release"}


@pytest.fixture
def recommendation(review, assessment):
    rec = Recommendation.objects.create(
        review=review, number=1, heading="engagement", text="Hear seldom-heard groups."
    )
    rec.criteria.set([assessment.frameworks.first().criteria.first()])
    return rec


@pytest.fixture
def everyone(request, recommendation, panel_chair, panel_member, other_panel, senate_colleague):
    """Every persona exists before any request (so a seat never appears mid-test)."""
    return {p: request.getfixturevalue(f"as_{p}") for p in PERSONAS}


def _url(name, assessment):
    if name == "review_comment":
        criterion = assessment.frameworks.first().criteria.first()
        return reverse(name, args=[assessment.pk, criterion.pk])
    if name in ("recommendation_edit", "recommendation_respond"):
        return reverse(name, args=[assessment.pk, 1])
    return reverse(name, args=[assessment.pk])


def _state():
    return (
        list(Review.objects.values_list("released_at", "outcome", "signed_off_at", "report_hash")),
        list(PanelMember.objects.values_list("pk", "email", "is_chair")),
        list(Comment.objects.values_list("pk", "kind", "text", "version")),
        list(Recommendation.objects.values_list("pk", "text", "version")),
        list(Response.objects.values_list("pk", "answer", "version")),
    )


# Views on the ICB's side, behind its facilitator gate: its other members are told they
# lack permission (assessments.access.NotAllowed); the panel's own pages answer them 404.
ICB_SIDE = {"review_share", "participant_anonymise", "participant_named"}


def _refused(response, persona, view_name):
    if persona in ("guest", "anonymous"):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif persona in ("teammate", "viewer") and view_name in ICB_SIDE:
        assert response.status_code == 403  # members are told they lack permission
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view_name", ALLOWED)
def test_review_view_get_answers_each_persona_as_its_seat_allows(
    everyone, assessment, view_name, persona
):
    response = everyone[persona].get(_url(view_name, assessment))
    if persona in ALLOWED[view_name]:
        assert response.status_code == (NOT_ALLOWED if view_name in POST_ONLY else 200)
    elif view_name in POST_ONLY and persona not in ("guest", "anonymous"):
        assert response.status_code == NOT_ALLOWED  # said before access is looked at
    else:
        _refused(response, persona, view_name)


POST_DATA = {
    "reviewing_organisation": "",
    "name": "Intruder",
    "email": "intruder@example.org",
    "role": "other",
    "is_chair": "on",
    "kind": "agree",
    "text": "Changed by a POST",
    "heading": "other",
    "answer": "accepted",
    "outcome": "assured",
    "date": "01/12/2026",
    "version": "0",
}


# Everyone a view does not allow (the allowed ones' writes are tested in test_reviews.py).
REFUSED = [(view, who) for view in ALLOWED for who in PERSONAS if who not in ALLOWED[view]]


@pytest.mark.parametrize(("view_name", "persona"), REFUSED)
def test_review_view_post_is_refused_and_changes_nothing_for_everyone_else(
    everyone, assessment, view_name, persona
):
    before = _state()
    _refused(everyone[persona].post(_url(view_name, assessment), POST_DATA), persona, view_name)
    assert _state() == before


PANEL = ["panel_member", "panel_chair", "other_panel", "senate_colleague"]


@pytest.mark.parametrize("persona", PANEL)
@pytest.mark.parametrize("view_name", SCORING_VIEWS)
def test_the_panel_sees_nothing_else_of_the_icb(everyone, assessment, view_name, persona):
    assert everyone[persona].get(scoring_url(view_name, assessment)).status_code == 404
    assert everyone[persona].post(scoring_url(view_name, assessment), {}).status_code == 404


@pytest.mark.parametrize("persona", PANEL)
@pytest.mark.parametrize("view_name", ["action_plan", "action_add", "consensus_overview"])
def test_the_panel_cannot_reach_the_plan_or_consensus_writes(
    everyone, assessment, view_name, persona
):
    url = reverse(view_name, args=[assessment.pk])
    assert everyone[persona].get(url).status_code == 404


@pytest.mark.parametrize("persona", PANEL)
def test_the_panel_cannot_see_the_icbs_people_page(everyone, organisation, persona):
    assert everyone[persona].get(reverse("people", args=[organisation.slug])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("panel_member", 200), ("panel_chair", 200), ("other_panel", 404), ("senate_colleague", 404)],
)
@pytest.mark.parametrize("view_name", ["report", "report_pdf"])
def test_only_this_panel_reads_the_shared_report(everyone, assessment, view_name, persona, status):
    assert everyone[persona].get(reverse(view_name, args=[assessment.pk])).status_code == status


def test_another_panels_review_is_not_listed(everyone, review):
    page = everyone["other_panel"].get(reverse("my_reviews")).content.decode()
    assert "Baseline, spring" not in page
    mine = everyone["panel_member"].get(reverse("my_reviews")).content.decode()
    assert "Baseline, spring" in mine


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "facilitator"])
@pytest.mark.parametrize("view_name", ["participant_anonymise", "participant_named"])
def test_only_facilitators_anonymise_or_name_participants(everyone, assessment, view_name, persona):
    from assessments.models import Participant

    person = Participant.objects.filter(assessment=assessment).first()
    url = reverse(view_name, args=[assessment.pk, person.pk])
    _refused(everyone[persona].post(url, {"named": "1"}), persona, view_name)
    person.refresh_from_db()
    assert person.anonymised_at is None and not person.named
