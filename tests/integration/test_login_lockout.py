"""Repeated wrong passwords lock that username from that address for a while (django-axes)."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LIMIT = 3


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def fran(db):
    return UserFactory(username="fran")


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_until_locked(client, username="fran", address="10.0.0.1"):
    for _ in range(LIMIT - 1):
        response = log_in(client, username, "wrong", address)
        assert response.status_code == 200 and "Please enter a correct" in response.text
    return log_in(client, username, "wrong", address)


def test_repeated_wrong_passwords_lock_the_username_with_a_plain_message_and_a_log(
    client, fran, caplog
):
    with caplog.at_level(logging.WARNING, logger="axes"):
        response = fail_until_locked(client)
    assert response.status_code == 429
    assert "<h1>Try again after " in response.text
    assert "you cannot log in from here for 15 minutes" in response.text
    assert "reset your password" in response.text
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "fran" in logged and "10.0.0.1" in logged
    assert any("Locking out" in r.getMessage() for r in caplog.records)


def test_the_time_to_try_again_is_the_end_of_the_cool_off(client, fran):
    from django.utils import timezone

    response = fail_until_locked(client)
    attempt = AccessAttempt.objects.get(username="fran")
    until = timezone.localtime(attempt.attempt_time + timedelta(minutes=16))
    assert f"Try again after {until:%H:%M}" in response.text


def test_the_right_password_is_refused_during_a_lockout(client, fran):
    fail_until_locked(client)
    response = log_in(client, "fran", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_only_for_that_username_from_that_address(client, fran):
    UserFactory(username="sam")
    fail_until_locked(client)
    # The same person from another address, and a colleague behind the same address.
    assert log_in(client, "fran", PASSWORD, address="10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert log_in(client, "sam", PASSWORD).status_code == 302


def test_the_right_password_works_again_after_the_cool_off(client, fran):
    fail_until_locked(client)
    # Sixteen minutes later.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    response = log_in(client, "fran", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(fran.pk)


def test_a_password_reset_lifts_the_lockout(client, fran, mailoutbox):
    import re

    fail_until_locked(client)
    client.post(reverse("password_reset"), {"email": fran.email})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url
    client.post(
        form_url,
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert log_in(client, "fran", "a new long passphrase").status_code == 302


def test_behind_a_proxy_the_lock_is_on_the_persons_own_address(client, fran, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.9.9.9"

    def via_proxy(password, client_address):
        return client.post(
            reverse("login"),
            {"username": "fran", "password": password},
            REMOTE_ADDR=proxy,
            # A client can put anything on the left; the proxy adds the real address last.
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}",
        )

    for _ in range(LIMIT):
        response = via_proxy("wrong", "203.0.113.7")
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Fran at her desk, through the same proxy, is not locked out.
    assert via_proxy(PASSWORD, "198.51.100.2").status_code == 302
