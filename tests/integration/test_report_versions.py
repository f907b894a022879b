"""Stored report versions: when they are cut, what their footer and hash say, that a ready
one never changes, retries and recovery, and who may download one.

Renders here call the task function itself (the worker's own code path, without a worker);
tests/integration/test_report_worker.py runs real `db_worker` processes and kills one.
"""

import datetime
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import dateformat, timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from assessments import pinned
from assessments import services as assessment_services
from assessments.models import AssessmentStatus, Score
from plans.services import add_action
from reports import pdf, versions
from reports.content import content_hash
from reports.models import FrozenVersionError, ReportVersion, VersionReason, VersionStatus
from reports.report import build_report
from reports.tasks import render_report_version
from reviews import services as review_services
from tests.factories.reviews import PanelMemberFactory
from tests.factories.scenarios import score_assessment
from tests.integration.test_reports import _flat, _pdf_text
from tests.integration.test_scoring_journey import DESCRIPTORS, PINNED_STORE_FILL

TODAY = datetime.date(2026, 12, 1)


class WeasyPrintDown:
    """Stands in for WeasyPrint's HTML when a render must fail (a library failure, not ours)."""

    def __init__(self, *args, **kwargs):
        raise OSError("WeasyPrint could not start")


@pytest.fixture
def scored(assessment):
    score_assessment(assessment=assessment)
    return assessment


@pytest.fixture
def ready(scored, facilitator):
    version = versions.cut_version(assessment=scored, reason=VersionReason.REQUESTED)
    render_report_version.call(version.pk)
    version.refresh_from_db()
    return version


def _tasks_for(version):
    return [t for t in DBTaskResult.objects.all() if t.args_kwargs["args"] == [version.pk]]


# --- the content hash --------------------------------------------------------------------


def test_same_content_same_hash_and_a_changed_score_changes_it(scored):
    before = content_hash(build_report(scored))
    assert content_hash(build_report(scored)) == before
    score = Score.objects.filter(participant__assessment=scored, level__isnull=False).first()
    score.level = score.criterion.framework.levels.exclude(pk=score.level_id).first()
    score.save()
    assert content_hash(build_report(scored)) != before


def test_the_hash_ignores_when_it_was_rendered(scored):
    report = build_report(scored, with_figures=False)
    earlier = pdf.Footer(None, timezone.now() - timedelta(days=3), "x" * 64, "Draft")
    assert pdf.render_html(scored, report, footer=earlier) != pdf.render_html(scored, report)
    assert content_hash(report) == content_hash(build_report(scored, with_figures=False))


# --- when a version is cut ---------------------------------------------------------------


def test_submission_sharing_and_sign_off_each_cut_one_version(scored, facilitator, senate):
    assessment_services.submit_assessment(assessment=scored, user=facilitator)
    review = review_services.share_for_review(
        assessment=scored, reviewing_organisation=senate, shared_by=facilitator
    )
    PanelMemberFactory(review=review, is_chair=True, user=None)
    review_services.sign_off(review=review, by=None, outcome="assured", date=TODAY)
    cut = list(ReportVersion.objects.filter(assessment=scored).order_by("number"))
    assert [(v.number, v.reason, v.state) for v in cut] == [
        (1, VersionReason.SUBMITTED, "Submitted"),
        (2, VersionReason.SHARED, "Under review"),
        (3, VersionReason.SIGNED_OFF, "Signed off"),
    ]
    assert all(v.status == VersionStatus.QUEUED and len(_tasks_for(v)) == 1 for v in cut)
    review.refresh_from_db()
    assert review.report_hash == cut[2].content_hash


def test_an_edit_cuts_no_version(scored):
    criterion = scored.frameworks.first().criteria.first()
    add_action(assessment=scored, criterion=criterion, what="Meet the carers' forum.")
    assert not ReportVersion.objects.exists()


def test_a_facilitator_asks_for_a_version_and_nothing_changed_gives_the_same(
    as_facilitator, scored
):
    url = reverse("report_version_request", args=[scored.pk])
    as_facilitator.post(url)
    page = as_facilitator.post(url, follow=True).content.decode()
    assert ReportVersion.objects.count() == 1
    assert "Nothing has changed since version 1" in page
    assert "Queued" in page and "Check again" in page


def test_a_failed_cut_rolls_back_with_its_task(scored, facilitator, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template broke")

    monkeypatch.setattr(pdf, "render_to_string", broken)
    with pytest.raises(RuntimeError):
        assessment_services.submit_assessment(assessment=scored, user=facilitator)
    scored.refresh_from_db()
    assert scored.status != AssessmentStatus.SUBMITTED
    assert not ReportVersion.objects.exists() and not DBTaskResult.objects.exists()


# --- rendering, the footer, the frozen PDF ----------------------------------------------


def test_a_rendered_version_has_its_footer_on_every_page(ready):
    assert ready.status == VersionStatus.READY and ready.size == len(ready.pdf) > 1000
    day = dateformat.format(timezone.localdate(), "j F Y")
    footer = f"Version 1 · {day} · content {ready.short_hash} · Draft"
    pages = [_flat(p.extract_text()) for p in PdfReader(io.BytesIO(bytes(ready.pdf))).pages]
    assert len(pages) > 1 and all(footer in page for page in pages)


def test_a_ready_version_never_changes_or_goes(ready):
    ready.state = "Signed off"
    with pytest.raises(FrozenVersionError), transaction.atomic():
        ready.save()
    with pytest.raises(FrozenVersionError), transaction.atomic():
        ReportVersion.objects.get(pk=ready.pk).delete()
    assert ReportVersion.objects.get(pk=ready.pk).state == "Draft"
    assert render_report_version.call(ready.pk) == "nothing to do"


def test_a_failing_render_is_retried_then_failed_and_the_last_version_stays(
    as_facilitator, ready, scored, monkeypatch
):
    Score.objects.filter(participant__assessment=scored).update(evidence="Changed")
    version, cut = versions.request_version(assessment=scored, by=None)
    assert cut and version.number == 2
    monkeypatch.setattr(pdf, "HTML", WeasyPrintDown)
    for attempt in (1, 2, 3):
        with pytest.raises(OSError):
            render_report_version.call(version.pk)
        version.refresh_from_db()
        assert version.attempts == attempt and version.pdf is None
    assert version.status == VersionStatus.FAILED and "could not start" in version.error
    assert len(_tasks_for(version)) == 3  # the cut's task and two retries, no more
    page = as_facilitator.get(reverse("report", args=[scored.pk])).content.decode()
    assert "Failed" in page and "Try again" in page
    assert reverse("report_version_download", args=[scored.pk, 1]) in page
    monkeypatch.undo()
    as_facilitator.post(reverse("report_version_retry", args=[scored.pk, 2]))
    version.refresh_from_db()
    assert version.status == VersionStatus.QUEUED and version.attempts == 0
    assert render_report_version.call(version.pk) == "stored"


def test_a_render_left_by_a_dead_worker_is_queued_again(scored):
    version = versions.cut_version(assessment=scored, reason=VersionReason.REQUESTED)
    assert versions.start_render(version.pk) is not None  # then the worker "died"
    assert versions.recover_stuck(older_than=timedelta(minutes=5)) == []  # could be alive
    ReportVersion.objects.filter(pk=version.pk).update(
        started_at=timezone.now() - timedelta(minutes=10)
    )
    version.refresh_from_db()
    assert version.is_stuck and version.can_retry
    call_command("recover_report_renders", verbosity=0)
    version.refresh_from_db()
    assert version.status == VersionStatus.QUEUED and len(_tasks_for(version)) == 2


def test_a_render_whose_attempts_are_used_up_is_failed_not_requeued(scored, settings):
    settings.REPORT_RENDER_ATTEMPTS = 1
    version = versions.cut_version(assessment=scored, reason=VersionReason.REQUESTED)
    versions.start_render(version.pk)
    versions.recover_stuck(older_than=timedelta(0))
    version.refresh_from_db()
    assert version.status == VersionStatus.FAILED and len(_tasks_for(version)) == 1


# --- the signed version and export_report ------------------------------------------------


@pytest.fixture
def signed(review, panel_chair, assessment, facilitator):
    rec = review_services.save_recommendation(
        review=review,
        by=panel_chair,
        heading="engagement",
        text="Co-design the clinical model.",
        criteria=[assessment.frameworks.order_by("order").first().criteria.first()],
    )
    review_services.release(review=review)
    review_services.respond(
        review=review,
        recommendation=rec,
        answer="partly",
        reason="Two of the three sites first.",
        by=facilitator,
        expected_version=0,
    )
    review_services.sign_off(review=review, by=panel_chair, outcome="assured", date=TODAY)
    review.refresh_from_db()
    return review


def test_the_panel_downloads_exactly_the_version_it_signed(as_panel_member, signed, assessment):
    version = ReportVersion.objects.get(assessment=assessment, reason=VersionReason.SIGNED_OFF)
    url = reverse("report_signed_version", args=[assessment.pk])
    assert as_panel_member.get(url)["Location"].endswith("#versions")  # still queued
    render_report_version.call(version.pk)
    response = as_panel_member.get(url)
    version.refresh_from_db()
    assert response.status_code == 200 and response.content == bytes(version.pdf)
    text = _flat(_pdf_text(response.content))
    assert f"content {signed.report_hash[:12]} · Signed off" in text
    assert signed.report_hash in text.replace(" ", "")
    review_page = as_panel_member.get(reverse("review_detail", args=[assessment.pk]))
    assert url in review_page.content.decode()


def test_export_report_holds_the_review_and_the_footer(signed, assessment, tmp_path):
    version = ReportVersion.objects.get(assessment=assessment, reason=VersionReason.SIGNED_OFF)
    target = tmp_path / "report.pdf"
    call_command("export_report", assessment.pk, "-o", str(target), stdout=io.StringIO())
    text = _flat(_pdf_text(target.read_bytes()))
    assert "R1: Engagement and involvement" in text and "Co-design the clinical model." in text
    assert "ICB response: Partly accepted. Two of the three sites first." in text
    assert "Outcome: Assured" in text
    # A fresh render of the same content carries the stored version's number and hash.
    assert f"Version {version.number} · " in text
    assert f"content {version.short_hash} · Signed off" in text


# --- who may download ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["outsider", "other_panel", "senate_colleague"])
def test_the_signed_version_is_404_to_anyone_off_this_panel_and_organisation(
    request, persona, signed, assessment
):
    version = ReportVersion.objects.get(assessment=assessment, reason=VersionReason.SIGNED_OFF)
    versions.start_render(version.pk)
    versions.store_render(version.pk, b"%PDF-1.7 signed")
    request.getfixturevalue(persona)
    client = request.getfixturevalue(f"as_{persona}")
    assert client.get(reverse("report_signed_version", args=[assessment.pk])).status_code == 404


DOWNLOADERS = {"facilitator", "teammate", "viewer", "panel_member", "panel_chair"}
PERSONAS = [*DOWNLOADERS, "outsider", "other_panel", "senate_colleague", "guest", "anonymous"]


@pytest.fixture
def stored(review, assessment):
    version = versions.cut_version(assessment=assessment, reason=VersionReason.REQUESTED)
    # A ready version without a render: the view serves the stored bytes as they are.
    versions.start_render(version.pk)
    versions.store_render(version.pk, b"%PDF-1.7 stored bytes")
    return version


@pytest.mark.parametrize("persona", PERSONAS)
def test_download_is_for_the_organisation_and_this_review_panel_only(
    request, persona, stored, assessment, panel_member, panel_chair, other_panel, senate_colleague
):
    client = request.getfixturevalue(f"as_{persona}")
    response = client.get(reverse("report_version_download", args=[assessment.pk, 1]))
    if persona in DOWNLOADERS:
        assert response.status_code == 200
        assert response.content == b"%PDF-1.7 stored bytes"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].endswith('-v1.pdf"')
    elif persona in ("guest", "anonymous"):
        assert response.status_code == 302 and "/login" in response["Location"]
    else:
        assert response.status_code == 404
    assert client.get(reverse("report_version_download", args=[assessment.pk, 2])).status_code in (
        302,
        404,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_facilitator_may_ask_for_a_version_or_retry(
    request, persona, stored, assessment, panel_member, panel_chair, other_panel, senate_colleague
):
    client = request.getfixturevalue(f"as_{persona}")
    before = ReportVersion.objects.count()
    ask = client.post(reverse("report_version_request", args=[assessment.pk]))
    retry = client.post(reverse("report_version_retry", args=[assessment.pk, 1]))
    if persona == "facilitator":
        assert ask.status_code == retry.status_code == 302
        assert ReportVersion.objects.count() == before  # nothing changed since version 1
    elif persona in ("guest", "anonymous"):
        assert "/login" in ask["Location"] and "/login" in retry["Location"]
    else:
        # A member whose role is not enough is told so; anyone else learns nothing.
        refused = 403 if persona in ("teammate", "viewer") else 404
        assert ask.status_code == retry.status_code == refused
        assert ReportVersion.objects.count() == before
    assert client.get(reverse("report_version_request", args=[assessment.pk])).status_code in (
        302,
        403,
        405,
    )


def test_a_version_not_ready_is_not_served(as_facilitator, scored):
    versions.cut_version(assessment=scored, reason=VersionReason.REQUESTED)
    url = reverse("report_version_download", args=[scored.pk, 1])
    assert as_facilitator.get(url).status_code == 404


def test_report_page_lists_versions_in_one_query(as_viewer, scored, django_assert_max_num_queries):
    for i in range(3):
        Score.objects.filter(participant__assessment=scored).update(evidence=f"Evidence {i}")
        versions.request_version(assessment=scored, by=None)
    with django_assert_max_num_queries(12):
        page = as_viewer.get(reverse("report", args=[scored.pk])).content.decode()
    assert page.count("Queued") == 3 and "Store a version" not in page


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def _data_statements(post):
    """The SQL statements a request sends that read or write data. Transaction control is
    left out: the test's own transaction turns production's BEGIN and COMMIT into a
    savepoint pair, and SQLite logs its BEGIN IMMEDIATE and COMMIT where PostgreSQL's
    driver sends them unlogged, so only these are the same everywhere."""
    with CaptureQueriesContext(connection) as captured:
        post()
    return [q["sql"] for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL)]


def test_storing_a_version_takes_a_fixed_number_of_queries(as_facilitator, assessment):
    """12, like a page: the session and the user, the facilitator's access; the cut locks
    the assessment and reads its latest version in one query, builds the whole report once
    (as the report page does: the rounds, then participants, scores, consensus, actions,
    reach), writes the row and its task. A worker's first report of these rubrics fills its
    store too, with the descriptors the PDF shows (PINNED_STORE_FILL + DESCRIPTORS, once per
    process). Never more with more data."""
    url = reverse("report_version_request", args=[assessment.pk])
    pinned.forget()
    first = _data_statements(lambda: as_facilitator.post(url))
    assert len(first) <= 12 + PINNED_STORE_FILL + DESCRIPTORS, first
    score_assessment(assessment=assessment, extra=6)
    again = _data_statements(lambda: as_facilitator.post(url))
    assert len(again) <= 12, again
    assert [sql.split()[0] for sql in again].count("INSERT") == 2  # the version and its task
    assert ReportVersion.objects.count() == 2
