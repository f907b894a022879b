"""Loading rubric documents into the database (``manage.py load_rubrics`` is the way in).

One rule per case, so that loading the shipped files on every deploy is always safe:

- a version not in the database is created (as a draft, then published if the file says so,
  through ``services.publish``, which checks it again);
- a published version already stored with the same content is left alone ("unchanged");
  with different content it is refused: a published version never changes;
- a version stored as a draft is left alone, whatever the file says: an admin may be
  editing it, and a deploy must never overwrite that.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction

from ladder import services
from ladder.models import Criterion, Descriptor, Framework, FrameworkStatus, Level
from ladder.rubric_document import (
    Problem,
    differences,
    document_to_objects,
    framework_to_document,
    normalize_document,
)
from ladder.rubric_validation import validate_rubric
from ladder.rubric_validation_v2 import previous_version_problems


class Outcome(enum.Enum):
    LOADED = "loaded"
    """The version was not in the database and now is."""
    UNCHANGED = "unchanged"
    """The database already holds this version with exactly this content."""
    DRAFT_KEPT = "draft kept"
    """The database holds this version as a draft with other content; it was left as it is."""


@dataclass(frozen=True)
class LoadResult:
    outcome: Outcome
    framework: Framework

    def describe(self) -> str:
        """What happened, in one line (after ``FILE: ``)."""
        fw = self.framework
        name = f"{fw.slug} version {fw.version}"
        if self.outcome is Outcome.LOADED:
            return f"loaded {name} ({fw.get_status_display().lower()})"
        if self.outcome is Outcome.UNCHANGED:
            state = "published" if fw.is_published else "a draft"
            return f"unchanged: {name} is already {state} in the database with this content"
        return (
            f"draft kept: {name} is a draft in the database with other content, left as it "
            "is (an admin may be editing it); to load this file instead, delete that draft "
            "in admin first"
        )


def stored_version_problems(doc, *, using=DEFAULT_DB_ALIAS) -> list[Problem]:
    """Problems with a valid document given the database: its version is published there
    with different content."""
    doc = normalize_document(doc)
    problems = _replaces_problems(doc, using=using)
    stored = _stored(doc, using=using)
    if stored is None:
        return problems
    return problems + _published_differently(stored, framework_to_document(stored), doc)


def _replaces_problems(doc, *, using):
    """A criterion's ``replaces`` names codes of the previous version, if it is stored."""
    if not any(c.get("replaces") for c in doc["criteria"]):
        return []
    fw = doc["framework"]
    codes = set(
        Criterion.objects.using(using)
        .filter(framework__slug=fw["slug"], framework__version=fw["version"] - 1)
        .values_list("code", flat=True)
    )
    return previous_version_problems(doc, codes) if codes else []


def _published_differently(stored, current, doc):
    if not stored.is_published or current == doc:
        return []
    return [
        Problem(
            "framework",
            f"{stored.slug} version {stored.version} is already published with different "
            f"wording ({', '.join(differences(current, doc))}); a published version never "
            'changes: give your edit a new version number (and "status": "draft")',
        )
    ]


@transaction.atomic
def load_rubric(*, document) -> LoadResult:
    """Load one rubric document, by the rules above. Raises ValidationError (messages are
    ``WHERE: WHAT``) if the document is invalid or would change a published version; then
    nothing is written."""
    _raise_if(validate_rubric(document))
    doc = normalize_document(document)
    _raise_if(_replaces_problems(doc, using=DEFAULT_DB_ALIAS))
    stored = _stored(doc, using=DEFAULT_DB_ALIAS, lock=True)
    if stored is None:
        try:
            with transaction.atomic():
                return LoadResult(Outcome.LOADED, _create(doc))
        except IntegrityError:
            # Another process (a second `make serve`) inserted this version after we looked;
            # PostgreSQL lets both look. Its row is committed now: compare with it instead.
            stored = _stored(doc, using=DEFAULT_DB_ALIAS, lock=True)
            if stored is None:
                raise
    current = framework_to_document(stored)
    _raise_if(_published_differently(stored, current, doc))
    if current == doc:
        return LoadResult(Outcome.UNCHANGED, stored)
    return LoadResult(Outcome.DRAFT_KEPT, stored)


def _raise_if(problems):
    if problems:
        raise ValidationError(
            [ValidationError(str(problem), code="invalid_rubric") for problem in problems]
        )


def _stored(doc, *, using, lock=False):
    frameworks = Framework.objects.using(using)
    if lock:
        frameworks = frameworks.select_for_update()
    fw = doc["framework"]
    return frameworks.filter(slug=fw["slug"], version=fw["version"]).first()


def _create(doc):
    objects = document_to_objects(doc)
    framework = objects.framework
    publish = framework.status == FrameworkStatus.PUBLISHED
    # Parts cannot be added to a published version (ladder/signals.py): fill a draft, then
    # publish it as admin does.
    framework.status = FrameworkStatus.DRAFT
    framework.save()
    for part in (*objects.levels, *objects.criteria):
        part.framework = framework
    Level.objects.bulk_create(objects.levels)
    Criterion.objects.bulk_create(objects.criteria)
    for descriptor in objects.descriptors:  # their level and criterion have pks only now
        descriptor.criterion_id = descriptor.criterion.pk
        descriptor.level_id = descriptor.level.pk
    Descriptor.objects.bulk_create(objects.descriptors)
    if publish:
        framework = services.publish(framework=framework)
    return framework


def rubric_tables_exist(using=DEFAULT_DB_ALIAS) -> bool:
    """Whether a database with the rubric tables is there to compare files with.

    check_rubrics runs before any database exists (``make test`` runs it first): an SQLite
    file that is not there is not created, and a server that does not answer is no error.
    """
    connection = connections[using]
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and not name.startswith("file:") and name != ":memory:":
        if not Path(name).exists():
            return False
    try:
        return Framework._meta.db_table in connection.introspection.table_names()
    except DatabaseError:
        return False
