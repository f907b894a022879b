"""The link in a new colleague's email: set a password once, then you are signed in.

Used twice, expired or tampered, it answers a clear page saying what to do next; never
cached, never sent on as a referrer (the token is in the address). The token moves into
the session before the form is shown, so the form page's address holds no secret.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership, Perspective, Role
from tests.conftest import client_for
from tests.factories.assessments import UserFactory
from tests.factories.people import MemberInvitationFactory

User = get_user_model()
PASSWORD = "Ladder-of-participation-2026"


@pytest.fixture
def invitation(organisation, facilitator):
    return MemberInvitationFactory(
        organisation=organisation,
        name="Priya Shah",
        email="priya.shah@example.nhs.uk",
        role=Role.FACILITATOR,
        perspective=Perspective.CLINICIAN,
        invited_by=facilitator,
    )


FORM = reverse("member_set_password")


def _url(token):
    return reverse("member_invitation", args=[token])


def _post(client, token, name="Priya Shah", password=PASSWORD, again=None):
    """Open the link, then send the form, as a person does."""
    client.get(_url(token))
    data = {"name": name, "password1": password, "password2": again or password}
    return client.post(FORM, data)


def _assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_opening_the_link_shows_the_form_and_does_not_use_it_up(invitation):
    client = client_for(None)
    for _ in range(2):  # mail scanners open links before people do
        response = client.get(_url(invitation.token))
        assert response.url == FORM
        _assert_private(response)
    response = client.get(FORM)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert invitation.token not in response.content.decode()
    page = response.content.decode()
    assert "Set your password" in page and "priya.shah@example.nhs.uk" in page
    assert 'value="Priya Shah"' in page
    assert "Your password must contain at least 8 characters." in page  # the validators' hints
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_setting_a_password_makes_the_account_and_membership_and_signs_in(invitation, organisation):
    client = client_for(None)
    response = _post(client, invitation.token, name="Priya K Shah")
    assert response.url == reverse("programme_list")
    assert "no-store" in response["Cache-Control"]
    user = User.objects.get(username="priya.shah@example.nhs.uk")
    assert user.email == "priya.shah@example.nhs.uk" and user.get_full_name() == "Priya K Shah"
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user)
    assert membership.organisation == organisation
    assert (membership.role, membership.perspective) == (Role.FACILITATOR, Perspective.CLINICIAN)
    invitation.refresh_from_db()
    assert invitation.used_at is not None and invitation.user == user
    page = client.get(response.url).content.decode()
    assert f"Welcome to {organisation.name} on Coprod" in page
    assert client.get(reverse("people", args=[organisation.slug])).status_code == 200
    # and the new password signs in through the login page, as the person will next time
    signed_in = client_for(None).post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")


def test_a_link_used_twice_says_it_has_been_used_and_how_to_log_in(invitation):
    second_browser = client_for(None)
    second_browser.get(_url(invitation.token))  # opened in two browsers, used in the first
    _post(client_for(None), invitation.token)
    again = {
        "name": "X",
        "password1": "Another-password-2026",
        "password2": "Another-password-2026",
    }
    for response in (
        client_for(None).get(_url(invitation.token)),
        second_browser.post(FORM, again),
    ):
        assert response.status_code == 410
        _assert_private(response)
        page = response.content.decode()
        assert "This link has already been used." in page
        assert reverse("login") in page and "What to do next" in page
    assert User.objects.get(username=invitation.email).check_password(PASSWORD)
    assert User.objects.filter(email=invitation.email).count() == 1


def test_an_expired_link_says_so_and_to_ask_for_a_new_one(invitation):
    opened_in_time = client_for(None)
    opened_in_time.get(_url(invitation.token))
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    data = {"name": "Priya Shah", "password1": PASSWORD, "password2": PASSWORD}
    for response in (
        client_for(None).get(_url(invitation.token)),
        opened_in_time.post(FORM, data),  # the form was open when the link ran out
    ):
        assert response.status_code == 410
        _assert_private(response)
        page = response.content.decode()
        assert "This link has expired." in page and "send a new link" in page
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_tampered_link_is_not_recognised(invitation):
    tampered = invitation.token[:-2] + ("AA" if not invitation.token.endswith("AA") else "BB")
    response = client_for(None).get(_url(tampered))
    assert response.status_code == 410
    _assert_private(response)
    assert "This link is not recognised. Check you copied all of it." in response.content.decode()
    assert _post(client_for(None), tampered).status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()


def test_the_form_page_without_the_link_says_to_use_the_email(invitation):
    response = client_for(None).get(FORM)
    assert response.status_code == 410
    assert "This page only works from the link in your email." in response.content.decode()


def test_a_weak_password_is_refused_by_the_validators_keeping_the_name(invitation):
    response = _post(client_for(None), invitation.token, name="Priya Typed", password="password")
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    # The form page's address holds no token, and "no-referrer" here would make browsers
    # post the form with "Origin: null", which Django's CSRF check refuses.
    assert response["Referrer-Policy"] == "same-origin"
    assert "There is a problem" in page and "This password is too common." in page
    assert 'value="Priya Typed"' in page
    assert 'value="password"' not in page  # never echoed back into the page
    invitation.refresh_from_db()
    assert invitation.used_at is None and not User.objects.filter(email=invitation.email).exists()


def test_a_password_like_the_email_address_is_refused(invitation):
    response = _post(client_for(None), invitation.token, password="priya.shah@example")
    assert "too similar" in response.content.decode()


def test_passwords_that_do_not_match_are_refused(invitation):
    response = _post(client_for(None), invitation.token, again="Ladder-of-participation-2027")
    assert "The two passwords do not match." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_account_made_meanwhile_gets_the_membership_and_keeps_its_password(
    invitation, organisation
):
    existing = UserFactory(username="priya", email="Priya.Shah@example.nhs.uk")
    response = _post(client_for(None), invitation.token, password="Some-other-password-99")
    assert response.url == reverse("login")
    assert Membership.objects.get(user=existing).organisation == organisation
    existing.refresh_from_db()
    assert existing.check_password("correct horse battery staple")
    assert User.objects.filter(email__iexact=invitation.email).count() == 1
