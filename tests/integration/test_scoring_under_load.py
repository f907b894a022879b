"""The scoring path a whole workshop uses at once (issue 13): few queries whatever the data,
the plain scoring form giving crispy's HTML, and a retried save taken as saved."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from assessments import pinned, services
from assessments.forms import ScoreForm, _helper
from assessments.journey import Scale
from assessments.models import Answer, Score
from tests.factories.scenarios import score_assessment

AUTOSAVE = {"X-Coprod-Autosave": "1"}
MAX_QUERIES = 12


def _criteria(assessment):
    ladder, principles = assessment.frameworks.order_by("order")
    return [*ladder.criteria.order_by("order"), *principles.criteria.order_by("order")]


def _url(assessment, criterion):
    return reverse("score_criterion", args=[assessment.pk, criterion.pk])


@pytest.mark.parametrize("others", [0, 30])
def test_a_guests_scoring_loop_stays_within_twelve_queries_whatever_the_data(
    as_guest, guest_participant, assessment, others, django_assert_max_num_queries
):
    if others:
        score_assessment(assessment=assessment, people=[], extra=others)
    criterion, following = _criteria(assessment)[:2]
    url = _url(assessment, criterion)
    as_guest.get(url)  # a worker's first request fills its store of the pinned rubrics
    pinned.forget()  # ... and even a cold one stays within the limit
    with django_assert_max_num_queries(MAX_QUERIES):
        page = as_guest.get(url)
    assert page.status_code == 200
    with django_assert_max_num_queries(4) as warm:  # session, the guest, their score
        as_guest.get(url)
    assert '"ladder_' not in " ".join(q["sql"] for q in warm.captured_queries)
    with django_assert_max_num_queries(MAX_QUERIES):
        saved = as_guest.post(url, {"level": "2", "version": "0"}, headers=AUTOSAVE)
    assert saved.json()["saved"] is True
    with django_assert_max_num_queries(MAX_QUERIES):
        saved = as_guest.post(url, {"level": "3", "version": "1"}, headers=AUTOSAVE)
    assert saved.json()["version"] == 2
    with django_assert_max_num_queries(MAX_QUERIES):
        response = as_guest.post(url, {"level": "3", "version": "2", "save": "1"})
    assert response.status_code == 302 and response["Location"] == _url(assessment, following)


@pytest.mark.parametrize("extra", [0, 30])
def test_consensus_question_queries_stay_flat(
    as_facilitator, assessment, extra, django_assert_max_num_queries
):
    score_assessment(assessment=assessment, extra=extra)
    criterion = _criteria(assessment)[0]
    url = reverse("consensus_criterion", args=[assessment.pk, criterion.pk])
    with django_assert_max_num_queries(MAX_QUERIES):
        assert as_facilitator.get(url).status_code == 200


def test_a_retried_save_whose_reply_was_lost_is_saved_not_a_conflict(
    as_guest, guest_participant, assessment
):
    criterion = _criteria(assessment)[0]
    url = _url(assessment, criterion)
    sent = {"level": "4", "evidence": "Asked at the forum.", "version": "0"}
    assert as_guest.post(url, sent, headers=AUTOSAVE).json()["version"] == 1
    # The reply was lost (the database restarted): autosave.js sends the same again.
    again = as_guest.post(url, sent, headers=AUTOSAVE)
    assert again.status_code == 200 and again.json() | {"message": ""} == {
        "saved": True,
        "version": 1,
        "message": "",
    }
    # A different answer on the old version is still the conflict it is.
    changed = as_guest.post(url, {**sent, "evidence": "Something else."}, headers=AUTOSAVE)
    assert changed.status_code == 409 and changed.json()["conflict"] is True
    score = Score.objects.get(participant=guest_participant, criterion=criterion)
    assert (score.version, score.evidence) == (1, "Asked at the forum.")


def test_saving_the_same_answer_again_does_not_bump_the_version(guest_participant, assessment):
    criterion = _criteria(assessment)[0]
    answer = {"participant": guest_participant, "criterion": criterion, "answer": Answer.DONT_KNOW}
    first = services.save_score(**answer, evidence="Not sure.", expected_version=0)
    retried = services.save_score(**answer, evidence="Not sure.", expected_version=0)
    assert first.pk == retried.pk and retried.version == 1


# --- the scoring form without crispy: the same HTML ----------------------------------


def _normalise(html):
    html = re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", html)
    html = html.replace(" btn btn-primary", "")  # crispy's Bootstrap classes, meaningless here
    html = html.replace('class="nhsuk-label "', 'class="nhsuk-label"')
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def _both(form):
    request = RequestFactory().get("/")
    form.helper = _helper(
        "Save and continue", form_tag=False, extra_buttons=[("later", "Save and come back later")]
    )
    form.helper.layout = form.crispy_layout()
    engine = engines["django"]
    crispy = engine.from_string("{% load crispy_forms_tags %}{% crispy form %}")
    plain = engine.from_string('{% include "assessments/_score_form.html" %}')
    context = {"form": form}
    return _normalise(crispy.render(context, request)), _normalise(plain.render(context, request))


def _form(criterion, *args, **kwargs):
    return ScoreForm(*args, **Scale.load(criterion).form_kwargs(criterion), **kwargs)


def test_the_plain_scoring_form_is_crispys_html_when_first_shown(assessment):
    criterion = _criteria(assessment)[0]
    crispy, plain = _both(_form(criterion, initial={"version": 0}))
    assert crispy == plain
    # It has what a person needs: the question as legend, levels with their descriptors.
    assert criterion.question in plain or criterion.title in plain
    assert 'class="nhsuk-radios__divider">or<' in plain
    assert 'aria-describedby="id_level_0-hint"' in plain


def test_the_plain_scoring_form_is_crispys_html_with_errors_and_typed_text(assessment):
    criterion = _criteria(assessment)[0]
    data = {"version": "3", "evidence": "Typed <b>here</b>", "links": "not a link", "save": "1"}
    form = _form(criterion, data)
    assert not form.is_valid()
    form.add_error(None, "This answer was changed in another window.")
    crispy, plain = _both(form)
    assert crispy == plain
    assert "Typed &lt;b&gt;here&lt;/b&gt;</textarea>" in plain  # kept, escaped
    assert 'aria-invalid="true" id="id_links"' in plain
    assert "nhsuk-form-group--error" in plain and "This answer was changed" in plain


def test_the_plain_scoring_form_is_crispys_html_with_a_saved_answer(assessment):
    criterion = _criteria(assessment)[0]
    initial = {"version": 2, "level": "3", "evidence": "Seen it.", "confidence": "high"}
    crispy, plain = _both(_form(criterion, initial=initial))
    assert crispy == plain
    assert 'value="3" checked' in plain and 'value="high" checked' in plain
