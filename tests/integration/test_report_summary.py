from assessments.models import Perspective
from reports.report import build_report
from tests.factories.assessments import ScoreFactory


def _score(assessment, criterion, perspective, value):
    ScoreFactory(
        participant__assessment=assessment,
        participant__perspective=perspective,
        criterion=criterion,
        value=value,
    )


def test_summary_names_perspectives_two_levels_apart_but_not_one(assessment, principles):
    near, far = principles.criteria.order_by("order")[:2]
    _score(assessment, near, Perspective.NHS_STAFF, 4)
    _score(assessment, near, Perspective.LIVED_EXPERIENCE, 3)
    _score(assessment, far, Perspective.NHS_STAFF, 5)
    _score(assessment, far, Perspective.LIVED_EXPERIENCE, 2)

    report = build_report(assessment, with_figures=False)
    summary = next(f for f in report.frameworks if f.result.framework == principles)
    named = [c.criterion for c in summary.result.disagreements]
    assert named == [far]
