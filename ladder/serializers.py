"""The project's "json" serialization format (settings.SERIALIZATION_MODULES).

Serializing is Django's own json Serializer, unchanged. Deserializing understands one more
shape: a rubric document (an object with ``"format": "coprod-rubric/1"``, see
fixtures/rubrics/README.md). It is validated as a whole first; any problem refuses the whole
file with a DeserializationError listing ``FILE: WHERE: WHAT`` lines. A valid document yields
its Framework, Levels, Criteria and Descriptors, matched to existing rows by natural key, so
loading the same file again updates in place. Anything else (a list of objects) is handed to
Django's json Deserializer, so ordinary fixtures load as before.

Objects are resolved lazily: each one must be saved before the next is requested, as
``loaddata`` does.
"""

from django.core.management.base import CommandError
from django.core.serializers import base
from django.core.serializers.json import Deserializer as DjangoJSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder, Serializer  # noqa: F401
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from ladder.models import Criterion, Descriptor, Framework, FrameworkStatus, Level
from ladder.rubric_document import (
    differences,
    document_to_objects,
    framework_to_document,
    normalize_document,
    parse_rubric_bytes,
    validate_rubric,
)

UNNAMED = "<rubric>"


class RubricFileError(base.DeserializationError, CommandError):
    """A refused rubric file. Also a CommandError, so that ``manage.py loaddata`` prints the
    message (which names the file on every line) without a traceback and exits 1."""


def problems_message(filename, problems):
    count = len(problems)
    header = f"{count} problem{'s' if count != 1 else ''} in rubric file {filename}:"
    return "\n".join([header, *(problem.line(filename) for problem in problems)])


def _is_published(framework_id, using):
    return (
        Framework.objects.using(using)
        .filter(pk=framework_id, status=FrameworkStatus.PUBLISHED)
        .exists()
    )


def _framework_ids(obj, using):
    """(framework of the stored row, if any; framework the object points at now)."""
    model = type(obj)
    if model is Framework:
        exists = obj.pk is not None and Framework.objects.using(using).filter(pk=obj.pk).exists()
        return (obj.pk if exists else None), obj.pk
    if model is Descriptor:
        stored = (
            Descriptor.objects.using(using)
            .filter(pk=obj.pk)
            .values_list("criterion__framework_id", flat=True)
            .first()
            if obj.pk is not None
            else None
        )
        target = (
            Criterion.objects.using(using)
            .filter(pk=obj.criterion_id)
            .values_list("framework_id", flat=True)
            .first()
        )
        return stored, target
    stored = (
        model.objects.using(using).filter(pk=obj.pk).values_list("framework_id", flat=True).first()
        if obj.pk is not None
        else None
    )
    return stored, obj.framework_id


class Deserializer(base.Deserializer):
    """Rubric documents become ladder objects; anything else goes to Django's json."""

    def __init__(self, stream_or_string, **options):
        super().__init__(stream_or_string, **options)
        filename = options.pop("filename", None)
        if isinstance(stream_or_string, (bytes, str)):
            raw = stream_or_string
        else:
            filename = filename or getattr(stream_or_string, "name", None)
            raw = stream_or_string.read()
        self.filename = str(filename) if filename else UNNAMED
        self.using = options.get("using") or DEFAULT_DB_ALIAS

        doc, problems = parse_rubric_bytes(raw, self.filename)
        if doc is None:
            raise RubricFileError(problems_message(self.filename, problems))
        if isinstance(doc, list):
            # An ordinary fixture: Django's deserializer, given the text we already read.
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            objects = DjangoJSONDeserializer(text.removeprefix("\ufeff"), **options)
            self._objects = self._guard_published(objects)
            return
        problems += validate_rubric(doc)
        if problems:
            raise RubricFileError(problems_message(self.filename, problems))
        self._objects = self._rubric_objects(normalize_document(doc))

    def __next__(self):
        return next(self._objects)

    def _guard_published(self, objects):
        """Ordinary fixtures are saved raw, skipping Model.save() and its guard: refuse any
        object that would change a rubric version already published in the database.
        Frameworks this same file creates may be filled in (restoring a backup)."""
        created = set()
        for deserialized in objects:
            obj = deserialized.object
            if isinstance(obj, (Framework, Level, Criterion, Descriptor)):
                stored, target = _framework_ids(obj, self.using)
                if isinstance(obj, Framework) and stored is None:
                    created.add(obj.pk)
                touched = {fid for fid in (stored, target) if fid and fid not in created}
                if any(_is_published(fid, self.using) for fid in touched):
                    raise RubricFileError(
                        f"{self.filename}: {obj._meta.model_name} {obj.pk}: belongs to a "
                        "published rubric version, which never changes; make a new draft "
                        "version (admin, or a rubric file with a higher version number)"
                    )
            yield deserialized

    def _rubric_objects(self, doc):
        db = self.using
        objects = document_to_objects(doc)
        framework = objects.framework
        existing = (
            Framework.objects.using(db)
            .filter(slug=framework.slug, version=framework.version)
            .first()
        )
        if existing is not None and existing.is_published:
            current = framework_to_document(existing)
            if current != doc:
                changed = ", ".join(differences(current, doc))
                raise RubricFileError(
                    f"{self.filename}: framework: {framework.slug} version {framework.version} "
                    f"is already published with different wording ({changed}); give your "
                    'edit a new version number (and "status": "draft")'
                )

        framework.pk = existing.pk if existing else None
        if framework.status == FrameworkStatus.PUBLISHED:
            framework.published_at = (existing and existing.published_at) or timezone.now()
        yield base.DeserializedObject(framework)
        if framework.pk is None:
            raise RubricFileError(
                f"{self.filename}: save each object before asking for the next (as loaddata does)"
            )

        if existing is not None:
            # Reloading a draft: parts no longer in the file go (descriptors cascade).
            Level.objects.using(db).filter(framework=framework).exclude(
                value__in=[level.value for level in objects.levels]
            ).delete()
            Criterion.objects.using(db).filter(framework=framework).exclude(
                code__in=[criterion.code for criterion in objects.criteria]
            ).delete()

        level_ids = dict(
            Level.objects.using(db).filter(framework=framework).values_list("value", "pk")
        )
        for level in objects.levels:
            level.framework_id = framework.pk
            level.pk = level_ids.get(level.value)
            yield base.DeserializedObject(level)

        criterion_ids = dict(
            Criterion.objects.using(db).filter(framework=framework).values_list("code", "pk")
        )
        for criterion in objects.criteria:
            criterion.framework_id = framework.pk
            criterion.pk = criterion_ids.get(criterion.code)
            yield base.DeserializedObject(criterion)

        descriptor_ids = {
            (criterion_id, level_id): pk
            for pk, criterion_id, level_id in Descriptor.objects.using(db)
            .filter(criterion__framework=framework)
            .values_list("pk", "criterion_id", "level_id")
        }
        for descriptor in objects.descriptors:
            descriptor.criterion_id = descriptor.criterion.pk
            descriptor.level_id = descriptor.level.pk
            descriptor.pk = descriptor_ids.get((descriptor.criterion_id, descriptor.level_id))
            yield base.DeserializedObject(descriptor)
