"""The one builder of a scored assessment (demo, tests and bench), asked directly."""

import pytest

from assessments.models import Answer, Consensus, Perspective, Score
from assessments.scenarios import Agreed, Answers, Person, Said, score_assessment

pytestmark = pytest.mark.django_db

PEOPLE = [Person("Ann Staff", Perspective.NHS_STAFF), Person("Sam Lived", Perspective.CARER)]


def _rule(*, criterion, levels, participants):
    # Ann gives the top of each scale; Sam answers only the first of each framework.
    sam = Said(answer=Answer.DONT_KNOW, evidence="Not sure yet") if criterion.order == 1 else None
    agreed = Agreed(2, f"Agreed {criterion.code}") if criterion.order == 1 else None
    return Answers([Said(levels, evidence="Minutes", confidence="high"), sam], agreed)


def test_builder_writes_the_rule_s_answers_and_consensus_in_journey_order(
    assessment, ladder_framework, principles, django_assert_max_num_queries
):
    # whatever the number of people and criteria (one of them numbers the participants)
    with django_assert_max_num_queries(10):
        ann, sam = score_assessment(assessment=assessment, people=PEOPLE, rule=_rule)
    assert (ann.name, sam.perspective) == ("Ann Staff", Perspective.CARER)
    top = {s.criterion.framework: s.level.value for s in Score.objects.filter(participant=ann)}
    assert top == {ladder_framework: 7, principles: 5}
    assert Score.objects.filter(participant=ann, evidence="Minutes", confidence="high").count() == 5
    sams = Score.objects.get(participant=sam, criterion__framework=principles)
    assert (sams.answer, sams.level, sams.criterion.order) == (Answer.DONT_KNOW, None, 1)
    agreed = Consensus.objects.order_by("criterion__framework__order")
    assert [(c.criterion.code, c.level.value, c.reason) for c in agreed] == [
        ("S1", 2, "Agreed S1"),
        ("P1", 2, "Agreed P1"),
    ]
    # Where each left off, as saving through the scoring service records it.
    ann.refresh_from_db()
    sam.refresh_from_db()
    assert ann.last_criterion == principles.criteria.get(order=3)
    assert sam.last_criterion == principles.criteria.get(order=1)


def test_builder_refuses_a_level_the_scale_does_not_have(assessment):
    def rule(*, criterion, levels, participants):
        return Answers([Said(levels + 1), None])

    with pytest.raises(ValueError, match="has no level"):
        score_assessment(assessment=assessment, people=PEOPLE, rule=rule)
    assert not Score.objects.exists()


def test_builder_wants_one_answer_or_none_per_participant(assessment):
    def rule(*, criterion, levels, participants):
        return Answers([Said(1)])

    with pytest.raises(ValueError, match="one answer"):
        score_assessment(assessment=assessment, people=PEOPLE, rule=rule)
    assert not Score.objects.exists()
