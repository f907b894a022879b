"""A facilitator adds colleagues by email; the colleague sets a password with a one-use,
expiring link (hashed, as guests' links are)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership, Perspective, Role
from assessments.services import hash_token
from people.models import MemberInvitation
from tests.conftest import client_for
from tests.factories.assessments import MembershipFactory, UserFactory
from tests.factories.people import MemberInvitationFactory

User = get_user_model()
COLLEAGUE = {
    "name": "Priya Shah",
    "email": "Priya.Shah@Example.NHS.uk",
    "role": Role.CONTRIBUTOR,
    "perspective": Perspective.CLINICIAN,
}


def _add(client, organisation, **overrides):
    return client.post(reverse("person_add", args=[organisation.slug]), {**COLLEAGUE, **overrides})


def _path_in_email(message=None):
    message = message or mail.outbox[-1]
    return re.search(r"http://testserver(/join-organisation/[^/\s]+/)", message.body).group(1)


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _row_of(page, text):
    """The table row holding `text`, with its tags stripped."""
    row = next(r for r in page.split("<tr") if text in r)
    return re.sub(r"<[^>]+>", " ", row)


@pytest.fixture
def people_url(organisation):
    return reverse("people", args=[organisation.slug])


# --- the People page ------------------------------------------------------------------


def test_people_page_lists_members_with_role_and_perspective_and_pending_invitations(
    as_facilitator, people_url, organisation, facilitator, teammate
):
    MemberInvitationFactory(organisation=organisation, name="Jo Waiting", email="jo@example.org")
    page = _text(as_facilitator.get(people_url))
    members, waiting = page.split("Invited, not joined yet")
    row = _row_of(members, teammate.get_full_name())
    assert teammate.email in row and "Contributor" in row and "Clinician" in row
    assert "Facilitator" in _row_of(members, facilitator.get_full_name() + " (you)")
    assert "Jo Waiting" in waiting and "jo@example.org" in waiting and "Works until" in waiting


def test_people_page_escapes_names_people_typed(as_facilitator, people_url, organisation):
    MembershipFactory(organisation=organisation, user=UserFactory(first_name="<b>Bold</b>"))
    MemberInvitationFactory(organisation=organisation, name="<script>x()</script>")
    page = as_facilitator.get(people_url).content.decode()
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert "<script>x()" not in page


def test_people_page_queries_stay_flat_as_members_and_invitations_grow(
    as_facilitator, people_url, organisation, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            MembershipFactory(organisation=organisation)
            MemberInvitationFactory(organisation=organisation)

    grow(2)
    with django_assert_max_num_queries(6):
        assert as_facilitator.get(people_url).status_code == 200
    grow(20)
    with django_assert_max_num_queries(6):
        assert as_facilitator.get(people_url).status_code == 200


def test_expired_and_unsent_invitations_are_shown_as_such(as_facilitator, people_url, organisation):
    MemberInvitationFactory(organisation=organisation, expires_at=timezone.now())
    MemberInvitationFactory(organisation=organisation, sent_at=None)
    page = as_facilitator.get(people_url).content.decode()
    assert ">Expired<" in page and ">Email not sent<" in page


# --- adding a colleague ---------------------------------------------------------------


def test_adding_a_colleague_emails_a_one_use_link_and_lists_them_as_invited(
    as_facilitator, people_url, organisation, facilitator, settings
):
    response = _add(as_facilitator, organisation)
    assert response.url == people_url
    invitation = MemberInvitation.objects.get()
    assert invitation.email == "priya.shah@example.nhs.uk"  # one spelling per person
    assert invitation.invited_by == facilitator
    days = (invitation.expires_at - timezone.now()).days
    assert days == settings.INVITATION_DAYS - 1  # a few seconds under the full period
    [message] = mail.outbox
    assert message.to == ["priya.shah@example.nhs.uk"]
    assert organisation.name in message.subject
    token = _path_in_email(message).split("/")[2]
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    page = as_facilitator.get(people_url).content.decode()
    assert "Invitation sent to Priya Shah." in page
    assert "Priya Shah" in page.split("Invited, not joined yet")[1]
    assert not User.objects.filter(email__iexact=COLLEAGUE["email"]).exists()


def test_add_form_errors_keep_what_was_typed(as_facilitator, organisation):
    response = _add(as_facilitator, organisation, email="not an email", role="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter an email address like name@example.nhs.uk" in page
    assert "Choose a role" in page
    assert 'value="Priya Shah"' in page and 'value="not an email"' in page
    assert re.search(r'value="clinician" checked', page)
    assert page.count("<title>Error: ") == 1
    assert not MemberInvitation.objects.exists()


def test_inviting_the_same_person_twice_says_to_send_a_new_link_instead(
    as_facilitator, organisation
):
    _add(as_facilitator, organisation)
    response = _add(as_facilitator, organisation, email="priya.shah@example.nhs.uk")
    assert "has already been invited" in response.content.decode()
    assert 'value="priya.shah@example.nhs.uk"' in response.content.decode()
    assert MemberInvitation.objects.count() == 1 and len(mail.outbox) == 1


def test_a_current_member_cannot_be_added_again(as_facilitator, organisation, teammate):
    response = _add(as_facilitator, organisation, email=teammate.email.upper())
    assert "is already a member of" in response.content.decode()
    assert Membership.objects.get(user=teammate).role == Role.CONTRIBUTOR


def test_someone_who_already_has_an_account_is_added_at_once_and_told(
    as_facilitator, people_url, organisation, outsider
):
    response = _add(as_facilitator, organisation, email=outsider.email, role=Role.VIEWER)
    assert response.url == people_url
    membership = Membership.objects.get(user=outsider, organisation=organisation)
    assert membership.role == Role.VIEWER and membership.perspective == Perspective.CLINICIAN
    assert not MemberInvitation.objects.exists()
    [message] = mail.outbox
    assert message.to == [outsider.email] and "/join-organisation/" not in message.body
    assert "so they are added. We told them." in as_facilitator.get(people_url).content.decode()
    assert client_for(outsider).get(people_url).status_code == 404  # a viewer here


def test_a_mail_failure_keeps_the_invitation_and_says_to_send_a_new_link(
    as_facilitator, people_url, organisation, settings
):
    settings.EMAIL_BACKEND = "tests.integration.refusing_mail.EmailBackend"
    response = _add(as_facilitator, organisation)
    assert response.url == people_url
    invitation = MemberInvitation.objects.get()
    assert invitation.sent_at is None
    page = as_facilitator.get(people_url).content.decode()
    assert "the email could not be sent just now" in page
    assert "Send a new link" in page and ">Email not sent<" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resend = reverse("member_invitation_resend", args=[organisation.slug, invitation.pk])
    as_facilitator.post(resend)
    assert MemberInvitation.objects.count() == 1
    assert MemberInvitation.objects.get().sent_at is not None
    assert len(mail.outbox) == 1


def test_a_new_link_replaces_the_old_one_and_lasts_the_full_period_again(
    as_facilitator, organisation
):
    invitation = MemberInvitationFactory(
        organisation=organisation, expires_at=timezone.now() + timedelta(hours=1)
    )
    as_facilitator.post(
        reverse("member_invitation_resend", args=[organisation.slug, invitation.pk])
    )
    old = client_for(None).get(reverse("member_invitation", args=[invitation.token]))
    assert old.status_code == 410 and "not recognised" in old.content.decode()
    assert client_for(None).get(_path_in_email()).url == reverse("member_set_password")
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_a_cancelled_invitation_leaves_the_list_and_its_link_stops_working(
    as_facilitator, people_url, organisation
):
    invitation = MemberInvitationFactory(organisation=organisation, name="Wrong Address")
    as_facilitator.post(
        reverse("member_invitation_cancel", args=[organisation.slug, invitation.pk])
    )
    page = as_facilitator.get(people_url).content.decode()
    assert "The invitation to Wrong Address is cancelled" in page
    assert "No one is waiting to join." in page
    response = client_for(None).get(reverse("member_invitation", args=[invitation.token]))
    assert response.status_code == 410
