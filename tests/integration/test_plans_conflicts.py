"""No lost edits on the action plan: an edit without its version, an edit crossing another
facilitator's save, and an edit of an action removed meanwhile each keep what was typed."""

import re

import pytest
from django.urls import reverse

from plans.models import Action, ActionStatus
from tests.factories.plans import ActionFactory
from tests.factories.scenarios import score_assessment

TYPED = {
    "what": "Co-design the new pathway with carers\nand pay them for their time",
    "owner": "Carers' lead",
    "due_date": "30/06/2027",
    "status": ActionStatus.IN_PROGRESS,
}


@pytest.fixture
def action(assessment):
    score_assessment(assessment=assessment)
    return ActionFactory(assessment=assessment, what="Hold a workshop", owner="Priya")


def _edit_url(action):
    return reverse("action_edit", args=[action.assessment_id, action.pk])


def _shown_version(page):
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_edit_without_its_version_is_refused_with_a_form_error_and_the_typed_text_kept(
    as_facilitator, action
):
    response = as_facilitator.post(_edit_url(action), TYPED)  # no "version"
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Your change was not saved" in page
    assert "It now reads: “Hold a workshop” – not started, owner Priya, due no date" in page
    assert "Co-design the new pathway with carers\nand pay them for their time" in page
    assert 'value="30/06/2027"' in page and "Carers&#x27; lead" in page
    action.refresh_from_db()
    assert (action.what, action.version) == ("Hold a workshop", 1)

    # Having seen what is stored, saving again (the page now carries the version) works.
    as_facilitator.post(_edit_url(action), {**TYPED, "version": _shown_version(page)})
    action.refresh_from_db()
    assert (action.what, action.owner, action.version) == (TYPED["what"], "Carers' lead", 2)


def test_edit_with_a_version_that_is_not_a_number_is_refused_the_same_way(as_facilitator, action):
    response = as_facilitator.post(_edit_url(action), {**TYPED, "version": "latest"})
    assert "Your change was not saved" in response.content.decode()
    action.refresh_from_db()
    assert action.what == "Hold a workshop"


def test_edit_of_an_action_removed_meanwhile_says_so_and_shows_the_typed_text(
    as_facilitator, action
):
    url, version = _edit_url(action), action.version
    Action.objects.filter(pk=action.pk).delete()  # another facilitator removes it
    response = as_facilitator.post(url, {**TYPED, "version": version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else removed this action while you were editing it." in page
    assert "Your change was not saved" in page
    assert "Co-design the new pathway with carers\nand pay them for their time" in page
    assert "Carers&#x27; lead" in page and "30/06/2027" in page and "In progress" in page
    assert reverse("action_add", args=[action.assessment_id]) in page
    assert not Action.objects.exists()


def test_removal_between_loading_and_locking_is_told_the_same_way(
    as_facilitator, action, monkeypatch
):
    from plans import services

    real_update = services.update_action

    def removed_first(**kwargs):
        Action.objects.filter(pk=kwargs["action"].pk).delete()
        return real_update(**kwargs)

    monkeypatch.setattr(services, "update_action", removed_first)
    response = as_facilitator.post(_edit_url(action), {**TYPED, "version": action.version})
    page = response.content.decode()
    assert "Someone else removed this action while you were editing it." in page
    assert "Co-design the new pathway with carers" in page


def test_opening_an_action_that_is_gone_is_404(as_facilitator, action):
    url = _edit_url(action)
    action.delete()
    assert as_facilitator.get(url).status_code == 404


@pytest.mark.parametrize("name", ["action_complete", "action_remove"])
def test_marking_done_or_removing_an_action_removed_meanwhile_says_so(as_facilitator, action, name):
    url = reverse(name, args=[action.assessment_id, action.pk])
    Action.objects.filter(pk=action.pk).delete()
    response = as_facilitator.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("action_plan", args=[action.assessment_id])
    assert "Someone else had already removed that action." in response.content.decode()


def test_two_stale_edits_in_a_row_each_show_the_newest_stored_text(as_facilitator, action):
    url = _edit_url(action)
    as_facilitator.post(url, {**TYPED, "what": "First", "version": 1})
    as_facilitator.post(url, {**TYPED, "what": "Second", "version": 2})
    page = as_facilitator.post(url, {**TYPED, "what": "Mine", "version": 1}).content.decode()
    assert "Someone else changed this action while you were editing" in page
    assert "It now reads: “Second”" in page and "Mine" in page
    assert _shown_version(page) == "3"
    action.refresh_from_db()
    assert action.what == "Second"
