"""The senate review's behaviour: sharing, seats by email, comments, recommendations,
release, responses that become actions, sign-off; and the names rule on every page that
shows participants. Access, persona by persona, is in test_reviews_access.py."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import services as assessment_services
from assessments.digest import results_digest
from assessments.models import AssessmentStatus, Participant
from assessments.results import Results
from ladder.models import Level
from plans.models import Action
from reports import pdf
from reports.content import content_hash
from reports.models import ReportVersion, VersionReason
from reports.report import build_report
from reviews import services
from reviews.models import Comment, PanelMember, PanelRole, Recommendation, Response
from reviews.starting_points import STARTING_POINTS
from tests.factories.assessments import AssessmentFactory
from tests.factories.ladder import make_framework
from tests.integration.test_reports import _flat, _pdf_text

TODAY = datetime.date(2026, 12, 1)


def _criterion(assessment):
    return assessment.frameworks.order_by("order").first().criteria.order_by("order").first()


def _recommend(review, chair, assessment, text="Hear seldom-heard groups."):
    return services.save_recommendation(
        review=review,
        by=chair,
        heading="engagement",
        text=text,
        criteria=[_criterion(assessment)],
    )


def _link(request_token):
    return f"http://testserver/join-organisation/{request_token}/"


# --- sharing and the panel -------------------------------------------------------------


def test_only_a_submitted_assessment_can_be_shared(assessment, senate, facilitator):
    with pytest.raises(ValidationError, match="Submit the assessment"):
        services.share_for_review(
            assessment=assessment, reviewing_organisation=senate, shared_by=facilitator
        )


def test_sharing_twice_or_with_an_icb_is_refused(review, assessment, organisation, facilitator):
    with pytest.raises(ValidationError, match="already shared"):
        services.share_for_review(
            assessment=assessment, reviewing_organisation=review.reviewing_organisation,
            shared_by=facilitator,
        )  # fmt: skip
    other = AssessmentFactory(programme=assessment.programme, status=AssessmentStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="reviewing body"):
        services.share_for_review(
            assessment=other, reviewing_organisation=organisation, shared_by=facilitator
        )


def test_facilitator_shares_through_the_page(as_facilitator, assessment, senate):
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    response = as_facilitator.post(
        reverse("review_share", args=[assessment.pk]), {"reviewing_organisation": senate.pk}
    )
    assert response.status_code == 302
    assert assessment.review.reviewing_organisation == senate


def test_a_new_panel_member_gets_a_one_use_link_and_then_the_review(
    client, review, facilitator, mailoutbox
):
    member, sent = services.add_panel_member(
        review=review, name="Pat Partner", email="Pat@Example.org", role=PanelRole.PUBLIC_PARTNER,
        invited_by=facilitator, build_link=_link, review_url="http://testserver/r/",
    )  # fmt: skip
    assert sent and member.user is None and member.email == "pat@example.org"
    assert len(mailoutbox) == 2  # the link to set a password, and the seat
    path = re.search(r"http://testserver(/join-organisation/\S+/)", mailoutbox[0].body).group(1)
    client.get(path)
    password = "a long enough pass 42"
    client.post(
        reverse("member_set_password"),
        {"name": "Pat Partner", "password1": password, "password2": password},
    )
    assert client.get(reverse("review_detail", args=[review.assessment_id])).status_code == 200
    assert client.get(path).status_code == 410  # one use


def test_an_existing_account_just_gets_the_seat(review, facilitator, outsider, mailoutbox):
    member, _ = services.add_panel_member(
        review=review, name="Out Sider", email=outsider.email, role=PanelRole.OTHER,
        invited_by=facilitator, build_link=_link, review_url="http://testserver/r/",
    )  # fmt: skip
    assert member.user == outsider
    assert len(mailoutbox) == 1 and "Log in as usual" in mailoutbox[0].body


def test_a_panel_has_one_chair_and_one_seat_per_email(review, panel_chair, facilitator):
    kwargs = dict(invited_by=facilitator, build_link=_link, review_url="x")
    with pytest.raises(ValidationError, match="already has a chair"):
        services.add_panel_member(
            review=review, name="B", email="b@x.org", role="other", is_chair=True, **kwargs
        )
    with pytest.raises(ValidationError, match="already on this panel"):
        services.add_panel_member(
            review=review, name="C", email=panel_chair.email.upper(), role="other", **kwargs
        )


def test_warning_when_fewer_than_two_public_partners(as_panel_chair, review, panel_member):
    url = reverse("review_detail", args=[review.assessment_id])
    assert "1 patient and public partner;" in as_panel_chair.get(url).content.decode()
    PanelMember.objects.create(review=review, name="Second", email="s@x.org", role="public_partner")
    page = as_panel_chair.get(url).content.decode()
    assert "at least 2" not in page
    assert services.partner_warning([]).startswith("The panel has 0 patient and public partners")


# --- comments and recommendations ------------------------------------------------------


def test_member_challenges_a_level_with_the_level_and_why(as_panel_member, review, assessment):
    criterion = _criterion(assessment)
    level = Level.objects.get(framework=criterion.framework, value=1)
    url = reverse("review_comment", args=[assessment.pk, criterion.pk])
    refused = as_panel_member.post(url, {"kind": "challenge", "level": level.pk, "version": 0})
    assert refused.status_code == 200 and "Say why" in refused.content.decode()
    as_panel_member.post(
        url, {"kind": "challenge", "level": level.pk, "text": "Only a survey.", "version": 0}
    )
    comment = Comment.objects.get()
    assert (comment.kind, comment.level, comment.text) == ("challenge", level, "Only a survey.")


def test_recommendations_are_numbered_and_tied_to_this_assessment_only(
    review, panel_chair, assessment, principles
):
    first = _recommend(review, panel_chair, assessment)
    second = _recommend(review, panel_chair, assessment, text="Tell patient stories.")
    assert (first.code, second.code) == ("R1", "R2")
    stray = make_framework(criteria=1).criteria.get()
    with pytest.raises(ValidationError, match="not a principle or stage"):
        services.save_recommendation(
            review=review, by=panel_chair, heading="other", text="x", criteria=[stray]
        )
    assert Recommendation.objects.count() == 2


def test_second_editor_of_a_recommendation_is_told_and_keeps_their_text(
    as_panel_chair, review, panel_chair, assessment
):
    rec = _recommend(review, panel_chair, assessment)
    url = reverse("recommendation_edit", args=[assessment.pk, rec.number])
    data = {"heading": "engagement", "criteria": [_criterion(assessment).pk], "version": 1}
    as_panel_chair.post(url, data | {"text": "First editor's words."})
    response = as_panel_chair.post(url, data | {"text": "Second editor's words."})
    page = response.content.decode()
    assert "Someone else changed this recommendation" in page
    assert (
        "First editor&#x27;s words." in page
        or "First editor’s words." in page
        or "First editor" in page
    )
    assert "Second editor&#x27;s words." in page
    assert Recommendation.objects.get().text == "First editor's words."


def test_starting_points_name_real_criteria_and_prefill_the_form(as_panel_chair, review):
    codes = {code for point in STARTING_POINTS for code in point["criteria"]}
    assert codes <= {f"LAD{i}" for i in range(1, 6)} | {f"NEF{i}" for i in range(1, 7)} | {
        f"NHSE{i}" for i in range(1, 11)
    } | {"NHSE5A", "NHSE5B"}
    url = reverse("recommendation_add", args=[review.assessment_id]) + "?start=patient-stories"
    assert "eyes of a few real people" in as_panel_chair.get(url).content.decode()


# --- release gating --------------------------------------------------------------------


def test_comments_and_drafts_are_panel_only_until_released(
    as_facilitator, as_panel_member, review, panel_chair, panel_member, assessment
):
    member = PanelMember.objects.get(user=panel_member)
    services.save_comment(
        review=review, member=member, criterion=_criterion(assessment), kind="ask_evidence",
        text="Where are the minutes?", expected_version=0,
    )  # fmt: skip
    _recommend(review, panel_chair, assessment, text="Draft words only the panel reads.")
    url = reverse("review_detail", args=[assessment.pk])
    report = reverse("report", args=[assessment.pk])
    for page in (as_facilitator.get(url), as_facilitator.get(report)):
        text = page.content.decode()
        assert "Draft words" not in text and "Where are the minutes" not in text
    assert "Draft words" in as_panel_member.get(url).content.decode()
    with pytest.raises(ValidationError, match="not released"):
        services.respond(
            review=review, recommendation=Recommendation.objects.get(), answer="accepted",
            by=None, expected_version=0,
        )  # fmt: skip
    services.release(review=review)
    for page in (as_facilitator.get(url), as_facilitator.get(report)):
        assert "Draft words only the panel reads." in page.content.decode()
    assert "Where are the minutes?" in as_facilitator.get(url).content.decode()


# --- responses and actions -------------------------------------------------------------


def test_a_response_becomes_an_action_linked_both_ways(
    as_facilitator, review, panel_chair, assessment
):
    rec = _recommend(review, panel_chair, assessment)
    services.release(review=review)
    url = reverse("recommendation_respond", args=[assessment.pk, rec.number])
    response = as_facilitator.post(
        url, {"answer": "partly", "reason": "Budget.", "make_action": "on", "version": 0}
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    action = saved.action
    assert action.assessment == assessment and action.what.startswith("R1: ")
    assert list(action.review_responses.all()) == [saved]  # and back
    report = as_facilitator.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "From the review panel’s R1" in report
    assert "Partly accepted" in report


def test_a_response_needs_a_reason_unless_accepted_and_stays_in_its_review(
    review, other_review, panel_chair, assessment, facilitator
):
    rec = _recommend(review, panel_chair, assessment)
    services.release(review=review)
    with pytest.raises(ValidationError, match="reason"):
        services.respond(
            review=review, recommendation=rec, answer="not_accepted", by=facilitator,
            expected_version=0,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="another review"):
        services.respond(
            review=other_review, recommendation=rec, answer="accepted", by=facilitator,
            expected_version=0,
        )  # fmt: skip
    assert (
        not Response.objects.exists() and not Action.objects.filter(what__startswith="R1").exists()
    )


# --- sign-off --------------------------------------------------------------------------


def test_sign_off_records_outcome_panel_and_hash_then_is_read_only(
    as_panel_chair, review, panel_chair, panel_member, assessment
):
    _recommend(review, panel_chair, assessment)
    url = reverse("review_sign_off", args=[assessment.pk])
    assert "1 patient and public partner" in as_panel_chair.get(url).content.decode()
    as_panel_chair.post(url, {"outcome": "assured_with_recommendations", "date": "01/12/2026"})
    review.refresh_from_db()
    assert review.is_signed_off and review.signed_off_on == TODAY
    # What the panel signed is the report version stored at sign-off (reports.versions).
    signed = ReportVersion.objects.get(assessment=assessment, reason=VersionReason.SIGNED_OFF)
    assert review.report_hash == signed.content_hash
    assert review.report_hash == content_hash(build_report(assessment))
    assert {m["role"] for m in review.panel_record} == {"Clinician", "Patient and public partner"}
    with pytest.raises(ValidationError, match="signed off"):
        services.sign_off(review=review, by=panel_chair, outcome="assured", date=TODAY)
    with pytest.raises(ValidationError, match="signed off"):
        _recommend(review, panel_chair, assessment, text="Too late")
    page = as_panel_chair.get(reverse("review_detail", args=[assessment.pk])).content.decode()
    assert "Add a recommendation" not in page and "Comment<" not in page
    assert review.report_hash[:12] in page


def test_the_hash_follows_the_results_not_names_or_time(review, assessment):
    before = results_digest(Results.load(assessment))
    person = Participant.objects.filter(assessment=assessment).first()
    assessment_services.anonymise_participant(participant=person)
    assert results_digest(Results.load(assessment)) == before
    score = person.scores.first()
    score.evidence = "Changed evidence"
    score.save()
    assert results_digest(Results.load(assessment)) != before


def test_a_reassessment_starts_a_new_review(review, other_review):
    assert review.assessment != other_review.assessment
    assert other_review.members.count() == 0 and not other_review.is_signed_off


# --- names -----------------------------------------------------------------------------


def test_only_facilitators_see_names_on_the_report_page(
    as_facilitator, as_viewer, as_panel_member, review, assessment
):
    url = reverse("report", args=[assessment.pk])
    assert "Jo Lived" in as_facilitator.get(url).content.decode()
    for client in (as_viewer, as_panel_member):
        page = client.get(url).content.decode()
        assert "Jo Lived" not in page and "Priya Staff" not in page
        assert "Participant 3 (lived experience)" in page


def test_named_participants_are_named_and_anonymised_ones_never(
    as_facilitator, as_viewer, review, assessment
):
    jo = Participant.objects.get(assessment=assessment, name="Jo Lived")
    assessment_services.set_named(participant=jo, named=True)
    url = reverse("report", args=[assessment.pk])
    assert "Jo Lived (lived experience)" in as_viewer.get(url).content.decode()
    assessment_services.anonymise_participant(participant=jo)
    jo.refresh_from_db()
    assert (jo.name, jo.email, jo.user) == ("Participant 3", "", None)
    assert jo.scores.exclude(evidence="").exists()  # evidence kept
    for client in (as_facilitator, as_viewer):
        page = client.get(url).content.decode()
        assert "Jo Lived" not in page and "Participant 3 (lived experience)" in page


def test_facilitator_anonymises_through_the_assessment_page(as_facilitator, as_teammate, review):
    jo = Participant.objects.get(assessment=review.assessment, name="Jo Lived")
    url = reverse("participant_anonymise", args=[review.assessment_id, jo.pk])
    assert as_teammate.post(url).status_code == 403
    assert as_facilitator.post(url).status_code == 302
    jo.refresh_from_db()
    assert jo.anonymised_at is not None


def test_pdf_holds_no_names_and_the_released_review(review, panel_chair, assessment):
    rec = _recommend(review, panel_chair, assessment, text="Co-design the clinical model.")
    services.release(review=review)
    services.respond(
        review=review, recommendation=rec, answer="accepted", by=None, expected_version=0
    )
    services.sign_off(review=review, by=panel_chair, outcome="assured", date=TODAY)
    text = _flat(_pdf_text(pdf.render_pdf(assessment)))
    for name in ("Jo Lived", "Priya Staff", "Linda Carer", "Dr Ade Clinician"):
        assert name not in text
    assert "Participant 3 (lived experience)" in text
    assert "R1: Engagement and involvement" in text
    assert "Co-design the clinical model." in text
    assert "ICB response: Accepted." in text
    assert "Outcome: Assured" in text
    assert review.report_hash in text.replace(" ", "")


def test_panel_pages_show_no_participant_names(as_panel_chair, review, assessment):
    page = as_panel_chair.get(reverse("review_detail", args=[assessment.pk])).content.decode()
    assert "Jo Lived" not in page


# --- query counts ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["as_panel_chair", "as_facilitator"])
def test_review_page_queries_stay_flat(
    request, who, review, panel_chair, panel_member, assessment, django_assert_max_num_queries
):
    client = request.getfixturevalue(who)
    for i in range(3):
        _recommend(review, panel_chair, assessment, text=f"Recommendation {i}")
    services.release(review=review)
    url = reverse("review_detail", args=[assessment.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    for i in range(10):
        _recommend(review, panel_chair, assessment, text=f"More {i}")
    with django_assert_max_num_queries(12):
        client.get(url)


def test_comment_page_queries_stay_flat(
    as_panel_member, review, assessment, django_assert_max_num_queries
):
    url = reverse("review_comment", args=[assessment.pk, _criterion(assessment).pk])
    with django_assert_max_num_queries(12):
        assert as_panel_member.get(url).status_code == 200


def test_facilitator_records_that_a_participant_agreed_to_be_named(
    as_facilitator, as_teammate, as_viewer, review
):
    jo = Participant.objects.get(assessment=review.assessment, name="Jo Lived")
    url = reverse("participant_named", args=[review.assessment_id, jo.pk])
    assert as_teammate.post(url, {"named": "1"}).status_code == 403
    as_facilitator.post(url, {"named": "1"})
    report = reverse("report", args=[review.assessment_id])
    assert "Jo Lived (lived experience)" in as_viewer.get(report).content.decode()
    as_facilitator.post(url, {"named": "0"})
    assert "Jo Lived" not in as_viewer.get(report).content.decode()
    assessment_services.anonymise_participant(participant=jo)
    as_facilitator.post(url, {"named": "1"})
    jo.refresh_from_db()
    assert not jo.named


def test_teammates_see_numbers_on_the_assessment_page(as_facilitator, as_teammate, review):
    url = reverse("assessment_detail", args=[review.assessment_id])
    assert "Jo Lived" in as_facilitator.get(url).content.decode()
    page = as_teammate.get(url).content.decode()
    assert "Jo Lived" not in page and "Participant 3 (lived experience)" in page


def test_anonymising_asks_first(as_facilitator, review):
    jo = Participant.objects.get(assessment=review.assessment, name="Jo Lived")
    url = reverse("participant_anonymise", args=[review.assessment_id, jo.pk])
    assert "This cannot be undone" in as_facilitator.get(url).content.decode()
    jo.refresh_from_db()
    assert jo.anonymised_at is None
    as_facilitator.post(url)
    assert as_facilitator.get(url).status_code == 404  # already anonymised


def test_report_page_with_a_released_review_stays_flat(
    as_panel_member, review, panel_chair, assessment, django_assert_max_num_queries
):
    """16 today (12 for the report before reviews, plus the seat, the review and its
    recommendations with their criteria): flat however many recommendations there are."""
    _recommend(review, panel_chair, assessment)
    services.release(review=review)
    url = reverse("report", args=[assessment.pk])
    with django_assert_max_num_queries(16):
        as_panel_member.get(url)
    for i in range(8):
        _recommend(review, panel_chair, assessment, text=f"More {i}")
    with django_assert_max_num_queries(16):
        assert "More 7" in as_panel_member.get(url).content.decode()


def test_the_panels_report_page_leads_back_to_the_review_not_the_icb(as_panel_member, review):
    page = as_panel_member.get(reverse("report", args=[review.assessment_id])).content.decode()
    assert reverse("review_detail", args=[review.assessment_id]) in page
    assert f'href="{reverse("assessment_detail", args=[review.assessment_id])}"' not in page
