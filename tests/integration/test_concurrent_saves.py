"""Two people saving the same score (or action) at the same moment, on the real database (SQLite or
PostgreSQL): one wins, the other is told (Conflict), nothing is overwritten, nothing crashes."""

import threading

import pytest
from django.db import connection

from assessments import services
from assessments.models import Answer, Score
from tests.factories.assessments import ParticipantFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_score_give_one_winner_and_one_conflict(assessment):
    participant = ParticipantFactory(assessment=assessment)
    criterion = assessment.frameworks.order_by("order").first().criteria.first()
    levels = list(criterion.framework.levels.order_by("value"))
    services.save_score(
        participant=participant,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=levels[0],
        expected_version=0,
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def save(level, evidence):
        barrier.wait()
        try:
            services.save_score(
                participant=participant,
                criterion=criterion,
                answer=Answer.LEVEL,
                level=level,
                evidence=evidence,
                expected_version=1,
            )
            outcomes.append("saved")
        except services.Conflict:
            outcomes.append("conflict")
        except Exception as error:  # a crash is the failure this test looks for
            outcomes.append(f"error: {error}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(levels[2], "first")),
        threading.Thread(target=save, args=(levels[4], "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    score = Score.objects.get()
    assert score.version == 2 and score.evidence in ("first", "second")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_of_one_action_give_one_winner_and_one_conflict(assessment):
    from plans import services as plan_services
    from plans.models import Action
    from tests.factories.plans import ActionFactory

    action = ActionFactory(assessment=assessment, what="Hold a workshop")
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(what):
        barrier.wait()
        try:
            plan_services.update_action(action=action, expected_version=1, what=what)
            outcomes.append("saved")
        except services.Conflict:
            outcomes.append("conflict")
        except Exception as error:  # a crash is the failure this test looks for
            outcomes.append(f"error: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(what,)) for what in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    stored = Action.objects.get()
    assert stored.version == 2 and stored.what in ("first", "second")
