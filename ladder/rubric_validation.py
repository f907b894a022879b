"""Checking a parsed rubric document: ``validate_rubric(doc)`` lists every problem with it.

Pure (no database), and safe on any JSON value: wrong types, text the database cannot store
(NUL, unpaired surrogates), text or numbers too large for it, and echoes of hostile values are
cut short so that one bad value cannot flood the terminal. What only coprod-rubric/2 has is
checked in ``ladder.rubric_validation_v2``.
"""

from __future__ import annotations

import re

from ladder import rubric_kinds as kinds
from ladder import rubric_validation_v2 as v2
from ladder.models import BAND_ORDER, Criterion, Framework, FrameworkKind, FrameworkStatus, Level
from ladder.rubric_checker import Checker, is_int, json_repr, max_length_of, type_name
from ladder.rubric_document import (
    CRITERION_KEYS,
    DESCRIPTOR_KEYS,
    FORMAT,
    FORMAT_V2,
    FORMATS,
    FRAMEWORK_KEYS,
    LEVEL_KEYS,
    TOP_KEYS,
    V2_CRITERION_KEYS,
    V2_DESCRIPTOR_KEYS,
    V2_FRAMEWORK_KEYS,
    Problem,
    join_path,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_rubric(doc) -> list[Problem]:
    """Every problem with a parsed rubric document, in document order. [] means valid."""
    check = Checker()
    if not isinstance(doc, dict):
        check.add(
            "(document)",
            f"the top level must be a JSON object ({{...}}) with "
            f'"format": "{FORMAT}", not {type_name(doc)}',
        )
        return check.problems

    formats = " or ".join(f'"{name}"' for name in FORMATS)
    if "format" not in doc:
        check.add("format", f'missing format; add "format": "{FORMAT}"')
    elif doc["format"] not in FORMATS:
        check.add("format", f"unknown format {json_repr(doc['format'])}; expected {formats}")
    check.unknown_keys(doc, TOP_KEYS, "")
    # An unknown format is checked as version 1, the format of every older file.
    number = FORMATS.get(doc.get("format"), 1) if isinstance(doc.get("format"), str) else 1

    level_check = Checker()  # the scale is needed to check target_level, but reported after
    level_values = _validate_levels(level_check, doc)
    _validate_framework(check, doc, level_values, number)
    check.problems += level_check.problems
    _validate_criteria(check, doc, level_values, number)
    if number == 2:
        kinds.validate_kind(check, doc, level_values)
    return check.problems


def _validate_framework(check, doc, level_values, number):
    if "framework" not in doc:
        check.add("framework", "missing framework (slug, version, status, name, …)")
        return
    fw = doc["framework"]
    if not isinstance(fw, dict):
        check.add("framework", f"must be an object, not {type_name(fw)}")
        return
    where = "framework"
    keys = [key for key, _, _ in FRAMEWORK_KEYS]
    if number == 2:
        check.unknown_keys(fw, [*keys, *V2_FRAMEWORK_KEYS], where)
    else:
        check.unknown_keys(fw, keys, where, v2_only=V2_FRAMEWORK_KEYS)
    slug = check.text(fw, "slug", where, max_length=max_length_of(Framework, "slug"))
    if slug is not None and not SLUG_PATTERN.match(slug):
        check.add(
            "framework.slug",
            f"{json_repr(slug)} is not a valid slug: use lower-case letters, digits and "
            'single hyphens, e.g. "nef-six-principles"',
        )
    check.integer(fw, "version", where, minimum=1)
    check.choice(fw, "status", where, FrameworkStatus.values)
    if number == 1 and fw.get("kind") in kinds.V2_KINDS:
        check.add(
            "framework.kind",
            f'"{fw["kind"]}" needs "format": "{FORMAT_V2}"; a version-1 file is "principles" '
            'or "ladder"',
        )
    else:
        check.choice(fw, "kind", where, FrameworkKind.values)
    check.text(fw, "name", where, max_length=max_length_of(Framework, "name"))
    check.text(fw, "short_name", where, max_length=max_length_of(Framework, "short_name"))
    check.text(
        fw,
        "criterion_label",
        where,
        required=False,
        max_length=max_length_of(Framework, "criterion_label"),
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
    if number == 2:
        v2.validate_guidance(check, fw)
        v2.validate_review(check, fw)


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
        check.add("levels", f"must be a list of levels, not {type_name(levels)}")
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
            check.add(where, f"must be an object, not {type_name(level)}")
            continue
        if is_int(level.get("value")):
            where = f"levels[{index}] (value {level['value']})"
        check.unknown_keys(level, LEVEL_KEYS, where)
        value = check.integer(level, "value", where, minimum=1)
        check.text(level, "label", where, max_length=max_length_of(Level, "label"))
        check.text(level, "meaning", where)
        band = level.get("band")
        if "band" not in level:
            check.add(join_path(where, "band"), f"missing band (one of {', '.join(bands)})")
            band = None
        elif band not in bands:
            check.add(
                join_path(where, "band"),
                f"unknown band {json_repr(band)}; use one of {', '.join(bands)}",
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


def _validate_criteria(check, doc, level_values, number):
    if "criteria" not in doc:
        check.add("criteria", "missing criteria; a framework needs at least one")
        return
    criteria = doc["criteria"]
    if not isinstance(criteria, list):
        check.add("criteria", f"must be a list of criteria, not {type_name(criteria)}")
        return
    if not criteria:
        check.add("criteria", "no criteria; a framework needs at least one")
        return
    seen_codes = {}
    expected_keys = [str(v) for v in sorted(level_values)]
    for index, criterion in enumerate(criteria):
        where = f"criteria[{index}]"
        if not isinstance(criterion, dict):
            check.add(where, f"must be an object, not {type_name(criterion)}")
            continue
        code = criterion.get("code")
        if isinstance(code, str) and code.strip():
            where = f"criteria[{index}] ({code})"
        keys = [key for key, _, _ in CRITERION_KEYS]
        if number == 2:
            check.unknown_keys(criterion, [*V2_CRITERION_KEYS, *keys], where)
        else:
            check.unknown_keys(criterion, keys, where, v2_only=V2_CRITERION_KEYS)
        code = check.text(criterion, "code", where, max_length=max_length_of(Criterion, "code"))
        if code is not None:
            if code in seen_codes:
                check.add(
                    join_path(where, "code"),
                    f'duplicate criterion code "{code}" (also criteria[{seen_codes[code]}])',
                )
            else:
                seen_codes[code] = index
        check.text(criterion, "title", where, max_length=max_length_of(Criterion, "title"))
        check.text(criterion, "statement", where)
        check.text(criterion, "statement_source", where, required=False, blank=True)
        check.text(criterion, "question", where, required=False, blank=True)
        if number == 2:
            check.text(criterion, "guidance", where, required=False, blank=True)
        _validate_criterion_levels(check, criterion, where, expected_keys, number)
    if number == 2:
        v2.validate_replaces(check, criteria, set(seen_codes))


def _validate_criterion_levels(check, criterion, where, expected_keys, number):
    where = join_path(where, "levels")
    if "levels" not in criterion:
        check.add(where, "missing levels; describe the criterion at every level")
        return
    entries = criterion["levels"]
    if not isinstance(entries, dict):
        check.add(
            where,
            f'must be an object keyed by level value ("1", "2", …), not {type_name(entries)}',
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
            check.add(path, f"must be an object, not {type_name(entry)}")
            continue
        if number == 2:
            check.unknown_keys(entry, [*V2_DESCRIPTOR_KEYS, *DESCRIPTOR_KEYS], path)
            v2.validate_summary(check, entry, path)
        else:
            check.unknown_keys(entry, DESCRIPTOR_KEYS, path, v2_only=V2_DESCRIPTOR_KEYS)
        if "descriptor" not in entry:
            check.add(join_path(path, "descriptor"), "missing descriptor")
        else:
            check.text(entry, "descriptor", path)
        check.string_list(entry, "evidence_prompts", path)
        check.string_list(entry, "next_steps", path)
