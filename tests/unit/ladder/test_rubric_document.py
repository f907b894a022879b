"""Pure checks of rubric documents: no database."""

import copy

import pytest

from ladder.rubric_document import Problem, document_to_objects, normalize_document
from ladder.rubric_parsing import parse_rubric_bytes
from ladder.rubric_validation import validate_rubric
from tests.unit.ladder.rubric_docs import (
    BROKEN_BYTES,
    BROKEN_DOCS,
    HOSTILE_BYTES,
    broken,
    minimal_doc,
    to_bytes,
)


def test_minimal_doc_is_valid():
    assert validate_rubric(minimal_doc()) == []


def test_parse_rubric_bytes_reads_a_valid_file():
    doc, problems = parse_rubric_bytes(to_bytes(minimal_doc()), "x.json")
    assert problems == []
    assert doc == minimal_doc()


def test_parse_rubric_bytes_accepts_a_utf8_byte_order_mark():
    doc, problems = parse_rubric_bytes(b"\xef\xbb\xbf" + to_bytes(minimal_doc()), "x.json")
    assert problems == [] and doc == minimal_doc()


@pytest.mark.parametrize(
    "raw, where, what",
    [case[1:] for case in BROKEN_BYTES + HOSTILE_BYTES],
    ids=[c[0] for c in BROKEN_BYTES + HOSTILE_BYTES],
)
def test_unreadable_and_hostile_files_are_reported_not_raised(raw, where, what):
    doc, problems = parse_rubric_bytes(raw, "x.json")
    if doc is not None:
        problems += validate_rubric(doc)
    assert any(str(p).startswith(f"{where}: ") and what in str(p) for p in problems), problems


def test_a_problem_line_can_always_be_written_to_a_terminal():
    problem = Problem("levels[0].\udc00", 'unknown key "\udc00"')
    assert problem.line("x.json").encode("utf-8")
    assert problem.line("x.json") == 'x.json: levels[0].\\udc00: unknown key "\\udc00"'


@pytest.mark.parametrize(
    "change, where, what", [case[1:] for case in BROKEN_DOCS], ids=[c[0] for c in BROKEN_DOCS]
)
def test_validate_rubric_reports_each_kind_of_mistake(change, where, what):
    problems = validate_rubric(broken(change))
    assert any(p.where == where and what in p.what for p in problems), problems


@pytest.mark.parametrize("top", [[], "text", None, 3])
def test_validate_rubric_reports_a_top_level_that_is_not_an_object(top):
    [problem] = validate_rubric(top)
    assert problem.where == "(document)"
    assert "the top level must be a JSON object" in problem.what


def test_validate_rubric_reports_every_problem_not_just_the_first():
    doc = minimal_doc()
    doc["framework"]["slug"] = "Bad Slug"
    doc["levels"][0]["band"] = "sideways"
    del doc["criteria"][0]["levels"]["2"]["descriptor"]
    wheres = [p.where for p in validate_rubric(doc)]
    assert wheres == [
        "framework.slug",
        "levels[0] (value 1).band",
        "criteria[0] (A).levels.2.descriptor",
    ]


def test_validate_rubric_does_not_crash_on_wrong_types_anywhere():
    doc = minimal_doc()
    doc["framework"]["name"] = 5
    doc["levels"][1] = "two"
    doc["criteria"][0] = []
    doc["criteria"][1]["levels"] = ["1", "2"]
    problems = validate_rubric(doc)
    assert {p.where for p in problems} >= {
        "framework.name",
        "levels[1]",
        "criteria[0]",
        "criteria[1] (B).levels",
    }


def test_problem_line_is_file_where_what():
    problem = Problem("criteria[2] (NEF3).levels.4.descriptor", "missing descriptor")
    assert (
        problem.line("nef.json")
        == "nef.json: criteria[2] (NEF3).levels.4.descriptor: missing descriptor"
    )


def test_optional_keys_may_be_left_out_and_normalize_fills_them_in_order():
    doc = minimal_doc()
    for key in ("description", "criterion_label", "order"):
        del doc["framework"][key]
    for criterion in doc["criteria"]:
        del criterion["question"], criterion["statement_source"]
    assert validate_rubric(doc) == []
    normal = normalize_document(doc)
    assert list(normal["framework"]) == list(minimal_doc()["framework"])
    assert normal["framework"]["criterion_label"] == "principle"
    assert normal["criteria"][0]["question"] == ""


def test_normalize_document_leaves_a_canonical_document_unchanged():
    doc = minimal_doc()
    assert normalize_document(copy.deepcopy(doc)) == doc


def test_document_to_objects_builds_unsaved_instances_for_every_criterion_and_level():
    objects = document_to_objects(minimal_doc())
    assert objects.framework.pk is None
    assert [level.value for level in objects.levels] == [1, 2, 3]
    assert [(c.code, c.order) for c in objects.criteria] == [("A", 1), ("B", 2)]
    assert [(d.criterion.code, d.level.value) for d in objects.descriptors] == [
        (code, value) for code in "AB" for value in (1, 2, 3)
    ]
