"""`make run`'s demo: seed_demo builds an ICB, its people, a scored assessment and a plan."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from assessments.models import Assessment, Consensus, Participant, Score
from plans.models import Action

pytestmark = pytest.mark.django_db


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    return [model.objects.count() for model in (Assessment, Participant, Score, Consensus, Action)]


def test_seed_demo_without_rubrics_says_to_load_them_first():
    with pytest.raises(RuntimeError, match="load_rubrics"):
        _seed()


def test_seed_demo_builds_a_scored_assessment_and_prints_the_logins():
    call_command("load_rubrics", stdout=StringIO())
    output = _seed()
    assert "Demo organisation: NHS Demo Valley ICB" in output
    for username in ["facilitator", "clinician", "senate", "admin"]:
        assert username in output
    assessments, participants, scores, consensus, actions = _counts()
    assert assessments == 1 and participants > 1 and scores > 0 and consensus > 0 and actions > 0

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


def test_seed_demo_twice_changes_nothing():
    call_command("load_rubrics", stdout=StringIO())
    _seed()
    before = _counts()
    _seed()
    assert _counts() == before
