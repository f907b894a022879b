"""Every action-plan view, tried as each persona, by GET and by POST. Only the owner
organisation's facilitators get in; other members are told they lack permission (403),
outsiders get 404 (ids reveal nothing); people without an account are sent to log in.
Refused requests change nothing."""

import pytest
from django.urls import reverse

from plans.models import Action, ActionStatus
from tests.factories.plans import ActionFactory
from tests.factories.scenarios import score_assessment

PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]
LOGIN = "login"
NOT_FOUND = 404
FORBIDDEN = 403  # a member of the organisation, told why (assessments.access.NotAllowed)
REFUSED = {
    "teammate": FORBIDDEN,
    "viewer": FORBIDDEN,
    "outsider": NOT_FOUND,
    "guest": LOGIN,
    "anonymous": LOGIN,
}
# view name -> what the facilitator gets: GET, POST. 405: that method is not offered, which
# any logged-in person is told before their access is looked at (it reveals nothing).
FACILITATOR = {
    "action_plan": (200, 200),
    "action_add": (200, 302),
    "action_add_suggested": (405, 302),
    "action_edit": (200, 302),
    "action_complete": (405, 302),
    "action_remove": (200, 302),
}
ON_ACTION = {"action_edit", "action_complete", "action_remove"}


@pytest.fixture
def action(assessment):
    score_assessment(assessment=assessment)  # agreed at 2: below target everywhere
    return ActionFactory(assessment=assessment, what="Hold a workshop")


def _url(name, action):
    args = [action.assessment_id, action.pk] if name in ON_ACTION else [action.assessment_id]
    return reverse(name, args=args)


def _post_data(action):
    return {
        "criterion": action.criterion_id,
        "what": "Changed by a POST",
        "status": ActionStatus.DONE,
        "version": action.version,
    }


def _expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view_name", FACILITATOR)
def test_plan_view_get_answers_each_persona_as_its_role_allows(request, action, view_name, persona):
    client = request.getfixturevalue(f"as_{persona}")
    expected = FACILITATOR[view_name][0] if persona == "facilitator" else REFUSED[persona]
    if FACILITATOR[view_name][0] == 405 and expected != LOGIN:
        expected = 405
    _expect(client.get(_url(view_name, action)), expected)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "facilitator"])
@pytest.mark.parametrize("view_name", FACILITATOR)
def test_plan_view_post_is_refused_and_changes_nothing_for_everyone_else(
    request, action, view_name, persona
):
    client = request.getfixturevalue(f"as_{persona}")
    _expect(client.post(_url(view_name, action), _post_data(action)), REFUSED[persona])
    assert list(Action.objects.values_list("pk", "what", "status", "version")) == [
        (action.pk, "Hold a workshop", ActionStatus.NOT_STARTED, 1)
    ]


@pytest.mark.parametrize("view_name", FACILITATOR)
def test_plan_view_post_works_for_the_owner_facilitator(as_facilitator, action, view_name):
    response = as_facilitator.post(_url(view_name, action), _post_data(action))
    assert response.status_code == FACILITATOR[view_name][1]
    if response.status_code == 302:
        assert response.url == reverse("action_plan", args=[action.assessment_id])


def test_outsider_cannot_reach_an_action_through_their_own_assessment(
    as_outsider, outsider, action, other_organisation
):
    from tests.factories.assessments import AssessmentFactory, ProgrammeFactory

    theirs = AssessmentFactory(
        programme=ProgrammeFactory(organisation=other_organisation),
        frameworks=list(action.assessment.frameworks.all()),
    )
    url = reverse("action_edit", args=[theirs.pk, action.pk])
    assert as_outsider.get(url).status_code == 404
    as_outsider.post(url, _post_data(action))
    action.refresh_from_db()
    assert action.what == "Hold a workshop"
