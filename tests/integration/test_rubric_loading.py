"""loaddata with rubric documents: valid files load (and reload in place); broken files, and
edits to published versions, are refused with FILE: WHERE: WHAT and leave the database as it
was."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError

from ladder.models import Criterion, Descriptor, Framework, FrameworkStatus, Level
from ladder.rubric_document import framework_to_document
from tests.unit.ladder.rubric_docs import (
    BROKEN_BYTES,
    BROKEN_DOCS,
    broken,
    minimal_doc,
    write_doc,
)

pytestmark = pytest.mark.django_db


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


def loaddata(*paths):
    call_command("loaddata", *[str(p) for p in paths], verbosity=0)


def refused(*paths):
    """Run loaddata expecting a refusal; return the message the user sees."""
    with pytest.raises(DeserializationError) as error:
        loaddata(*paths)
    # Also a CommandError: manage.py loaddata prints it with no traceback and exits 1.
    assert isinstance(error.value, CommandError)
    return str(error.value)


@pytest.fixture
def existing(tmp_path):
    """A draft of the same framework and another, published one, already in the database."""
    loaddata(
        write_doc(tmp_path / "draft.json", minimal_doc()),
        write_doc(tmp_path / "other.json", minimal_doc(slug="other", status="published")),
    )
    return snapshot()


def test_loaddata_loads_a_rubric_document(tmp_path):
    loaddata(write_doc(tmp_path / "r.json", minimal_doc()))
    framework = Framework.objects.get(slug="test-principles", version=1)
    assert framework.levels.count() == 3
    assert list(framework.criteria.values_list("code", "order")) == [("A", 1), ("B", 2)]
    assert Descriptor.objects.filter(criterion__framework=framework).count() == 6
    assert framework_to_document(framework) == minimal_doc()


def test_loaddata_sets_published_at_for_a_published_document(tmp_path):
    loaddata(write_doc(tmp_path / "r.json", minimal_doc(status="published")))
    assert Framework.objects.get().published_at is not None


def test_loaddata_finds_rubrics_by_name_in_the_fixture_dirs():
    # fixtures/rubrics is in FIXTURE_DIRS; every shipped file loads by its bare name.
    from pathlib import Path

    from django.conf import settings

    names = sorted(
        p.stem for p in (Path(settings.BASE_DIR) / "fixtures" / "rubrics").glob("*.json")
    )
    assert names
    call_command("loaddata", *names, verbosity=0)
    assert Framework.objects.count() == len(names)


def test_reloading_a_draft_updates_it_in_place(tmp_path, existing):
    doc = minimal_doc()
    doc["criteria"][0]["levels"]["2"]["descriptor"] = "Reworded."
    doc["criteria"].pop()  # criterion B removed
    doc["criteria"].append({**doc["criteria"][0], "code": "C", "title": "Networks"})
    pks = set(Framework.objects.values_list("pk", flat=True))
    loaddata(write_doc(tmp_path / "draft.json", doc))

    framework = Framework.objects.get(slug="test-principles", version=1)
    assert set(Framework.objects.values_list("pk", flat=True)) == pks
    assert framework_to_document(framework) == doc
    assert not Criterion.objects.filter(framework=framework, code="B").exists()


def test_reloading_identical_published_content_is_accepted_and_changes_nothing(tmp_path, existing):
    loaddata(write_doc(tmp_path / "other.json", minimal_doc(slug="other", status="published")))
    assert snapshot() == existing


def test_loaddata_refuses_new_wording_for_a_published_version(tmp_path, existing):
    doc = minimal_doc(slug="other", status="published")
    doc["criteria"][1]["levels"]["3"]["descriptor"] = "Sneaky rewrite."
    path = write_doc(tmp_path / "other.json", doc)
    message = refused(path)
    assert (
        f"{path}: framework: other version 1 is already published with different wording" in message
    )
    assert "criteria[1].levels.3.descriptor" in message
    assert "give your edit a new version number" in message
    assert snapshot() == existing


def test_loaddata_refuses_to_turn_a_published_version_back_into_a_draft(tmp_path, existing):
    path = write_doc(tmp_path / "other.json", minimal_doc(slug="other", status="draft"))
    assert "already published with different wording (framework.status)" in refused(path)
    assert snapshot() == existing


def test_loaddata_accepts_an_edit_as_a_new_version(tmp_path, existing):
    doc = minimal_doc(slug="other", version=2, status="draft")
    doc["levels"][0]["label"] = "Telling"
    loaddata(write_doc(tmp_path / "other-v2.json", doc))
    assert Framework.objects.filter(slug="other").count() == 2
    assert (
        Level.objects.get(framework__slug="other", framework__version=1, value=1).label
        == "Informing"
    )


@pytest.mark.parametrize(
    "change, where, what", [case[1:] for case in BROKEN_DOCS], ids=[c[0] for c in BROKEN_DOCS]
)
def test_loaddata_refuses_each_kind_of_broken_document(tmp_path, existing, change, where, what):
    path = write_doc(tmp_path / "draft.json", broken(change))
    message = refused(path)
    assert message.splitlines()[0].endswith(f"in rubric file {path}:")
    assert any(
        line.startswith(f"{path}: {where}: ") and what in line for line in message.splitlines()
    ), message
    assert snapshot() == existing


@pytest.mark.parametrize(
    "raw, where, what", [case[1:] for case in BROKEN_BYTES], ids=[c[0] for c in BROKEN_BYTES]
)
def test_loaddata_refuses_each_kind_of_unreadable_file(tmp_path, existing, raw, where, what):
    path = tmp_path / "draft.json"
    path.write_bytes(raw)
    message = refused(path)
    assert any(
        line.startswith(f"{path}: {where}: ") and what in line for line in message.splitlines()
    ), message
    assert snapshot() == existing


def test_a_valid_and_a_broken_file_in_one_loaddata_leave_the_database_unchanged(tmp_path, existing):
    valid = minimal_doc(slug="brand-new")
    edit = minimal_doc()  # a valid edit of the existing draft…
    edit["levels"][0]["label"] = "Changed"
    bad = broken(lambda d: d["criteria"][0]["levels"]["1"].pop("next_steps"))
    bad_path = write_doc(tmp_path / "zz-bad.json", bad)
    message = refused(
        write_doc(tmp_path / "brand-new.json", valid),
        write_doc(tmp_path / "draft.json", edit),
        bad_path,
    )
    assert f"{bad_path}: criteria[0] (A).levels.1.next_steps: missing next_steps" in message
    assert snapshot() == existing
    assert not Framework.objects.filter(slug="brand-new").exists()


def test_a_published_refusal_after_valid_files_leaves_the_database_unchanged(tmp_path, existing):
    changed = minimal_doc(slug="other", status="published")
    changed["framework"]["name"] = "Renamed"
    refused(
        write_doc(tmp_path / "brand-new.json", minimal_doc(slug="brand-new")),
        write_doc(tmp_path / "other.json", changed),
    )
    assert snapshot() == existing


def test_loaddata_can_publish_a_draft_by_reloading_it_as_published(tmp_path, existing):
    loaddata(write_doc(tmp_path / "draft.json", minimal_doc(status="published")))
    framework = Framework.objects.get(slug="test-principles")
    assert framework.status == FrameworkStatus.PUBLISHED
    assert framework.published_at is not None


def test_ordinary_fixtures_still_load(tmp_path):
    path = tmp_path / "groups.json"
    path.write_text(
        json.dumps([{"model": "auth.group", "pk": 7, "fields": {"name": "Panel"}}]),
        encoding="utf-8",
    )
    loaddata(path)
    assert Group.objects.get(pk=7).name == "Panel"
