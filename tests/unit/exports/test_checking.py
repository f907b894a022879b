"""Reading and checking a results document, without a database."""

import json

from exports.checking import check_document, parse_document


def _problems(raw):
    doc, problems = parse_document(raw)
    return [str(p) for p in (problems or check_document(doc))]


def test_brackets_nested_thousands_deep_are_refused_not_crashed_on():
    (problem,) = _problems(b"[" * 100_000)
    assert "invalid JSON" in problem


def test_a_number_too_long_to_convert_is_refused():
    (problem,) = _problems(b'{"format": ' + b"9" * 5000 + b"}")
    assert problem.startswith("file: invalid JSON: ")


def test_a_byte_order_mark_is_allowed_and_missing_parts_are_named():
    problems = _problems(("\ufeff" + json.dumps({"format": "coprod-results/1"})).encode())
    assert "rubrics: missing" in problems and "assessment: missing" in problems
    assert "names_included: missing" in problems


def test_a_blank_title_and_a_long_programme_name_are_refused():
    doc = {
        "format": "coprod-results/1",
        "names_included": False,
        "rubrics": [],
        "organisation": {"ods_code": "QWO", "name": "NHS X"},
        "programme": {"name": "x" * 201, "description": ""},
        "assessment": {
            "title": "  ",
            "date": "2026-12-01",
            "status": "in_progress",
            "created_at": "2026-12-01T10:00:00+00:00",
            "submitted_at": None,
            "extra": 1,
        },
        "participants": [],
        "scores": {},
        "consensus": [],
        "actions": [],
    }
    assert sorted(str(p) for p in check_document(doc)) == [
        "assessment.extra: unknown key",
        "assessment.title: empty; give it a name",
        "programme.name: longer than 200 characters (201)",
        "scores: expected a list, found an object",
    ]


def test_a_misspelt_key_gets_a_suggestion():
    doc = json.loads(json.dumps({"format": "coprod-results/1", "programme": {"nmae": "x"}}))
    assert 'programme.nmae: unknown key (did you mean "name"?)' in [
        str(p) for p in check_document(doc)
    ]
