"""Facilitators change a member's role and remove members; the organisation always keeps a
facilitator, and a removed member's past scores stay in the results under their name."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from assessments.models import Membership, Role, Score
from people import services
from tests.conftest import client_for
from tests.factories.assessments import MembershipFactory, ParticipantFactory, ScoreFactory


def _role_url(membership):
    return reverse("member_change", args=[membership.organisation.slug, membership.pk])


def _remove_url(membership):
    return reverse("member_remove", args=[membership.organisation.slug, membership.pk])


@pytest.fixture
def teammate_membership(teammate):
    return Membership.objects.get(user=teammate)


@pytest.fixture
def own_membership(facilitator):
    return Membership.objects.get(user=facilitator)


def test_facilitator_changes_a_members_role(as_facilitator, teammate_membership, teammate):
    page = as_facilitator.get(_role_url(teammate_membership)).content.decode()
    assert 'value="contributor" checked' in page
    response = as_facilitator.post(_role_url(teammate_membership), {"role": Role.VIEWER})
    assert response.url == reverse("people", args=[teammate_membership.organisation.slug])
    teammate_membership.refresh_from_db()
    assert teammate_membership.role == Role.VIEWER
    page = as_facilitator.get(response.url).content.decode()
    assert f"{teammate.get_full_name()} is now a viewer." in page


def test_promoting_a_member_gives_them_the_people_page(
    as_facilitator, teammate_membership, as_teammate, organisation
):
    people = reverse("people", args=[organisation.slug])
    assert as_teammate.get(people).status_code == 404
    as_facilitator.post(_role_url(teammate_membership), {"role": Role.FACILITATOR})
    assert as_teammate.get(people).status_code == 200


def test_an_empty_role_choice_is_a_form_error(as_facilitator, teammate_membership):
    response = as_facilitator.post(_role_url(teammate_membership), {"role": ""})
    assert response.status_code == 200 and "Choose a role" in response.content.decode()


def test_the_only_facilitator_cannot_be_demoted(as_facilitator, own_membership):
    response = as_facilitator.post(_role_url(own_membership), {"role": Role.CONTRIBUTOR})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "You cannot change the role of the only facilitator" in page
    assert "Make someone else a facilitator first." in page
    own_membership.refresh_from_db()
    assert own_membership.role == Role.FACILITATOR


def test_the_only_facilitator_cannot_be_removed(as_facilitator, own_membership):
    page = as_facilitator.get(_remove_url(own_membership)).content.decode()
    assert "Remove " in page
    response = as_facilitator.post(_remove_url(own_membership))
    assert response.status_code == 400
    page = response.content.decode()
    assert "You cannot remove the only facilitator" in page and "<title>Error:" in page
    assert Membership.objects.filter(pk=own_membership.pk).exists()


def test_with_two_facilitators_one_may_step_down_and_then_not_the_other(
    as_facilitator, own_membership, organisation
):
    other = MembershipFactory(organisation=organisation, role=Role.FACILITATOR)
    response = as_facilitator.post(_role_url(own_membership), {"role": Role.CONTRIBUTOR})
    assert response.url == reverse("programme_list")  # the People page is no longer theirs
    assert as_facilitator.get(reverse("people", args=[organisation.slug])).status_code == 404
    as_other = client_for(other.user)
    as_other.post(_role_url(other), {"role": Role.VIEWER})
    other.refresh_from_db()
    assert other.role == Role.FACILITATOR


def test_a_facilitator_may_remove_themselves_if_another_remains(
    as_facilitator, own_membership, organisation
):
    MembershipFactory(organisation=organisation, role=Role.FACILITATOR)
    response = as_facilitator.post(_remove_url(own_membership))
    assert response.url == reverse("programme_list")
    assert not Membership.objects.filter(pk=own_membership.pk).exists()


def test_removing_a_member_keeps_their_past_scores_attributed_to_them(
    as_facilitator, assessment, teammate, teammate_membership, principles
):
    participant = ParticipantFactory(
        assessment=assessment, user=teammate, name=teammate.get_full_name()
    )
    criterion = principles.criteria.order_by("order").first()
    ScoreFactory(
        participant=participant,
        criterion=criterion,
        value=3,
        evidence="Patients co-chair the design group.",
    )
    confirm = as_facilitator.get(_remove_url(teammate_membership)).content.decode()
    assert "Scores they have already given stay in the results, under their name." in confirm

    response = as_facilitator.post(_remove_url(teammate_membership))
    assert response.url == reverse("people", args=[assessment.programme.organisation.slug])
    assert not Membership.objects.filter(pk=teammate_membership.pk).exists()
    people = as_facilitator.get(response.url).content.decode()
    assert f"{teammate.get_full_name()} is no longer a member" in people
    assert teammate.email not in people
    score = Score.objects.get(participant__user=teammate)
    assert score.level.value == 3 and score.evidence == "Patients co-chair the design group."
    detail = as_facilitator.get(assessment.get_absolute_url()).content.decode()
    assert teammate.get_full_name() in detail and "1 of 5 scored" in detail
    # They can no longer see the organisation's work.
    assert client_for(teammate).get(assessment.get_absolute_url()).status_code == 404


def test_removing_a_member_already_removed_meanwhile_is_not_found(
    as_facilitator, teammate_membership
):
    url = _remove_url(teammate_membership)
    teammate_membership.delete()
    assert as_facilitator.post(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_facilitators_demoting_each_other_at_once_leave_one_facilitator(organisation):
    first, second = (
        MembershipFactory(organisation=organisation, role=Role.FACILITATOR) for _ in range(2)
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(membership):
        barrier.wait()
        try:
            services.change_role(membership=membership, role=Role.CONTRIBUTOR)
            outcomes.append("demoted")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # a crash or deadlock is the failure this test looks for
            outcomes.append(f"error: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["demoted", "refused"]
    assert Membership.objects.filter(organisation=organisation, role=Role.FACILITATOR).count() == 1
