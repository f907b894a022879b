"""coprod-rubric/2: summaries, guidance, review metadata and replaces, checked without a
database, then loaded, exported byte for byte and guarded like version 1."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ladder.models import Criterion, Descriptor, PublishedFrameworkError
from ladder.rubric_document import differences, dump_document, normalize_document
from ladder.rubric_validation import validate_rubric
from ladder.services import create_draft_version
from tests.unit.ladder.rubric_docs import minimal_doc, to_bytes, write_doc
from tests.unit.ladder.rubric_docs_v2 import BROKEN_V2_DOCS, CHOOSING, broken_v2, minimal_doc_v2

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "rubrics"


def export(slug, **options):
    out = StringIO()
    call_command("export_rubric", slug, stdout=out, **options)
    return out.getvalue()


def check(*paths):
    err = StringIO()
    try:
        call_command("check_rubrics", *map(str, paths), stdout=StringIO(), stderr=err)
    except CommandError:
        pass
    return err.getvalue()


def test_minimal_v2_doc_is_valid_and_canonical():
    doc = minimal_doc_v2(replaces=["B"])
    assert validate_rubric(doc) == []
    assert normalize_document(doc) == doc


@pytest.mark.parametrize(
    "change, where, what", [c[1:] for c in BROKEN_V2_DOCS], ids=[c[0] for c in BROKEN_V2_DOCS]
)
def test_validate_rubric_refuses_each_kind_of_v2_mistake(change, where, what):
    problems = validate_rubric(broken_v2(change))
    assert any(p.where == where and what in p.what for p in problems), problems


def test_a_summary_of_exactly_25_words_is_allowed():
    doc = minimal_doc_v2()
    doc["criteria"][0]["levels"]["1"]["summary"] = " ".join(["word"] * 25)
    assert validate_rubric(doc) == []


def test_check_rubrics_names_file_place_and_reason_for_a_long_summary(tmp_path, db):
    doc = minimal_doc_v2()
    doc["criteria"][1]["levels"]["3"]["summary"] = " ".join(["plain"] * 31)
    path = write_doc(tmp_path / "test-principles-v2.json", doc)
    assert (
        check(path)
        .strip()
        .endswith("test-principles-v2.json: criteria[1] (B).levels.3.summary: 31 words; at most 25")
    )


def test_check_rubrics_refuses_replaces_naming_a_code_the_previous_version_lacks(tmp_path, db):
    v1 = write_doc(tmp_path / "test-principles.json", minimal_doc(status="published"))
    v2 = write_doc(tmp_path / "test-principles-v2.json", minimal_doc_v2(replaces=["B", "Q"]))
    assert check(v1, v2).strip() == (
        f'{v2}: criteria[1] (C).replaces[1]: "Q" is not a criterion of test-principles '
        "version 1 (its codes: A, B)"
    )
    fine = write_doc(tmp_path / "test-principles-v2.json", minimal_doc_v2(replaces=["B"]))
    assert check(v1, fine) == ""


def test_load_rubrics_refuses_replaces_naming_a_code_of_no_stored_version(load_doc):
    load_doc(minimal_doc(status="published"))
    with pytest.raises(CommandError):
        load_doc(minimal_doc_v2(replaces=["Q"]))
    assert not Criterion.objects.filter(code="C").exists()


@pytest.mark.parametrize("replaces", [None, ["B"]])
def test_a_v2_file_loads_and_exports_byte_for_byte(load_doc, replaces):
    load_doc(minimal_doc(status="published"))
    doc = minimal_doc_v2(status="published", replaces=replaces)
    doc["framework"]["guidance"]["placing"] = "A stage is placed by its main decision."
    doc["criteria"][0]["guidance"] = "Two of eight votes is not equal."
    doc["framework"]["review"].update(checked_by="Dr Asha Patel", checked_on="2026-12-05")
    framework = load_doc(doc)
    assert framework.format == 2 and framework.checked_by == "Dr Asha Patel"
    assert framework.review_due.isoformat() == "2027-12-01"
    assert Descriptor.objects.filter(criterion__framework=framework, summary="").count() == 0
    assert export("test-principles", version=2) == to_bytes(normalize_document(doc)).decode()
    # Version 1 still comes back as version 1, byte for byte.
    assert export("test-principles", version=1) == dump_document(minimal_doc(status="published"))


def test_not_yet_checked_is_null_in_the_file_and_said_so_in_words(load_doc):
    framework = load_doc(minimal_doc_v2())
    assert framework.checked_by_text == "not yet checked"
    assert json.loads(export("test-principles"))["framework"]["review"]["checked_by"] is None


def test_a_published_v2_summary_never_changes(load_doc):
    framework = load_doc(minimal_doc_v2(status="published"))
    descriptor = Descriptor.objects.filter(criterion__framework=framework).first()
    descriptor.summary = "Something else."
    with pytest.raises(PublishedFrameworkError):
        descriptor.save()


def test_differences_name_a_changed_summary_and_replaces():
    a, b = minimal_doc_v2(replaces=["B"]), minimal_doc_v2(replaces=["B"])
    b["criteria"][0]["levels"]["2"]["summary"] = "Changed."
    b["criteria"][1]["replaces"] = ["B", "D"]
    assert differences(a, b) == ["criteria[0].levels.2.summary", "criteria[1].replaces"]


def test_a_new_draft_of_a_v2_version_keeps_summaries_and_is_not_yet_checked(load_doc):
    load_doc(minimal_doc(status="published"))
    doc = minimal_doc_v2(status="published", replaces=["B"])
    doc["framework"]["review"].update(checked_by="Dr Asha Patel", checked_on="2026-12-05")
    draft = create_draft_version(framework=load_doc(doc))
    assert (draft.format, draft.checked_by, draft.checked_on) == (2, "", None)
    assert Criterion.objects.get(framework=draft, code="C").replaces == []
    assert not Descriptor.objects.filter(criterion__framework=draft, summary="").exists()


def test_the_choosing_rule_is_the_same_words_in_every_shipped_v2_file():
    files = sorted(SHIPPED.glob("*-v2.json"))
    assert files, f"no version-2 rubric files in {SHIPPED}"
    rules = {
        path.name: json.loads(path.read_bytes())["framework"]["guidance"]["choosing"]
        for path in files
    }
    assert set(rules.values()) == {CHOOSING}, rules


@pytest.mark.parametrize(
    "keys, line",
    [
        (("framework", "guidance"), "framework.guidance: missing guidance (choosing, "),
        (("framework", "review"), "framework.review: missing review (written_by, "),
        (
            ("criteria", 0, "levels", "2", "summary"),
            "criteria[0] (A).levels.2.summary: missing summary: plain English, at most 25 words",
        ),
    ],
)
def test_check_rubrics_refuses_a_v2_file_missing_a_required_new_key(tmp_path, db, keys, line):
    doc = minimal_doc_v2()
    node = doc
    for key in keys[:-1]:
        node = node[key]
    del node[keys[-1]]
    path = write_doc(tmp_path / "test-principles-v2.json", doc)
    assert check(path).startswith(f"{path}: {line}")


def test_check_rubrics_passes_every_shipped_file_of_both_formats(db):
    out = StringIO()
    call_command("check_rubrics", stdout=out, stderr=StringIO())
    files = sorted(SHIPPED.glob("*.json"))
    assert f"Checked {len(files)} rubric files: all valid." in out.getvalue()
    assert {json.loads(p.read_bytes())["format"] for p in files} == {
        "coprod-rubric/1",
        "coprod-rubric/2",
    }
