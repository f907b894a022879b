"""Every refusal of reviews.services says what is wrong and writes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import services
from reviews.models import Comment, PanelMember, Recommendation, Response, Review
from tests.integration.test_reviews import _criterion, _recommend

TODAY = datetime.date(2026, 12, 1)


def _nothing_written():
    assert not Comment.objects.exists() and not Response.objects.exists()


def test_comment_refusals(review, other_review, panel_member, assessment):
    member = PanelMember.objects.get(user=panel_member)
    criterion = _criterion(assessment)
    cases = [
        (dict(review=other_review, kind="agree"), "not on this review"),
        (dict(kind="shrug"), "agree, challenge or ask"),
        (dict(kind="challenge", text="why"), "which level"),
        (dict(kind="ask_evidence"), "what evidence"),
    ]
    for changes, message in cases:
        kwargs = dict(review=review, member=member, criterion=criterion, expected_version=0)
        with pytest.raises(ValidationError, match=message):
            services.save_comment(**(kwargs | changes))
    _nothing_written()


def test_recommendation_refusals(review, panel_chair, assessment):
    criteria = [_criterion(assessment)]
    cases = [
        (dict(heading="nope", text="x", criteria=criteria), "headings shown"),
        (dict(heading="other", text="  ", criteria=criteria), "Write the recommendation"),
        (dict(heading="other", text="x", criteria=[]), "at least one"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.save_recommendation(review=review, by=panel_chair, **kwargs)
    with pytest.raises(ValidationError, match="at least one recommendation"):
        services.release(review=review)
    assert not Recommendation.objects.exists() and Review.objects.get().released_at is None


def test_recommendation_of_another_review_cannot_be_edited_here(
    review, other_review, panel_chair, assessment
):
    rec = _recommend(review, panel_chair, assessment)
    with pytest.raises(ValidationError, match="another review"):
        services.save_recommendation(
            review=other_review, by=panel_chair, heading="other", text="x",
            criteria=[_criterion(other_review.assessment)], recommendation=rec,
            expected_version=1,
        )  # fmt: skip


def test_response_refusals(review, panel_chair, assessment, facilitator):
    rec = _recommend(review, panel_chair, assessment)
    services.release(review=review)
    base = dict(review=review, recommendation=rec, by=facilitator, expected_version=0)
    with pytest.raises(ValidationError, match="accepted, partly"):
        services.respond(**base, answer="maybe")
    with pytest.raises(ValidationError, match="no action"):
        services.respond(**base, answer="not_accepted", reason="No money.", make_action=True)
    _nothing_written()


def test_sign_off_refusals(review, panel_member, assessment, panel_chair):
    with pytest.raises(ValidationError, match="outcome"):
        services.sign_off(review=review, by=None, outcome="fine", date=TODAY)
    with pytest.raises(ValidationError, match="date"):
        services.sign_off(review=review, by=None, outcome="assured", date=None)
    PanelMember.objects.filter(is_chair=True).update(is_chair=False)
    with pytest.raises(ValidationError, match="needs a chair"):
        services.sign_off(review=review, by=None, outcome="assured", date=TODAY)
    assert not Review.objects.get().is_signed_off


def test_panel_role_must_be_one_shown(review, facilitator):
    with pytest.raises(ValidationError, match="panel roles"):
        services.add_panel_member(
            review=review, name="X", email="x@y.org", role="judge", invited_by=facilitator,
            build_link=str, review_url="x",
        )  # fmt: skip


def test_facilitator_adds_a_panel_member_through_the_page(as_facilitator, review, mailoutbox):
    url = reverse("review_panel_add", args=[review.assessment_id])
    data = {"name": "Ria Partner", "email": "ria@example.org", "role": "public_partner"}
    assert as_facilitator.post(url, data).status_code == 302
    again = as_facilitator.post(url, data)
    assert "already on this panel" in again.content.decode()
    assert PanelMember.objects.get().email == "ria@example.org"
    assert any("ria@example.org" in m.to for m in mailoutbox)


def test_release_with_nothing_says_so(as_panel_chair, review):
    response = as_panel_chair.post(
        reverse("review_release", args=[review.assessment_id]), follow=True
    )
    assert "at least one recommendation" in response.content.decode()


def test_signing_off_twice_through_the_page_is_refused(as_panel_chair, review, panel_chair):
    url = reverse("review_sign_off", args=[review.assessment_id])
    as_panel_chair.post(url, {"outcome": "assured", "date": "01/12/2026"})
    first = Review.objects.get().signed_off_at
    again = as_panel_chair.post(url, {"outcome": "not_assured", "date": "02/12/2026"})
    assert "signed off" in again.content.decode()
    review = Review.objects.get()
    assert (review.outcome, review.signed_off_at) == ("assured", first)
