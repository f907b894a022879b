"""Rubric documents: the JSON files in fixtures/rubrics/ (see fixtures/rubrics/README.md).

This module holds the document's shape (the keys, in export order), the ``Problem`` every
check reports, and the mapping between documents and models:

- ``normalize_document(doc)`` fills the optional keys with their defaults, in the canonical order.
- ``document_to_objects(doc)`` builds unsaved model instances from a valid document.
- ``framework_to_document(framework)`` (this one reads the database) exports a framework
  version as a document; ``framework_to_document(load(doc)) == normalize_document(doc)``.

Reading bytes is ``ladder.rubric_parsing``; checking a parsed document is
``ladder.rubric_validation``; loading into the database is ``ladder.loading``.

Two formats: ``coprod-rubric/1`` (the first files, which assessments pin, kept byte-identical)
and ``coprod-rubric/2`` (a v1 document plus the framework's ``guidance`` and ``review``, each
criterion's optional ``replaces`` and ``guidance``, and each level's ``summary``). A framework
remembers its format, so export gives back the form it was loaded from.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from ladder.models import Criterion, Descriptor, Framework, Level

FORMAT = "coprod-rubric/1"
FORMAT_V2 = "coprod-rubric/2"
FORMATS = {FORMAT: 1, FORMAT_V2: 2}
FORMAT_NAMES = {number: name for name, number in FORMATS.items()}

TOP_KEYS = ("format", "framework", "levels", "criteria")
# (key, required, default for optional keys)
FRAMEWORK_KEYS = (
    ("slug", True, None),
    ("version", True, None),
    ("status", True, None),
    ("kind", True, None),
    ("name", True, None),
    ("short_name", True, None),
    ("criterion_label", False, "principle"),
    ("order", False, 0),
    ("target_level", True, None),
    ("source", True, None),
    ("description", False, ""),
)
LEVEL_KEYS = ("value", "label", "band", "meaning")
CRITERION_KEYS = (
    ("code", True, None),
    ("title", True, None),
    ("statement", True, None),
    ("statement_source", False, ""),
    ("question", False, ""),
    ("levels", True, None),
)
DESCRIPTOR_KEYS = ("descriptor", "evidence_prompts", "next_steps")

# coprod-rubric/2 only. Each maps a document key to its model field.
GUIDANCE_KEYS = (  # (key, required, model field)
    ("choosing", True, "guidance_choosing"),
    ("not_applicable", True, "guidance_not_applicable"),
    ("dont_know", True, "guidance_dont_know"),
    ("placing", False, "guidance_placing"),
)
REVIEW_KEYS = ("written_by", "written_on", "checked_by", "checked_on", "review_due")
REVIEW_DATES = ("written_on", "checked_on", "review_due")
# Optional criterion keys, written only when they say something (most criteria replace
# nothing and need no guidance of their own), in this order before "title".
CRITERION_KEYS_V2 = (("replaces", []), ("guidance", ""))
# Optional framework keys (v2), written only when they say something, after "target_level":
# a rubric not ticked by default when an assessment is created, and a grid's layout.
FRAMEWORK_KEYS_V2 = (("offered_by_default", True), ("grid", {}))
V2_FRAMEWORK_KEYS = ("guidance", "review", *(key for key, _ in FRAMEWORK_KEYS_V2))
# A grid's keys, in export order (PostgreSQL's jsonb keeps no key order of its own).
GRID_KEYS = ("across", "down", "cells")
CELL_KEYS = ("across", "down", "name", "meaning")
V2_CRITERION_KEYS = tuple(key for key, _ in CRITERION_KEYS_V2)
V2_DESCRIPTOR_KEYS = ("summary",)


def format_number(doc) -> int:
    """1 or 2, from a valid document's "format"."""
    return FORMATS[doc["format"]]


def _printable(text):
    # A hostile file can put unpaired surrogates in keys and values; echoed as they are they
    # would crash the write to the terminal, so they are shown escaped.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric document: where it is and what is wrong."""

    where: str
    what: str

    def __str__(self):
        return _printable(f"{self.where}: {self.what}")

    def line(self, filename):
        """The ``FILE: WHERE: WHAT`` line shown by check_rubrics and load_rubrics."""
        return _printable(f"{filename}: {self.where}: {self.what}")


def join_path(path, key):
    return f"{path}.{key}" if path else str(key)


def normalize_document(doc):
    """A valid document with every optional key filled in, keys in the canonical order.

    This is exactly what ``framework_to_document`` gives back after the document is loaded.
    (In a v2 document the optional ``replaces``, criterion ``guidance`` and
    ``guidance.placing`` are written only when they say something.)
    """
    v2 = format_number(doc) == 2
    fw = doc["framework"]
    levels = doc["levels"]
    values = [str(level["value"]) for level in levels]
    framework = {key: (fw[key] if key in fw else default) for key, _, default in FRAMEWORK_KEYS}
    if v2:
        framework = _with_v2_framework_keys(framework, fw)
        framework["guidance"] = _guidance(fw["guidance"])
        framework["review"] = {key: fw["review"].get(key) for key in REVIEW_KEYS}
    descriptor_keys = (*V2_DESCRIPTOR_KEYS, *DESCRIPTOR_KEYS) if v2 else DESCRIPTOR_KEYS
    criteria = []
    for criterion in doc["criteria"]:
        fields = {
            key: (criterion[key] if key in criterion else default)
            for key, _, default in CRITERION_KEYS
            if key != "levels"
        }
        if v2:
            fields = _with_v2_criterion_keys(fields, criterion)
        fields["levels"] = {
            value: {key: _copy(criterion["levels"][value][key]) for key in descriptor_keys}
            for value in values
        }
        criteria.append(fields)
    return {
        "format": FORMAT_V2 if v2 else FORMAT,
        "framework": framework,
        "levels": [{key: level[key] for key in LEVEL_KEYS} for level in levels],
        "criteria": criteria,
    }


def _guidance(given):
    return {
        key: given.get(key, "")
        for key, required, _ in GUIDANCE_KEYS
        if required or given.get(key, "")
    }


def _with_v2_framework_keys(fields, given):
    """``fields`` with the optional v2 framework keys that say something after "target_level"."""
    extra = {
        key: _canonical_grid(given[key]) if key == "grid" else _copy_deep(given[key])
        for key, default in FRAMEWORK_KEYS_V2
        if key in given and given[key] != default
    }
    out = {}
    for key, value in fields.items():
        out[key] = value
        if key == "target_level":
            out.update(extra)
    return out


def _canonical_grid(grid):
    """A valid grid with its keys and each cell's in export order."""
    return {
        "across": grid["across"],
        "down": grid["down"],
        "cells": [{key: cell[key] for key in CELL_KEYS} for cell in grid["cells"]],
    }


def _copy_deep(value):
    return json.loads(json.dumps(value)) if isinstance(value, (dict, list)) else value


def _with_v2_criterion_keys(fields, given):
    """``fields`` with the v2 criterion keys that say something inserted after "code"."""
    extra = {
        key: _copy(given[key]) for key, default in CRITERION_KEYS_V2 if given.get(key, default)
    }
    return {"code": fields["code"], **extra, **{k: v for k, v in fields.items() if k != "code"}}


def _copy(value):
    return list(value) if isinstance(value, list) else value


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _iso(value):
    return value.isoformat() if value else None


@dataclass
class RubricObjects:
    """Unsaved model instances for one framework version (see document_to_objects)."""

    framework: Framework
    levels: list[Level] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)


def _framework_fields(fw, number):
    fields = {key: fw[key] for key, _, _ in FRAMEWORK_KEYS}
    fields["format"] = number
    if number == 2:
        for key, default in FRAMEWORK_KEYS_V2:
            fields[key] = fw.get(key, _copy_deep(default))
        guidance, review = fw["guidance"], fw["review"]
        for key, _, model_field in GUIDANCE_KEYS:
            fields[model_field] = guidance.get(key, "")
        fields["written_by"] = review["written_by"]
        fields["checked_by"] = review["checked_by"] or ""
        for key in REVIEW_DATES:
            fields[key] = _date(review[key])
    return fields


def document_to_objects(doc) -> RubricObjects:
    """Unsaved instances for a *valid* document; descriptors point at the unsaved level and
    criterion instances (set their ``*_id`` once those are saved)."""
    doc = normalize_document(doc)
    framework = Framework(**_framework_fields(doc["framework"], format_number(doc)))
    objects = RubricObjects(framework=framework)
    levels_by_value = {}
    for level_doc in doc["levels"]:
        level = Level(framework=framework, **level_doc)
        objects.levels.append(level)
        levels_by_value[str(level.value)] = level
    for order, criterion_doc in enumerate(doc["criteria"], start=1):
        fields = {key: value for key, value in criterion_doc.items() if key != "levels"}
        criterion = Criterion(framework=framework, order=order, **fields)
        objects.criteria.append(criterion)
        for value, entry in criterion_doc["levels"].items():
            objects.descriptors.append(
                Descriptor(criterion=criterion, level=levels_by_value[value], **entry)
            )
    return objects


def framework_to_document(framework):
    """Export a saved framework version as a rubric document (reads the database), in the
    format it was loaded from: a version-1 file comes back byte for byte."""
    v2 = framework.format == 2
    levels = list(framework.levels.order_by("value"))
    descriptors = {}
    for descriptor in Descriptor.objects.filter(criterion__framework=framework).select_related(
        "level"
    ):
        descriptors[(descriptor.criterion_id, descriptor.level.value)] = descriptor
    criteria = []
    for criterion in framework.criteria.order_by("order", "code"):
        entries = {}
        for level in levels:
            descriptor = descriptors.get((criterion.pk, level.value))
            if descriptor is None:
                continue
            entry = {"summary": descriptor.summary} if v2 else {}
            entries[str(level.value)] = {
                **entry,
                "descriptor": descriptor.descriptor,
                "evidence_prompts": list(descriptor.evidence_prompts or []),
                "next_steps": list(descriptor.next_steps or []),
            }
        fields = {key: getattr(criterion, key) for key, _, _ in CRITERION_KEYS if key != "levels"}
        if v2:
            fields = _with_v2_criterion_keys(
                fields, {key: getattr(criterion, key) for key in V2_CRITERION_KEYS}
            )
        criteria.append({**fields, "levels": entries})
    fw = {key: getattr(framework, key) for key, _, _ in FRAMEWORK_KEYS}
    if v2:
        fw = _with_v2_framework_keys(
            fw, {key: getattr(framework, key) for key, _ in FRAMEWORK_KEYS_V2}
        )
        fw["guidance"] = _guidance(
            {key: getattr(framework, model_field) for key, _, model_field in GUIDANCE_KEYS}
        )
        fw["review"] = {
            "written_by": framework.written_by,
            "written_on": _iso(framework.written_on),
            "checked_by": framework.checked_by or None,
            "checked_on": _iso(framework.checked_on),
            "review_due": _iso(framework.review_due),
        }
    return {
        "format": FORMAT_V2 if v2 else FORMAT,
        "framework": fw,
        "levels": [{key: getattr(level, key) for key in LEVEL_KEYS} for level in levels],
        "criteria": criteria,
    }


def dump_document(doc) -> str:
    """The canonical file text: 2-space indent, UTF-8 characters kept, trailing newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def differences(a, b, path="", limit=5):
    """Paths where two documents differ (at most ``limit``), for error messages."""
    found = []

    def walk(x, y, where):
        if len(found) >= limit:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for key in list(dict.fromkeys([*x, *y])):
                if key not in x or key not in y:
                    found.append(join_path(where, key))
                else:
                    walk(x[key], y[key], join_path(where, key))
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for index, (i, j) in enumerate(zip(x, y, strict=True)):
                walk(i, j, f"{where}[{index}]")
        elif x != y:
            found.append(where or "(document)")

    walk(a, b, path)
    return found
