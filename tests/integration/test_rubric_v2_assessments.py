"""Version 2 of a rubric (coprod-rubric/2) beside version 1: new assessments pin version 2;
an assessment on version 1 keeps version 1's wording on its scoring page, report and PDF;
the scoring page of a version-2 assessment shows summaries first and the guidance once."""

import html as html_text
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from assessments.models import Assessment, Perspective
from assessments.scenarios import Person
from ladder.loading import load_rubric
from ladder.models import Criterion, Descriptor, Framework
from reports import pdf
from tests.factories.assessments import ParticipantFactory
from tests.factories.scenarios import score_assessment
from tests.unit.ladder.rubric_docs_v2 import CHOOSING, as_v2

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "rubrics"
SLUG = "nhse-ten-principles"


def _flat_pdf(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _v1_doc():
    return json.loads((SHIPPED / f"{SLUG}.json").read_bytes())


@pytest.fixture
def v1(db):
    return load_rubric(document=_v1_doc()).framework


@pytest.fixture
def on_v1(v1, programme, facilitator):
    """An assessment made while version 1 was the newest, scored and agreed (level 2)."""
    assessment = services.create_assessment(
        programme=programme, title="On version 1", frameworks=[v1], created_by=facilitator
    )
    score_assessment(assessment=assessment, people=[Person("Priya Staff", Perspective.NHS_STAFF)])
    return assessment


@pytest.fixture
def v2(v1):
    return load_rubric(document=as_v2(_v1_doc())).framework


def _score_page(client, assessment, criterion, participant_user):
    ParticipantFactory(
        assessment=assessment, user=participant_user, perspective=Perspective.NHS_STAFF
    )
    return client.get(reverse("score_criterion", args=[assessment.pk, criterion.pk]))


def test_a_new_assessment_pins_version_2_once_it_is_published(as_facilitator, programme, on_v1, v2):
    url = reverse("assessment_create", args=[programme.pk])
    form = as_facilitator.get(url).context["form"]
    assert (
        v2.pk in form.initial["frameworks"]
        and on_v1.frameworks.get().pk not in (form.initial["frameworks"])
    )
    as_facilitator.post(url, {"title": "Next", "date": "02/12/2026", "frameworks": [v2.pk]})
    assert programme.assessments.get(title="Next").frameworks.get() == v2
    assert on_v1.frameworks.get().version == 1  # the older assessment stays on version 1


def test_an_assessment_on_version_1_keeps_its_wording_on_page_report_and_pdf(
    as_facilitator, facilitator, on_v1, v2
):
    v1_criterion = on_v1.frameworks.get().criteria.order_by("order").first()
    v1_words = Descriptor.objects.get(criterion=v1_criterion, level__value=2).descriptor
    page = _score_page(as_facilitator, on_v1, v1_criterion, facilitator).content.decode()
    page = html_text.unescape(page)
    assert v1_words.split(".")[0] in page
    assert "(v2)" not in page and "Plain " not in page and "How to choose a level" not in page
    report = as_facilitator.get(reverse("report", args=[on_v1.pk])).content.decode()
    assert "Version 1." in report and "(v2)" not in report
    text = _flat_pdf(pdf.render_pdf(on_v1))
    assert " ".join(v1_words.split())[:80] in text
    assert "(v2)" not in text


def test_version_2_scoring_page_shows_summaries_first_and_the_guidance_once(
    as_facilitator, facilitator, programme, v2, django_assert_max_num_queries
):
    assessment = services.create_assessment(
        programme=programme, title="On version 2", frameworks=[v2], created_by=facilitator
    )
    criterion = Criterion.objects.get(framework=v2, code="NHSE2")
    descriptor = Descriptor.objects.get(criterion=criterion, level__value=3)
    ParticipantFactory(assessment=assessment, user=facilitator, perspective=Perspective.NHS_STAFF)
    url = reverse("score_criterion", args=[assessment.pk, criterion.pk])
    with django_assert_max_num_queries(12):
        response = as_facilitator.get(url)
    html = response.content.decode()
    label = html.split('for="id_level_2">', 1)[1].split("</label>", 1)[0]
    assert descriptor.summary in label and "3." in label
    # Every full descriptor is one tap away, in one disclosure after the choices.
    details = html.split('id="id_level-descriptions"', 1)[1].split("</details>", 1)[0]
    assert "Full description of each level" in details
    assert f"<dt>3. {descriptor.level.label}</dt><dd>{descriptor.descriptor}</dd>" in details
    assert html.count("How to choose a level") == 1
    assert CHOOSING in html and v2.guidance_dont_know in html_text.unescape(html)
    # Saving still works as it did.
    response = as_facilitator.post(url, {"level": "3", "version": "0"})
    assert response.status_code == 302


def test_summaries_are_escaped_on_the_scoring_page(as_facilitator, facilitator, programme, v2):
    Descriptor.objects.filter(criterion__framework=v2).update(summary="<b>bold</b> & more")
    assessment = services.create_assessment(
        programme=programme, title="Escaping", frameworks=[v2], created_by=facilitator
    )
    criterion = Criterion.objects.get(framework=v2, code="NHSE1")
    html = _score_page(as_facilitator, assessment, criterion, facilitator).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html and "<b>bold</b>" not in html


def test_the_version_2_framework_keeps_guidance_and_review(v2):
    v2 = Framework.objects.get(pk=v2.pk)
    assert (v2.format, v2.guidance_choosing, v2.checked_by_text) == (2, CHOOSING, "not yet checked")


def test_the_method_note_states_the_rule_and_each_rubric_s_review(
    as_facilitator, facilitator, programme, on_v1, v2
):
    on_v2 = services.create_assessment(
        programme=programme, title="On version 2", frameworks=[v2], created_by=facilitator
    )
    score_assessment(assessment=on_v2, people=[Person("Priya Staff", Perspective.NHS_STAFF)])
    page = as_facilitator.get(reverse("report", args=[on_v2.pk])).content.decode()
    page = html_text.unescape(re.sub(r"<[^>]+>", " ", page.split('id="method"')[1]))
    text = _flat_pdf(pdf.render_pdf(on_v2))
    for shown in (" ".join(page.split()).replace(" ,", ","), text):
        assert "How the levels were chosen" in shown
        assert CHOOSING in shown
        assert "Don't know yet means the people scoring could not say yet" in shown
        assert v2.guidance_not_applicable in shown
        assert (
            "NHS England ten principles, version 2: written by Coprod rubric team on "
            "2 December 2026; checked by: not yet checked; review due 1 December 2027." in shown
        )
    # Version 1 states no rule, and says so, rather than borrowing version 2's.
    text = _flat_pdf(pdf.render_pdf(on_v1))
    assert CHOOSING not in text
    assert "state no rule for choosing between two levels" in text
    assert (
        "version 1: who wrote it is not recorded (a version-1 rubric file); checked by: not "
        "yet checked; no review date." in text
    )


def test_a_round_on_the_shipped_version_2_compares_nhse5_with_the_two_that_replace_it(
    as_facilitator, facilitator, programme
):
    call_command("load_rubrics", SLUG, f"{SLUG}-v2", verbosity=0)
    first = services.create_assessment(
        programme=programme,
        title="Baseline",
        frameworks=[Framework.objects.get(slug=SLUG, version=1)],
        created_by=facilitator,
    )
    score_assessment(assessment=first, people=[Person("Priya Staff", Perspective.NHS_STAFF)])
    second = services.create_assessment(
        programme=programme,
        title="A year on",
        frameworks=[Framework.objects.get(slug=SLUG, version=2)],
        created_by=facilitator,
    )
    Assessment.objects.filter(pk=second.pk).update(
        date=first.date.replace(year=first.date.year + 1)
    )
    score_assessment(assessment=second, people=[Person("Priya Staff", Perspective.NHS_STAFF)])
    response = as_facilitator.get(reverse("report", args=[second.pk]))
    rows = {r.change.point.code: r.change for r in response.context["report"].comparison.rows}
    assert "NHSE5" not in rows
    for code in ("NHSE5A", "NHSE5B"):
        assert (rows[code].was.code, rows[code].text) == ("NHSE5", "Rubric changed")
        assert rows[code].wording_changes[0] == f"{code} replaces NHSE5 of version 1."
