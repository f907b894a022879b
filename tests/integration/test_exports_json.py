"""The JSON document: export → import → export gives the same document (there are no ids
in it), and a file with anything wrong is refused whole, with WHERE: WHAT, nothing saved."""

import copy
import json

import pytest

from assessments.models import Assessment, Consensus, Participant, Programme, Role, Score
from exports.document import FORMAT, document_bytes, results_document
from exports.importing import ImportRefused, import_results
from plans.models import Action
from tests.factories.assessments import MembershipFactory
from tests.integration.exports_scenario import FORMULA, scored

MODELS = [Programme, Assessment, Participant, Score, Consensus, Action]


@pytest.fixture
def document(assessment):
    scored(assessment)
    assessment.status, assessment.submitted_at = "submitted", assessment.created_at
    assessment.save()
    return results_document(assessment, names_included=True)


def _counts():
    return [m.objects.count() for m in MODELS]


def _import(doc, user):
    raw = doc if isinstance(doc, bytes) else document_bytes(doc)
    return import_results(raw=raw, user=user)


def test_document_names_rubrics_by_slug_and_version_and_the_organisation_by_ods_code(
    assessment, document
):
    assert document["format"] == FORMAT == "coprod-results/1"
    assert [r["slug"] for r in document["rubrics"]] == [
        f.slug for f in assessment.frameworks.order_by("order")
    ]
    assert all(r["version"] == 1 for r in document["rubrics"])
    assert document["organisation"]["ods_code"] == assessment.programme.organisation.ods_code
    assert "slug" not in document["organisation"]
    assert len(document["participants"]) == 4 and len(document["scores"]) == 20
    assert len(document["consensus"]) == 5 and len(document["actions"]) == 1
    assert document["scores"][0]["evidence"] == FORMULA
    assert '"id"' not in json.dumps(document)


def test_participants_are_pseudonymous_unless_a_facilitator_exports(assessment, document):
    pseudonymous = results_document(assessment, names_included=False)
    assert pseudonymous["names_included"] is False
    assert [p["name"] for p in pseudonymous["participants"]] == [None] * 4
    assert "Priya" not in json.dumps(pseudonymous)
    assert document["participants"][0]["name"] == "Priya Staff"


def test_export_import_export_gives_the_same_document_after_deleting_the_original(
    assessment, document, facilitator
):
    Programme.objects.all().delete()
    imported = _import(document, facilitator)
    assert imported.pk != assessment.pk
    assert imported.created_by == facilitator
    assert results_document(imported, names_included=True) == document


def test_import_beside_the_original_joins_its_programme_and_gives_the_same_document(
    assessment, document, facilitator
):
    imported = _import(document, facilitator)
    assert imported.programme_id == assessment.programme_id
    assert Assessment.objects.count() == 2
    assert results_document(imported, names_included=True) == document


def test_a_pseudonymous_document_imports_with_numbered_people(assessment, facilitator):
    scored(assessment)
    doc = results_document(assessment, names_included=False)
    imported = _import(doc, facilitator)
    assert list(imported.participants.values_list("name", flat=True)) == [
        "Participant 1",
        "Participant 2",
        "Participant 3",
        "Participant 4",
    ]
    assert results_document(imported, names_included=False) == doc


def _refused(doc, user):
    before = _counts()
    with pytest.raises(ImportRefused) as refused:
        _import(doc, user)
    assert _counts() == before  # nothing half-saved
    return [str(p) for p in refused.value.problems]


def test_import_refuses_rubric_versions_this_installation_lacks(document, facilitator):
    doc = copy.deepcopy(document)
    slug = doc["rubrics"][1]["slug"]
    doc["rubrics"][1]["version"] = 7
    assert _refused(doc, facilitator) == [
        f"rubrics[1]: this installation has no published rubric {slug} version 7; "
        "load it first (manage.py load_rubrics) and import again"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "file: the file is empty; expected a coprod-results/1 JSON document"),
        (b"{not json", "line 1, column 2: invalid JSON: Expecting property name enclosed in"),
        (b"\xff\xfe{}", "file: not UTF-8 text (byte offset 0)"),
        (b"[1, 2]", "(document): expected an object, found a list"),
        (b'{"format": "coprod-rubric/1"}', 'format: expected "coprod-results/1", found text'),
    ],
)
def test_import_refuses_what_is_not_a_results_document(raw, expected, facilitator, db):
    (problem,) = _refused(raw, facilitator)
    assert problem.startswith(expected)


def test_import_refuses_a_truncated_document_and_says_it_ends_too_soon(document, facilitator):
    raw = document_bytes(document)
    (problem,) = _refused(raw[: len(raw) // 2], facilitator)
    assert "invalid JSON" in problem and "(the file ends too soon: is it complete?)" in problem


@pytest.mark.parametrize("kept", [0.1, 0.37, 0.71, 0.999])
def test_import_refuses_a_document_cut_anywhere(document, facilitator, kept):
    raw = document_bytes(document).rstrip()
    (problem,) = _refused(raw[: int(len(raw) * kept)], facilitator)
    assert ": invalid JSON: " in problem


def test_import_refuses_wrong_types_naming_each_place(document, facilitator):
    doc = copy.deepcopy(document)
    doc["scores"][0]["level"] = "three"
    doc["assessment"]["date"] = "31/03/2027"
    doc["participants"][1]["perspective"] = "patient"
    doc["actions"][0]["due_date"] = 20270331
    doc["consensus"][0]["updated_at"] = "2026-12-01T10:00:00"
    doc["names_included"] = "yes"
    doc["programme"]["colour"] = "blue"
    del doc["scores"][1]["answer"]
    doc["participants"].append("Dana")
    problems = _refused(doc, facilitator)
    assert 'scores[0].level: expected a whole number from 1, found text "three"' in problems
    assert 'assessment.date: expected an ISO 8601 date, found text "31/03/2027"' in problems
    assert any(
        p.startswith("participants[1].perspective: expected one of 'carer'") for p in problems
    )
    assert (
        "actions[0].due_date: expected an ISO 8601 date as text, found the number 20270331"
        in problems
    )
    assert any(
        p.startswith('consensus[0].updated_at: "2026-12-01T10:00:00" has no time zone')
        for p in problems
    )
    assert 'names_included: expected true or false, found text "yes"' in problems
    assert "programme.colour: unknown key" in problems
    assert "scores[1].answer: missing" in problems
    assert 'participants[4]: expected an object, found text "Dana"' in problems


def test_import_refuses_criteria_levels_and_people_the_rubric_does_not_have(document, facilitator):
    doc = copy.deepcopy(document)
    doc["scores"][0]["criterion"] = "S9"
    doc["scores"][1]["level"] = 8
    doc["scores"][2]["participant"] = 9
    doc["scores"][3]["answer"] = "dont_know"  # with a level
    doc["scores"].append(dict(doc["scores"][4]))
    doc["consensus"][0]["rubric"] = "nef-six-principles"
    slug = doc["scores"][1]["rubric"]
    problems = _refused(doc, facilitator)
    assert f'scores[0].criterion: {slug} has no criterion "S9"' in problems
    assert f"scores[1].level: {slug} has no level 8" in problems
    assert "scores[2].participant: no participant 9" in problems
    assert 'scores[3].level: a level is given exactly when the answer is "level"' in problems
    assert "scores[20]: a second answer by this participant on this criterion" in problems
    assert 'consensus[0].rubric: "nef-six-principles" is not among the rubrics listed' in problems


@pytest.mark.parametrize("who", ["outsider", "viewer", "teammate"])
def test_import_refuses_anyone_not_a_facilitator_of_the_ods_code(request, document, who):
    user = request.getfixturevalue(who)
    code = document["organisation"]["ods_code"]
    assert _refused(document, user) == [
        "organisation.ods_code: you are not a facilitator of an organisation with ODS code "
        f'"{code}" here; only its facilitators may import its results'
    ]


def test_import_refuses_an_ods_code_no_organisation_here_has(document, outsider):
    doc = copy.deepcopy(document)
    doc["organisation"]["ods_code"] = "QZZ"
    MembershipFactory(user=outsider, role=Role.FACILITATOR)  # a facilitator elsewhere too
    assert _refused(doc, outsider)[0].startswith("organisation.ods_code: you are not a facilitator")


def test_a_failure_while_saving_leaves_nothing_behind(document, facilitator, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Action.objects, "bulk_create", broken)
    Programme.objects.all().delete()
    before = _counts()
    with pytest.raises(RuntimeError):
        _import(document, facilitator)
    assert _counts() == before


def test_import_refuses_repeats_and_rows_on_unknown_criteria(document, facilitator):
    doc = copy.deepcopy(document)
    doc["rubrics"].append(dict(doc["rubrics"][0]))
    doc["participants"][1]["number"] = 1
    doc["consensus"].append(dict(doc["consensus"][0]))
    doc["actions"][0]["criterion"] = "Z1"
    doc["actions"][0]["owner"] = 7
    problems = _refused(doc, facilitator)
    assert problems == ["actions[0].owner: expected text, found the number 7"]
    doc["actions"][0]["owner"] = ""
    slug = doc["rubrics"][0]["slug"]
    assert _refused(doc, facilitator) == [f'rubrics[2]: "{slug}" is listed twice']
    doc["rubrics"].pop()
    problems = _refused(doc, facilitator)
    assert problems[0] == "participants[1].number: 1 is used twice"
    assert "scores[5].participant: no participant 2" in problems  # 2 is gone now
    assert "consensus[5]: a second agreed level for this criterion" in problems
    assert f'actions[0].criterion: {slug} has no criterion "Z1"' in problems


def test_import_refuses_a_file_far_too_large_without_reading_it(facilitator, monkeypatch):
    monkeypatch.setattr("exports.checking.MAX_BYTES", 10)
    assert _refused(b'{"format": "coprod-results/1"}', facilitator) == [
        "file: larger than 10 bytes; not a results file"
    ]
