"""Checking a parsed rubric document: ``validate_rubric(doc)`` lists every problem with it.

Pure (no database), and safe on any JSON value: wrong types, text the database cannot store
(NUL, unpaired surrogates), text or numbers too large for it, and echoes of hostile values are
cut short so that one bad value cannot flood the terminal.
"""

from __future__ import annotations

import difflib
import json
import re

from ladder.models import BAND_ORDER, Criterion, Framework, FrameworkKind, FrameworkStatus, Level
from ladder.rubric_document import (
    CRITERION_KEYS,
    DESCRIPTOR_KEYS,
    FORMAT,
    FRAMEWORK_KEYS,
    LEVEL_KEYS,
    TOP_KEYS,
    Problem,
    join_path,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The longest shipped text is under 700 characters; 5,000 is a page of the PDF.
MAX_TEXT_LENGTH = 5000
# PositiveIntegerField's limit on PostgreSQL; SQLite would overflow a little later.
MAX_INTEGER = 2_147_483_647
# How much of a bad value a message repeats.
ECHO_LENGTH = 60
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Checker:
    def __init__(self):
        self.problems = []

    def add(self, where, what):
        self.problems.append(Problem(where, what))

    def unknown_keys(self, obj, allowed, where):
        for key in obj:
            if key in allowed:
                continue
            shown = _cut(str(key))
            close = difflib.get_close_matches(shown, allowed, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            self.add(
                join_path(where, shown),
                f'unknown key "{shown}"{hint} (allowed: {", ".join(allowed)})',
            )

    def text(self, obj, key, where, *, required=True, max_length=None, blank=False):
        """Check obj[key] is a string; returns it or None."""
        path = join_path(where, key)
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
        return value if self.storable(value, path, max_length or MAX_TEXT_LENGTH) else None

    def storable(self, value, path, max_length):
        """Whether a string fits the database; reports why not."""
        if len(value) > max_length:
            self.add(path, f"is {len(value):,} characters long; at most {max_length:,} allowed")
            return False
        if "\x00" in value:
            self.add(path, "contains a NUL character (\\u0000), which cannot be stored; remove it")
            return False
        surrogate = _SURROGATE.search(value)
        if surrogate:
            self.add(
                path,
                f"contains \\u{ord(surrogate.group()):04x}, half of a character (an unpaired "
                "surrogate), which cannot be stored; remove it",
            )
            return False
        return True

    def integer(self, obj, key, where, *, required=True, minimum=None):
        path = join_path(where, key)
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
        if value > MAX_INTEGER:
            self.add(path, f"must be at most {MAX_INTEGER:,}, not {_json_repr(value)}")
            return None
        return value

    def choice(self, obj, key, where, choices):
        path = join_path(where, key)
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
        path = join_path(where, key)
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
            else:
                self.storable(item, f"{path}[{index}]", MAX_TEXT_LENGTH)


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
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return _cut(text)


def _cut(text):
    return text if len(text) <= ECHO_LENGTH else f"{text[:ECHO_LENGTH]}… ({len(text):,} characters)"


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
            check.add(join_path(where, "band"), f"missing band (one of {', '.join(bands)})")
            band = None
        elif band not in bands:
            check.add(
                join_path(where, "band"),
                f"unknown band {_json_repr(band)}; use one of {', '.join(bands)}",
            )
            band = None
        if value is None:
            continue
        if value in seen:
            check.add(
                join_path(where, "value"),
                f"duplicate level value {value} (also levels[{seen[value]}])",
            )
            continue
        seen[value] = index
        listed.append((index, value, band))

    values = [value for _, value, _ in listed]
    # Values must be exactly 1..n for n levels; counting up to n (not to the largest value)
    # keeps a value of 2,000,000,000 from building a set of two billion numbers.
    missing = sorted(set(range(1, len(levels) + 1)) - set(values))
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
                    join_path(where, "code"),
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
    where = join_path(where, "levels")
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
                join_path(where, key),
                f'"{key}" is not a level value (levels: {", ".join(expected_keys) or "none"})',
            )
    for key in expected_keys:
        path = join_path(where, key)
        if key not in entries:
            check.add(
                join_path(path, "descriptor"), f"missing descriptor: no entry for level {key}"
            )
            continue
        entry = entries[key]
        if not isinstance(entry, dict):
            check.add(path, f"must be an object, not {_type_name(entry)}")
            continue
        check.unknown_keys(entry, DESCRIPTOR_KEYS, path)
        if "descriptor" not in entry:
            check.add(join_path(path, "descriptor"), "missing descriptor")
        else:
            check.text(entry, "descriptor", path)
        check.string_list(entry, "evidence_prompts", path)
        check.string_list(entry, "next_steps", path)
