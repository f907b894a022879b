"""A question page folds what is optional (issue 15: a question in about two phone screens)
and hides nothing: on a version-2 page the statement, the evidence prompts, the evidence,
links and confidence are folded; the fold opens by itself when it holds an answer or an
error. A version-1 page keeps its statement and evidence box in view, with its wording."""

import html as html_text
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assessments import services
from assessments.models import Perspective, Score
from ladder.loading import load_rubric
from ladder.models import Criterion, Descriptor
from tests.factories.assessments import ParticipantFactory
from tests.integration.test_scoring_under_load import _both, _form
from tests.unit.ladder.rubric_docs_v2 import as_v2

SLUG = "nhse-ten-principles"


def _doc():
    return json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "rubrics" / f"{SLUG}.json").read_bytes()
    )


@pytest.fixture
def rubrics(db):
    v1 = load_rubric(document=_doc()).framework
    return v1, load_rubric(document=as_v2(_doc())).framework


def _question(programme, facilitator, framework):
    assessment = services.create_assessment(
        programme=programme, title=f"On {framework.version}", frameworks=[framework]
    )
    ParticipantFactory(assessment=assessment, user=facilitator, perspective=Perspective.NHS_STAFF)
    criterion = Criterion.objects.get(framework=framework, code="NHSE2")
    return assessment, criterion, reverse("score_criterion", args=[assessment.pk, criterion.pk])


def _fold(page):
    """The optional answers' <details> tag and what it holds."""
    match = re.search(
        r'(<details class="nhsuk-details coprod-answer-more"[^>]*>)(.*?)</details>\s*'
        r'<input type="hidden" name="version"',
        page,
        re.S,
    )
    return match.group(1), match.group(2)


def _outside_fold(page):
    return page.replace(_fold(page)[1], "")


def test_a_version_2_question_folds_the_optional_parts_and_keeps_every_fact(
    as_facilitator, facilitator, programme, rubrics
):
    _, v2 = rubrics
    assessment, criterion, url = _question(programme, facilitator, v2)
    page = as_facilitator.get(url).content.decode()
    tag, inside = _fold(page)
    assert " open" not in tag  # nothing saved: folded
    assert "Say why, add links or say how sure you are (optional)" in page
    for label in (
        "What makes you say this? (optional)",
        "Links to documents (optional)",
        "How sure are you? (optional)",
        "What evidence could you give?",
    ):
        assert label in inside and label not in _outside_fold(page)
    # The statement and its source, one tap away; every prompt and descriptor on the page.
    about = page.split('id="about-criterion"', 1)[1].split("</details>", 1)[0]
    assert html_text.escape(criterion.statement) in about
    assert html_text.escape(criterion.statement_source) in about
    for descriptor in Descriptor.objects.filter(criterion=criterion):
        assert html_text.escape(descriptor.descriptor) in page
        for prompt in descriptor.evidence_prompts:
            assert html_text.escape(prompt) in inside


def test_a_version_2_fold_opens_on_an_error_and_keeps_what_was_typed(
    as_facilitator, facilitator, programme, rubrics
):
    _, v2 = rubrics
    _, _, url = _question(programme, facilitator, v2)
    data = {"level": "3", "evidence": "Seen at the forum.", "links": "not a link", "version": "0"}
    page = as_facilitator.post(url, data).content.decode()
    tag, inside = _fold(page)
    assert " open" in tag
    assert 'href="#id_links"' in page and "is not a web address" in inside
    assert "Seen at the forum.</textarea>" in inside and "not a link</textarea>" in inside


def test_a_version_2_fold_opens_when_a_saved_answer_has_evidence(
    as_facilitator, facilitator, programme, rubrics
):
    _, v2 = rubrics
    assessment, criterion, url = _question(programme, facilitator, v2)
    as_facilitator.post(url, {"level": "3", "evidence": "Seen it.", "version": "0"})
    assert Score.objects.get(criterion=criterion).evidence == "Seen it."
    tag, inside = _fold(as_facilitator.get(url).content.decode())
    assert " open" in tag and "Seen it.</textarea>" in inside


def test_a_version_1_question_keeps_its_statement_and_evidence_box_in_view(
    as_facilitator, facilitator, programme, rubrics
):
    v1, _ = rubrics
    _, criterion, url = _question(programme, facilitator, v1)
    page = as_facilitator.get(url).content.decode()
    tag, inside = _fold(page)
    outside = _outside_fold(page)
    assert " open" not in tag and "Add links or say how sure you are (optional)" in page
    assert "What makes you say this? (optional)" in outside
    assert "Links to documents (optional)" in inside and "How sure are you? (optional)" in inside
    inset = outside.split('class="nhsuk-inset-text"', 1)[1].split("</div>", 1)[0]
    assert html_text.escape(criterion.statement) in inset
    assert "What evidence could you give?" in outside and "Full description" not in page
    # A saved "how sure" opens the fold.
    as_facilitator.post(url, {"level": "2", "confidence": "high", "version": "0"})
    assert " open" in _fold(as_facilitator.get(url).content.decode())[0]


@pytest.mark.parametrize(
    "data", [None, {"version": "1", "evidence": "Typed <b>here</b>", "links": "nope", "save": "1"}]
)
def test_the_plain_version_2_form_is_crispys_html(rubrics, data):
    _, v2 = rubrics
    criterion = Criterion.objects.get(framework=v2, code="NHSE2")
    form = _form(criterion, data) if data else _form(criterion, initial={"version": 0})
    crispy, plain = _both(form)
    assert crispy == plain
    assert "nhsuk-radios--small" in plain and "Full description of each level" in plain
