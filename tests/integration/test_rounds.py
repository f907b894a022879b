"""Rounds: a new round started from the last one, same people invited again, newest
rubric versions offered, no anchoring for scorers, last agreed level for facilitators."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus, Consensus, Participant, Score
from assessments.services_rounds import start_round
from ladder.models import Criterion, Descriptor, FrameworkKind
from tests.factories.assessments import ParticipantFactory
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment


@pytest.fixture
def last_round(assessment, facilitator, teammate):
    """Submitted, with a guest who has an email, one without, and a member who scored."""
    score_assessment(assessment=assessment)
    ParticipantFactory(
        assessment=assessment, name="Gwen Guest", email="gwen@example.com", perspective="carer"
    )
    Participant.objects.create(
        assessment=assessment, name="Teammate", perspective="clinician", user=teammate
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now()
    )
    assessment.refresh_from_db()
    return assessment


def _newer_version(framework):
    """The next version of a rubric, worded as the last one (the factory numbers titles)."""
    newer = make_framework(kind=FrameworkKind.PRINCIPLES, criteria=3, slug=framework.slug)
    for old in framework.criteria.all():
        Criterion.objects.filter(framework=newer, code=old.code).update(title=old.title)
    return newer


def _start(client, last, **data):
    form = {"title": "Round two", "date": "01/06/2027", **data}
    if "frameworks" not in data:
        get = client.get(reverse("round_start", args=[last.pk]))
        form["frameworks"] = [str(pk) for pk in get.context["form"].initial["frameworks"]]
    return client.post(reverse("round_start", args=[last.pk]), form)


def test_starting_a_round_invites_the_same_people_again(as_facilitator, last_round, mailoutbox):
    response = _start(as_facilitator, last_round)
    new = Assessment.objects.get(title="Round two")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.previous == last_round
    # The guest with an email gets a fresh record and link; members are emailed and join
    # only if they choose to score; nothing of last time's answers is copied.
    assert list(new.participants.values_list("name", flat=True)) == ["Gwen Guest"]
    assert sorted(m.to[0] for m in mailoutbox) == ["gwen@example.com", "teammate@example.nhs.uk"]
    assert not Score.objects.filter(participant__assessment=new).exists()
    assert not Consensus.objects.filter(assessment=new).exists()
    assert reverse("score_start", args=[new.pk]) in next(
        m.body for m in mailoutbox if m.to == ["teammate@example.nhs.uk"]
    )


def test_a_round_cannot_start_while_the_last_one_is_in_progress(as_facilitator, assessment):
    page = as_facilitator.get(reverse("round_start", args=[assessment.pk]))
    assert "is still in progress" in page.content.decode()
    response = _start(
        as_facilitator, assessment, frameworks=[str(f.pk) for f in assessment.frameworks.all()]
    )
    assert response.status_code == 200
    assert "Submit it before starting a new round" in response.content.decode()
    assert not Assessment.objects.filter(title="Round two").exists()


def test_the_service_refuses_an_open_round_with_a_validation_error(assessment, facilitator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="still in progress"):
        start_round(
            previous=assessment,
            title="Two",
            frameworks=list(assessment.frameworks.all()),
            created_by=facilitator,
            build_link=str,
            member_link=str,
        )


def test_the_newest_published_versions_are_offered_saying_what_wording_changed(
    as_facilitator, last_round, principles
):
    newer = _newer_version(principles)
    Criterion.objects.filter(framework=newer, code="P2").update(statement="Reworded statement")
    page = as_facilitator.get(reverse("round_start", args=[last_round.pk]))
    html = page.content.decode()
    offered = page.context["form"].fields["frameworks"].queryset
    assert newer in offered and principles not in offered
    assert (
        f"version {newer.version} is offered; last time used version {principles.version}" in html
    )
    assert "The wording changed for P2, so" in html
    _start(as_facilitator, last_round)
    assert newer in Assessment.objects.get(title="Round two").frameworks.all()


def _new_round(client, last):
    _start(client, last)
    return Assessment.objects.get(title="Round two")


def test_scorers_do_not_see_last_times_levels_or_evidence(as_facilitator, as_teammate, last_round):
    new = _new_round(as_facilitator, last_round)
    criterion = new.frameworks.get(kind="principles").criteria.first()
    as_teammate.post(reverse("score_start", args=[new.pk]), {"perspective": "clinician"})
    response = as_teammate.get(reverse("score_criterion", args=[new.pk, criterion.pk]))
    assert response.context["form"].initial == {"version": 0}  # nothing chosen for them
    html = response.content.decode()
    assert "Survey of 400 people." not in html  # last round's evidence
    assert "last round" not in html.lower() and "last time" not in html.lower()
    assert " checked" not in html
    task_list = as_teammate.get(reverse("task_list", args=[new.pk])).content.decode()
    assert "Agreed last round" not in task_list


def test_facilitators_see_last_times_agreed_level_when_agreeing(as_facilitator, last_round):
    new = _new_round(as_facilitator, last_round)
    criterion = new.frameworks.get(kind="principles").criteria.first()
    page = as_facilitator.get(reverse("consensus_criterion", args=[new.pk, criterion.pk]))
    html = page.content.decode()
    assert "Agreed last round: <strong>2 Listening</strong>" in html
    overview = as_facilitator.get(reverse("consensus_overview", args=[new.pk])).content.decode()
    assert "Agreed last round" in overview and overview.count("2 Listening") >= 3


def test_facilitators_are_told_when_the_wording_changed_since(
    as_facilitator, last_round, principles
):
    newer = _newer_version(principles)
    p1 = newer.criteria.get(code="P1")
    Descriptor.objects.filter(criterion=p1, level__value=2).update(descriptor="New words")
    new = _new_round(as_facilitator, last_round)
    html = as_facilitator.get(reverse("consensus_criterion", args=[new.pk, p1.pk])).content.decode()
    assert "The rubric's wording has changed since" in html
    assert "is now “New words”" in html


def test_first_round_consensus_pages_say_nothing_of_last_time(as_facilitator, assessment):
    criterion = assessment.frameworks.first().criteria.first()
    html = as_facilitator.get(
        reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    ).content.decode()
    assert "Agreed last round" not in html


# --- who may start a round -----------------------------------------------------------------


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
def test_only_facilitators_may_start_a_round(request, last_round, persona, expected):
    client = request.getfixturevalue(persona)
    url = reverse("round_start", args=[last_round.pk])
    assert client.get(url).status_code == expected
    response = client.post(url, {"title": "X", "date": "01/06/2027"})
    assert response.status_code == (expected if expected != 200 else 200)
    assert not Assessment.objects.filter(title="X").exists()
    if expected == 302:
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_last_agreed_level_is_not_shown_to_contributors_on_consensus_pages(
    as_facilitator, as_teammate, last_round
):
    new = _new_round(as_facilitator, last_round)
    assert as_teammate.get(reverse("consensus_overview", args=[new.pk])).status_code == 403


def test_last_round_lookup_takes_two_queries(django_assert_num_queries, last_round, facilitator):
    from assessments.results import Results
    from assessments.rounds import last_time

    new = start_round(
        previous=last_round,
        title="Two",
        frameworks=list(last_round.frameworks.all()),
        created_by=facilitator,
        build_link=str,
        member_link=lambda a: "x",
    )[0]
    results = Results.load(new)
    with django_assert_num_queries(2):
        found = last_time(results)
    assert len(found) == 5  # 2 ladder stages and 3 principles, agreed at 2 last round
    assert {c.was.agreed for c in found.values()} == {2}


def test_a_criterion_that_replaces_an_old_one_is_said_so_not_listed_as_new(
    as_facilitator, last_round, principles
):
    newer = _newer_version(principles)
    Criterion.objects.filter(framework=newer, code="P3").update(code="P3A", replaces=["P3"])
    html = as_facilitator.get(reverse("round_start", args=[last_round.pk])).content.decode()
    assert "P3A replaces P3: compared with it over the rounds." in html
    assert "New: P3A" not in html and "No longer in the rubric: P3" not in html


def test_a_new_round_ticks_the_rubrics_of_the_last_round_and_offers_the_others(
    as_facilitator, last_round, principles, ladder_framework
):
    readiness = make_framework(kind=FrameworkKind.CHECKLIST, criteria=2)
    page = as_facilitator.get(reverse("round_start", args=[last_round.pk]))
    field = page.context["form"]["frameworks"]
    assert readiness in field.field.queryset
    assert set(field.initial) == {principles.pk, ladder_framework.pk}


def test_a_new_assessment_ticks_only_the_rubrics_offered_by_default(
    as_facilitator, programme, principles
):
    readiness = make_framework(kind=FrameworkKind.CHECKLIST, criteria=2)
    page = as_facilitator.get(reverse("assessment_create", args=[programme.pk]))
    initial = page.context["form"]["frameworks"].initial
    assert principles.pk in initial and readiness.pk not in initial
    assert readiness.name in page.content.decode()  # offered, not ticked
