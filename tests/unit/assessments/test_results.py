"""The read model, asked directly (no test client): what the results say, in fixed queries."""

import pytest

from assessments.journey import Journey
from assessments.models import Answer, Consensus, Perspective
from assessments.results import Results, in_perspective_order
from ladder.models import FrameworkKind
from tests.factories.assessments import AssessmentFactory, ConsensusFactory, ScoreFactory
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment

pytestmark = pytest.mark.django_db


def _score(assessment, criterion, perspective, value, name=None):
    named = {"participant__name": name} if name else {}
    score = ScoreFactory(
        participant__assessment=assessment,
        participant__perspective=perspective,
        **named,
        criterion=criterion,
        value=value,
    )
    return score.participant


def _agree(assessment, criterion, value=None, *, answer=Answer.LEVEL, target=None):
    return ConsensusFactory(
        assessment=assessment, criterion=criterion, answer=answer, value=value, target=target
    )


def _criteria(framework):
    return list(framework.criteria.order_by("order"))


def test_journey_order_is_framework_order_then_criterion_order(django_assert_num_queries):
    late = make_framework(criteria=2, order=2, slug="b-late")
    early = make_framework(kind=FrameworkKind.LADDER, criteria=2, order=1, slug="z-early")
    tie = make_framework(criteria=1, order=2, slug="a-tie")  # same order: slug decides
    assessment = AssessmentFactory(frameworks=[late, tie, early])
    with django_assert_num_queries(2):
        journey = Journey.load(assessment)
    expected = [*_criteria(early), *_criteria(tie), *_criteria(late)]
    assert list(journey.criteria) == expected
    assert [c.framework for c in journey.criteria] == [c.framework for c in expected]
    results = Results.load(assessment)
    assert [c.criterion for c in results.criteria] == expected


def test_results_find_a_criterion_by_id_and_give_the_next_across_frameworks(
    assessment, ladder_framework, principles
):
    results = Results.load(assessment)
    last_stage, first_principle = _criteria(ladder_framework)[-1], _criteria(principles)[0]
    found = results.find(last_stage.pk)
    assert found.criterion == last_stage
    assert results.framework_of(found).framework == ladder_framework
    assert results.following(found).criterion == first_principle
    assert results.following(results.find(_criteria(principles)[-1].pk)) is None
    stray = make_framework(criteria=1).criteria.get()
    assert results.find(stray.pk) is None


@pytest.mark.parametrize("extra", [0, 40])
def test_results_load_in_six_queries_whatever_the_number_of_people(
    assessment, extra, django_assert_num_queries
):
    score_assessment(assessment=assessment, extra=extra)
    with django_assert_num_queries(6):
        results = Results.load(assessment)
    with django_assert_num_queries(0):  # everything asked below was loaded
        assert len(results.participants) == 4 + extra
        for c in results.criteria:
            assert c.overall.count == 4 + extra and c.agreed_descriptor is not None
            assert [s.participant.name for s in c.scores] and c.target is not None
        assert results.gaps and results.perspective_counts and results.levels_by_id
        for f in results.frameworks:
            assert f.strongest and f.disagreements and f.perspectives


def test_results_given_the_participants_read_them_once_fewer(assessment, django_assert_num_queries):
    participants = score_assessment(assessment=assessment)
    with django_assert_num_queries(5):
        Results.load(assessment, participants=participants)


def test_perspectives_come_in_the_order_of_the_choices_whoever_scored_first(assessment, principles):
    criterion = _criteria(principles)[0]
    _score(assessment, criterion, Perspective.CARER, 2)
    _score(assessment, criterion, Perspective.NHS_STAFF, 4)
    _score(assessment, _criteria(principles)[1], Perspective.LIVED_EXPERIENCE, 1)
    results = Results.load(assessment)
    expected = [Perspective.NHS_STAFF, Perspective.LIVED_EXPERIENCE, Perspective.CARER]
    assert results.perspectives == expected
    framework = results.framework_of(results.find(criterion.pk))
    assert framework.perspectives == expected
    assert list(results.find(criterion.pk).by_perspective) == ["nhs_staff", "carer"]
    assert in_perspective_order(["other", "vcse", "clinician"]) == [
        Perspective.CLINICIAN,
        Perspective.VCSE,
        Perspective.OTHER,
    ]


def test_who_took_part_is_counted_and_listed_by_perspective_then_name(assessment, principles):
    criterion = _criteria(principles)[0]
    _score(assessment, criterion, Perspective.CARER, 2, name="Ann Carer")
    _score(assessment, criterion, Perspective.NHS_STAFF, 4, name="zed Staff")
    _score(assessment, criterion, Perspective.NHS_STAFF, 4, name="Bea Staff")
    results = Results.load(assessment)
    assert results.perspective_counts == [(Perspective.NHS_STAFF, 2), (Perspective.CARER, 1)]
    names = [p.name for p in results.participants_by_perspective]
    assert names == ["Bea Staff", "zed Staff", "Ann Carer"]


def test_gaps_are_agreed_levels_below_their_target_in_journey_order(
    assessment, ladder_framework, principles
):
    stage, *_ = _criteria(ladder_framework)
    p1, p2, p3 = _criteria(principles)
    _agree(assessment, p3, 2)  # below the default target 4
    _agree(assessment, p1, 4)  # at the target: no gap
    _agree(assessment, p2, 4, target=5)  # below its own target
    _agree(assessment, stage, answer=Answer.NOT_APPLICABLE)  # no level: no gap
    results = Results.load(assessment)
    assert [c.criterion for c in results.gaps] == [p2, p3]
    assert results.find(p2.pk).target.value == 5
    assert results.agreed_count == 4 and results.total == 5


def test_disagreements_name_perspectives_two_levels_apart_widest_first(assessment, principles):
    near, far, widest = _criteria(principles)
    _score(assessment, near, Perspective.NHS_STAFF, 4)
    _score(assessment, near, Perspective.LIVED_EXPERIENCE, 3)
    _score(assessment, far, Perspective.NHS_STAFF, 4)
    _score(assessment, far, Perspective.LIVED_EXPERIENCE, 2)
    _score(assessment, widest, Perspective.CLINICIAN, 5)
    _score(assessment, widest, Perspective.CARER, 1)
    framework = Results.load(assessment).frameworks[-1]
    assert [c.criterion for c in framework.disagreements] == [widest, far]
    d = framework.disagreements[0].disagreement
    assert (d.high, d.high_median, d.low, d.low_median, d.gap) == ("clinician", 5, "carer", 1, 4)


def test_strongest_and_weakest_include_ties_and_say_all_equal_once(assessment, principles):
    p1, p2, p3 = _criteria(principles)
    _agree(assessment, p1, 4)
    _agree(assessment, p2, 2)
    _agree(assessment, p3, 4)
    framework = Results.load(assessment).frameworks[-1]
    assert [c.criterion for c in framework.strongest] == [p1, p3]
    assert [c.criterion for c in framework.weakest] == [p2]

    Consensus.objects.filter(criterion=p2).delete()
    framework = Results.load(assessment).frameworks[-1]
    assert [c.criterion for c in framework.strongest] == [p1, p3]
    assert framework.weakest == []
