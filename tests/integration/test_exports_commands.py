"""export_results and import_results: what they write, print, and their exit codes."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from assessments.models import Assessment
from exports.document import document_bytes, results_document
from tests.integration.exports_scenario import scored


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people(assessment):
    return scored(assessment)


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_writes_each_format_pseudonymous_by_default(assessment, people, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    out, _ = _run("export_results", str(assessment.pk), "--format", fmt, "-o", str(target))
    assert out == f"Wrote {target} ({target.stat().st_size:,} bytes, pseudonymous).\n"
    content = target.read_bytes()
    if fmt == "json":
        assert json.loads(content)["names_included"] is False
    elif fmt == "csv":
        assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    else:
        assert "Answers" in load_workbook(io.BytesIO(content)).sheetnames
    assert b"Priya" not in content


def test_export_as_a_facilitator_names_people(assessment, people, facilitator, tmp_path):
    target = tmp_path / "named.json"
    out, _ = _run(
        "export_results",
        str(assessment.pk),
        "--format",
        "json",
        "-o",
        str(target),
        "--user",
        "facilitator",
    )
    assert "with names" in out
    assert json.loads(target.read_bytes())["participants"][0]["name"] == "Priya Staff"


def test_export_as_a_viewer_is_pseudonymous_and_as_an_outsider_refused(
    assessment, people, viewer, outsider, tmp_path
):
    target = tmp_path / "v.json"
    _run(
        "export_results",
        str(assessment.pk),
        "--format",
        "json",
        "-o",
        str(target),
        "--user",
        "viewer",
    )
    assert json.loads(target.read_bytes())["names_included"] is False
    with pytest.raises(
        CommandError, match=f"No assessment with id {assessment.pk} that outsider may read"
    ):
        _run(
            "export_results",
            str(assessment.pk),
            "-o",
            str(tmp_path / "o.xlsx"),
            "--user",
            "outsider",
        )
    assert not (tmp_path / "o.xlsx").exists()


def test_export_refuses_an_unknown_id_and_a_missing_folder(assessment, tmp_path):
    with pytest.raises(CommandError, match="No assessment with id 999"):
        _run("export_results", "999")
    with pytest.raises(CommandError, match="does not exist"):
        _run("export_results", str(assessment.pk), "-o", str(tmp_path / "nowhere" / "x.xlsx"))


def test_import_prints_what_it_made(assessment, people, facilitator, tmp_path):
    file = tmp_path / "results.json"
    file.write_bytes(document_bytes(results_document(assessment, names_included=True)))
    out, _ = _run("import_results", str(file), "--user", "facilitator")
    imported = Assessment.objects.exclude(pk=assessment.pk).get()
    assert out == (
        f"Imported {file} as assessment {imported.pk} “Baseline, spring” in "
        "Town centre urgent care reconfiguration (NHS Demo Valley ICB).\n"
    )


def test_import_refuses_with_file_where_what_lines_and_exit_code_1(
    assessment, people, outsider, tmp_path
):
    doc = results_document(assessment, names_included=True)
    doc["scores"][0]["level"] = 0
    doc["assessment"]["status"] = "done"
    file = tmp_path / "bad.json"
    file.write_bytes(document_bytes(doc))
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_results", str(file), "--user", "outsider", stderr=err)
    assert refused.value.returncode == 1
    assert err.getvalue().splitlines() == [
        f"{file}: assessment.status: expected one of 'in_progress', 'submitted'; "
        'found text "done"',
        f"{file}: scores[0].level: expected a whole number from 1, found the number 0",
    ]
    assert str(refused.value) == f"2 problems: {file} was not imported (nothing was saved)."
    assert Assessment.objects.count() == 1


def test_import_refuses_an_unknown_user_and_an_unreadable_file(db, tmp_path, facilitator):
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        _run("import_results", str(tmp_path / "x.json"), "--user", "nobody")
    with pytest.raises(CommandError, match="x.json: file: cannot be read: No such file"):
        _run("import_results", str(tmp_path / "x.json"), "--user", "facilitator")


def test_import_shows_stderr_lines_for_a_truncated_file(db, tmp_path, facilitator):
    file = tmp_path / "cut.json"
    file.write_text('{"format": "coprod-results/1", "rubrics": [')
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem: "):
        call_command("import_results", str(file), "--user", "facilitator", stderr=err)
    assert err.getvalue().startswith(f"{file}: line 1, column ")
    assert "(the file ends too soon: is it complete?)" in err.getvalue()
