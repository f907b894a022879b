"""Assisted scoring: a facilitator records answers on a participant's behalf, and each such
answer is marked "recorded by … on behalf of …" wherever answers are shown."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Score
from exports.files import export_file
from tests.integration.test_scoring_journey import AUTOSAVE_FIRST_SAVE_QUERIES

PERSONAS = ["teammate", "viewer", "outsider", "guest", "anonymous"]


def _first(assessment):
    return assessment.frameworks.order_by("order").first().criteria.order_by("order").first()


def _record(client, assessment, participant, criterion, **data):
    url = reverse("record_criterion", args=[assessment.pk, participant.pk, criterion.pk])
    return client.post(url, {"version": "0", **data})


def test_facilitator_records_answers_for_a_participant(
    as_facilitator, facilitator, assessment, guest_participant
):
    page = as_facilitator.get(assessment.get_absolute_url()).content.decode()
    task_list = reverse("record_task_list", args=[assessment.pk, guest_participant.pk])
    assert f'href="{task_list}"' in page and "Record answers for Sam Guest" in page
    page = as_facilitator.get(task_list).content.decode()
    assert "You are recording answers for Sam Guest (lived experience)" in page
    criterion = _first(assessment)
    response = _record(
        as_facilitator, assessment, guest_participant, criterion, level="2", evidence="By phone."
    )
    assert response.status_code == 302 and f"/record/{guest_participant.pk}/" in response.url
    score = Score.objects.get()
    assert score.participant == guest_participant and score.recorded_by == facilitator
    assert not guest_participant.scores.exclude(pk=score.pk).exists()


def test_the_mark_shows_on_the_consensus_page_report_and_exports(
    as_facilitator, as_viewer, facilitator, assessment, guest_participant
):
    facilitator.first_name, facilitator.last_name = "Fay", "Facilitator"
    facilitator.save()
    criterion = _first(assessment)
    _record(as_facilitator, assessment, guest_participant, criterion, level="2", evidence="Said.")
    consensus = reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    page = as_facilitator.get(consensus).content.decode()
    assert "Recorded by Fay Facilitator on behalf of Sam Guest (lived experience)" in page
    # The report links each criterion's evidence to its framework's evidence page.
    report = as_viewer.get(reverse("report", args=[assessment.pk])).content.decode()
    evidence_url = reverse("report_evidence", args=[assessment.pk, criterion.framework_id])
    assert evidence_url in report
    report = as_viewer.get(evidence_url).content.decode()
    assert "recorded by a facilitator on behalf of Participant 1 (lived experience)" in report
    assert "Fay Facilitator" not in report
    content, _, _ = export_file(assessment, "xlsx", can_see_names=False)
    sheet = load_workbook(io.BytesIO(content))["Answers"]
    header, row = [[c.value for c in r] for r in sheet.iter_rows()][:2]
    assert row[header.index("Recorded by")] == (
        "recorded by a facilitator on behalf of Participant 1 (lived experience)"
    )


def test_the_participants_own_save_clears_the_mark(
    as_facilitator, as_guest, assessment, guest_participant
):
    criterion = _first(assessment)
    _record(as_facilitator, assessment, guest_participant, criterion, level="2")
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    as_guest.post(url, {"level": "3", "version": "1"})
    score = Score.objects.get()
    assert score.level.value == 3 and score.recorded_by is None


def test_the_mark_is_in_the_pdf(as_facilitator, assessment, guest_participant):
    from reports.pdf import render_html

    criterion = _first(assessment)
    _record(as_facilitator, assessment, guest_participant, criterion, level="2", evidence="Said.")
    html = render_html(assessment)  # what WeasyPrint turns into the PDF
    assert "recorded by a facilitator on behalf of Participant 1 (lived experience)" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_facilitators_record_for_someone(request, assessment, guest_participant, persona):
    client = request.getfixturevalue(f"as_{persona}")
    criterion = _first(assessment)
    task_list = reverse("record_task_list", args=[assessment.pk, guest_participant.pk])
    responses = [
        client.get(task_list),
        _record(client, assessment, guest_participant, criterion, level="2"),
    ]
    for response in responses:
        if persona == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:  # members are told they lack permission; a guest or outsider learns nothing
            assert response.status_code == (403 if persona in ("teammate", "viewer") else 404)
    assert not Score.objects.exists()


def test_a_participant_of_another_assessment_is_not_found(
    as_facilitator, assessment, programme, principles
):
    from tests.factories.assessments import AssessmentFactory, ParticipantFactory

    other = ParticipantFactory(assessment=AssessmentFactory(programme=programme))
    url = reverse("record_task_list", args=[assessment.pk, other.pk])
    assert as_facilitator.get(url).status_code == 404


def test_recording_takes_few_queries(
    as_facilitator, assessment, guest_participant, django_assert_max_num_queries
):
    criterion = _first(assessment)
    url = reverse("record_criterion", args=[assessment.pk, guest_participant.pk, criterion.pk])
    with django_assert_max_num_queries(12):
        as_facilitator.get(url)
    # The autosave (what saves as they talk) costs what a person's own first save costs,
    # and one query more: the participant it is for is read apart from the facilitator's gate.
    with django_assert_max_num_queries(AUTOSAVE_FIRST_SAVE_QUERIES + 1):
        response = as_facilitator.post(
            url, {"version": "0", "level": "2"}, headers={"X-Coprod-Autosave": "1"}
        )
    assert response.json()["saved"] is True
    assert Score.objects.get().recorded_by is not None
