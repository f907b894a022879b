"""Issue 15's smaller things: submitting with care, a member told they lack permission,
the action form's target levels. (Who reaches each page: test_scoring_access.py.)"""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, Consensus, Perspective
from ladder.models import Level
from plans.models import Action, ActionStatus
from tests.factories.assessments import ParticipantFactory
from tests.factories.scenarios import score_assessment


@pytest.fixture
def half_done(assessment):
    """Everyone scored, one agreed level removed, and a late joiner who answered nothing."""
    score_assessment(assessment=assessment)
    Consensus.objects.filter(assessment=assessment).order_by("pk").first().delete()
    ParticipantFactory(assessment=assessment, name="Late Joiner", perspective=Perspective.CARER)
    return assessment


def test_submit_lists_what_is_unfinished_and_asks_to_confirm(as_facilitator, half_done):
    url = reverse("assessment_submit", args=[half_done.pk])
    unagreed = Consensus.objects.filter(assessment=half_done).values_list("criterion", flat=True)
    missing = [
        c for f in half_done.frameworks.all() for c in f.criteria.all() if c.pk not in unagreed
    ]
    page = as_facilitator.get(url).content.decode()
    assert f"{missing[0].code} {missing[0].title}" in page
    assert "Late Joiner (carer): 0 of" in page  # a facilitator sees names
    response = as_facilitator.post(url)  # without the tick: refused, nothing submitted
    assert response.status_code == 400
    assert "Tick the box to submit" in response.content.decode()
    assert not Assessment.objects.get().is_submitted
    assert as_facilitator.post(url, {"confirm": "yes"}).status_code == 302
    assert Assessment.objects.get().is_submitted


def test_submit_needs_no_tick_when_everything_is_finished(as_facilitator, assessment):
    score_assessment(assessment=assessment)
    url = reverse("assessment_submit", args=[assessment.pk])
    page = as_facilitator.get(url).content.decode()
    assert "unfinished" not in page and "Submit assessment" in page
    assert as_facilitator.post(url).status_code == 302
    assert Assessment.objects.get().is_submitted


def test_submit_page_takes_few_queries(as_facilitator, half_done, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        as_facilitator.get(reverse("assessment_submit", args=[half_done.pk]))


@pytest.mark.parametrize("persona", ["teammate", "viewer"])
def test_a_member_is_told_they_lack_permission(request, assessment, persona):
    client = request.getfixturevalue(f"as_{persona}")
    response = client.get(reverse("consensus_overview", args=[assessment.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You do not have permission to do this" in page
    assert "facilitators can do this." in page
    assert f'href="{assessment.get_absolute_url()}"' in page
    assert "No such assessment" not in page


def test_a_viewer_cannot_score_and_is_told_why(as_viewer, assessment):
    response = as_viewer.get(reverse("task_list", args=[assessment.pk]))
    assert response.status_code == 403
    assert "Viewers can read the results" in response.content.decode()


def test_an_outsider_still_gets_not_found(as_outsider, assessment):
    assert as_outsider.get(reverse("consensus_overview", args=[assessment.pk])).status_code == 404


def _target_options(html):
    select = re.search(r'<select name="target_level".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_action_form_offers_only_the_chosen_criterions_levels(as_facilitator, assessment):
    score_assessment(assessment=assessment)
    principles = assessment.frameworks.get(kind="principles")
    criterion = principles.criteria.first()
    url = reverse("action_add", args=[assessment.pk])
    html = as_facilitator.get(url, {"criterion": criterion.pk}).content.decode()
    offered = {int(pk) for pk in _target_options(html)}
    assert offered == set(Level.objects.filter(framework=principles).values_list("pk", flat=True))


def test_action_form_refuses_another_rubrics_level_and_keeps_what_was_typed(
    as_facilitator, assessment
):
    score_assessment(assessment=assessment)
    criterion = assessment.frameworks.get(kind="principles").criteria.first()
    ladder_level = Level.objects.filter(framework__kind="ladder").first()
    response = as_facilitator.post(
        reverse("action_add", args=[assessment.pk]),
        {
            "criterion": criterion.pk,
            "what": "Run a listening event",
            "target_level": ladder_level.pk,
            "status": ActionStatus.NOT_STARTED,
        },
    )
    html = response.content.decode()
    assert "Choose a target level from the same rubric" in html
    assert "Run a listening event" in html
    assert not Action.objects.exists()


def test_action_form_groups_levels_by_rubric_before_a_criterion_is_chosen(
    as_facilitator, assessment
):
    score_assessment(assessment=assessment)
    html = as_facilitator.get(reverse("action_add", args=[assessment.pk])).content.decode()
    assert html.count("<optgroup") == 2


def test_the_invitation_form_speaks_about_the_invitee(as_facilitator, assessment):
    page = as_facilitator.get(reverse("participant_invite", args=[assessment.pk])).content.decode()
    assert "They use, or have used, these services" in page
    assert "You use, or have used" not in page


def test_dont_know_and_not_scored_are_told_apart_in_words(
    as_facilitator, assessment, guest_participant
):
    from assessments import services
    from assessments.models import Answer

    criterion = assessment.frameworks.get(kind="principles").criteria.first()
    services.save_score(
        participant=guest_participant,
        criterion=criterion,
        answer=Answer.DONT_KNOW,
        expected_version=0,
    )
    overview = as_facilitator.get(reverse("consensus_overview", args=[assessment.pk]))
    page = overview.content.decode()
    assert "Don't know yet" in page.replace("&#x27;", "'")
    detail = as_facilitator.get(reverse("consensus_criterion", args=[assessment.pk, criterion.pk]))
    cells = re.findall(r'<td class="nhsuk-table__cell">([^<]*)</td>', detail.content.decode())
    assert "Don&#x27;t know yet" in cells and "–" not in cells
    report = as_facilitator.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "Not scored" in report and ">–<" not in report
