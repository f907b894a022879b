"""The People pages, tried as each persona: only the organisation's facilitators get in.

Everyone else gets 404, as assessments/access.py answers (a slug or id says nothing about
who belongs where); people who are not logged in go to the login page.
"""

import pytest
from django.urls import reverse

from assessments.models import Membership, Role
from people.models import MemberInvitation
from tests.factories.assessments import MembershipFactory
from tests.factories.people import MemberInvitationFactory

PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]
LOGIN = "login"
ONLY_FACILITATORS = dict(
    facilitator=200, teammate=404, viewer=404, outsider=404, guest=LOGIN, anonymous=LOGIN
)
PAGES = ["people", "person_add", "member_change", "member_remove"]


def _url(name, organisation, membership):
    if name in ("member_change", "member_remove"):
        return reverse(name, args=[organisation.slug, membership.pk])
    return reverse(name, args=[organisation.slug])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_people_pages_answer_each_persona_as_their_role_allows(
    request, organisation, facilitator, teammate, page, persona
):
    client = request.getfixturevalue(f"as_{persona}")
    membership = Membership.objects.get(user=teammate)
    response = client.get(_url(page, organisation, membership))
    expected = ONLY_FACILITATORS[persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", ["teammate", "viewer", "outsider"])
def test_members_who_are_not_facilitators_cannot_add_change_or_remove_anyone(
    request, organisation, facilitator, teammate, persona
):
    client = request.getfixturevalue(f"as_{persona}")
    membership = MembershipFactory(organisation=organisation, role=Role.CONTRIBUTOR)
    invitation = MemberInvitationFactory(organisation=organisation)
    slug = organisation.slug
    # Each of these would succeed for a facilitator.
    added = {"name": "Eve", "email": "eve@example.org", "role": "viewer", "perspective": "carer"}
    posts = [
        (reverse("person_add", args=[slug]), added),
        (reverse("member_change", args=[slug, membership.pk]), {"role": Role.VIEWER}),
        (reverse("member_remove", args=[slug, membership.pk]), {}),
        (reverse("member_invitation_resend", args=[slug, invitation.pk]), {}),
        (reverse("member_invitation_cancel", args=[slug, invitation.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    membership.refresh_from_db()
    assert membership.role == Role.CONTRIBUTOR
    assert MemberInvitation.objects.get(pk=invitation.pk).token_hash == invitation.token_hash
    assert not MemberInvitation.objects.filter(email="eve@example.org").exists()


def test_facilitator_cannot_reach_another_organisations_member_through_their_own_page(
    as_facilitator, organisation, other_organisation
):
    stranger = MembershipFactory(organisation=other_organisation, role=Role.FACILITATOR)
    invitation = MemberInvitationFactory(organisation=other_organisation)
    slug = organisation.slug
    assert as_facilitator.get(reverse("member_change", args=[slug, stranger.pk])).status_code == 404
    assert (
        as_facilitator.post(reverse("member_remove", args=[slug, stranger.pk])).status_code == 404
    )
    resend = reverse("member_invitation_resend", args=[slug, invitation.pk])
    assert as_facilitator.post(resend).status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_programme_list_links_facilitators_to_their_people_page_and_no_one_else(
    as_facilitator, as_teammate, as_outsider, organisation
):
    people = reverse("people", args=[organisation.slug])
    assert people in as_facilitator.get(reverse("programme_list")).text
    assert people not in as_teammate.get(reverse("programme_list")).text
    assert people not in as_outsider.get(reverse("programme_list")).text
