"""The action plan: facilitators add, edit, complete and remove; everyone else only reads it.

Who may reach each page: test_plans_access.py. Edits that cross: test_plans_conflicts.py."""

import datetime
import re

import pytest
from django.urls import reverse

from assessments.models import AssessmentStatus
from assessments.results import Results
from ladder.models import Level
from plans.gaps import gaps
from plans.models import Action, ActionStatus
from tests.factories.plans import ActionFactory
from tests.factories.scenarios import score_assessment


@pytest.fixture
def scored(assessment):
    score_assessment(assessment=assessment)  # every criterion agreed at 2, below its target
    return assessment


@pytest.fixture
def action(scored):
    criterion = scored.frameworks.get(kind="principles").criteria.first()
    return ActionFactory(assessment=scored, criterion=criterion, what="Hold a workshop", owner="")


def test_viewer_reads_the_plan_on_the_report_but_cannot_edit(as_viewer, scored, action):
    html = as_viewer.get(reverse("report", args=[scored.pk])).content.decode()
    assert "Hold a workshop" in html
    assert reverse("action_edit", args=[scored.pk, action.pk]) not in html
    response = as_viewer.post(
        reverse("action_edit", args=[scored.pk, action.pk]),
        {"what": "Changed", "status": ActionStatus.DONE},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.what == "Hold a workshop"


def test_plan_lists_every_below_target_criterion(as_facilitator, scored):
    response = as_facilitator.get(reverse("action_plan", args=[scored.pk]))
    gaps = response.context["gaps"]
    assert len(gaps) == 5  # 2 ladder stages + 3 principles, all agreed at 2
    assert all(not g.has_action for g in gaps)


def test_add_form_is_prefilled_from_the_rubric_next_steps_at_the_agreed_level(
    as_facilitator, scored
):
    criterion = scored.frameworks.get(kind="principles").criteria.get(code="P2")
    url = reverse("action_add", args=[scored.pk]) + f"?criterion={criterion.pk}"
    form = as_facilitator.get(url).context["form"]
    assert form.initial["what"] == "Next step for P2 from 2"
    assert form.initial["criterion"] == criterion.pk
    target = Level.objects.get(pk=form.initial["target_level"])
    assert (target.framework_id, target.value) == (criterion.framework_id, 4)


def test_facilitator_adds_an_action(as_facilitator, scored):
    criterion = scored.frameworks.get(kind="principles").criteria.get(code="P1")
    response = as_facilitator.post(
        reverse("action_add", args=[scored.pk]),
        {
            "criterion": criterion.pk,
            "what": "  Invite Healthwatch to co-chair the design group  ",
            "owner": "Head of engagement",
            "due_date": "2026-03-31",
            "target_level": "",
            "status": ActionStatus.NOT_STARTED,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(assessment=scored)
    assert action.what == "Invite Healthwatch to co-chair the design group"
    assert action.due_date == datetime.date(2026, 3, 31)
    assert action.target_level.value == 4  # blank: the agreed target


def test_add_shows_errors_in_an_error_summary(as_facilitator, scored):
    response = as_facilitator.post(reverse("action_add", args=[scored.pk]), {"what": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter what will be done" in html
    assert "Choose the principle or stage this action is for" in html
    assert not Action.objects.exists()


def test_target_level_must_come_from_the_criterions_rubric(as_facilitator, scored):
    criterion = scored.frameworks.get(kind="principles").criteria.first()
    ladder_level = Level.objects.filter(framework__kind="ladder").first()
    response = as_facilitator.post(
        reverse("action_add", args=[scored.pk]),
        {
            "criterion": criterion.pk,
            "what": "x",
            "target_level": ladder_level.pk,
            "status": ActionStatus.NOT_STARTED,
        },
    )
    assert response.status_code == 200
    assert "same rubric" in response.content.decode()
    assert not Action.objects.exists()


def test_criterion_from_another_assessment_is_refused(as_facilitator, scored):
    from tests.factories.ladder import make_framework

    foreign = make_framework(criteria=1).criteria.first()
    response = as_facilitator.post(
        reverse("action_add", args=[scored.pk]),
        {"criterion": foreign.pk, "what": "x", "status": ActionStatus.NOT_STARTED},
    )
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_facilitator_edits_an_action(as_facilitator, scored, action):
    response = as_facilitator.post(
        reverse("action_edit", args=[scored.pk, action.pk]),
        {
            "what": "Hold two workshops",
            "owner": "Clinical lead",
            "status": ActionStatus.IN_PROGRESS,
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.what, action.owner, action.status) == (
        "Hold two workshops",
        "Clinical lead",
        ActionStatus.IN_PROGRESS,
    )


def test_a_stale_edit_is_refused_and_shows_what_is_stored_now(as_facilitator, scored, action):
    url = reverse("action_edit", args=[scored.pk, action.pk])
    shown_version = action.version
    # Someone else marks it done after the form was opened.
    as_facilitator.post(reverse("action_complete", args=[scored.pk, action.pk]))
    response = as_facilitator.post(
        url,
        {
            "what": "My rewrite",
            "owner": "Me",
            "due_date": "31/03/2027",
            "status": ActionStatus.NOT_STARTED,
            "version": shown_version,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this action while you were editing" in page
    assert "– done," in page and "My rewrite" in page and "31/03/2027" in page
    action.refresh_from_db()
    assert (action.status, action.what) == (ActionStatus.DONE, "Hold a workshop")

    # Having seen it, saving again replaces it deliberately.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    as_facilitator.post(
        url,
        {
            "what": "My rewrite",
            "owner": "Me",
            "due_date": "31/03/2027",
            "status": ActionStatus.NOT_STARTED,
            "version": version,
        },
    )
    action.refresh_from_db()
    assert (action.what, action.due_date.isoformat()) == ("My rewrite", "2027-03-31")


def test_facilitator_completes_an_action(as_facilitator, scored, action):
    as_facilitator.post(reverse("action_complete", args=[scored.pk, action.pk]))
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_complete_and_remove_need_a_post(as_facilitator, scored, action):
    assert (
        as_facilitator.get(reverse("action_complete", args=[scored.pk, action.pk])).status_code
        == 405
    )
    as_facilitator.get(reverse("action_remove", args=[scored.pk, action.pk]))  # confirm page
    assert Action.objects.filter(pk=action.pk).exists()


def test_facilitator_removes_an_action(as_facilitator, scored, action):
    response = as_facilitator.post(reverse("action_remove", args=[scored.pk, action.pk]))
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


def test_action_of_another_assessment_is_404(as_facilitator, scored, action, programme):
    from tests.factories.assessments import AssessmentFactory

    other = AssessmentFactory(programme=programme, frameworks=list(scored.frameworks.all()))
    url = reverse("action_edit", args=[other.pk, action.pk])
    assert as_facilitator.get(url).status_code == 404


def test_suggested_actions_fill_each_gap_once(as_facilitator, scored, action):
    url = reverse("action_add_suggested", args=[scored.pk])
    as_facilitator.post(url)
    as_facilitator.post(url)  # a second press adds nothing
    actions = Action.objects.filter(assessment=scored)
    assert actions.count() == 5  # the existing one plus four suggestions
    p3 = actions.get(criterion__code="P3")
    assert p3.what == "Next step for P3 from 2"
    assert p3.target_level.value == 4


def test_submitted_assessment_still_allows_action_plan_edits(as_facilitator, scored, action):
    scored.status = AssessmentStatus.SUBMITTED
    scored.save()
    page = as_facilitator.get(reverse("action_plan", args=[scored.pk])).content.decode()
    assert "the plan lives on after scoring" in page
    as_facilitator.post(
        reverse("action_edit", args=[scored.pk, action.pk]),
        {"what": "After submission", "status": ActionStatus.IN_PROGRESS, "version": 1},
    )
    action.refresh_from_db()
    assert action.what == "After submission"


def test_no_gaps_when_agreed_levels_meet_their_targets(scored):
    from assessments.models import Consensus

    for c in Consensus.objects.filter(assessment=scored).select_related("criterion"):
        c.level = Level.objects.get(
            framework_id=c.criterion.framework_id,
            value=7 if c.criterion.code.startswith("S") else 5,
        )
        c.save()
    assert gaps(Results.load(scored), []) == []


def test_plan_page_reads_in_a_fixed_number_of_queries(
    as_facilitator, assessment, django_assert_max_num_queries
):
    score_assessment(assessment=assessment, extra=20)
    for criterion in assessment.frameworks.get(kind="principles").criteria.all():
        ActionFactory.create_batch(3, assessment=assessment, criterion=criterion)
    url = reverse("action_plan", args=[assessment.pk])
    # Session, user, membership, assessment, the read model's seven, actions: whatever the
    # number of people, scores or actions.
    with django_assert_max_num_queries(12):
        response = as_facilitator.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Mark as done") == 9
