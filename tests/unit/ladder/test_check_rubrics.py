"""python manage.py check_rubrics: one FILE: WHERE: WHAT line per problem, exit 1 if any."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.unit.ladder.rubric_docs import (
    BROKEN_BYTES,
    BROKEN_DOCS,
    HOSTILE_BYTES,
    broken,
    minimal_doc,
    to_bytes,
    write_doc,
)

# check_rubrics compares files with the database when it is migrated, as the test one is.
pytestmark = pytest.mark.django_db


def run_check(*files):
    """Run check_rubrics in-process; returns (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("check_rubrics", *[str(f) for f in files], stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"{error}\n")
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_check_rubrics_passes_a_valid_file(tmp_path):
    path = write_doc(tmp_path / "ok.json", minimal_doc())
    code, out, err = run_check(path)
    assert code == 0
    assert err == ""
    assert "Checked 1 rubric file: all valid." in out


@pytest.mark.parametrize(
    "change, where, what", [case[1:] for case in BROKEN_DOCS], ids=[c[0] for c in BROKEN_DOCS]
)
def test_check_rubrics_reports_each_kind_of_broken_document(tmp_path, change, where, what):
    path = write_doc(tmp_path / "broken.json", broken(change))
    code, _, err = run_check(path)
    assert code == 1
    lines = err.splitlines()
    assert any(line.startswith(f"{path}: {where}: ") and what in line for line in lines), err
    assert "Traceback" not in err
    assert lines[-1].endswith("of 1 rubric file.")


@pytest.mark.parametrize(
    "raw, where, what",
    [case[1:] for case in BROKEN_BYTES + HOSTILE_BYTES],
    ids=[c[0] for c in BROKEN_BYTES + HOSTILE_BYTES],
)
def test_check_rubrics_reports_each_kind_of_unreadable_or_hostile_file(tmp_path, raw, where, what):
    path = tmp_path / "broken.json"
    path.write_bytes(raw)
    code, _, err = run_check(path)
    assert code == 1
    assert any(
        line.startswith(f"{path}: {where}: ") and what in line for line in err.splitlines()
    ), err[:2000]
    assert "Traceback" not in err
    assert len(err) < 10_000  # no value echoed whole


def test_check_rubrics_reports_a_top_level_list(tmp_path):
    path = tmp_path / "list.json"
    path.write_bytes(b"[]")
    code, _, err = run_check(path)
    assert code == 1
    assert f"{path}: (document): the top level must be a JSON object" in err


def test_check_rubrics_reports_a_missing_file(tmp_path):
    code, _, err = run_check(tmp_path / "nowhere.json")
    assert code == 1
    assert f"{tmp_path / 'nowhere.json'}: file: no such file" in err


def test_check_rubrics_checks_every_file_and_summarises(tmp_path):
    good = write_doc(tmp_path / "good.json", minimal_doc())
    bad = write_doc(tmp_path / "bad.json", broken(lambda d: d["levels"].clear()))
    code, _, err = run_check(good, bad, tmp_path / "gone.json")
    assert code == 1
    assert str(good) not in err
    assert err.splitlines()[-1] == "2 problems in 2 of 3 rubric files."


def test_check_rubrics_exits_1_with_no_traceback_from_the_command_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(to_bytes(broken(lambda d: d["criteria"][1].update(code="A"))))
    good = write_doc(tmp_path / "good.json", minimal_doc())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "coprod.settings"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "check_rubrics", str(good), str(bad)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert f'{bad}: criteria[1] (A).code: duplicate criterion code "A"' in result.stderr
    assert "Traceback" not in result.stderr

    ok = subprocess.run(
        [sys.executable, str(manage), "check_rubrics", str(good)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr


def test_check_rubrics_without_arguments_checks_the_shipped_rubric_files():
    shipped = sorted((Path(settings.BASE_DIR) / "fixtures" / "rubrics").glob("*.json"))
    code, out, err = run_check()
    assert code == 0, err
    assert f"Checked {len(shipped)} rubric file" in out


def test_check_rubrics_reports_a_directory_and_an_endless_device(tmp_path):
    code, _, err = run_check(tmp_path, "/dev/zero")
    assert code == 1
    assert f"{tmp_path}: file: cannot be read: Is a directory" in err
    assert "/dev/zero: file: larger than 2,000,000 bytes" in err


def test_check_rubrics_shows_the_first_50_problems_of_a_file_and_counts_the_rest(tmp_path):
    doc = minimal_doc()
    doc["levels"][0].update({f"extra{i}": i for i in range(120)})
    path = write_doc(tmp_path / "noisy.json", doc)
    code, _, err = run_check(path)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 52
    assert lines[50] == f"{path}: (document): 70 more problems not shown"
    assert lines[51] == "120 problems in 1 of 1 rubric file."


def test_check_rubrics_refuses_two_files_for_the_same_version(tmp_path):
    first = write_doc(tmp_path / "a.json", minimal_doc())
    second = write_doc(tmp_path / "b.json", minimal_doc())
    code, _, err = run_check(first, second)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{second}: framework.version: test-principles version 1 is also in {first}; each "
        "version has one file"
    )


def test_check_rubrics_counts_brackets_inside_text_as_text(tmp_path):
    doc = minimal_doc()
    doc["framework"]["description"] = "[" * 100 + "{" * 100
    code, _, err = run_check(write_doc(tmp_path / "ok.json", doc))
    assert (code, err) == (0, "")


def test_check_rubrics_reports_a_file_that_differs_from_its_published_version(load_doc, tmp_path):
    load_doc(minimal_doc(status="published"))
    edited = minimal_doc(status="published")
    edited["levels"][1]["label"] = "Asking"
    path = write_doc(tmp_path / "edited.json", edited)
    code, _, err = run_check(path)
    assert code == 1
    assert err.splitlines() == [
        f"{path}: framework: test-principles version 1 is already published with different "
        "wording (levels[1].label); a published version never changes: give your edit a new "
        'version number (and "status": "draft")',
        "1 problem in 1 of 1 rubric file.",
    ]


def test_check_rubrics_accepts_a_file_matching_its_published_version_or_a_draft(load_doc, tmp_path):
    load_doc(minimal_doc(status="published"))
    load_doc(minimal_doc(slug="in-progress"))
    edited_draft = minimal_doc(slug="in-progress")
    edited_draft["levels"][1]["label"] = "Asking"  # load_rubrics would keep the database's
    same = write_doc(tmp_path / "same.json", minimal_doc(status="published"))
    code, out, err = run_check(same, write_doc(tmp_path / "draft.json", edited_draft))
    assert (code, err) == (0, "")
    assert "all valid. None differs from a version published in the database." in out


@pytest.mark.parametrize(
    "database_url",
    ["sqlite:///{tmp}/never-made.sqlite3", "postgres://nobody:x@127.0.0.1:9/none"],
    ids=["sqlite_file_not_there", "postgres_not_answering"],
)
def test_check_rubrics_works_with_no_migrated_database(tmp_path, database_url):
    good = write_doc(tmp_path / "good.json", minimal_doc())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coprod.settings",
        "DATABASE_URL": database_url.format(tmp=tmp_path),
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "check_rubrics", str(good)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "all valid. No migrated database to compare them with." in result.stdout
    assert not (tmp_path / "never-made.sqlite3").exists()
