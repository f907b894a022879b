"""Members are signed out after MEMBER_IDLE_MINUTES without a request; what they posted
after that is kept for them to save once they sign in again."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts import idle
from assessments import services
from assessments.models import Perspective, Score

PASSWORD = "correct horse battery staple"
EVIDENCE = "We co-chaired the steering group with two carers from the start."


class Clock:
    """Holds accounts.idle's idea of now still, and moves it forward as waiting would: a
    slow request on a busy machine then cannot turn 1800 seconds left into 1799."""

    def __init__(self, monkeypatch):
        self.offset = 0
        start = idle.now()
        monkeypatch.setattr(idle, "now", lambda: start + self.offset)

    def wait(self, minutes=0, seconds=0):
        self.offset += minutes * 60 + seconds


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def log_in(client, username="facilitator", password=PASSWORD):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, "login failed"
    return response


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def score_url(assessment, facilitator):
    services.join_as_member(
        assessment=assessment, user=facilitator, perspective=Perspective.NHS_STAFF
    )
    criterion = assessment.frameworks.order_by("order").first().criteria.order_by("order")[0]
    return reverse("score_criterion", args=[assessment.pk, criterion.pk])


@pytest.fixture
def member(client, facilitator, clock):
    log_in(client)
    return client


def test_a_member_idle_for_longer_than_the_limit_is_signed_out_and_told_why(member, clock):
    clock.wait(minutes=30, seconds=1)
    response = member.get(reverse("programme_list"), follow=True)
    assert response.redirect_chain[0][0] == reverse("login") + "?next=/programmes/"
    assert "You were signed out because you did nothing for 30 minutes." in response.text
    assert not signed_in(member)


def test_activity_within_the_limit_keeps_a_member_signed_in(member, clock):
    for _ in range(3):
        clock.wait(minutes=29)
        assert member.get(reverse("programme_list")).status_code == 200
    assert signed_in(member)


def test_the_session_is_written_at_most_once_a_minute(member, clock):
    first = member.session[idle.LAST_SEEN_KEY]
    clock.wait(seconds=50)
    member.get(reverse("programme_list"))
    assert member.session[idle.LAST_SEEN_KEY] == first
    clock.wait(seconds=15)
    member.get(reverse("programme_list"))
    assert member.session[idle.LAST_SEEN_KEY] == first + 65


def test_stay_signed_in_restarts_the_clock(member, clock):
    clock.wait(minutes=29)
    response = member.post(reverse("keep_alive"), headers={"X-Coprod-Keep-Alive": "1"})
    assert response.json() == {"expires_in": 30 * 60}
    clock.wait(minutes=29)
    assert member.get(reverse("programme_list")).status_code == 200


def test_stay_signed_in_without_javascript_returns_to_the_page(member):
    response = member.post(reverse("keep_alive"), {"next": "/programmes/"})
    assert response.url == "/programmes/"
    response = member.post(reverse("keep_alive"), {"next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_stay_signed_in_after_expiry_does_not_bring_the_session_back(member, clock):
    clock.wait(minutes=31)
    response = member.post(reverse("keep_alive"), headers={"X-Coprod-Keep-Alive": "1"})
    assert response.status_code == 401 and response.json()["signed_out"] is True


def test_pages_tell_the_warning_how_long_is_left(member, clock):
    clock.wait(minutes=10)
    page = member.get(reverse("programme_list"))
    assert 'data-expires-in="1800"' in page.text
    assert 'data-warn-seconds="120"' in page.text
    assert page["X-Session-Expires-In"] == "1800"


def test_a_form_posted_after_expiry_keeps_the_typed_text_to_save_after_signing_in(
    member, clock, score_url
):
    clock.wait(minutes=45)
    response = member.post(
        score_url, {"level": "4", "evidence": EVIDENCE, "version": "0", "save": "Save"}
    )
    assert response.url == reverse("login") + "?next=" + reverse("restore_post")
    login_page = member.get(response.url)
    assert "You were signed out because you did nothing for 30 minutes." in login_page.text
    assert "Sign in again and you can save what you typed: nothing is lost." in login_page.text
    assert not Score.objects.exists()

    response = member.post(
        reverse("login") + "?next=" + reverse("restore_post"),
        {"username": "facilitator", "password": PASSWORD},
    )
    page = member.get(response.url)
    assert "Save what you typed before you were signed out" in page.text
    assert EVIDENCE in page.text
    assert f'action="{score_url}"' in page.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    assert fields["evidence"] == EVIDENCE and fields["level"] == "4"

    member.post(score_url, fields)
    score = Score.objects.get()
    assert score.level.value == 4 and score.evidence == EVIDENCE


def test_autosave_after_expiry_says_it_was_not_saved_and_save_still_keeps_the_text(
    member, clock, score_url
):
    clock.wait(minutes=31)
    response = member.post(
        score_url,
        {"level": "2", "evidence": EVIDENCE, "version": "0"},
        headers={"X-Coprod-Autosave": "1"},
    )
    assert response.status_code == 401
    data = response.json()
    assert data["saved"] is False and data["signed_out"] is True
    assert "This was not saved" in data["message"]
    response = member.post(score_url, {"level": "2", "evidence": EVIDENCE, "version": "0"})
    assert response.url.endswith(reverse("restore_post"))
    assert idle.STASH_KEY in member.session


def test_a_password_or_csrf_token_is_never_kept(member, clock):
    clock.wait(minutes=31)
    member.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "x", "csrfmiddlewaretoken": "abc", "note": "n"},
    )
    stash = member.session[idle.STASH_KEY]
    assert stash["fields"] == [["note", "n"]]


def test_a_forged_post_after_expiry_is_not_kept(facilitator, clock, score_url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    clock.wait(minutes=31)
    response = client.post(score_url, {"evidence": "planted", "version": "0"})
    assert response.url == reverse("login")
    assert idle.STASH_KEY not in client.session
    assert not signed_in(client)


def test_kept_text_is_never_shown_to_someone_else_signing_in_on_that_browser(
    member, clock, score_url, teammate
):
    clock.wait(minutes=31)
    member.post(score_url, {"level": "4", "evidence": EVIDENCE, "version": "0"})
    response = member.post(
        reverse("login") + "?next=" + reverse("restore_post"),
        {"username": "teammate", "password": PASSWORD},
    )
    page = member.get(response.url, follow=True)
    assert EVIDENCE not in page.text
    assert idle.STASH_KEY not in member.session


def test_invited_guests_keep_their_own_session_rule(as_guest, clock, assessment):
    clock.wait(minutes=120)
    assert as_guest.get(reverse("task_list", args=[assessment.pk])).status_code == 200


def test_logging_out_after_expiry_just_logs_out(member, clock):
    clock.wait(minutes=31)
    response = member.post(reverse("logout"))
    assert response.url == reverse("home")
    assert not signed_in(member) and idle.STASH_KEY not in member.session
