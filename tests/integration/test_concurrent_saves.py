"""Two people saving the same score (or action) at the same moment, on the real database (SQLite or
PostgreSQL): one wins, the other is told (Conflict), nothing is overwritten, nothing crashes."""

import threading

import pytest
from django.db import connection, transaction

from assessments import services
from assessments.models import Answer, Score
from tests.factories.assessments import ParticipantFactory


def _first_question(assessment):
    criterion = assessment.frameworks.order_by("order").first().criteria.first()
    return criterion, list(criterion.framework.levels.order_by("value"))


def _together(*saves):
    """Run each save in its own thread, released at the same moment; what each one met."""
    barrier = threading.Barrier(len(saves))
    outcomes = {}

    def run(name, save):
        barrier.wait()
        try:
            save()
            outcomes[name] = "saved"
        except services.Conflict:
            outcomes[name] = "conflict"
        except Exception as error:  # a crash is the failure these tests look for
            outcomes[name] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes.values())


def _save(participant, criterion, level, evidence="", *, version=0):
    """A person's answer to the question, over the version they last saw (0: none yet)."""
    return services.save_score(
        participant=participant,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=level,
        evidence=evidence,
        expected_version=version,
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_score_give_one_winner_and_one_conflict(assessment):
    participant = ParticipantFactory(assessment=assessment)
    criterion, levels = _first_question(assessment)
    _save(participant, criterion, levels[0])

    def save(level, evidence):
        return lambda: _save(participant, criterion, level, evidence, version=1)

    assert _together(save(levels[2], "first"), save(levels[4], "second")) == ["conflict", "saved"]
    score = Score.objects.get()
    assert score.version == 2 and score.evidence in ("first", "second")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_of_one_action_give_one_winner_and_one_conflict(assessment):
    from plans import services as plan_services
    from plans.models import Action
    from tests.factories.plans import ActionFactory

    action = ActionFactory(assessment=assessment, what="Hold a workshop")

    def edit(what):
        return lambda: plan_services.update_action(action=action, expected_version=1, what=what)

    assert _together(edit("first"), edit("second")) == ["conflict", "saved"]
    stored = Action.objects.get()
    assert stored.version == 2 and stored.what in ("first", "second")


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_of_one_score_at_once_give_one_row_and_one_conflict(assessment):
    # Scores take a shared lock on the assessment, so both may try to insert: the unique
    # key refuses one, and that person is told, not shown an error page.
    participant = ParticipantFactory(assessment=assessment)
    criterion, levels = _first_question(assessment)

    def save(level, evidence):
        return lambda: _save(participant, criterion, level, evidence)

    assert _together(save(levels[1], "phone"), save(levels[3], "laptop")) == ["conflict", "saved"]
    score = Score.objects.get()
    assert (score.version, score.evidence) in ((1, "phone"), (1, "laptop"))


@pytest.mark.django_db(transaction=True)
def test_the_same_first_answer_sent_twice_at_once_is_saved_once(assessment):
    # autosave.js sends again when a reply is lost; both copies arriving together is fine.
    participant = ParticipantFactory(assessment=assessment)
    criterion, levels = _first_question(assessment)

    def save():
        _save(participant, criterion, levels[2], "We met twice")

    assert _together(save, save) == ["saved", "saved"]
    assert Score.objects.get().version == 1


def _while_a_save_is_open(participant, criterion, level, work, *, wait):
    """Run `work` in a thread while the participant's first save of the question stays
    open (its transaction not yet committed). (Whether `work` finished within `wait`
    seconds, with the save still open; whether it had finished once the save closed.)"""
    opened, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                _save(participant, criterion, level)
                opened.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def run():
        try:
            work()
            done.set()
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert opened.wait(timeout=30)
    worker = threading.Thread(target=run)
    worker.start()
    finished_meanwhile = done.wait(timeout=wait)
    release.set()
    holder.join(timeout=30)
    worker.join(timeout=30)
    return finished_meanwhile, done.is_set()


@pytest.mark.django_db(transaction=True)
def test_scorers_in_one_workshop_do_not_queue_behind_each_other(assessment):
    # On PostgreSQL a save holds the assessment FOR SHARE: another person's save goes
    # straight in while the first is still open. SQLite lets one write at a time, so there
    # the second waits for the first and is then stored: nothing is lost either way.
    first, second = ParticipantFactory.create_batch(2, assessment=assessment)
    criterion, levels = _first_question(assessment)
    went_straight_in, stored = _while_a_save_is_open(
        first, criterion, levels[1], lambda: _save(second, criterion, levels[3]), wait=5
    )
    assert went_straight_in == (connection.vendor == "postgresql")
    assert stored
    assert sorted(Score.objects.values_list("participant_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )


@pytest.mark.django_db(transaction=True)
def test_a_submit_waits_for_a_save_in_progress_and_keeps_it(assessment, facilitator):
    participant = ParticipantFactory(assessment=assessment)
    criterion, levels = _first_question(assessment)
    submitted_during_the_save, submitted = _while_a_save_is_open(
        participant,
        criterion,
        levels[2],
        lambda: services.submit_assessment(assessment=assessment, user=facilitator),
        wait=1,
    )
    assert not submitted_during_the_save
    assert submitted
    assert Score.objects.get().level == levels[2]
