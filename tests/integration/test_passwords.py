"""Changing a password, and resetting a forgotten one by email."""

import re

import pytest
from django.urls import reverse

from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

OLD = "correct horse battery staple"
NEW = "a much longer new passphrase"


@pytest.fixture
def fran(db):
    return UserFactory(username="fran", first_name="Fran", email="fran@example.nhs.uk")


def log_in(client, password, username="fran"):
    return client.post(reverse("login"), {"username": username, "password": password})


def reset_link(mailoutbox):
    return re.search(r"http://testserver(/password-reset/\S+/)", mailoutbox[-1].body).group(1)


def set_new_password(client, link, password=NEW):
    response = client.get(link, follow=True)
    assert "<h1>Set a new password</h1>" in response.text
    return client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_the_account_page_links_to_password_change_and_two_factor(client, fran):
    client.force_login(fran)
    response = client.get(reverse("account"))
    assert "<h1>Your account</h1>" in response.text
    assert reverse("password_change") in response.text
    assert reverse("two_factor_setup") in response.text
    assert "signed out after 30 minutes" in response.text


def test_the_header_links_to_the_account_page(client, fran):
    client.force_login(fran)
    assert f'href="{reverse("account")}"' in client.get(reverse("programme_list")).text


def test_the_account_page_asks_anonymous_people_to_log_in(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_member_changes_their_password_and_logs_in_with_the_new_one(client, fran):
    log_in(client, OLD)
    response = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Your password has been changed" in response.text
    client.post(reverse("logout"))
    assert log_in(client, OLD).status_code == 200
    assert log_in(client, NEW).status_code == 302


def test_a_wrong_current_password_is_refused_with_an_error_summary(client, fran):
    client.force_login(fran)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not it", "new_password1": NEW, "new_password2": NEW},
    )
    assert "There is a problem" in response.text
    assert "Your old password was entered incorrectly" in response.text
    fran.refresh_from_db()
    assert fran.check_password(OLD)


def test_the_login_page_offers_a_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).text


def test_a_reset_email_link_sets_a_new_password_that_then_logs_in(client, fran, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "fran@example.nhs.uk"}, follow=True)
    assert "<h1>Check your email</h1>" in response.text
    (email,) = mailoutbox
    assert email.subject == "Reset your Coprod password"
    assert email.to == ["fran@example.nhs.uk"]
    assert (
        "Hello Fran," in email.body and "works once, and only for the next 24 hours" in email.body
    )
    response = set_new_password(client, reset_link(mailoutbox))
    assert response.status_code == 302
    assert "Your new password is saved" in client.get(response.url).text
    assert log_in(client, OLD).status_code == 200
    assert log_in(client, NEW).status_code == 302


def test_a_reset_link_works_only_once_and_then_says_what_to_do(client, fran, mailoutbox):
    client.post(reverse("password_reset"), {"email": "fran@example.nhs.uk"})
    link = reset_link(mailoutbox)
    set_new_password(client, link)
    response = client.get(link, follow=True)
    assert "<h1>This link does not work</h1>" in response.text
    assert reverse("password_reset") in response.text
    assert "Set a new password" not in response.text
    # Posting to it again does not change the password either.
    client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link,
        {"new_password1": "yet another passphrase", "new_password2": "yet another passphrase"},
    )
    fran.refresh_from_db()
    assert fran.check_password(NEW)


def test_an_unknown_email_gets_the_same_answer_and_no_email(client, fran, mailoutbox):
    response = client.post(
        reverse("password_reset"), {"email": "nobody@example.nhs.uk"}, follow=True
    )
    assert "<h1>Check your email</h1>" in response.text
    assert mailoutbox == []
