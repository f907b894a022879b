"""Every scoring-side view, tried as each persona. Another organisation's URL answers 404;
a member whose role is not enough is told so (403)."""

import pytest
from django.urls import reverse

from assessments.models import Participant, Perspective

PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]
LOGIN = "login"
OK = 200
NOT_FOUND = 404
FORBIDDEN = 403
START = "start"  # a member without a participant record is asked for their perspective first

# Who may do what, persona by persona.
MEMBERS_READ = dict(
    facilitator=OK, teammate=OK, viewer=OK, outsider=NOT_FOUND, guest=LOGIN, anonymous=LOGIN
)
FACILITATORS_ONLY = dict(
    facilitator=OK,
    teammate=FORBIDDEN,
    viewer=FORBIDDEN,
    outsider=NOT_FOUND,
    guest=LOGIN,
    anonymous=LOGIN,
)
SCORERS = dict(  # members who score (asked their perspective first) and the invited guest
    facilitator=START,
    teammate=START,
    viewer=FORBIDDEN,
    outsider=NOT_FOUND,
    guest=OK,
    anonymous=LOGIN,
)
MEMBERS_WHO_SCORE = {**FACILITATORS_ONLY, "teammate": OK}

# view name -> expected outcome per persona
MATRIX = {
    "programme_detail": MEMBERS_READ,
    "assessment_create": FACILITATORS_ONLY,
    "assessment_detail": MEMBERS_READ,
    "participant_invite": FACILITATORS_ONLY,
    "assessment_submit": FACILITATORS_ONLY,
    "task_list": SCORERS,
    "score_criterion": SCORERS,
    "score_start": MEMBERS_WHO_SCORE,
    "consensus_overview": FACILITATORS_ONLY,
    "consensus_criterion": FACILITATORS_ONLY,
}


def _url(name, assessment):
    criterion = assessment.frameworks.order_by("order").first().criteria.first()
    if name in ("programme_detail", "assessment_create"):
        return reverse(name, args=[assessment.programme_id])
    if name in ("score_criterion", "consensus_criterion"):
        return reverse(name, args=[assessment.pk, criterion.pk])
    return reverse(name, args=[assessment.pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view_name", MATRIX)
def test_view_answers_each_persona_as_its_role_allows(request, assessment, view_name, persona):
    client = request.getfixturevalue(f"as_{persona}")
    url = _url(view_name, assessment)
    response = client.get(url)
    expected = MATRIX[view_name][persona]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    elif expected == START:
        assert response.status_code == 302
        assert response.url == reverse("score_start", args=[assessment.pk])
    else:
        assert response.status_code == expected


def test_programme_list_shows_only_own_organisations_programmes(
    as_outsider, as_teammate, programme
):
    assert programme.name not in as_outsider.get(reverse("programme_list")).content.decode()
    assert programme.name in as_teammate.get(reverse("programme_list")).content.decode()


def test_guest_cannot_reach_another_assessment_by_changing_the_id(as_guest, principles):
    from tests.factories.assessments import AssessmentFactory

    other = AssessmentFactory(frameworks=[principles])
    assert as_guest.get(reverse("task_list", args=[other.pk])).status_code == 404


def test_outsider_cannot_post_scores_or_consensus(as_outsider, assessment):
    criterion = assessment.frameworks.first().criteria.first()
    for name in ("score_criterion", "consensus_criterion"):
        url = reverse(name, args=[assessment.pk, criterion.pk])
        response = as_outsider.post(url, {"level": "1", "version": "0", "reason": "x"})
        assert response.status_code == 404
    assert not Participant.objects.filter(assessment=assessment).exists()


def test_criterion_from_a_framework_not_pinned_is_not_found(as_guest, assessment):
    from tests.factories.ladder import make_framework

    stray = make_framework(criteria=1).criteria.get()
    response = as_guest.get(reverse("score_criterion", args=[assessment.pk, stray.pk]))
    assert response.status_code == 404


def test_member_joining_records_their_perspective(as_teammate, teammate, assessment):
    response = as_teammate.post(
        reverse("score_start", args=[assessment.pk]), {"perspective": Perspective.CLINICIAN}
    )
    assert response.status_code == 302
    participant = Participant.objects.get(assessment=assessment, user=teammate)
    assert participant.perspective == Perspective.CLINICIAN
