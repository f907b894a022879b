"""loaddata and dumpdata are Django's own; their raw saves still cannot change a published
rubric (ladder/signals.py guards raw saves too), and a backup still restores."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers.base import DeserializationError

from ladder.models import Framework, Level, PublishedFrameworkError
from tests.factories.ladder import make_framework
from tests.unit.ladder.rubric_docs import minimal_doc, write_doc


def _fixture(tmp_path, objects):
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    return path


def _level_fixture(level, **fields):
    return {
        "model": "ladder.level",
        "pk": level.pk,
        "fields": {
            "framework": level.framework_id,
            "value": level.value,
            "label": level.label,
            "meaning": level.meaning,
            "band": level.band,
            **fields,
        },
    }


def test_a_plain_fixture_cannot_rewrite_a_published_level(db, tmp_path):
    framework = make_framework()
    level = framework.levels.get(value=1)
    path = _fixture(tmp_path, [_level_fixture(level, label="REWRITTEN", band="doing_with")])
    # loaddata names the object it could not load, then our reason.
    with pytest.raises(
        PublishedFrameworkError,
        match=rf"Could not load ladder.Level\(pk={level.pk}\): Cannot change level {level.pk}: "
        "it belongs to a published rubric version, which never changes",
    ):
        call_command("loaddata", str(path), verbosity=0)
    level.refresh_from_db()
    assert (level.label, level.band) == ("Not yet", "doing_to")


def test_a_plain_fixture_cannot_unpublish_or_retarget_a_published_framework(db, tmp_path):
    framework = make_framework()
    path = _fixture(
        tmp_path,
        [{"model": "ladder.framework", "pk": framework.pk, "fields": {"target_level": 1}}],
    )
    with pytest.raises(PublishedFrameworkError, match="published rubric version"):
        call_command("loaddata", str(path), verbosity=0)
    framework.refresh_from_db()
    assert framework.target_level == 4 and framework.is_published


def test_a_plain_fixture_may_still_edit_a_draft(db, tmp_path):
    level = make_framework(published=False).levels.get(value=1)
    call_command(
        "loaddata", str(_fixture(tmp_path, [_level_fixture(level, label="Edited")])), verbosity=0
    )
    level.refresh_from_db()
    assert level.label == "Edited"


def test_a_dump_of_published_rubrics_restores_into_an_empty_database(db, tmp_path):
    framework = make_framework()
    path = tmp_path / "backup.json"
    call_command("dumpdata", "ladder", output=str(path), verbosity=0)
    Framework.objects.filter(pk=framework.pk).update(status="draft")
    Framework.objects.all().delete()
    assert not Level.objects.exists()
    call_command("loaddata", str(path), verbosity=0)
    restored = Framework.objects.get(slug=framework.slug)
    assert restored.is_published and restored.levels.count() == 5
    assert restored.criteria.get(code="P1").descriptors.count() == 5


def test_a_plain_fixture_cannot_add_a_level_to_a_published_framework(db, tmp_path):
    framework = make_framework()
    fields = {"framework": framework.pk, "value": 6, "label": "Extra", "meaning": "x"}
    new = {"model": "ladder.level", "pk": 99_999, "fields": {**fields, "band": "doing_with"}}
    with pytest.raises(PublishedFrameworkError, match="Cannot add level 99999"):
        call_command("loaddata", str(_fixture(tmp_path, [new])), verbosity=0)
    assert framework.levels.count() == 5


def test_a_restore_may_fill_in_only_frameworks_it_created_itself(db, tmp_path):
    """The first object restores a new published framework, the second rewrites an old one:
    the whole fixture is refused and the new framework is gone with it."""
    old = make_framework()
    source = make_framework(slug="restored")
    path = tmp_path / "backup.json"
    call_command("dumpdata", "ladder.framework", output=str(path), verbosity=0)
    objects = [o for o in json.loads(path.read_text()) if o["fields"]["slug"] == "restored"]
    Framework.objects.filter(pk=source.pk).update(status="draft")
    Framework.objects.filter(pk=source.pk).delete()
    objects.append(_level_fixture(old.levels.get(value=1), label="REWRITTEN"))
    with pytest.raises(PublishedFrameworkError):
        call_command("loaddata", str(_fixture(tmp_path, objects)), verbosity=0)
    assert not Framework.objects.filter(slug="restored").exists()
    assert old.levels.get(value=1).label == "Not yet"


def test_a_restore_s_permission_ends_when_its_transaction_commits(
    db, tmp_path, django_capture_on_commit_callbacks
):
    framework = make_framework()
    path = tmp_path / "backup.json"
    call_command("dumpdata", "ladder", output=str(path), verbosity=0)
    Framework.objects.filter(pk=framework.pk).update(status="draft")
    Framework.objects.all().delete()
    # The test runs inside one transaction; this stands for loaddata's own commit.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", str(path), verbosity=0)
    level = Level.objects.get(framework__slug=framework.slug, value=1)
    with pytest.raises(PublishedFrameworkError):
        call_command(
            "loaddata", str(_fixture(tmp_path, [_level_fixture(level, label="Later")])), verbosity=0
        )
    level.refresh_from_db()
    assert level.label == "Not yet"


def test_ordinary_fixtures_load_and_dump_as_django_ships_them(db, tmp_path):
    path = _fixture(tmp_path, [{"model": "auth.group", "pk": 7, "fields": {"name": "Panel"}}])
    call_command("loaddata", str(path), verbosity=0)
    assert Group.objects.get(pk=7).name == "Panel"
    dump = tmp_path / "groups-dump.json"
    call_command("dumpdata", "auth.group", output=str(dump), verbosity=0)
    assert json.loads(dump.read_text()) == [
        {"model": "auth.group", "pk": 7, "fields": {"name": "Panel", "permissions": []}}
    ]


def test_loaddata_no_longer_reads_rubric_files(db, tmp_path):
    """Rubric files go through load_rubrics; to loaddata they are not fixtures."""
    path = write_doc(tmp_path / "rubric.json", minimal_doc())
    with pytest.raises(DeserializationError):
        call_command("loaddata", str(path), verbosity=0)
    assert not Framework.objects.exists()
