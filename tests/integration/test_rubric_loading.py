"""load_rubrics: new versions load; a published version already stored is left alone when the
file matches and refused when it differs; a draft in the database is never overwritten;
broken and hostile files are refused whole with FILE: WHERE: WHAT and no traceback."""

import json
import os
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from ladder.management.rubric_files import rubric_paths
from ladder.models import Criterion, Descriptor, Framework, FrameworkStatus, Level
from ladder.rubric_document import framework_to_document
from tests.unit.ladder.rubric_docs import (
    BROKEN_BYTES,
    BROKEN_DOCS,
    HOSTILE_BYTES,
    broken,
    minimal_doc,
    write_doc,
)

pytestmark = pytest.mark.django_db

SHIPPED = rubric_paths([])  # in load order: each slug's versions in turn


def snapshot():
    """Counts and every stored value of the rubric library."""
    return {
        "counts": [m.objects.count() for m in (Framework, Level, Criterion, Descriptor)],
        "frameworks": list(Framework.objects.values().order_by("pk")),
        "levels": list(Level.objects.values().order_by("pk")),
        "criteria": list(Criterion.objects.values().order_by("pk")),
        "descriptors": list(Descriptor.objects.values().order_by("pk")),
        "documents": [framework_to_document(f) for f in Framework.objects.all()],
    }


def load_rubrics(*paths):
    """Run load_rubrics in-process; returns (exit code, stdout, stderr) as a user sees them."""
    out, err = StringIO(), StringIO()
    try:
        call_command("load_rubrics", *[str(p) for p in paths], stdout=out, stderr=err)
    except CommandError as error:
        err.write(f"{error}\n")
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def refused(*paths):
    """Run load_rubrics expecting a refusal; return what it wrote to stderr."""
    code, _, err = load_rubrics(*paths)
    assert code == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def existing(tmp_path):
    """A draft of the same framework and another, published one, already in the database."""
    code, _, err = load_rubrics(
        write_doc(tmp_path / "draft.json", minimal_doc()),
        write_doc(tmp_path / "other.json", minimal_doc(slug="other", status="published")),
    )
    assert code == 0, err
    return snapshot()


def test_load_rubrics_loads_a_rubric_document_and_says_so(tmp_path):
    path = write_doc(tmp_path / "r.json", minimal_doc())
    code, out, err = load_rubrics(path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{path}: loaded test-principles version 1 (draft)",
        "1 rubric file: 1 loaded.",
    ]
    framework = Framework.objects.get(slug="test-principles", version=1)
    assert framework.levels.count() == 3
    assert list(framework.criteria.values_list("code", "order")) == [("A", 1), ("B", 2)]
    assert Descriptor.objects.filter(criterion__framework=framework).count() == 6
    assert framework_to_document(framework) == minimal_doc()


def test_load_rubrics_publishes_a_published_document_and_stamps_the_time(tmp_path):
    path = write_doc(tmp_path / "r.json", minimal_doc(status="published"))
    _, out, _ = load_rubrics(path)
    assert f"{path}: loaded test-principles version 1 (published)" in out
    framework = Framework.objects.get()
    assert framework.is_published and framework.published_at is not None
    assert framework_to_document(framework) == minimal_doc(status="published")


def _slug_and_version(path):
    fw = json.loads(path.read_bytes())["framework"]
    return fw["slug"], fw["version"]


def test_load_rubrics_without_arguments_loads_every_shipped_file_and_a_second_run_does_nothing():
    code, out, err = load_rubrics()
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(SHIPPED) + 1
    for line, path in zip(lines, SHIPPED, strict=False):
        slug, version = _slug_and_version(path)
        assert line.startswith(f"fixtures/rubrics/{path.name}: loaded {slug} version {version} ")
    assert lines[-1] == f"{len(SHIPPED)} rubric files: {len(SHIPPED)} loaded."
    assert Framework.objects.published().count() == len(SHIPPED)
    before = snapshot()

    code, out, err = load_rubrics()
    assert (code, err) == (0, "")
    for line, path in zip(out.splitlines(), SHIPPED, strict=False):
        slug, version = _slug_and_version(path)
        assert line == (
            f"fixtures/rubrics/{path.name}: unchanged: {slug} version {version} is already "
            "published in the database with this content"
        )
    assert out.splitlines()[-1] == f"{len(SHIPPED)} rubric files: {len(SHIPPED)} unchanged."
    assert snapshot() == before


def test_load_rubrics_finds_a_shipped_rubric_by_its_bare_name():
    code, out, _ = load_rubrics(SHIPPED[0].stem)
    assert code == 0
    assert out.startswith(f"fixtures/rubrics/{SHIPPED[0].name}: loaded ")
    assert Framework.objects.get().slug == SHIPPED[0].stem


def test_a_changed_draft_file_leaves_the_database_draft_alone_and_says_so(tmp_path, existing):
    doc = minimal_doc()
    doc["criteria"][0]["levels"]["2"]["descriptor"] = "Reworded."
    doc["criteria"].pop()
    path = write_doc(tmp_path / "draft.json", doc)
    code, out, err = load_rubrics(path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{path}: draft kept: test-principles version 1 is a draft in the database with "
        "other content, left as it is (an admin may be editing it); to load this file "
        "instead, delete that draft in admin first",
        "1 rubric file: 1 draft kept.",
    ]
    assert snapshot() == existing


def test_an_identical_draft_file_is_unchanged(tmp_path, existing):
    path = write_doc(tmp_path / "draft.json", minimal_doc())
    _, out, _ = load_rubrics(path)
    assert out.splitlines()[0] == (
        f"{path}: unchanged: test-principles version 1 is already a draft in the database "
        "with this content"
    )
    assert snapshot() == existing


def test_a_published_file_does_not_publish_a_draft_an_admin_is_editing(tmp_path, existing):
    path = write_doc(tmp_path / "draft.json", minimal_doc(status="published"))
    code, out, _ = load_rubrics(path)
    assert code == 0
    assert f"{path}: draft kept: test-principles version 1 is a draft" in out
    assert Framework.objects.get(slug="test-principles").status == FrameworkStatus.DRAFT
    assert snapshot() == existing


def test_reloading_identical_published_content_changes_nothing(tmp_path, existing):
    path = write_doc(tmp_path / "other.json", minimal_doc(slug="other", status="published"))
    code, out, _ = load_rubrics(path)
    assert code == 0
    assert f"{path}: unchanged: other version 1 is already published" in out
    assert snapshot() == existing


def test_load_rubrics_refuses_new_wording_for_a_published_version(tmp_path, existing):
    doc = minimal_doc(slug="other", status="published")
    doc["criteria"][1]["levels"]["3"]["descriptor"] = "Sneaky rewrite."
    path = write_doc(tmp_path / "other.json", doc)
    message = refused(path)
    assert message.startswith(
        f"{path}: framework: other version 1 is already published with different wording "
        "(criteria[1].levels.3.descriptor); a published version never changes: give your "
        'edit a new version number (and "status": "draft")\n'
    )
    assert message.splitlines()[-1] == (
        "1 problem: refused 1 of 1 rubric file (nothing loaded from it)."
    )
    assert snapshot() == existing


def test_load_rubrics_refuses_to_turn_a_published_version_back_into_a_draft(tmp_path, existing):
    path = write_doc(tmp_path / "other.json", minimal_doc(slug="other", status="draft"))
    assert "already published with different wording (framework.status)" in refused(path)
    assert snapshot() == existing


def test_load_rubrics_accepts_an_edit_as_a_new_version(tmp_path, existing):
    doc = minimal_doc(slug="other", version=2, status="draft")
    doc["levels"][0]["label"] = "Telling"
    code, out, _ = load_rubrics(write_doc(tmp_path / "other-v2.json", doc))
    assert code == 0 and "loaded other version 2 (draft)" in out
    assert Framework.objects.filter(slug="other").count() == 2
    assert (
        Level.objects.get(framework__slug="other", framework__version=1, value=1).label
        == "Informing"
    )


@pytest.mark.parametrize(
    "change, where, what", [case[1:] for case in BROKEN_DOCS], ids=[c[0] for c in BROKEN_DOCS]
)
def test_load_rubrics_refuses_each_kind_of_broken_document(tmp_path, existing, change, where, what):
    path = write_doc(tmp_path / "draft.json", broken(change))
    message = refused(path)
    assert any(
        line.startswith(f"{path}: {where}: ") and what in line for line in message.splitlines()
    ), message
    assert message.splitlines()[-1].endswith("refused 1 of 1 rubric file (nothing loaded from it).")
    assert snapshot() == existing


@pytest.mark.parametrize(
    "raw, where, what",
    [case[1:] for case in BROKEN_BYTES + HOSTILE_BYTES],
    ids=[c[0] for c in BROKEN_BYTES + HOSTILE_BYTES],
)
def test_load_rubrics_refuses_each_kind_of_unreadable_or_hostile_file(
    tmp_path, existing, raw, where, what
):
    path = tmp_path / "draft.json"
    path.write_bytes(raw)
    message = refused(path)
    assert any(
        line.startswith(f"{path}: {where}: ") and what in line for line in message.splitlines()
    ), message[:2000]
    assert len(message) < 10_000  # no value echoed whole
    assert snapshot() == existing


def test_load_rubrics_refuses_a_directory_and_a_missing_file(tmp_path, existing):
    message = refused(tmp_path, tmp_path / "gone.json")
    assert f"{tmp_path}: file: cannot be read: Is a directory" in message
    assert f"{tmp_path / 'gone.json'}: file: no such file" in message
    assert (
        message.splitlines()[-1]
        == "2 problems: refused 2 of 2 rubric files (nothing loaded from them)."
    )


def test_a_broken_file_refuses_only_itself_and_the_others_load(tmp_path, existing):
    bad = broken(lambda d: d["criteria"][0]["levels"]["1"].pop("next_steps"))
    new_path = write_doc(tmp_path / "brand-new.json", minimal_doc(slug="brand-new"))
    bad_path = write_doc(tmp_path / "zz-bad.json", bad)
    code, out, err = load_rubrics(new_path, bad_path)
    assert code == 1
    assert out.splitlines() == [f"{new_path}: loaded brand-new version 1 (draft)"]
    assert err.splitlines() == [
        f"{bad_path}: criteria[0] (A).levels.1.next_steps: missing next_steps; give a list "
        "of at least one piece of text",
        "1 problem: refused 1 of 2 rubric files (nothing loaded from it); 1 loaded.",
    ]
    assert Framework.objects.filter(slug="brand-new").exists()
    after = snapshot()
    after["frameworks"] = [f for f in after["frameworks"] if f["slug"] != "brand-new"]
    assert after["frameworks"] == existing["frameworks"]


def test_a_second_file_for_the_same_version_is_refused(tmp_path):
    first = write_doc(tmp_path / "a.json", minimal_doc())
    second = write_doc(tmp_path / "b.json", minimal_doc())
    code, out, err = load_rubrics(first, second)
    assert code == 1
    assert f"{first}: loaded test-principles version 1 (draft)" in out
    assert (
        f"{second}: framework.version: test-principles version 1 is also in {first}; each "
        "version has one file"
    ) in err


def test_load_rubrics_exits_1_with_no_traceback_from_the_command_line(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coprod.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

    def run(*args):
        return subprocess.run(
            [*manage, *args], capture_output=True, text=True, env=env, check=False
        )

    assert run("migrate", "-v0").returncode == 0
    good = write_doc(tmp_path / "good.json", minimal_doc(status="published"))
    first = run("load_rubrics", str(good))
    assert first.returncode == 0, first.stderr
    assert f"{good}: loaded test-principles version 1 (published)" in first.stdout

    again = run("load_rubrics", str(good))
    assert again.returncode == 0
    assert f"{good}: unchanged: test-principles version 1" in again.stdout

    edited = minimal_doc(status="published")
    edited["framework"]["name"] = "Renamed"
    bad = write_doc(tmp_path / "bad.json", edited)
    nested = tmp_path / "nested.json"
    nested.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = run("load_rubrics", str(bad), str(nested))
    assert result.returncode == 1
    assert f"{bad}: framework: test-principles version 1 is already published" in result.stderr
    assert f"{nested}: line 1, column 21: brackets nested more than 20 deep" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_loads_of_one_file_both_succeed(tmp_path):
    """Two `make serve` starting at once: one loads the version, the other finds it."""
    path = write_doc(tmp_path / "r.json", minimal_doc(status="published"))
    barrier = threading.Barrier(2)
    outcomes = []

    def load():
        barrier.wait()
        try:
            out = StringIO()
            call_command("load_rubrics", str(path), stdout=out)
            first_line = out.getvalue().splitlines()[0]
            outcomes.append(first_line.removeprefix(f"{path}: ").split(":")[0])
        except Exception as error:  # a crash is the failure this test looks for
            outcomes.append(f"error: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["loaded test-principles version 1 (published)", "unchanged"]
    assert Framework.objects.get().is_published
