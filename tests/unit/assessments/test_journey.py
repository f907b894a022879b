"""The scoring journey's logic, without a database or the test client."""

from types import SimpleNamespace

from assessments.journey import Journey, consensus_initial, score_initial
from assessments.models import Answer, Consensus, Score
from assessments.scoring import Spread
from ladder.models import Criterion, Framework, Level


def _journey():
    """A ladder of two stages, then principles P1 to P3 (rows built in memory, unsaved)."""
    ladder, principles = Framework(pk=1, slug="ladder"), Framework(pk=2, slug="principles")
    criteria = (
        Criterion(pk=10, framework=ladder, code="S1", title="Design", order=1),
        Criterion(pk=11, framework=ladder, code="S2", title="Deliver", order=2),
        Criterion(pk=20, framework=principles, code="P1", title="Power", order=1),
        Criterion(pk=21, framework=principles, code="P2", title="Assets", order=2),
        Criterion(pk=22, framework=principles, code="P3", title="Reciprocity", order=3),
    )
    return Journey(frameworks=(ladder, principles), criteria=criteria)


def _codes(criteria):
    return [c.code if c else None for c in criteria]


def test_find_gives_the_criterion_by_id_and_none_for_one_not_in_the_journey():
    journey = _journey()
    assert journey.find(21).code == "P2"
    assert journey.find(999) is None


def test_neighbours_run_across_frameworks_and_stop_at_the_ends():
    journey = _journey()
    s2, p1 = journey.find(11), journey.find(20)
    assert journey.following(s2) is p1 and journey.previous(p1) is s2
    assert journey.previous(journey.find(10)) is None
    assert journey.following(journey.find(22)) is None


def test_position_counts_within_the_criterion_s_own_framework():
    journey = _journey()
    assert journey.position(journey.find(11)) == (2, 2)
    assert journey.position(journey.find(20)) == (1, 3)


def test_task_list_groups_questions_by_framework_with_each_answer_and_progress():
    journey = _journey()
    answer = Score(answer=Answer.DONT_KNOW)
    groups = journey.task_groups({11: answer, 22: answer})
    assert [g.framework.slug for g in groups] == ["ladder", "principles"]
    assert [(c.code, s) for c, s in groups[0].items] == [("S1", None), ("S2", answer)]
    assert str(groups[0].progress) == "1 of 2 scored"
    assert str(groups[1].progress) == "1 of 3 scored"


def test_a_framework_without_criteria_gets_no_empty_task_group():
    journey = _journey()
    journey = Journey(frameworks=(*journey.frameworks, Framework(pk=3)), criteria=journey.criteria)
    assert len(journey.task_groups({})) == 2


def test_progress_counts_only_answers_to_the_journey_s_criteria():
    progress = _journey().progress({10, 20, 999})
    assert (progress.answered, progress.total) == (2, 5)
    assert progress.started and not progress.complete
    assert _journey().progress({10, 11, 20, 21, 22}).complete


def test_resume_at_the_first_unanswered_question_after_the_one_last_saved():
    journey = _journey()
    assert journey.resume_at({10, 11, 20}, last_id=11).code == "P2"
    # Skipping ahead: resume after the last one saved, not at the first gap.
    assert journey.resume_at({10, 21}, last_id=21).code == "P3"


def test_resume_goes_back_to_an_earlier_gap_once_the_end_is_answered():
    journey = _journey()
    assert journey.resume_at({10, 20, 21, 22}, last_id=22).code == "S2"


def test_resume_starts_at_the_first_question_when_nothing_was_saved_or_it_left_the_journey():
    journey = _journey()
    assert journey.resume_at(set(), last_id=None).code == "S1"
    assert journey.resume_at({10}, last_id=999).code == "S2"


def test_resume_offers_nothing_once_every_question_is_answered():
    assert _journey().resume_at({10, 11, 20, 21, 22}, last_id=22) is None


def test_the_question_form_starts_with_the_saved_answer_or_version_zero():
    assert score_initial(None) == {"version": 0}
    level = Level(value=3)
    saved = Score(answer=Answer.LEVEL, level=level, evidence="Minutes", links="", version=4)
    assert score_initial(saved) == {
        "version": 4,
        "level": "3",
        "evidence": "Minutes",
        "links": "",
        "confidence": "",
    }
    assert score_initial(Score(answer=Answer.NOT_APPLICABLE))["level"] == Answer.NOT_APPLICABLE


def test_the_agreed_level_form_starts_from_the_median_rounded_down_until_one_is_agreed():
    undecided = SimpleNamespace(consensus=None, overall=Spread(count=2, median=2.5))
    assert consensus_initial(undecided) == {"version": 0, "level": "2"}
    unscored = SimpleNamespace(consensus=None, overall=Spread())
    assert consensus_initial(unscored) == {"version": 0}


def test_the_agreed_level_form_shows_what_was_agreed_and_its_target():
    agreed = Consensus(
        answer=Answer.LEVEL, level=Level(value=2), target_level=Level(value=4), reason="Why"
    )
    agreed.version = 3
    result = SimpleNamespace(consensus=agreed, overall=Spread(count=1, median=5))
    assert consensus_initial(result) == {"version": 3, "level": "2", "reason": "Why", "target": "4"}
    agreed.target_level = None
    assert consensus_initial(result)["target"] == ""
