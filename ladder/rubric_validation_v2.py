"""What only a ``coprod-rubric/2`` document has: the framework's guidance and review
metadata, each criterion's ``replaces`` and each level's plain ``summary``.

Called by ``ladder.rubric_validation.validate_rubric``; pure, like it.
"""

from __future__ import annotations

import datetime

from ladder.models import Criterion, Framework
from ladder.rubric_checker import MAX_TEXT_LENGTH, Checker, json_repr, max_length_of, type_name
from ladder.rubric_document import GUIDANCE_KEYS, REVIEW_KEYS, Problem, join_path

# Scorers choose from the summaries, on a phone: short enough to read at a glance.
MAX_SUMMARY_WORDS = 25


def validate_guidance(check: Checker, fw: dict):
    where = "framework.guidance"
    if "guidance" not in fw:
        check.add(
            where,
            "missing guidance (choosing, not_applicable, dont_know): how to choose a level, "
            "and when to choose 'not applicable' or 'don't know yet'",
        )
        return
    guidance = fw["guidance"]
    if not isinstance(guidance, dict):
        check.add(where, f"must be an object, not {type_name(guidance)}")
        return
    check.unknown_keys(guidance, [key for key, _, _ in GUIDANCE_KEYS], where)
    for key, required, _ in GUIDANCE_KEYS:
        check.text(guidance, key, where, required=required, blank=not required)


def validate_review(check: Checker, fw: dict):
    where = "framework.review"
    if "review" not in fw:
        check.add(
            where,
            "missing review (written_by, written_on, checked_by, checked_on, review_due): "
            "who wrote this version, who checked it, and when it is due for review",
        )
        return
    review = fw["review"]
    if not isinstance(review, dict):
        check.add(where, f"must be an object, not {type_name(review)}")
        return
    check.unknown_keys(review, REVIEW_KEYS, where)
    limit = max_length_of(Framework, "written_by")
    check.text(review, "written_by", where, max_length=limit)
    written_on = _date(check, review, "written_on", where)
    review_due = _date(check, review, "review_due", where)
    checked_by = _name_or_null(check, review, "checked_by", where, limit)
    checked_on = _date(check, review, "checked_on", where, nullable=True)
    if checked_by is None and checked_on not in (None, _BAD):
        check.add(
            join_path(where, "checked_on"),
            "a date but no checked_by: name who checked it, or make checked_on null",
        )
    if checked_by not in (None, _BAD) and checked_on is None:
        check.add(
            join_path(where, "checked_on"),
            f"null, but checked_by names {json_repr(checked_by)}: give the date they checked it",
        )
    if _dates(written_on, review_due) and review_due <= written_on:
        check.add(
            join_path(where, "review_due"),
            f"{review_due.isoformat()} is not after written_on ({written_on.isoformat()})",
        )
    if _dates(written_on, checked_on) and checked_on < written_on:
        check.add(
            join_path(where, "checked_on"),
            f"{checked_on.isoformat()} is before written_on ({written_on.isoformat()})",
        )


_BAD = object()  # a value that was reported as wrong


def _dates(*values):
    return all(isinstance(value, datetime.date) for value in values)


def _date(check, obj, key, where, *, nullable=False):
    """The ISO date obj[key] (None if null and allowed), or _BAD once reported."""
    path = join_path(where, key)
    if key not in obj:
        check.add(path, f"missing {key}" + ("; null if not yet" if nullable else ""))
        return _BAD
    value = obj[key]
    if value is None and nullable:
        return None
    if isinstance(value, str):
        try:
            if len(value) == 10:  # fromisoformat also takes "20261202" and week dates
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    null = " or null" if nullable else ""
    check.add(path, f"{json_repr(value)} is not a date; write it as YYYY-MM-DD{null}")
    return _BAD


def _name_or_null(check, obj, key, where, limit):
    path = join_path(where, key)
    if key not in obj:
        check.add(path, f"missing {key}; a real reviewer's name, or null for not yet checked")
        return _BAD
    if obj[key] is None:
        return None
    value = check.text(obj, key, where, max_length=limit)
    return _BAD if value is None else value


def validate_replaces(check: Checker, criteria: list, kept_codes: set[str]):
    """Each criterion's optional ``replaces``: codes of the previous version that this new
    criterion takes the place of, so never a code this version keeps."""
    for index, criterion in enumerate(criteria):
        if not isinstance(criterion, dict) or "replaces" not in criterion:
            continue
        code = criterion.get("code")
        named = f" ({code})" if isinstance(code, str) and code.strip() else ""
        path = f"criteria[{index}]{named}.replaces"
        replaces = criterion["replaces"]
        if not isinstance(replaces, list):
            check.add(path, f"must be a list of criterion codes, not {type_name(replaces)}")
            continue
        seen = set()
        for position, old in enumerate(replaces):
            where = f"{path}[{position}]"
            if not isinstance(old, str) or not old.strip():
                check.add(where, f"must be a criterion code, not {json_repr(old)}")
            elif len(old) > max_length_of(Criterion, "code"):
                check.add(where, f"{json_repr(old)} cannot be a criterion code (too long)")
            elif not check.storable(old, where, MAX_TEXT_LENGTH):
                pass  # reported by storable
            elif old in seen:
                check.add(where, f'"{old}" is listed twice')
            elif old in kept_codes:
                check.add(
                    where,
                    f'"{old}" is still a criterion of this version; a criterion replaces only '
                    "codes the new version no longer has",
                )
            else:
                seen.add(old)


def validate_summary(check: Checker, entry: dict, path: str):
    if "summary" not in entry:
        check.add(
            join_path(path, "summary"),
            f"missing summary: plain English, at most {MAX_SUMMARY_WORDS} words",
        )
        return
    summary = check.text(entry, "summary", path)
    if summary is None:
        return
    words = len(summary.split())
    if words > MAX_SUMMARY_WORDS:
        check.add(join_path(path, "summary"), f"{words} words; at most {MAX_SUMMARY_WORDS}")


def previous_version_problems(doc, previous_codes: set[str]):
    """Problems with a valid v2 document's ``replaces`` given the codes of the previous
    version (when that version's file or row is at hand): each must name one of them."""
    problems = []
    for index, criterion in enumerate(doc["criteria"]):
        for position, old in enumerate(criterion.get("replaces", [])):
            if old not in previous_codes:
                fw = doc["framework"]
                problems.append(
                    Problem(
                        f"criteria[{index}] ({criterion['code']}).replaces[{position}]",
                        f'"{old}" is not a criterion of {fw["slug"]} version '
                        f"{fw['version'] - 1} (its codes: {', '.join(sorted(previous_codes))})",
                    )
                )
    return problems
