import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments import pinned, services
from assessments.models import (
    Answer,
    Assessment,
    Consensus,
    Invitation,
    Participant,
    Perspective,
    Score,
)
from ladder.models import FrameworkKind
from tests.conftest import client_for
from tests.factories.assessments import ParticipantFactory
from tests.factories.ladder import make_framework


def _first_criterion(assessment):
    return assessment.frameworks.order_by("order").first().criteria.order_by("order").first()


def _principle(assessment, n=0):
    framework = assessment.frameworks.get(kind=FrameworkKind.PRINCIPLES)
    return framework.criteria.order_by("order")[n]


def _invite(client, assessment, **overrides):
    data = {"name": "Sam Person", "email": "sam@example.org", "perspective": "lived_experience"}
    data.update(overrides)
    return client.post(reverse("participant_invite", args=[assessment.pk]), data)


def _link_from_email():
    return re.search(r"http://testserver(/join/[^/\s]+/)", mail.outbox[-1].body).group(1)


def _open(client, link):
    """Select the emailed link: it leads, by a redirect, to the welcome page."""
    return client.get(link, follow=True)


def _redeem(client, link, name):
    """Select the link, then start scoring from the welcome page."""
    response = _open(client, link)
    assert response.redirect_chain == [(reverse("invitation_welcome"), 302)]
    return client.post(reverse("invitation_welcome"), {"name": name})


# --- programmes and assessments --------------------------------------------------------


def test_facilitator_creates_programme_and_assessment_pinning_published_rubrics(
    as_facilitator, organisation, principles, ladder_framework
):
    draft = make_framework(published=False)
    response = as_facilitator.post(
        reverse("programme_create"),
        {"organisation": organisation.pk, "name": "Stroke pathway", "description": ""},
    )
    programme = organisation.programmes.get(name="Stroke pathway")
    assert response.url == programme.get_absolute_url()

    page = as_facilitator.get(reverse("assessment_create", args=[programme.pk])).content.decode()
    assert principles.name in page and draft.name not in page

    response = as_facilitator.post(
        reverse("assessment_create", args=[programme.pk]),
        {"title": "Baseline", "date": "2026-11-23", "frameworks": [principles.pk, draft.pk]},
    )
    assert response.status_code == 200  # the draft is not a valid choice
    assert not programme.assessments.exists()
    as_facilitator.post(
        reverse("assessment_create", args=[programme.pk]),
        {"title": "Baseline", "date": "23/11/2026", "frameworks": [principles.pk]},
    )
    assessment = programme.assessments.get()
    assert list(assessment.frameworks.all()) == [principles]
    assert assessment.date.isoformat() == "2026-11-23"


def test_assessment_date_is_read_in_uk_order_and_a_us_date_is_refused(
    as_facilitator, programme, principles
):
    url = reverse("assessment_create", args=[programme.pk])
    page = as_facilitator.get(url).content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in page  # today, prefilled
    response = as_facilitator.post(
        url, {"title": "Baseline", "date": "11/23/2026", "frameworks": [principles.pk]}
    )
    page = response.content.decode()
    assert "Enter a real date, for example 23/11/2026" in page and 'value="Baseline"' in page
    assert not programme.assessments.exists()


def test_programme_form_error_keeps_what_was_typed(as_facilitator, organisation):
    response = as_facilitator.post(
        reverse("programme_create"),
        {"organisation": organisation.pk, "name": "", "description": "Kept description"},
    )
    page = response.content.decode()
    assert "Enter the programme name" in page and "Kept description" in page
    assert "There is a problem" in page and page.count("<title>Error:") == 1


def test_a_new_rubric_version_never_changes_an_existing_assessment(assessment, principles):
    newer = make_framework(slug=principles.slug)
    assert newer.version == principles.version + 1
    assert principles in assessment.frameworks.all() and newer not in assessment.frameworks.all()


# --- invitations ---------------------------------------------------------------------


def test_invited_person_follows_the_link_once_and_scores_without_an_account(
    as_facilitator, assessment, client
):
    _invite(as_facilitator, assessment)
    assert mail.outbox[-1].to == ["sam@example.org"]
    link = _link_from_email()

    # Opening the link (as a mail scanner would) does not use it up.
    assert "Help score" in _open(client, link).content.decode()
    assert _open(client, link).status_code == 200
    response = _redeem(client, link, "Sam P")
    assert response.url == reverse("task_list", args=[assessment.pk])
    participant = Participant.objects.get(assessment=assessment, email="sam@example.org")
    assert participant.name == "Sam P" and participant.user is None

    criterion = _first_criterion(assessment)
    client.post(
        reverse("score_criterion", args=[assessment.pk, criterion.pk]),
        {"level": "3", "evidence": "We were told at a meeting.", "version": "0"},
    )
    assert Score.objects.get(participant=participant).level.value == 3

    # Single use: a second browser cannot reuse it.
    again = client_for(None).get(link, follow=True)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_expired_or_tampered_links_are_refused_plainly(as_facilitator, assessment, client):
    _invite(as_facilitator, assessment)
    link = _link_from_email()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link, follow=True)
    assert response.status_code == 410 and "expired" in response.content.decode()
    response = client.get(link[:-3] + "xx/", follow=True)
    assert response.status_code == 410 and "not recognised" in response.content.decode()


def test_a_new_link_keeps_everything_the_guest_saved(as_facilitator, assessment, client):
    _invite(as_facilitator, assessment)
    _redeem(client, _link_from_email(), "Sam")
    criterion = _first_criterion(assessment)
    client.post(
        reverse("score_criterion", args=[assessment.pk, criterion.pk]),
        {"level": "2", "version": "0"},
    )
    participant = Participant.objects.get(email="sam@example.org")

    # The guest's session is lost; the facilitator sends a new link.
    as_facilitator.post(reverse("participant_resend", args=[assessment.pk, participant.pk]))
    fresh = client_for(None)
    _redeem(fresh, _link_from_email(), "Sam")
    page = fresh.get(reverse("task_list", args=[assessment.pk])).content.decode()
    assert "answered 1 of 5" in page


def test_redeeming_an_invitation_uses_it_once_and_keeps_the_corrected_name(assessment, facilitator):
    links = []

    def build_link(token):
        links.append(token)
        return f"https://example.org/join/{token}/"

    participant, sent = services.invite_participant(
        assessment=assessment,
        name="Sam Persn",
        email="sam@example.org",
        perspective=Perspective.LIVED_EXPERIENCE,
        invited_by=facilitator,
        build_link=build_link,
    )
    assert sent
    redeemed = services.redeem_invitation(token=links[0], name="Sam Person")
    assert redeemed == participant
    participant.refresh_from_db()
    assert participant.name == "Sam Person"
    assert participant.invitations.get().used_at is not None
    with pytest.raises(services.InvitationError, match="already been used"):
        services.redeem_invitation(token=links[0], name="Someone else")
    participant.refresh_from_db()
    assert participant.name == "Sam Person"


def test_invite_form_error_keeps_everything_typed(as_facilitator, assessment):
    response = _invite(as_facilitator, assessment, email="not-an-email")
    page = response.content.decode()
    assert "Enter an email address like name@example.com" in page
    assert 'value="Sam Person"' in page and 'value="not-an-email"' in page
    assert not mail.outbox


# --- scoring -------------------------------------------------------------------------


def test_save_and_continue_goes_to_the_next_question_and_counts_progress(
    as_guest, assessment, guest_participant
):
    first = _first_criterion(assessment)
    response = as_guest.post(
        reverse("score_criterion", args=[assessment.pk, first.pk]), {"level": "4", "version": "0"}
    )
    second = first.framework.criteria.order_by("order")[1]
    assert response.url == reverse("score_criterion", args=[assessment.pk, second.pk])
    page = as_guest.get(reverse("task_list", args=[assessment.pk])).content.decode()
    assert "answered 1 of 5" in page


def test_come_back_later_resumes_at_the_next_unanswered_question(
    as_guest, assessment, guest_participant
):
    first = _first_criterion(assessment)
    response = as_guest.post(
        reverse("score_criterion", args=[assessment.pk, first.pk]),
        {"level": "2", "version": "0", "later": "Save and come back later"},
    )
    assert response.url == reverse("task_list", args=[assessment.pk])
    second = first.framework.criteria.order_by("order")[1]
    page = as_guest.get(response.url).content.decode()
    assert reverse("score_criterion", args=[assessment.pk, second.pk]) in page
    assert "Continue with the next question" in page


def test_guest_sees_their_own_name_in_the_header_not_a_log_in_link(
    as_guest, assessment, guest_participant
):
    page = as_guest.get(reverse("task_list", args=[assessment.pk])).content.decode()
    assert "Scoring as Sam Guest" in page and ">Log in<" not in page


def test_not_applicable_and_dont_know_are_real_answers(as_guest, assessment, guest_participant):
    first = _first_criterion(assessment)
    as_guest.post(
        reverse("score_criterion", args=[assessment.pk, first.pk]),
        {"level": "not_applicable", "version": "0"},
    )
    score = Score.objects.get(participant=guest_participant)
    assert score.answer == Answer.NOT_APPLICABLE and score.level is None


def test_missing_level_keeps_the_evidence_typed_and_stores_nothing(
    as_guest, assessment, guest_participant
):
    criterion = _first_criterion(assessment)
    response = as_guest.post(
        reverse("score_criterion", args=[assessment.pk, criterion.pk]),
        {"evidence": "Minutes of 3 May show patients voted.", "links": "", "version": "0"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a level, or say it does not apply" in page
    assert "Minutes of 3 May show patients voted." in page
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"level": "99"}, "Choose one of the levels shown"),
        ({"level": "3", "evidence": "x" * 5001}, "Evidence must be 5,000 characters or fewer"),
        ({"level": "3", "links": "javascript:alert(1)"}, "is not a web address"),
        ({"level": "3", "confidence": "certain"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(
    as_guest, assessment, guest_participant, data, message
):
    criterion = _first_criterion(assessment)
    response = as_guest.post(
        reverse("score_criterion", args=[assessment.pk, criterion.pk]), {"version": "0", **data}
    )
    assert message in response.content.decode()
    assert not Score.objects.exists()


def test_html_in_evidence_is_stored_as_text_and_escaped_when_shown(
    as_guest, as_facilitator, assessment, guest_participant
):
    criterion = _first_criterion(assessment)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    as_guest.post(
        reverse("score_criterion", args=[assessment.pk, criterion.pk]),
        {"level": "3", "evidence": evil, "version": "0"},
    )
    assert Score.objects.get().evidence == evil
    for client, url in [
        (as_guest, reverse("score_criterion", args=[assessment.pk, criterion.pk])),
        (as_facilitator, reverse("consensus_criterion", args=[assessment.pk, criterion.pk])),
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in page


def test_saving_from_a_stale_page_is_refused_and_shows_both_answers(
    as_guest, assessment, guest_participant
):
    criterion = _first_criterion(assessment)
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    as_guest.post(url, {"level": "2", "evidence": "First window", "version": "0"})
    # A second window still shows version 0.
    response = as_guest.post(url, {"level": "5", "evidence": "Second window", "version": "0"})
    page = response.content.decode()
    assert "This answer changed while you were editing" in page
    assert "<title>Error:" in page and "There is a problem" in page
    assert "First window" in page and "Second window" in page
    assert Score.objects.get().evidence == "First window"
    # Saving again, having seen the other answer, replaces it deliberately.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    as_guest.post(url, {"level": "5", "evidence": "Second window", "version": version})
    assert Score.objects.get().evidence == "Second window"


def test_autosave_answers_with_json_and_a_new_version(as_guest, assessment, guest_participant):
    criterion = _first_criterion(assessment)
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    headers = {"X-Coprod-Autosave": "1"}
    response = as_guest.post(url, {"level": "3", "version": "0"}, headers=headers)
    assert response.json()["saved"] is True and response.json()["version"] == 1
    response = as_guest.post(url, {"level": "4", "version": "0"}, headers=headers)
    assert response.status_code == 409 and response.json()["conflict"] is True
    response = as_guest.post(url, {"version": "1"}, headers=headers)
    assert response.status_code == 422 and "Not saved yet" in response.json()["message"]
    assert Score.objects.get().level.value == 3


def test_submitted_assessment_is_read_only(as_guest, as_facilitator, assessment, guest_participant):
    criterion = _first_criterion(assessment)
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    as_guest.post(url, {"level": "2", "version": "0"})
    as_facilitator.post(reverse("assessment_submit", args=[assessment.pk]), {"confirm": "yes"})
    assert Assessment.objects.get().is_submitted

    response = as_guest.post(url, {"level": "5", "version": "1"})
    assert "has been submitted" in response.content.decode()
    assert Score.objects.get().level.value == 2
    as_facilitator.post(
        reverse("consensus_criterion", args=[assessment.pk, criterion.pk]),
        {"level": "3", "reason": "Late", "version": "0"},
    )
    assert not Consensus.objects.exists()
    assert _invite(as_facilitator, assessment).status_code == 302
    assert not mail.outbox


# --- consensus -----------------------------------------------------------------------


def test_facilitator_sees_spread_by_perspective_and_who_is_apart(as_facilitator, assessment):
    criterion = _principle(assessment)
    levels = {lv.value: lv for lv in criterion.framework.levels.all()}
    for perspective, value in [
        (Perspective.NHS_STAFF, 5),
        (Perspective.NHS_STAFF, 4),
        (Perspective.LIVED_EXPERIENCE, 2),
    ]:
        participant = ParticipantFactory(assessment=assessment, perspective=perspective)
        services.save_score(
            participant=participant,
            criterion=criterion,
            answer=Answer.LEVEL,
            level=levels[value],
            expected_version=0,
        )
    page = as_facilitator.get(reverse("consensus_overview", args=[assessment.pk])).content.decode()
    assert "NHS staff: 4.5" in page and "Person with lived experience: 2" in page
    assert "3 levels apart" in page
    detail = as_facilitator.get(
        reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    ).content.decode()
    assert "People are 3 levels apart" in detail and "2 to 5" in detail


def test_two_facilitators_saving_at_once_second_is_told_and_shown_both(
    as_facilitator, organisation, assessment
):
    from tests.conftest import _member

    other = client_for(_member(organisation, "facilitator", "cofacilitator"))
    criterion = _principle(assessment)
    url = reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    as_facilitator.post(url, {"level": "3", "reason": "Workshop view", "version": "0"})
    response = other.post(url, {"level": "4", "reason": "My own view", "version": "0"})
    page = response.content.decode()
    assert "Someone else saved an agreed level first" in page
    assert "Workshop view" in page and "My own view" in page
    stored = Consensus.objects.get()
    assert stored.level.value == 3 and stored.reason == "Workshop view"


def test_consensus_requires_a_reason_and_keeps_the_chosen_level(as_facilitator, assessment):
    criterion = _principle(assessment)
    url = reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    page = as_facilitator.post(url, {"level": "4", "reason": "", "version": "0"}).content.decode()
    assert "Enter the reason for the agreed level" in page
    assert re.search(r'value="4"\s+checked', page)
    assert not Consensus.objects.exists()


# --- query counts --------------------------------------------------------------------


def _grow(assessment, participants):
    framework = make_framework(criteria=8)
    assessment.frameworks.add(framework)
    for _ in range(participants):
        ParticipantFactory(assessment=assessment)


@pytest.mark.parametrize("participants", [0, 12])
def test_task_list_queries_stay_flat(
    as_guest, assessment, guest_participant, participants, django_assert_max_num_queries
):
    _grow(assessment, participants)
    with django_assert_max_num_queries(8):
        assert as_guest.get(reverse("task_list", args=[assessment.pk])).status_code == 200


@pytest.mark.parametrize("participants", [0, 12])
def test_criterion_page_queries_stay_flat(
    as_guest, assessment, guest_participant, participants, django_assert_max_num_queries
):
    _grow(assessment, participants)
    url = reverse("score_criterion", args=[assessment.pk, _first_criterion(assessment).pk])
    with django_assert_max_num_queries(9):
        assert as_guest.get(url).status_code == 200


# The autosave is what 100 people scoring at once send most: it reads only the criterion
# and its levels. The rest is the access gate (session, user, and the member's participant
# with its assessment and their role in one query) and save_score's write: one locked
# status-and-pinned check, the score read under that lock, its insert or update (its
# transaction counted as a savepoint pair here); the first save also remembers the question
# for "continue where you left off". Each also writes its sitting's history row in one
# upsert (assessments.history).
AUTOSAVE_FIRST_SAVE_QUERIES = 10
AUTOSAVE_LATER_SAVE_QUERIES = 9
# A worker's store of published rubrics (assessments/pinned.py) is empty until its first
# request of an assessment: the pinned frameworks with their levels, then the criteria, two
# queries once per worker process (and again only after a rubric is edited), never per
# person or per save; a page that shows descriptors reads them once more (DESCRIPTORS).
PINNED_STORE_FILL = 2
DESCRIPTORS = 1


@pytest.mark.parametrize("scorers", [0, 100])
def test_autosave_saves_in_fixed_queries_without_building_the_page(
    as_teammate, teammate, assessment, scorers, django_assert_max_num_queries
):
    criterion = _first_criterion(assessment)
    others = Participant.objects.bulk_create(
        Participant(assessment=assessment, name=f"Scorer {i}", perspective=Perspective.CARER)
        for i in range(scorers)
    )
    level = criterion.framework.levels.get(value=2)
    Score.objects.bulk_create(
        Score(participant=p, criterion=criterion, answer=Answer.LEVEL, level=level, evidence="x")
        for p in others
    )
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    headers = {"X-Coprod-Autosave": "1"}
    # A worker that has not served this assessment yet: its first save fills the store
    # and still stays within a page's twelve (the autosave never reads descriptors).
    pinned.forget()
    assert AUTOSAVE_FIRST_SAVE_QUERIES + PINNED_STORE_FILL <= 12
    with django_assert_max_num_queries(AUTOSAVE_FIRST_SAVE_QUERIES + PINNED_STORE_FILL):
        response = as_teammate.post(url, {"level": "2", "version": "0"}, headers=headers)
    assert response.json()["saved"] is True
    # The first save of another question (a new score) on a worker that has the store.
    criterion = criterion.framework.criteria.exclude(pk=criterion.pk).first()
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    with django_assert_max_num_queries(AUTOSAVE_FIRST_SAVE_QUERIES) as first:
        response = as_teammate.post(url, {"level": "3", "version": "0"}, headers=headers)
    assert response.json()["saved"] is True and not response.templates
    with django_assert_max_num_queries(AUTOSAVE_LATER_SAVE_QUERIES) as later:
        response = as_teammate.post(url, {"level": "4", "version": "1"}, headers=headers)
    assert response.json()["version"] == 2
    for captured in (first, later):
        sql = " ".join(q["sql"] for q in captured.captured_queries)
        # Neither the descriptors nor the journey (whose frameworks are ordered by slug).
        assert "ladder_descriptor" not in sql and 'ORDER BY "ladder_framework"' not in sql


def test_save_and_continue_on_a_cold_worker_stays_within_twelve_queries(
    as_teammate, teammate, assessment, django_assert_max_num_queries
):
    criterion = _first_criterion(assessment)
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    pinned.forget()  # the save goes through without the descriptors, so never reads them
    with django_assert_max_num_queries(AUTOSAVE_FIRST_SAVE_QUERIES + PINNED_STORE_FILL):
        response = as_teammate.post(url, {"level": "2", "version": "0", "save": "1"})
    assert response.status_code == 302
    with django_assert_max_num_queries(12):  # an update, which also ends any sitting
        as_teammate.post(url, {"level": "3", "version": "1", "save": "1"})
    score = Score.objects.get(criterion=criterion, participant__user=teammate)
    assert (score.level.value, score.version) == (3, 2)


def test_a_refused_answer_is_shown_again_with_the_level_descriptors_and_the_text(
    as_teammate, teammate, assessment
):
    criterion = _first_criterion(assessment)
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    pinned.forget()
    sent = {"level": "2", "version": "0", "evidence": "Asked at the forum.", "links": "nope"}
    page = as_teammate.post(url, {**sent, "save": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and "is not a web address" in html
    assert "Asked at the forum.</textarea>" in html
    descriptor = criterion.descriptors.get(level__value=2)
    assert escape(descriptor.descriptor) in html
    assert not Score.objects.filter(criterion=criterion, participant__user=teammate).exists()


@pytest.mark.parametrize("participants", [0, 12])
def test_consensus_overview_queries_stay_flat(
    as_facilitator, assessment, participants, django_assert_max_num_queries
):
    _grow(assessment, participants)
    with django_assert_max_num_queries(12):
        response = as_facilitator.get(reverse("consensus_overview", args=[assessment.pk]))
        assert response.status_code == 200


def test_a_mail_failure_keeps_the_participant_once_and_says_to_resend(
    as_facilitator, assessment, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.integration.refusing_mail.EmailBackend"
    response = _invite(as_facilitator, assessment)
    page = as_facilitator.get(response.url).content.decode()
    assert "is added, but the email could not be sent just now" in page
    participant = Participant.objects.get(assessment=assessment, email="sam@example.org")
    assert "Invitation email to participant" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    as_facilitator.post(reverse("participant_resend", args=[assessment.pk, participant.pk]))
    assert mail.outbox[-1].to == ["sam@example.org"]
    assert Participant.objects.filter(assessment=assessment).count() == 1


def test_typing_when_the_assessment_is_submitted_meanwhile_keeps_the_text_on_screen(
    as_guest, assessment, guest_participant
):
    criterion = _first_criterion(assessment)
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    services.submit_assessment(assessment=assessment, user=None)
    autosaved = as_guest.post(
        url,
        {"level": "3", "evidence": "Typed late", "version": "0"},
        headers={"X-Coprod-Autosave": "1"},
    )
    assert autosaved.status_code == 409
    assert "submitted while you were answering" in autosaved.json()["message"]
    page = as_guest.post(url, {"level": "3", "evidence": "Typed late", "version": "0"})
    text = page.content.decode()
    assert "submitted while you were answering" in text
    assert "What you typed was not saved" in text and "Typed late" in text
    assert not Score.objects.exists()


def test_member_who_never_scored_a_submitted_assessment_is_not_sent_round_in_circles(
    as_teammate, assessment
):
    services.submit_assessment(assessment=assessment, user=None)
    response = as_teammate.get(reverse("task_list", args=[assessment.pk]), follow=True)
    assert response.redirect_chain[-1][0] == assessment.get_absolute_url()
    assert "scoring has closed" in response.content.decode()


def test_guest_session_is_short_and_signing_out_ends_it_keeping_answers(
    as_facilitator, assessment, client, settings
):
    _invite(as_facilitator, assessment)
    link = _link_from_email()
    hours = f"for the next {settings.GUEST_SESSION_HOURS} hours"
    assert hours in _open(client, link).content.decode()
    _redeem(client, link, "Sam")
    assert client.session.get_expiry_age() == settings.GUEST_SESSION_HOURS * 3600
    criterion = _first_criterion(assessment)
    client.post(
        reverse("score_criterion", args=[assessment.pk, criterion.pk]),
        {"level": "2", "version": "0"},
    )
    page = client.get(reverse("task_list", args=[assessment.pk])).content.decode()
    assert "Sign out" in page

    signed_out = client.post(reverse("guest_sign_out")).content.decode()
    assert "Your answers are saved" in signed_out
    response = client.get(reverse("task_list", args=[assessment.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Score.objects.filter(participant__email="sam@example.org").count() == 1


def test_the_invitation_page_does_not_offer_a_log_in(as_facilitator, assessment, client):
    _invite(as_facilitator, assessment)
    page = _open(client, _link_from_email()).content.decode()
    assert "Help score" in page and ">Log in<" not in page


def test_the_welcome_page_without_a_link_says_to_select_it_again(client, db):
    response = client.get(reverse("invitation_welcome"), follow=True)
    assert response.status_code == 410
    assert "needs the link in your invitation email" in response.content.decode()


def test_the_link_itself_leaks_nowhere_and_the_welcome_page_holds_no_secret(
    as_facilitator, assessment, client
):
    _invite(as_facilitator, assessment)
    link = _link_from_email()
    response = client.get(link)
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    welcome = client.get(response.url)
    assert "no-store" in welcome["Cache-Control"]
    token = link.strip("/").rsplit("/", 1)[-1]
    assert token not in welcome.content.decode()
