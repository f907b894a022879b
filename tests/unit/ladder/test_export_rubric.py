"""export_rubric writes what load_rubrics reads: export -> load -> export is byte-identical."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ladder.models import Descriptor, Framework
from ladder.rubric_document import dump_document, normalize_document
from ladder.rubric_parsing import parse_rubric_bytes
from ladder.rubric_validation import validate_rubric
from ladder.services import create_draft_version
from tests.unit.ladder.rubric_docs import minimal_doc, to_bytes

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "rubrics"


def export(slug, **options):
    out = StringIO()
    call_command("export_rubric", slug, stdout=out, **options)
    return out.getvalue()


def test_export_of_a_loaded_minimal_doc_is_the_same_file_byte_for_byte(load_doc):
    load_doc(minimal_doc())
    assert export("test-principles") == to_bytes(minimal_doc()).decode("utf-8")


def load_rubrics(*paths):
    out = StringIO()
    call_command("load_rubrics", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def test_export_then_load_then_export_is_byte_identical(load_doc, tmp_path):
    load_doc(minimal_doc(status="published"))
    first = export("test-principles")
    path = tmp_path / "again.json"
    path.write_text(first, encoding="utf-8")
    assert f"{path}: unchanged: test-principles version 1 is already published" in load_rubrics(
        path
    )
    assert export("test-principles") == first
    assert Framework.objects.count() == 1


def test_export_writes_a_file_with_o(load_doc, tmp_path):
    load_doc(minimal_doc())
    target = tmp_path / "out.json"
    call_command("export_rubric", "test-principles", "-o", str(target), verbosity=0)
    assert target.read_bytes() == to_bytes(minimal_doc())


def test_export_defaults_to_the_latest_version_and_takes_version(load_doc):
    framework = load_doc(minimal_doc(status="published"))
    create_draft_version(framework=framework)
    assert json.loads(export("test-principles"))["framework"]["version"] == 2
    assert json.loads(export("test-principles", version=1))["framework"]["version"] == 1


def test_export_of_an_unknown_slug_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No framework nowhere"):
        export("nowhere")


def test_every_shipped_rubric_file_is_valid_complete_and_round_trips(tmp_path):
    files = sorted(SHIPPED.glob("*.json"))
    assert files, f"no rubric files in {SHIPPED}"
    for path in files:
        doc, problems = parse_rubric_bytes(path.read_bytes(), path.name)
        problems += validate_rubric(doc) if doc is not None else []
        assert problems == [], "\n".join(p.line(path.name) for p in problems)

    load_rubrics(*files)

    for path in files:
        doc = normalize_document(json.loads(path.read_bytes()))
        fw = doc["framework"]
        framework = Framework.objects.get(slug=fw["slug"], version=fw["version"])
        # Every criterion is described at every level.
        assert Descriptor.objects.filter(criterion__framework=framework).count() == len(
            doc["criteria"]
        ) * len(doc["levels"])

        first = export(fw["slug"], version=fw["version"])
        assert first == dump_document(doc), f"{path.name} does not load and export losslessly"
        again = tmp_path / path.name
        again.write_text(first, encoding="utf-8")
        assert ": unchanged: " in load_rubrics(again)
        assert export(fw["slug"], version=fw["version"]) == first


def test_ordinary_json_serialization_is_django_s_own(load_doc):
    from django.core import serializers

    # No SERIALIZATION_MODULES override: "json" is the module Django ships.
    assert serializers.get_serializer("json").__module__ == "django.core.serializers.json"
    assert serializers.get_deserializer("json").__module__ == "django.core.serializers.json"
    framework = load_doc(minimal_doc())
    text = serializers.serialize("json", [framework], use_natural_primary_keys=True)
    assert json.loads(text)[0]["fields"]["slug"] == "test-principles"
    [obj] = list(serializers.deserialize("json", text))
    assert obj.object.slug == "test-principles"


def test_shipped_rubric_files_are_written_as_export_rubric_writes_them():
    """So that an admin's edit, exported over the file, shows only the real change in a diff."""
    for path in sorted(SHIPPED.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert text == dump_document(normalize_document(json.loads(text))), (
            f"{path.name} is valid but not in export form (key order, indent 2, UTF-8 "
            "characters, final newline): load it and rewrite it with "
            "`manage.py export_rubric SLUG --version N -o FILE`"
        )
