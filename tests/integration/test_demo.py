"""seed_demo: the demo ICB with a partly scored assessment and its action plan, made once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from assessments.models import Answer, Assessment, Consensus, Participant, Score
from plans.models import Action

pytestmark = pytest.mark.django_db


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    return [m.objects.count() for m in (Assessment, Participant, Score, Consensus, Action)]


def test_seed_demo_builds_a_partly_scored_assessment_once():
    call_command("load_rubrics", verbosity=0)
    first = _seed()
    counts = _counts()
    assert _seed() == first and _counts() == counts
    assessment = Assessment.objects.get()
    assert assessment.title == "Baseline before public consultation"
    people = list(assessment.participants.values_list("name", "user__username"))
    assert people[:2] == [("Priya Shah", "facilitator"), ("Tom Okafor", "clinician")]
    assert len(people) == 6 and people[-1][0] == "Kemi Adeyemi (Healthwatch Demo Valley)"
    # The last guest stopped after the third question of each rubric; members resume.
    last = assessment.participants.last()
    assert set(last.scores.values_list("criterion__order", flat=True)) == {1, 2, 3}
    assert all(p.last_criterion_id for p in assessment.participants.all())
    assert Score.objects.filter(answer=Answer.DONT_KNOW).exists()
    # NHS England's principles after the fourth are still to discuss.
    # (The demo pins the newest versions: version 2, where NHSE5 is split in two.)
    nhse = assessment.frameworks.get(slug="nhse-ten-principles")
    assert nhse.version == max(f.version for f in type(nhse).objects.filter(slug=nhse.slug))
    agreed = set(Consensus.objects.values_list("criterion__code", flat=True))
    codes = {c.code for c in nhse.criteria.all()}
    assert codes - agreed == {c.code for c in nhse.criteria.all() if c.order > 4}
    assert Action.objects.filter(assessment=assessment).exists()
    assert "facilitator" in first and "demo-coprod-2026" in first


def test_seed_demo_without_rubrics_says_to_load_them_first():
    with pytest.raises(RuntimeError, match="load_rubrics"):
        _seed()


def test_the_demo_facilitator_opens_the_demo_pages():
    call_command("load_rubrics", verbosity=0)
    _seed()
    client = Client()
    client.force_login(get_user_model().objects.get(username="facilitator"))
    assessment = Assessment.objects.get()
    for path in [
        "/programmes/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/report/",
        f"/assessments/{assessment.pk}/actions/",
    ]:
        assert client.get(path).status_code == 200, path
