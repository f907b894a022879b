"""The writes behind the action plan and the scoring pages refuse with ValidationError,
every one: a conflict carries code CHANGED_MEANWHILE and what is stored now."""

import pytest
from django.core.exceptions import ValidationError
from django.db.transaction import TransactionManagementError

from assessments import services as assessment_services
from assessments.models import Answer, AssessmentStatus, Consensus, Score
from assessments.results import Results
from assessments.versioning import CHANGED_MEANWHILE, save_versioned
from ladder.models import Level
from plans import services
from plans.models import Action, ActionStatus
from tests.factories.assessments import ParticipantFactory
from tests.factories.ladder import make_framework
from tests.factories.plans import ActionFactory
from tests.factories.scenarios import score_assessment


@pytest.fixture
def action(assessment):
    return ActionFactory(assessment=assessment, what="Hold a workshop")


def _refused(call, code=None) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    if code:
        assert caught.value.code == code
    return caught.value


def _other_rubrics_level(action):
    return Level.objects.exclude(framework_id=action.criterion.framework_id).first()


# --- plans.services ------------------------------------------------------------------


def test_add_action_refuses_a_criterion_of_another_rubric(assessment):
    foreign = make_framework(criteria=1).criteria.get()
    _refused(lambda: services.add_action(assessment=assessment, criterion=foreign, what="x"))
    assert not Action.objects.exists()


def test_add_action_refuses_a_target_from_another_rubric_and_an_unknown_status(action):
    add = services.add_action
    kwargs = {"assessment": action.assessment, "criterion": action.criterion, "what": "x"}
    _refused(lambda: add(**kwargs, target_level=_other_rubrics_level(action)), "target_level")
    _refused(lambda: add(**kwargs, status="abandoned"), "status")
    assert Action.objects.count() == 1


def test_add_action_strips_what_and_owner(action):
    added = services.add_action(
        assessment=action.assessment, criterion=action.criterion, what="  x  ", owner=" Jo "
    )
    assert (added.what, added.owner, added.version) == ("x", "Jo", 1)


def test_update_action_refuses_fields_that_cannot_change(action):
    _refused(
        lambda: services.update_action(action=action, expected_version=1, assessment_id=1),
        "not_editable",
    )


def test_update_action_refuses_a_target_from_another_rubric(action):
    _refused(
        lambda: services.update_action(
            action=action, expected_version=1, target_level=_other_rubrics_level(action)
        ),
        "target_level",
    )
    action.refresh_from_db()
    assert action.target_level is None


def test_update_action_with_a_stale_version_is_a_conflict_carrying_what_is_stored(action):
    services.update_action(action=action, expected_version=1, what="Newer")
    conflict = _refused(
        lambda: services.update_action(action=action, expected_version=1, what="Older"),
        CHANGED_MEANWHILE,
    )
    assert (conflict.current.what, conflict.current.version) == ("Newer", 2)
    assert not conflict.removed


def test_update_action_bumps_the_version_and_returns_what_is_stored(action):
    updated = services.update_action(
        action=action, expected_version=1, what=" Two workshops ", status=ActionStatus.DONE
    )
    assert (updated.what, updated.status, updated.version) == (
        "Two workshops",
        ActionStatus.DONE,
        2,
    )


@pytest.mark.parametrize(
    "write",
    [
        lambda a: services.update_action(action=a, expected_version=1, what="Mine"),
        lambda a: services.complete_action(action=a),
        lambda a: services.remove_action(action=a),
    ],
    ids=["update", "complete", "remove"],
)
def test_every_write_to_an_action_removed_meanwhile_is_a_conflict_with_nothing_stored(
    action, write
):
    Action.objects.filter(pk=action.pk).delete()
    conflict = _refused(lambda: write(action), CHANGED_MEANWHILE)
    assert conflict.removed and conflict.current is None
    assert conflict.message == services.REMOVED_MEANWHILE


def test_complete_action_applies_to_what_is_stored_and_moves_the_version_on(action):
    services.update_action(action=action, expected_version=1, what="Newer")
    done = services.complete_action(action=action)  # `action` still says version 1
    assert (done.what, done.status, done.version) == ("Newer", ActionStatus.DONE, 3)


def test_suggested_actions_take_the_rubric_next_steps_and_the_target(assessment):
    score_assessment(assessment=assessment)
    created = services.add_suggested_actions(
        assessment=assessment, results=Results.load(assessment)
    )
    assert len(created) == 5
    assert {a.what for a in created if a.criterion.code == "P1"} == {"Next step for P1 from 2"}
    assert (
        services.add_suggested_actions(assessment=assessment, results=Results.load(assessment))
        == []
    )


# --- assessments.services: the same pattern ---------------------------------------


@pytest.fixture
def criterion(assessment):
    return assessment.frameworks.order_by("order").first().criteria.first()


def _score(participant, criterion, version, evidence=""):
    return assessment_services.save_score(
        participant=participant,
        criterion=criterion,
        answer=Answer.DONT_KNOW,
        evidence=evidence,
        expected_version=version,
    )


def test_a_stale_score_is_a_conflict_validation_error(assessment, criterion):
    participant = ParticipantFactory(assessment=assessment)
    _score(participant, criterion, 0, "first")
    conflict = _refused(lambda: _score(participant, criterion, 0, "again"), CHANGED_MEANWHILE)
    assert conflict.current.evidence == "first"
    _refused(lambda: _score(participant, criterion, 5), CHANGED_MEANWHILE)
    assert Score.objects.get().version == 1


def test_a_score_on_a_submitted_assessment_is_a_validation_error(assessment, criterion):
    participant = ParticipantFactory(assessment=assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    error = _refused(lambda: _score(participant, criterion, 0), "submitted")
    assert str(error) == "This assessment has been submitted and can no longer change."


def test_a_stale_consensus_is_a_conflict_validation_error(assessment, criterion, facilitator):
    def record(version, reason):
        return assessment_services.record_consensus(
            assessment=assessment,
            criterion=criterion,
            answer=Answer.NOT_APPLICABLE,
            reason=reason,
            user=facilitator,
            expected_version=version,
        )

    assert record(0, "first").version == 1
    conflict = _refused(lambda: record(0, "second"), CHANGED_MEANWHILE)
    assert conflict.current.reason == "first"
    assert record(1, "third").version == 2
    _refused(lambda: record(1, "fourth"), CHANGED_MEANWHILE)
    assert Consensus.objects.get().reason == "third"


def test_an_unknown_invitation_is_a_validation_error(db):
    _refused(lambda: assessment_services.check_invitation(token="nope"), "invitation")


@pytest.mark.django_db(transaction=True)
def test_the_version_helper_refuses_to_run_outside_a_transaction(action):
    # Outside one the lock would end at once, and the check with it.
    with pytest.raises(TransactionManagementError):
        save_versioned(Action.objects.filter(pk=action.pk), expected_version=1, fields={})


def test_refusals_survive_copy_and_pickle_like_any_validation_error(action):
    import copy
    import pickle

    conflict = _refused(
        lambda: services.update_action(action=action, expected_version=9, what="x"),
        CHANGED_MEANWHILE,
    )
    for error in (conflict, assessment_services.AssessmentSubmitted("Closed.")):
        for clone in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):
            assert (type(clone), clone.message, clone.code) == (
                type(error),
                error.message,
                error.code,
            )
    assert pickle.loads(pickle.dumps(conflict)).current.what == "Hold a workshop"
