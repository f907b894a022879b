"""A scored assessment with evidence, consensus and an action plan, for the export tests:
some of its text is hostile (formulas, a control character)."""

import datetime

from assessments.models import Answer, Score
from plans.models import Action, ActionStatus
from tests.factories.scenarios import score_assessment

FORMULA = '=HYPERLINK("http://evil.example/","Click")'


def scored(assessment):
    """Four people score everything (staff 3, others 1), agreed at 2, one action; Priya's
    evidence on the first criterion is a formula; Jo says "don't know" on the last."""
    people = score_assessment(assessment=assessment, evidence="Survey of 400 people.")
    first = (
        Score.objects.filter(participant=people[0])
        .order_by("criterion__framework__order", "criterion__order")
        .first()
    )
    first.evidence = FORMULA
    first.links = "https://example.nhs.uk/survey\n@SUM(1+1)"
    first.confidence = "high"
    first.save()
    last = Score.objects.filter(participant=people[2]).order_by("-pk").first()
    last.answer, last.level, last.evidence = Answer.DONT_KNOW, None, "-2+3 bell\x07 rings"
    last.save()
    criterion = first.criterion
    Action.objects.create(
        assessment=assessment,
        criterion=criterion,
        what="+Hold a workshop with carers",
        owner="Head of engagement",
        due_date=datetime.date(2027, 3, 31),
        target_level=criterion.framework.levels.get(value=4),
        status=ActionStatus.IN_PROGRESS,
    )
    return people
