"""Audit history: each explicit save, and the last autosave of a sitting, of a score, an
agreed level and an action; shown on the agree-levels page; downloadable as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Answer, Consensus, Score
from plans import services as plans
from plans.models import Action
from tests.conftest import client_for
from tests.factories.accounts import force_login_verified

pytestmark = pytest.mark.django_db
AUTOSAVE = {"X-Coprod-Autosave": "1"}


def _criterion(assessment):
    return assessment.frameworks.order_by("order").first().criteria.order_by("order").first()


def _url(assessment, criterion):
    return reverse("score_criterion", args=[assessment.pk, criterion.pk])


def _level(criterion, value):
    return criterion.framework.levels.get(value=value)


def test_an_explicit_save_adds_a_history_row_with_who_and_what(as_teammate, teammate, assessment):
    criterion = _criterion(assessment)
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    as_teammate.post(_url(assessment, criterion), {"level": "2", "version": "0", "later": "1"})
    as_teammate.post(_url(assessment, criterion), {"level": "3", "version": "1", "later": "1"})
    rows = list(Score.history.order_by("history_id"))
    assert [(r.level.value, r.history_type, r.autosaved) for r in rows] == [
        (2, "+", False),
        (3, "~", False),
    ]
    assert {r.history_user for r in rows} == {teammate}
    assert rows[-1].participant.user == teammate and rows[-1].recorded_by is None


def test_two_autosaves_in_one_sitting_leave_one_history_row(as_teammate, teammate, assessment):
    criterion = _criterion(assessment)
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    url = _url(assessment, criterion)
    assert as_teammate.post(url, {"level": "2", "version": "0"}, headers=AUTOSAVE).json()["saved"]
    assert as_teammate.post(url, {"level": "4", "version": "1"}, headers=AUTOSAVE).json()["saved"]
    (row,) = Score.history.all()
    # The sitting's row holds its last autosave, and still says it created the score.
    assert (row.level.value, row.autosaved, row.history_type) == (4, True, "+")


def test_an_explicit_save_ends_the_sitting_so_later_autosaves_start_a_new_row(
    as_teammate, teammate, assessment
):
    criterion = _criterion(assessment)
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    url = _url(assessment, criterion)
    as_teammate.post(url, {"level": "2", "version": "0"}, headers=AUTOSAVE)
    as_teammate.post(url, {"level": "3", "version": "1", "later": "1"})
    as_teammate.post(url, {"level": "4", "version": "2"}, headers=AUTOSAVE)
    as_teammate.post(url, {"level": "5", "version": "3"}, headers=AUTOSAVE)
    rows = Score.history.order_by("history_id")
    assert [(r.level.value, r.autosaved) for r in rows] == [(2, True), (3, False), (5, True)]


def test_another_sitting_keeps_its_own_row(teammate, assessment):
    criterion = _criterion(assessment)
    services.join_as_member(assessment=assessment, user=teammate, perspective="clinician")
    url = _url(assessment, criterion)
    client_for(teammate).post(url, {"level": "2", "version": "0"}, headers=AUTOSAVE)
    client_for(teammate).post(url, {"level": "3", "version": "1"}, headers=AUTOSAVE)
    assert [r.level.value for r in Score.history.order_by("history_id")] == [2, 3]


def test_a_guests_history_is_attributed_to_their_participant(
    as_guest, guest_participant, assessment
):
    criterion = _criterion(assessment)
    as_guest.post(_url(assessment, criterion), {"level": "2", "version": "0", "later": "1"})
    (row,) = Score.history.all()
    assert row.participant == guest_participant and row.history_user is None


def test_a_score_recorded_on_someones_behalf_names_both(facilitator, guest_participant, assessment):
    criterion = _criterion(assessment)
    services.save_score(
        participant=guest_participant,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=_level(criterion, 2),
        expected_version=0,
        recorded_by=facilitator,
    )
    (row,) = Score.history.all()
    assert (row.participant, row.recorded_by, row.history_user) == (
        guest_participant,
        facilitator,
        facilitator,
    )


def _agree(assessment, criterion, value, reason, user, version):
    return services.record_consensus(
        assessment=assessment,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=_level(criterion, value),
        reason=reason,
        user=user,
        expected_version=version,
    )


def test_consensus_page_shows_what_each_change_was_and_became(
    as_facilitator, facilitator, guest_participant, assessment, django_assert_max_num_queries
):
    criterion = _criterion(assessment)
    for value, version in ((1, 0), (3, 1)):
        services.save_score(
            participant=guest_participant,
            criterion=criterion,
            answer=Answer.LEVEL,
            level=_level(criterion, value),
            evidence="<b>we were told late</b>",
            expected_version=version,
        )
    _agree(assessment, criterion, 2, "First view", facilitator, 0)
    _agree(assessment, criterion, 3, "After hearing carers", facilitator, 1)
    url = reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    with django_assert_max_num_queries(12):
        page = as_facilitator.get(url).content.decode()
    history = page[page.index('id="history"') :]
    low, mid, high = (f"{v}. {_level(criterion, v).label}" for v in (1, 2, 3))
    assert f'was <span class="coprod-evidence">{mid}</span>, became' in history
    assert "4 changes" in history and "Sam Guest" in history  # facilitators see names
    assert f'was <span class="coprod-evidence">{low}</span>' in history and high in history
    assert "&lt;b&gt;we were told late&lt;/b&gt;" in history and "<b>we" not in history
    assert reverse("export_history", args=[assessment.pk]) in history


def test_history_csv_holds_every_change_neutralised(
    as_facilitator, facilitator, guest_participant, assessment
):
    criterion = _criterion(assessment)
    services.save_score(
        participant=guest_participant,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=_level(criterion, 2),
        evidence='=HYPERLINK("http://evil")',
        expected_version=0,
    )
    _agree(assessment, criterion, 2, "Agreed", facilitator, 0)
    action = plans.add_action(assessment=assessment, criterion=criterion, what="Meet carers")
    plans.update_action(action=action, expected_version=1, what="Meet carers in the evening")
    response = as_facilitator.get(reverse("export_history", args=[assessment.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    evidence = next(r for r in rows if r["Field"] == "Evidence")
    assert evidence["Became"] == '\'=HYPERLINK("http://evil")'
    assert evidence["Whose"] == "Sam Guest (lived experience)"
    agreed = next(r for r in rows if r["Record"] == "Agreed level" and r["Field"] == "Reason")
    assert agreed["Changed by"] == (facilitator.get_full_name() or facilitator.username)
    renamed = [r for r in rows if r["Record"] == "Action" and r["Field"] == "What"]
    assert [(r["Was"], r["Became"]) for r in renamed] == [
        ("", "Meet carers"),
        ("Meet carers", "Meet carers in the evening"),
    ]
    assert Action.history.count() == 2 and Consensus.history.count() == 1


@pytest.mark.parametrize(
    "who",
    ["as_anonymous", "as_teammate", "as_viewer", "as_outsider", "as_guest", "as_panel_member"],
)
def test_history_csv_is_for_facilitators_only(request, who, assessment):
    client = request.getfixturevalue(who)
    response = client.get(reverse("export_history", args=[assessment.pk]))
    assert response.status_code in (302, 404)
    assert b"Criterion code" not in response.content


def test_admin_history_view_works_and_is_read_only(client, django_user_model, guest_participant):
    criterion = _criterion(guest_participant.assessment)
    score = services.save_score(
        participant=guest_participant,
        criterion=criterion,
        answer=Answer.LEVEL,
        level=_level(criterion, 2),
        expected_version=0,
    )
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-1234!")
    force_login_verified(client, admin)
    page = client.get(reverse("admin:assessments_score_history", args=[score.pk]))
    assert page.status_code == 200 and "Created" in page.content.decode()
    row = Score.history.get()
    revert = reverse("admin:assessments_score_simple_history", args=[score.pk, row.history_id])
    assert client.get(revert).status_code == 200
    assert client.post(revert, {"answer": "dont_know"}).status_code == 403
    assert client.get(reverse("admin:assessments_score_change", args=[score.pk])).status_code == 200
    assert (
        client.post(reverse("admin:assessments_score_delete", args=[score.pk])).status_code == 403
    )
    assert Score.history.count() == 1 and Score.objects.count() == 1
