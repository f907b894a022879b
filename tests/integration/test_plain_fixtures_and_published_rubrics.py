"""Django's ordinary (list) fixtures skip Model.save(); they must not change a published rubric."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ladder.models import Framework, Level
from tests.factories.ladder import make_framework


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
    with pytest.raises(CommandError, match="published rubric version, which never changes"):
        call_command("loaddata", str(path), verbosity=0)
    level.refresh_from_db()
    assert (level.label, level.band) == ("Not yet", "doing_to")


def test_a_plain_fixture_cannot_unpublish_or_retarget_a_published_framework(db, tmp_path):
    framework = make_framework()
    path = _fixture(
        tmp_path,
        [{"model": "ladder.framework", "pk": framework.pk, "fields": {"target_level": 1}}],
    )
    with pytest.raises(CommandError, match="published rubric version"):
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
