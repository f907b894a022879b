"""Rubric documents: the JSON files in fixtures/rubrics/ (see fixtures/rubrics/README.md).

Pure functions, no database:

- ``parse_rubric_bytes(raw, filename)`` turns bytes into a document, reporting an empty file,
  bytes that are not UTF-8, broken JSON and repeated keys as problems instead of raising.
- ``validate_rubric(doc)`` lists every problem with a parsed document.
- ``normalize_document(doc)`` fills the optional keys with their defaults, in the canonical order.
- ``document_to_objects(doc)`` builds unsaved model instances from a valid document.
- ``framework_to_document(framework)`` (this one reads the database) exports a framework
  version as a document; ``framework_to_document(load(doc)) == normalize_document(doc)``.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field

from ladder.models import (
    BAND_ORDER,
    Criterion,
    Descriptor,
    Framework,
    FrameworkKind,
    FrameworkStatus,
    Level,
)

FORMAT = "coprod-rubric/1"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric document: where it is and what is wrong."""

    where: str
    what: str

    def __str__(self):
        return f"{self.where}: {self.what}"

    def line(self, filename):
        """The ``FILE: WHERE: WHAT`` line shown by check_rubrics and loaddata."""
        return f"{filename}: {self.where}: {self.what}"


# --- parsing ----------------------------------------------------------------------------------


def parse_rubric_bytes(raw: bytes, filename=None):
    """Decode and parse a file's bytes. Returns ``(doc, problems)``; doc is None if unreadable.

    Never raises for bad input. ``filename`` is accepted for symmetry with callers that report
    it; problems themselves carry only ``where`` and ``what``.
    """
    if isinstance(raw, str):
        text = raw
    else:
        if not raw.strip():
            return None, [Problem("file", "the file is empty; expected a rubric JSON document")]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            line = raw.count(b"\n", 0, exc.start) + 1
            return None, [
                Problem(
                    "file",
                    f"not UTF-8 text: byte 0x{bad} at byte offset {exc.start} (line {line}) "
                    "cannot be decoded; save the file as UTF-8",
                )
            ]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, [Problem("file", "the file is empty; expected a rubric JSON document")]

    repeated = []  # (the dict, the repeated key)

    def pairs_hook(pairs):
        obj = {}
        for key, value in pairs:
            if key in obj:
                repeated.append((obj, key))
            obj[key] = value
        return obj

    try:
        doc = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        return None, [Problem(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")]
    problems = []
    if repeated:
        paths = _paths_by_identity(doc)
        for obj, key in repeated:
            where = paths.get(id(obj), "(document)")
            problems.append(
                Problem(
                    _join(where, key),
                    f'the key "{key}" appears more than once in the same object; '
                    "only the last one would be kept",
                )
            )
    return doc, problems


def _paths_by_identity(doc):
    paths = {}

    def walk(node, path):
        if isinstance(node, dict):
            paths[id(node)] = path
            for key, value in node.items():
                walk(value, _join(path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(doc, "")
    return paths


def _join(path, key):
    return f"{path}.{key}" if path else str(key)


# --- validation -------------------------------------------------------------------------------


class _Checker:
    def __init__(self):
        self.problems = []

    def add(self, where, what):
        self.problems.append(Problem(where, what))

    def unknown_keys(self, obj, allowed, where):
        for key in obj:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            self.add(
                _join(where, key),
                f'unknown key "{key}"{hint} (allowed: {", ".join(allowed)})',
            )

    def text(self, obj, key, where, *, required=True, max_length=None, blank=False):
        """Check obj[key] is a string; returns it or None."""
        path = _join(where, key)
        if key not in obj:
            if required:
                self.add(path, f"missing {key}")
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.add(path, f"must be a string, not {_type_name(value)}")
            return None
        if not blank and not value.strip():
            self.add(path, f"empty {key}; write some text")
            return None
        if max_length is not None and len(value) > max_length:
            self.add(path, f"is {len(value)} characters long; at most {max_length} allowed")
        return value

    def integer(self, obj, key, where, *, required=True, minimum=None):
        path = _join(where, key)
        if key not in obj:
            if required:
                self.add(path, f"missing {key}")
            return None
        value = obj[key]
        if not _is_int(value):
            self.add(path, f"must be a whole number, not {_json_repr(value)}")
            return None
        if minimum is not None and value < minimum:
            self.add(path, f"must be {minimum} or more, not {value}")
            return None
        return value

    def choice(self, obj, key, where, choices):
        path = _join(where, key)
        allowed = ", ".join(f'"{c}"' for c in choices)
        if key not in obj:
            self.add(path, f"missing {key} (one of {allowed})")
            return None
        value = obj[key]
        if value not in choices:
            self.add(path, f"unknown {key} {_json_repr(value)}; use one of {allowed}")
            return None
        return value

    def string_list(self, obj, key, where):
        path = _join(where, key)
        if key not in obj:
            self.add(path, f"missing {key}; give a list of at least one piece of text")
            return
        value = obj[key]
        if not isinstance(value, list):
            self.add(path, f"must be a list of text, not {_type_name(value)}")
            return
        if not value:
            self.add(path, f"empty {key}; give at least one")
            return
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.add(f"{path}[{index}]", f"must be a string, not {_type_name(item)}")
            elif not item.strip():
                self.add(f"{path}[{index}]", "empty text; remove it or write something")


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _type_name(value):
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _json_repr(value):
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def validate_rubric(doc) -> list[Problem]:
    """Every problem with a parsed rubric document, in document order. [] means valid."""
    check = _Checker()
    if not isinstance(doc, dict):
        check.add(
            "(document)",
            f"the top level must be a JSON object ({{...}}) with "
            f'"format": "{FORMAT}", not {_type_name(doc)}',
        )
        return check.problems

    if "format" not in doc:
        check.add("format", f'missing format; add "format": "{FORMAT}"')
    elif doc["format"] != FORMAT:
        check.add("format", f'unknown format {_json_repr(doc["format"])}; expected "{FORMAT}"')
    check.unknown_keys(doc, TOP_KEYS, "")

    level_check = _Checker()  # the scale is needed to check target_level, but reported after
    level_values = _validate_levels(level_check, doc)
    _validate_framework(check, doc, level_values)
    check.problems += level_check.problems
    _validate_criteria(check, doc, level_values)
    return check.problems


def _validate_framework(check, doc, level_values):
    if "framework" not in doc:
        check.add("framework", "missing framework (slug, version, status, name, …)")
        return
    fw = doc["framework"]
    if not isinstance(fw, dict):
        check.add("framework", f"must be an object, not {_type_name(fw)}")
        return
    where = "framework"
    check.unknown_keys(fw, [key for key, _, _ in FRAMEWORK_KEYS], where)
    slug = check.text(fw, "slug", where, max_length=_max_length(Framework, "slug"))
    if slug is not None and not SLUG_PATTERN.match(slug):
        check.add(
            "framework.slug",
            f"{_json_repr(slug)} is not a valid slug: use lower-case letters, digits and "
            'single hyphens, e.g. "nef-six-principles"',
        )
    check.integer(fw, "version", where, minimum=1)
    check.choice(fw, "status", where, FrameworkStatus.values)
    check.choice(fw, "kind", where, FrameworkKind.values)
    check.text(fw, "name", where, max_length=_max_length(Framework, "name"))
    check.text(fw, "short_name", where, max_length=_max_length(Framework, "short_name"))
    check.text(
        fw,
        "criterion_label",
        where,
        required=False,
        max_length=_max_length(Framework, "criterion_label"),
    )
    check.integer(fw, "order", where, required=False, minimum=0)
    target = check.integer(fw, "target_level", where, minimum=1)
    if target is not None and level_values and target not in level_values:
        check.add(
            "framework.target_level",
            f"{target} is not one of the level values ({_value_range(level_values)})",
        )
    check.text(fw, "source", where)
    check.text(fw, "description", where, required=False, blank=True)


def _value_range(values):
    values = sorted(values)
    if values == list(range(1, len(values) + 1)) and len(values) > 2:
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


def _validate_levels(check, doc):
    """Check the scale; return the set of valid integer level values found."""
    if "levels" not in doc:
        check.add("levels", "missing levels; the scale needs at least one level")
        return set()
    levels = doc["levels"]
    if not isinstance(levels, list):
        check.add("levels", f"must be a list of levels, not {_type_name(levels)}")
        return set()
    if not levels:
        check.add("levels", "no levels; the scale needs at least one level")
        return set()

    bands = [b.value for b in BAND_ORDER]
    seen = {}  # value -> index
    listed = []  # (index, value, band) for levels with a usable value
    for index, level in enumerate(levels):
        where = f"levels[{index}]"
        if not isinstance(level, dict):
            check.add(where, f"must be an object, not {_type_name(level)}")
            continue
        if _is_int(level.get("value")):
            where = f"levels[{index}] (value {level['value']})"
        check.unknown_keys(level, LEVEL_KEYS, where)
        value = check.integer(level, "value", where, minimum=1)
        check.text(level, "label", where, max_length=_max_length(Level, "label"))
        check.text(level, "meaning", where)
        band = level.get("band")
        if "band" not in level:
            check.add(_join(where, "band"), f"missing band (one of {', '.join(bands)})")
            band = None
        elif band not in bands:
            check.add(
                _join(where, "band"),
                f"unknown band {_json_repr(band)}; use one of {', '.join(bands)}",
            )
            band = None
        if value is None:
            continue
        if value in seen:
            check.add(
                _join(where, "value"),
                f"duplicate level value {value} (also levels[{seen[value]}])",
            )
            continue
        seen[value] = index
        listed.append((index, value, band))

    values = [value for _, value, _ in listed]
    missing = sorted(set(range(1, max(values, default=0) + 1)) - set(values))
    if missing:
        check.add(
            "levels",
            "level values must run 1, 2, 3 … with no gaps; missing "
            + ", ".join(str(v) for v in missing),
        )
    for (_, before, _), (index, after, _) in zip(listed, listed[1:], strict=False):
        if after < before:
            check.add(
                f"levels[{index}] (value {after})",
                f"out of order: level {after} is listed after level {before}; "
                "list levels lowest first",
            )
    by_value = sorted((value, band) for _, value, band in listed if band is not None)
    for (low, low_band), (high, high_band) in zip(by_value, by_value[1:], strict=False):
        if bands.index(high_band) < bands.index(low_band):
            check.add(
                f"levels[{seen[high]}] (value {high}).band",
                f"band {high_band} is below level {low}'s band {low_band}; bands must not "
                f"go down the scale ({' < '.join(bands)})",
            )
    return set(values)


def _validate_criteria(check, doc, level_values):
    if "criteria" not in doc:
        check.add("criteria", "missing criteria; a framework needs at least one")
        return
    criteria = doc["criteria"]
    if not isinstance(criteria, list):
        check.add("criteria", f"must be a list of criteria, not {_type_name(criteria)}")
        return
    if not criteria:
        check.add("criteria", "no criteria; a framework needs at least one")
        return
    seen_codes = {}
    expected_keys = [str(v) for v in sorted(level_values)]
    for index, criterion in enumerate(criteria):
        where = f"criteria[{index}]"
        if not isinstance(criterion, dict):
            check.add(where, f"must be an object, not {_type_name(criterion)}")
            continue
        code = criterion.get("code")
        if isinstance(code, str) and code.strip():
            where = f"criteria[{index}] ({code})"
        check.unknown_keys(criterion, [key for key, _, _ in CRITERION_KEYS], where)
        code = check.text(criterion, "code", where, max_length=_max_length(Criterion, "code"))
        if code is not None:
            if code in seen_codes:
                check.add(
                    _join(where, "code"),
                    f'duplicate criterion code "{code}" (also criteria[{seen_codes[code]}])',
                )
            else:
                seen_codes[code] = index
        check.text(criterion, "title", where, max_length=_max_length(Criterion, "title"))
        check.text(criterion, "statement", where)
        check.text(criterion, "statement_source", where, required=False, blank=True)
        check.text(criterion, "question", where, required=False, blank=True)
        _validate_criterion_levels(check, criterion, where, expected_keys)


def _validate_criterion_levels(check, criterion, where, expected_keys):
    where = _join(where, "levels")
    if "levels" not in criterion:
        check.add(where, "missing levels; describe the criterion at every level")
        return
    entries = criterion["levels"]
    if not isinstance(entries, dict):
        check.add(
            where,
            f'must be an object keyed by level value ("1", "2", …), not {_type_name(entries)}',
        )
        return
    if not expected_keys:
        # The scale itself is broken (reported above): check the entries' content only.
        expected_keys = list(entries)
    for key in entries:
        if key not in expected_keys:
            check.add(
                _join(where, key),
                f'"{key}" is not a level value (levels: {", ".join(expected_keys) or "none"})',
            )
    for key in expected_keys:
        path = _join(where, key)
        if key not in entries:
            check.add(_join(path, "descriptor"), f"missing descriptor: no entry for level {key}")
            continue
        entry = entries[key]
        if not isinstance(entry, dict):
            check.add(path, f"must be an object, not {_type_name(entry)}")
            continue
        check.unknown_keys(entry, DESCRIPTOR_KEYS, path)
        if "descriptor" not in entry:
            check.add(_join(path, "descriptor"), "missing descriptor")
        else:
            check.text(entry, "descriptor", path)
        check.string_list(entry, "evidence_prompts", path)
        check.string_list(entry, "next_steps", path)


# --- documents <-> objects --------------------------------------------------------------------


def normalize_document(doc):
    """A valid document with every optional key filled in, keys in the canonical order.

    This is exactly what ``framework_to_document`` gives back after the document is loaded.
    """
    fw = doc["framework"]
    levels = doc["levels"]
    values = [str(level["value"]) for level in levels]
    return {
        "format": FORMAT,
        "framework": {
            key: (fw[key] if key in fw else default) for key, _, default in FRAMEWORK_KEYS
        },
        "levels": [{key: level[key] for key in LEVEL_KEYS} for level in levels],
        "criteria": [
            {
                **{
                    key: (criterion[key] if key in criterion else default)
                    for key, _, default in CRITERION_KEYS
                    if key != "levels"
                },
                "levels": {
                    value: {key: _copy(criterion["levels"][value][key]) for key in DESCRIPTOR_KEYS}
                    for value in values
                },
            }
            for criterion in doc["criteria"]
        ],
    }


def _copy(value):
    return list(value) if isinstance(value, list) else value


@dataclass
class RubricObjects:
    """Unsaved model instances for one framework version (see document_to_objects)."""

    framework: Framework
    levels: list[Level] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)


def document_to_objects(doc) -> RubricObjects:
    """Unsaved instances for a *valid* document; descriptors point at the unsaved level and
    criterion instances (set their ``*_id`` once those are saved)."""
    doc = normalize_document(doc)
    fw = doc["framework"]
    framework = Framework(**{key: fw[key] for key, _, _ in FRAMEWORK_KEYS})
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
    """Export a saved framework version as a rubric document (reads the database)."""
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
            entries[str(level.value)] = {
                "descriptor": descriptor.descriptor,
                "evidence_prompts": list(descriptor.evidence_prompts or []),
                "next_steps": list(descriptor.next_steps or []),
            }
        criteria.append(
            {
                **{key: getattr(criterion, key) for key, _, _ in CRITERION_KEYS if key != "levels"},
                "levels": entries,
            }
        )
    return {
        "format": FORMAT,
        "framework": {key: getattr(framework, key) for key, _, _ in FRAMEWORK_KEYS},
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
                    found.append(_join(where, key))
                else:
                    walk(x[key], y[key], _join(where, key))
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for index, (i, j) in enumerate(zip(x, y, strict=True)):
                walk(i, j, f"{where}[{index}]")
        elif x != y:
            found.append(where or "(document)")

    walk(a, b, path)
    return found


__all__ = [
    "FORMAT",
    "Problem",
    "RubricObjects",
    "differences",
    "document_to_objects",
    "dump_document",
    "framework_to_document",
    "normalize_document",
    "parse_rubric_bytes",
    "validate_rubric",
]
