"""A guest coming back: their link opened again, the home page, a fresh link by email (rate
limited, saying the same for any address) and one a facilitator makes to send by text."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments.models import FreshLinkTry, Invitation, Participant
from assessments.services_links import FRESH_LINK_TRIES, FRESH_LINK_WINDOW, too_many_tries
from tests.conftest import client_for

PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]


def _invite(client, assessment):
    data = {"name": "Sam Person", "email": "sam@example.org", "perspective": "lived_experience"}
    return client.post(reverse("participant_invite", args=[assessment.pk]), data)


def _link_from_email():
    return re.search(r"http://testserver(/join/[^/\s]+/)", mail.outbox[-1].body).group(1)


def _redeem(client, link):
    client.get(link, follow=True)
    return client.post(reverse("invitation_welcome"), {"name": "Sam Person"})


@pytest.fixture
def used_link(as_facilitator, assessment, client):
    """The guest used their link in `client`; returns the link."""
    _invite(as_facilitator, assessment)
    link = _link_from_email()
    _redeem(client, link)
    return link


def test_a_signed_in_guest_who_opens_their_link_again_carries_on(client, used_link, assessment):
    response = client.get(used_link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("task_list", args=[assessment.pk])
    assert "Welcome back" in response.content.decode()


def test_a_signed_in_guest_on_the_home_page_carries_on(client, used_link, assessment):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("task_list", args=[assessment.pk])


def test_another_browser_with_the_used_link_is_offered_a_fresh_one(used_link):
    other = client_for(None)
    response = other.get(used_link, follow=True)
    assert response.status_code == 410
    page = response.content.decode()
    assert "already been used" in page and "Email me a new link" in page


def _ask(client, email):
    return client.post(reverse("fresh_link_request"), {"email": email})


def test_a_fresh_link_is_emailed_to_the_address_on_file(used_link, assessment):
    other = client_for(None)
    other.get(used_link, follow=True)
    mail.outbox.clear()
    response = _ask(other, "Sam@Example.org ")
    assert response.status_code == 200
    assert "If Sam@Example.org is the address" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    fresh = _link_from_email()
    assert fresh != used_link
    assert _redeem(other, fresh).url == reverse("task_list", args=[assessment.pk])


def test_an_unknown_address_is_told_the_same_and_nothing_is_sent(used_link):
    other = client_for(None)
    other.get(used_link, follow=True)
    mail.outbox.clear()
    response = _ask(other, "someone@else.org")
    assert response.status_code == 200
    assert "If someone@else.org is the address" in response.content.decode()
    assert mail.outbox == []


def test_a_link_never_made_sends_nothing_but_says_the_same(client, db):
    client.get("/join/made-up-token/", follow=True)
    response = _ask(client, "sam@example.org")
    assert "If sam@example.org is the address" in response.content.decode()
    assert mail.outbox == []


def test_asking_for_fresh_links_is_limited_per_participant(used_link):
    other = client_for(None)
    other.get(used_link, follow=True)
    mail.outbox.clear()
    for _ in range(FRESH_LINK_TRIES):
        assert _ask(other, "sam@example.org").status_code == 200
    response = _ask(other, "wrong@example.org")  # another address: the person's tries are up
    assert response.status_code == 429
    assert "several times in the last hour" in response.content.decode()
    assert len(mail.outbox) == FRESH_LINK_TRIES


def _own_cache(worker):
    """Settings as in another gunicorn worker: a per-process cache of its own."""
    backend = "django.core.cache.backends.locmem.LocMemCache"
    return override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": worker}})


def test_the_limit_holds_across_server_processes_and_browsers(used_link):
    """Each try from another browser (its own session, no participant behind it) and, as
    far as the cache goes, another process: the address's tries still add up."""
    for worker in range(FRESH_LINK_TRIES):
        with _own_cache(f"worker-{worker}"):
            assert _ask(client_for(None), "Sam@example.org").status_code == 200
    with _own_cache("worker-last"):
        refused = _ask(client_for(None), " sam@EXAMPLE.org")
    assert refused.status_code == 429
    assert "several times in the last hour" in refused.content.decode()


def test_a_try_stores_no_address_and_old_tries_are_forgotten(used_link):
    other = client_for(None)
    other.get(used_link, follow=True)
    hour_ago = timezone.now() - FRESH_LINK_WINDOW - timedelta(seconds=1)
    participant = Participant.objects.get(email="sam@example.org")
    for _ in range(FRESH_LINK_TRIES):
        FreshLinkTry.objects.create(
            address_hash="x" * 64, participant_pk=participant.pk, created_at=hour_ago
        )
    assert _ask(other, "sam@example.org").status_code == 200  # the old tries no longer count
    stored = FreshLinkTry.objects.get()  # and were deleted
    assert stored.participant_pk == participant.pk
    assert "sam" not in stored.address_hash and len(stored.address_hash) == 64


def test_counting_a_try_takes_three_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # forget old tries, store this one, count
        assert not too_many_tries(participant_id=7, email="a@example.org")


def test_a_bad_address_keeps_what_was_typed(used_link):
    other = client_for(None)
    other.get(used_link, follow=True)
    response = _ask(other, "sam at example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and 'value="sam at example"' in page


def test_facilitator_makes_a_fresh_link_to_copy_and_the_old_one_stops(
    as_facilitator, assessment, db
):
    _invite(as_facilitator, assessment)
    old = _link_from_email()
    participant = Participant.objects.get(email="sam@example.org")
    url = reverse("participant_fresh_link", args=[assessment.pk, participant.pk])
    assert "Make a new link" in as_facilitator.get(url).content.decode()
    response = as_facilitator.post(url)
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    fresh = re.search(r'value="http://testserver(/join/[^/"]+/)"', response.content.decode())
    assert fresh and "readonly" in response.content.decode()
    assert client_for(None).get(old, follow=True).status_code == 410
    guest = client_for(None)
    assert _redeem(guest, fresh.group(1)).url == reverse("task_list", args=[assessment.pk])


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "facilitator"])
def test_only_facilitators_make_a_fresh_link(request, assessment, guest_participant, persona):
    client = request.getfixturevalue(f"as_{persona}")
    url = reverse("participant_fresh_link", args=[assessment.pk, guest_participant.pk])
    before = Invitation.objects.count()
    for response in (client.get(url), client.post(url)):
        if persona in ("guest", "anonymous"):
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == (404 if persona == "outsider" else 403)
    assert Invitation.objects.count() == before


def test_the_welcome_page_says_how_many_questions(as_facilitator, assessment, client):
    _invite(as_facilitator, assessment)
    page = client.get(_link_from_email(), follow=True).content.decode()
    assert "short list" not in page
    assert "There are 5 questions. Allow about 10 minutes" in page


def test_a_guest_is_warned_before_their_session_ends_and_can_stay(
    client, used_link, assessment, settings
):
    import time

    from assessments.access import GUEST_UNTIL_KEY

    page = client.get(reverse("task_list", args=[assessment.pk])).content.decode()
    expires_in = int(re.search(r'data-expires-in="(\d+)"', page).group(1))
    assert (
        settings.GUEST_SESSION_HOURS * 3600 - 60 < expires_in <= settings.GUEST_SESSION_HOURS * 3600
    )
    assert "Your session will end soon" in page
    assert f'action="{reverse("guest_keep_alive")}"' in page

    session = client.session
    session[GUEST_UNTIL_KEY] = int(time.time()) + 60  # nearly over
    session.save()
    response = client.post(reverse("guest_keep_alive"), headers={"X-Coprod-Keep-Alive": "1"})
    assert response.json()["expires_in"] > settings.GUEST_SESSION_HOURS * 3600 - 60
    assert client.session.get_expiry_age() == settings.GUEST_SESSION_HOURS * 3600
    back = reverse("task_list", args=[assessment.pk])
    response = client.post(reverse("guest_keep_alive"), {"next": back})
    assert response.status_code == 302 and response.url == back


@pytest.mark.parametrize("persona", ["facilitator", "anonymous"])
def test_stay_signed_in_for_guests_does_nothing_for_others(request, persona):
    client = request.getfixturevalue(f"as_{persona}")
    response = client.post(reverse("guest_keep_alive"), headers={"X-Coprod-Keep-Alive": "1"})
    assert response.status_code == 401
    assert client.post(reverse("guest_keep_alive"), {"next": "https://evil.example/"}).url == "/"
