""" "You said, we did": the facilitator writes and publishes it; anyone with the link reads it,
only while it is published, and it never shows a participant's name or evidence unless the
facilitator wrote it into a theme."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Score
from plans import feedback as fb
from plans.models import Action, ActionStatus, FeedbackPage
from tests.factories.scenarios import score_assessment

NAMES = ("Priya Staff", "Dr Ade Clinician", "Jo Lived", "Linda Carer")
EVIDENCE = "Jo Lived said the 8am phone queue is impossible with a job"


@pytest.fixture
def scored(assessment):
    score_assessment(assessment=assessment, evidence=EVIDENCE)
    criterion = assessment.frameworks.get(kind="principles").criteria.first()
    Action.objects.create(
        assessment=assessment,
        criterion=criterion,
        what="Open booking online",
        owner="Linda Carer",  # an owner is often a name: never on the public page
        status=ActionStatus.DONE,
        done_what="We opened online booking from 7pm",
        outcome="People can book after work",
        done_on=datetime.date(2026, 3, 1),
    )
    Action.objects.create(assessment=assessment, criterion=criterion, what="Train reception staff")
    return assessment


@pytest.fixture
def page(scored, programme):
    page = fb.save_feedback_page(
        programme=programme, introduction="We asked 40 people.", next_steps="A new survey."
    )
    fb.save_theme(
        page=page,
        title="Booking is hard",
        summary="People told us phoning at 8am is hard if you work.",
        evidence=list(Score.objects.exclude(evidence="")[:2]),
    )
    return page


def _public(client, page):
    return client.get(reverse("feedback_public", args=[page.token]))


def test_unpublished_page_is_404_for_everyone(page, as_anonymous, as_facilitator):
    assert _public(as_anonymous, page).status_code == 404
    assert _public(as_facilitator, page).status_code == 404
    assert as_anonymous.get(reverse("feedback_public", args=["guessed"])).status_code == 404


def test_published_page_is_read_without_logging_in(page, programme, as_anonymous):
    fb.set_published(programme=programme, published=True)
    response = _public(as_anonymous, page)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "You said, we did",
        "We asked 40 people.",
        "Booking is hard",
        "People told us phoning at 8am is hard if you work.",
        "We opened online booking from 7pm",
        "People can book after work",
        "March 2026",
        "Train reception staff",
        "A new survey.",
    ):
        assert text in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_the_public_page_never_shows_names_or_raw_evidence(page, programme, as_anonymous):
    fb.set_published(programme=programme, published=True)
    html = _public(as_anonymous, page).content.decode()
    for name in NAMES:
        assert name not in html
    assert "8am phone queue" not in html  # the evidence as typed
    assert "facilitator" not in html.lower()  # nobody's account is shown either


def test_a_name_appears_only_when_the_facilitator_wrote_it_into_a_theme(
    page, programme, as_anonymous
):
    fb.save_theme(page=page, title="Thanks", summary="Thank you, Jo Lived, for the idea.")
    fb.set_published(programme=programme, published=True)
    html = _public(as_anonymous, page).content.decode()
    assert "Thank you, Jo Lived, for the idea." in html
    assert "Linda Carer" not in html and "Priya Staff" not in html


def test_unpublishing_takes_it_down_at_once(page, programme, as_anonymous, as_facilitator):
    as_facilitator.post(reverse("feedback_publish", args=[programme.pk]), {"publish": "1"})
    assert _public(as_anonymous, page).status_code == 200
    as_facilitator.post(reverse("feedback_publish", args=[programme.pk]), {"publish": "0"})
    assert _public(as_anonymous, page).status_code == 404


def test_the_token_is_long_and_random(page, programme):
    other = fb.new_token()
    assert len(page.token) >= 40 and other != page.token


def test_an_empty_page_cannot_be_published(programme, as_facilitator):
    response = as_facilitator.post(
        reverse("feedback_publish", args=[programme.pk]), {"publish": "1"}, follow=True
    )
    assert "nothing to tell people" in response.content.decode()
    assert not FeedbackPage.objects.filter(published_at__isnull=False).exists()


def test_facilitator_writes_a_theme_from_chosen_evidence(scored, programme, as_facilitator):
    url = reverse("theme_add", args=[programme.pk])
    form = as_facilitator.get(url)
    html = form.content.decode()
    assert EVIDENCE in html  # the facilitator reads the evidence to draw from …
    assert "Jo Lived (" not in html and "Priya Staff" not in html.replace(EVIDENCE, "")
    score = Score.objects.exclude(evidence="").first()
    response = as_facilitator.post(
        url, {"title": "Phones", "summary": "Hard to get through.", "evidence": [score.pk]}
    )
    assert response.status_code == 302
    theme = FeedbackPage.objects.get(programme=programme).themes.get()
    assert (theme.title, list(theme.evidence.all())) == ("Phones", [score])
    edit = reverse("theme_edit", args=[programme.pk, theme.pk])
    as_facilitator.post(edit, {"title": "Phone lines", "summary": "Still hard."})
    theme.refresh_from_db()
    assert theme.title == "Phone lines"
    as_facilitator.post(reverse("theme_remove", args=[programme.pk, theme.pk]))
    assert not FeedbackPage.objects.get(programme=programme).themes.exists()


def test_evidence_from_another_programme_is_refused(page, other_organisation):
    from django.core.exceptions import ValidationError

    from tests.factories.assessments import AssessmentFactory, ProgrammeFactory

    other = AssessmentFactory(
        programme=ProgrammeFactory(organisation=other_organisation),
        frameworks=list(page.programme.assessments.first().frameworks.all()),
    )
    score_assessment(assessment=other)
    with pytest.raises(ValidationError, match="this programme"):
        fb.save_theme(
            page=page,
            title="T",
            summary="S",
            evidence=[Score.objects.filter(participant__assessment=other).first()],
        )


def test_actions_record_what_was_done_and_what_changed(scored, as_facilitator):
    action = Action.objects.get(what="Train reception staff")
    response = as_facilitator.post(
        reverse("action_edit", args=[scored.pk, action.pk]),
        {
            "what": action.what,
            "status": "done",
            "version": action.version,
            "done_what": "Trained all 12 receptionists",
            "outcome": "Calls are answered kindly",
            "done_on": "02/04/2026",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.done_what, action.outcome, action.done_on) == (
        "Trained all 12 receptionists",
        "Calls are answered kindly",
        datetime.date(2026, 4, 2),
    )


def test_marking_done_records_the_day(scored, as_facilitator):
    action = Action.objects.get(what="Train reception staff")
    as_facilitator.post(reverse("action_complete", args=[scored.pk, action.pk]))
    action.refresh_from_db()
    assert action.done_on is not None


# --- who may do what -----------------------------------------------------------------------

FACILITATOR_VIEWS = ["feedback_edit", "theme_add", "theme_edit"]
POST_VIEWS = ["feedback_publish", "theme_remove"]


def _url(name, programme, page):
    if name in ("theme_edit", "theme_remove"):
        return reverse(name, args=[programme.pk, page.themes.first().pk])
    return reverse(name, args=[programme.pk])


@pytest.mark.parametrize("name", FACILITATOR_VIEWS)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("as_facilitator", 200),
        ("as_teammate", 403),
        ("as_viewer", 403),
        ("as_outsider", 404),
        ("as_anonymous", 302),
        ("as_guest", 302),
    ],
)
def test_only_facilitators_edit_the_feedback_page(
    request, page, programme, name, persona, expected
):
    client = request.getfixturevalue(persona)
    assert client.get(_url(name, programme, page)).status_code == expected


@pytest.mark.parametrize("name", POST_VIEWS)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("as_facilitator", 302),
        ("as_teammate", 403),
        ("as_viewer", 403),
        ("as_outsider", 404),
        ("as_anonymous", 302),
        ("as_guest", 302),
    ],
)
def test_only_facilitators_publish_or_remove(request, page, programme, name, persona, expected):
    client = request.getfixturevalue(persona)
    url = _url(name, programme, page)
    response = client.post(url, {"publish": "1"})
    assert response.status_code == expected
    page.refresh_from_db()
    changed = page.is_published or not page.themes.exists()
    assert changed == (persona == "as_facilitator")
    if persona in ("as_anonymous", "as_guest"):
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona",
    ["as_facilitator", "as_teammate", "as_viewer", "as_outsider", "as_anonymous", "as_guest"],
)
def test_everyone_reads_a_published_page_and_nobody_an_unpublished_one(
    request, page, programme, persona
):
    client = request.getfixturevalue(persona)
    assert _public(client, page).status_code == 404
    fb.set_published(programme=programme, published=True)
    assert _public(client, page).status_code == 200


def test_public_page_queries_are_few(page, programme, as_anonymous, django_assert_max_num_queries):
    fb.set_published(programme=programme, published=True)
    with django_assert_max_num_queries(5):
        _public(as_anonymous, page)


def test_people_with_an_email_can_be_sent_the_link(
    page, programme, scored, teammate, as_facilitator, mailoutbox
):
    from assessments.models import Participant

    Participant.objects.filter(name="Jo Lived").update(email="jo@example.com")
    Participant.objects.create(assessment=scored, name="T", perspective="clinician", user=teammate)
    url = reverse("feedback_send", args=[programme.pk])
    refused = as_facilitator.post(url, follow=True)
    assert "Publish the page before sending its link." in refused.content.decode()
    assert mailoutbox == []
    fb.set_published(programme=programme, published=True)
    as_facilitator.post(url)
    assert sorted(m.to[0] for m in mailoutbox) == ["jo@example.com", "teammate@example.nhs.uk"]
    assert all(page.token in m.body for m in mailoutbox)
    assert all("Jo Lived" not in m.body for m in mailoutbox)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("as_teammate", 403),
        ("as_viewer", 403),
        ("as_outsider", 404),
        ("as_anonymous", 302),
        ("as_guest", 302),
    ],
)
def test_only_facilitators_send_the_link(request, page, programme, persona, expected, mailoutbox):
    fb.set_published(programme=programme, published=True)
    client = request.getfixturevalue(persona)
    assert client.post(reverse("feedback_send", args=[programme.pk])).status_code == expected
    assert mailoutbox == []


def test_opening_the_theme_form_writes_nothing(programme, as_facilitator):
    as_facilitator.get(reverse("theme_add", args=[programme.pk]))
    assert not FeedbackPage.objects.exists()


def test_the_plan_and_the_report_show_what_was_done_and_what_changed(scored, as_facilitator):
    for name in ("action_plan", "report"):
        html = as_facilitator.get(reverse(name, args=[scored.pk])).content.decode()
        assert "We opened online booking from 7pm" in html
        assert "People can book after work" in html


def test_the_edit_page_lists_done_actions_before_the_page_is_first_saved(
    scored, programme, as_facilitator
):
    html = as_facilitator.get(reverse("feedback_edit", args=[programme.pk])).content.decode()
    assert "We opened online booking from 7pm" in html
    assert not FeedbackPage.objects.exists()


def test_what_comes_next_is_the_latest_rounds_open_actions(page, scored, programme):
    from tests.factories.assessments import AssessmentFactory

    later = AssessmentFactory(
        programme=programme, title="Round 2", date=scored.date + datetime.timedelta(days=180)
    )
    later.frameworks.set(scored.frameworks.all())
    criterion = scored.frameworks.get(kind="principles").criteria.first()
    Action.objects.create(assessment=later, criterion=criterion, what="Run evening drop-ins")
    shown = fb.feedback(page)
    assert shown.next == ["Run evening drop-ins"]  # not round 1's "Train reception staff"
    assert [d.what for d in shown.done] == ["We opened online booking from 7pm"]
