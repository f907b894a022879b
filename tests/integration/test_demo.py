"""seed_demo: the demo ICB with a partly scored assessment and its action plan; a programme
in three rounds with "you said, we did"; the senate's signed-off review. Made once."""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Answer, Assessment, AssessmentStatus, Consensus, Participant, Score
from plans.demo_rounds import PROGRAMME
from plans.models import Action, ActionStatus, FeedbackPage
from reviews.demo import SENATE_USERS
from reviews.models import Outcome, Review

pytestmark = pytest.mark.django_db


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    models = (Assessment, Participant, Score, Consensus, Action, Review, Score.history.model)
    return [m.objects.count() for m in models]


def _rounds():
    return list(Assessment.objects.filter(programme__name=PROGRAMME).order_by("date"))


def test_seed_demo_builds_a_partly_scored_assessment_once():
    call_command("load_rubrics", verbosity=0)
    first = _seed()
    counts = _counts()
    assert _seed() == first and _counts() == counts
    assessment = Assessment.objects.get(title="Baseline before public consultation")
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
    agreed = set(assessment.consensus.values_list("criterion__code", flat=True))
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
    assessment = Assessment.objects.get(title="Baseline before public consultation")
    for path in [
        "/programmes/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/report/",
        f"/assessments/{assessment.pk}/actions/",
    ]:
        assert client.get(path).status_code == 200, path


def test_the_demo_programme_has_three_rounds_over_eighteen_months_with_feedback_and_review():
    call_command("load_rubrics", verbosity=0)
    first = _seed()
    counts = _counts()
    assert _seed() == first and _counts() == counts
    rounds = _rounds()
    assert len(rounds) == 3 and all(r.status == AssessmentStatus.SUBMITTED for r in rounds)
    assert (rounds[-1].date - rounds[0].date).days // 30 == 18
    assert [r.previous for r in rounds] == [None, rounds[0], rounds[1]]
    agreed = {
        r.pk: dict(r.consensus.values_list("criterion__code", "level__value")) for r in rounds
    }
    first_round, latest = agreed[rounds[0].pk], agreed[rounds[-1].pk]
    went_back = [code for code in latest if latest[code] < first_round[code]]
    assert went_back == ["NHSE5"]
    assert sum(latest[code] > first_round[code] for code in latest) >= 15
    done = Action.objects.filter(assessment__in=rounds[:2], status=ActionStatus.DONE)
    assert done.count() == 5
    assert all(a.done_what and a.outcome and a.done_on for a in done)
    page = FeedbackPage.objects.get(programme=rounds[0].programme)
    assert page.is_published and page.themes.count() == 2
    review = Review.objects.get(assessment=rounds[-1])
    assert review.outcome == Outcome.ASSURED_WITH_RECOMMENDATIONS and review.report_hash
    assert [m.is_chair for m in review.members.order_by("pk")] == [True, False]
    assert review.recommendations.count() == 3 and review.comments.count() == 3
    responses = [getattr(r, "response", None) for r in review.recommendations.all()]
    assert all(responses) and sum(r.action_id is not None for r in responses) == 1
    # The agree-levels page has some history to show: changed minds in the latest round.
    assert Consensus.history.filter(assessment_id=rounds[-1].pk).count() == 2
    for username, *_ in SENATE_USERS:
        assert username in first


@pytest.mark.parametrize("username", ["facilitator", "senate-chair", "partner"])
def test_the_printed_logins_sign_in(username):
    call_command("load_rubrics", verbosity=0)
    printed = _seed()
    assert f"  {username} " in printed and "demo-coprod-2026" in printed
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "demo-coprod-2026"})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    if username != "facilitator":  # the panel reads the review it sat on
        review = Review.objects.get()
        assert client.get(reverse("review_detail", args=[review.assessment_id])).status_code == 200


def test_the_demo_feedback_page_answers_without_login_and_the_pdf_compares_the_rounds(tmp_path):
    call_command("load_rubrics", verbosity=0)
    _seed()
    page = FeedbackPage.objects.get(programme__name=PROGRAMME)
    html = Client().get(page.get_absolute_url())
    assert html.status_code == 200 and "One annual review, not three" in html.content.decode()
    assert "Grace Obi" not in html.content.decode()
    target = tmp_path / "demo.pdf"
    call_command("export_report", str(_rounds()[-1].pk), "-o", str(target), stdout=StringIO())
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for words in (
        "Over the rounds",
        "What changed",
        "median agreed level over rounds",
        "Assured with recommendations",
        "R1: Engagement and involvement",
    ):
        assert words in text, words


def test_the_demo_has_a_readiness_check_and_a_grid_shown_in_its_report_and_pdf(tmp_path):
    from assessments.demo_readiness import NAME

    call_command("load_rubrics", verbosity=0)
    _seed()
    assessment = Assessment.objects.get(programme__name=NAME)
    kinds = set(assessment.frameworks.values_list("kind", flat=True))
    assert {"checklist", "grid", "principles"} <= kinds
    assert all(not f.offered_by_default for f in assessment.frameworks.all())
    # The baseline keeps only the core three.
    baseline = Assessment.objects.get(title="Baseline before public consultation")
    assert all(f.offered_by_default for f in baseline.frameworks.all())
    client = Client()
    client.force_login(get_user_model().objects.get(username="facilitator"))
    page = client.get(reverse("report", args=[assessment.pk])).content.decode()
    assert 'class="coprod-checklist"' in page and 'class="coprod-grid"' in page
    assert "Where the programme sits: <strong>" in page
    target = tmp_path / "readiness.pdf"
    call_command("export_report", str(assessment.pk), "-o", str(target), stdout=StringIO())
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(target.read_bytes())).pages
    )
    assert "Where the programme sits:" in text
    assert "Partly" in text and "Yes" in text
