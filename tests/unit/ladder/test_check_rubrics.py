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
    "raw, where, what", [case[1:] for case in BROKEN_BYTES], ids=[c[0] for c in BROKEN_BYTES]
)
def test_check_rubrics_reports_each_kind_of_unreadable_file(tmp_path, raw, where, what):
    path = tmp_path / "broken.json"
    path.write_bytes(raw)
    code, _, err = run_check(path)
    assert code == 1
    assert any(
        line.startswith(f"{path}: {where}: ") and what in line for line in err.splitlines()
    ), err


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
