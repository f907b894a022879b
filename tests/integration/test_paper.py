"""Paper scoring: the large-print form a facilitator prints, and the page where they type in
one that came back (issue 15, part 4)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Answer, AssessmentStatus, Participant, Perspective, Score
from ladder.models import Criterion

PERSONAS = ["facilitator", "teammate", "viewer", "outsider", "guest", "anonymous"]


def _criteria(assessment):
    return list(Criterion.objects.filter(framework__in=assessment.frameworks.all()))


def _pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", ["paper_entry", "paper_form_pdf"])
def test_only_the_assessments_facilitators_print_or_enter_paper_forms(
    request, assessment, url_name, persona
):
    client = request.getfixturevalue(f"as_{persona}")
    response = client.get(reverse(url_name, args=[assessment.pk]))
    if persona == "facilitator":
        assert response.status_code == 200
    elif persona in ("guest", "anonymous"):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code in (403, 404)
        assert b"Save this paper form" not in response.content


def test_the_paper_form_asks_every_question_in_large_print_with_tick_boxes(
    as_facilitator, assessment
):
    response = as_facilitator.get(reverse("paper_form_pdf", args=[assessment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader, text = _pdf_text(response.content)
    criteria = _criteria(assessment)
    # How to fill it in and about you first; each question starts a page; thanks last.
    assert len(reader.pages) >= len(criteria) + 2
    starts = [page.extract_text() for page in reader.pages]
    for number in range(1, len(criteria) + 1):
        assert sum(f"Question {number} of {len(criteria)}" in page for page in starts) == 1
    assert f"There are {len(criteria)} questions" in text
    for criterion in criteria:
        assert criterion.title in text
    assert f"Question {len(criteria)} of {len(criteria)}" in text
    assert text.count("Don't know yet.") == len(criteria)
    assert "If you are torn between two boxes, tick the lower one" in text
    assert "Person with lived experience" in text  # the perspectives to tick
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_the_paper_form_shows_each_levels_words_to_choose_from(as_facilitator, assessment):
    from ladder.models import Descriptor

    # (A published rubric never changes through the app; the test sets the words directly.)
    first = Descriptor.objects.filter(criterion__in=_criteria(assessment)).first()
    Descriptor.objects.filter(pk=first.pk).update(descriptor="People & <staff> plan it together")
    _, text = _pdf_text(as_facilitator.get(reverse("paper_form_pdf", args=[assessment.pk])).content)
    assert "People & <staff> plan it together" in text


def test_a_returned_form_becomes_a_participant_with_its_answers(as_facilitator, assessment):
    first, second, third, *_ = _criteria(assessment)
    level = first.framework.levels.get(value=2)
    response = as_facilitator.post(
        reverse("paper_entry", args=[assessment.pk]),
        {
            "name": "Mrs Ada Okoro",
            "perspective": Perspective.CARER,
            f"answer_{first.pk}": "2",
            f"evidence_{first.pk}": "They asked carers at the day centre.",
            f"answer_{second.pk}": Answer.NOT_APPLICABLE,
            f"answer_{third.pk}": "",
            f"evidence_{third.pk}": "Nobody told us what happened.",
        },
        follow=True,
    )
    participant = Participant.objects.get(assessment=assessment, name="Mrs Ada Okoro")
    assert participant.perspective == Perspective.CARER and participant.user is None
    scores = {s.criterion_id: s for s in Score.objects.filter(participant=participant)}
    assert set(scores) == {first.pk, second.pk, third.pk}
    assert scores[first.pk].level == level
    assert scores[first.pk].evidence == "They asked carers at the day centre."
    assert scores[second.pk].answer == Answer.NOT_APPLICABLE
    # Words with no box ticked are kept, as "don't know yet": nothing written is lost.
    assert scores[third.pk].answer == Answer.DONT_KNOW
    assert scores[third.pk].evidence == "Nobody told us what happened."
    page = response.content.decode()
    assert f"entered as Participant {participant.number} (carer) (3 answers)" in page


def test_an_unnamed_form_is_a_paper_form_participant(as_facilitator, assessment):
    first = _criteria(assessment)[0]
    as_facilitator.post(
        reverse("paper_entry", args=[assessment.pk]),
        {"name": "", "perspective": Perspective.LIVED_EXPERIENCE, f"answer_{first.pk}": "1"},
    )
    assert Participant.objects.get(assessment=assessment).name == "Paper form"


def test_a_form_error_keeps_what_was_typed_and_saves_nothing(as_facilitator, assessment):
    first = _criteria(assessment)[0]
    response = as_facilitator.post(
        reverse("paper_entry", args=[assessment.pk]),
        {
            "name": "Ada",
            f"answer_{first.pk}": "3",
            f"evidence_{first.pk}": "We co-chaired <the> board",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the box they ticked for who they are" in page
    assert "We co-chaired &lt;the&gt; board" in page
    assert 'value="3" selected' in page
    assert not Participant.objects.filter(assessment=assessment).exists()


def test_an_empty_form_is_refused(as_facilitator, assessment):
    response = as_facilitator.post(
        reverse("paper_entry", args=[assessment.pk]),
        {"perspective": Perspective.CARER},
    )
    assert "No box is ticked and nothing is written" in response.content.decode()
    assert not Participant.objects.filter(assessment=assessment).exists()


def test_no_paper_form_is_entered_once_the_assessment_is_submitted(as_facilitator, assessment):
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    first = _criteria(assessment)[0]
    response = as_facilitator.post(
        reverse("paper_entry", args=[assessment.pk]),
        {"perspective": Perspective.CARER, f"answer_{first.pk}": "1"},
    )
    assert "no more paper forms can be entered" in response.content.decode()
    assert not Participant.objects.filter(assessment=assessment).exists()


def test_the_assessment_page_offers_paper_forms_to_facilitators(
    as_facilitator, as_viewer, assessment
):
    url = reverse("paper_entry", args=[assessment.pk])
    assert (
        url
        in as_facilitator.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    )
    assert (
        url
        not in as_viewer.get(reverse("assessment_detail", args=[assessment.pk])).content.decode()
    )


def test_the_entry_page_and_its_post_make_a_fixed_number_of_queries(
    as_facilitator, assessment, django_assert_max_num_queries
):
    url = reverse("paper_entry", args=[assessment.pk])
    with django_assert_max_num_queries(12):
        as_facilitator.get(url)
    data = {"perspective": Perspective.CARER}
    data.update({f"answer_{c.pk}": "1" for c in _criteria(assessment)})
    with django_assert_max_num_queries(12):
        as_facilitator.post(url, data)


def test_a_paper_forms_answers_are_in_the_history_as_recorded_by_the_facilitator(
    as_facilitator, assessment, facilitator
):
    first, second, *_ = _criteria(assessment)
    as_facilitator.post(
        reverse("paper_entry", args=[assessment.pk]),
        {"perspective": Perspective.CARER, f"answer_{first.pk}": "1", f"answer_{second.pk}": "2"},
    )
    participant = Participant.objects.get(assessment=assessment)
    rows = Score.history.filter(participant=participant)
    assert rows.count() == 2
    assert {(row.history_type, row.recorded_by_id, row.history_user_id) for row in rows} == {
        ("+", facilitator.pk, facilitator.pk)
    }
