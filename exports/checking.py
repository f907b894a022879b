"""Reading and checking a results document before anything is written (no database here).

`parse_document(raw)` turns bytes into a document or problems; `check_document(doc)` checks
its shape and types against the "coprod-results/1" format. Each problem is a ladder
`Problem`, shown as `WHERE: WHAT` (e.g. `scores[3].level: expected a whole number, found
text "three"`), the way every file a user hands us is refused.
"""

from __future__ import annotations

import datetime
import difflib
import json

from assessments.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Confidence,
    Participant,
    Perspective,
    Programme,
)
from ladder.rubric_document import Problem, join_path
from plans.models import Action, ActionStatus

from .document import FORMAT

MAX_BYTES = 50_000_000  # a large assessment is a few megabytes


def _max(model, name):
    return model._meta.get_field(name).max_length


# Each key: (kind, max length, null allowed). Kinds: text, name (text, not blank), number
# (whole, 1 or more), yes/no, date, time (with its zone), or a set of the allowed values.
TEXT, NUMBER, YESNO, DATE, TIME = "text", "number", "yes/no", "date", "time"
NAME = "name"  # text that may not be blank
SPECS = {
    "organisation": {"ods_code": (TEXT, 10), "name": (TEXT, 200)},
    "programme": {
        "name": (NAME, _max(Programme, "name")),
        "description": (TEXT, _max(Programme, "description")),
    },
    "assessment": {
        "title": (NAME, _max(Assessment, "title")),
        "date": (DATE,),
        "status": (set(AssessmentStatus.values),),
        "created_at": (TIME,),
        "submitted_at": (TIME, None, True),
    },
    "rubrics[]": {"slug": (TEXT, 80), "version": (NUMBER,)},
    "participants[]": {
        "number": (NUMBER,),
        "name": (TEXT, _max(Participant, "name"), True),
        "perspective": (set(Perspective.values),),
        "created_at": (TIME,),
    },
    "scores[]": {
        "participant": (NUMBER,),
        "rubric": (TEXT, 80),
        "criterion": (TEXT, 20),
        "answer": (set(Answer.values),),
        "level": (NUMBER, None, True),
        "evidence": (TEXT, None),
        "links": (TEXT, None),
        "confidence": ({"", *Confidence.values},),
        "updated_at": (TIME,),
    },
    "consensus[]": {
        "rubric": (TEXT, 80),
        "criterion": (TEXT, 20),
        "answer": (set(Answer.values),),
        "level": (NUMBER, None, True),
        "target_level": (NUMBER, None, True),
        "reason": (TEXT, None),
        "updated_at": (TIME,),
    },
    "actions[]": {
        "rubric": (TEXT, 80),
        "criterion": (TEXT, 20),
        "what": (TEXT, None),
        "owner": (TEXT, _max(Action, "owner")),
        "due_date": (DATE, None, True),
        "target_level": (NUMBER, None, True),
        "status": (set(ActionStatus.values),),
        "created_at": (TIME,),
        "updated_at": (TIME,),
    },
}
TOP_KEYS = ("format", "names_included", "rubrics", "organisation", "programme", "assessment")
LISTS = ("rubrics", "participants", "scores", "consensus", "actions")


def parse_document(raw: bytes):
    """``(doc, problems)``; doc is None when the bytes are not one JSON document."""
    if len(raw) > MAX_BYTES:
        return None, [Problem("file", f"larger than {MAX_BYTES:,} bytes; not a results file")]
    if not raw.strip():
        return None, [Problem("file", f"the file is empty; expected a {FORMAT} JSON document")]
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return None, [Problem("file", f"not UTF-8 text (byte offset {exc.start})")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        ends_early = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        hint = " (the file ends too soon: is it complete?)" if ends_early else ""
        return None, [
            Problem(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}{hint}")
        ]
    except (ValueError, RecursionError) as exc:
        return None, [Problem("file", f"invalid JSON: {exc or 'nested too deeply'}")]


def _found(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "…"
        return f'text "{shown}"'
    return "a list" if isinstance(value, list) else "an object"


def _value_problem(value, kind, max_length=None, nullable=False):
    if value is None:
        return None if nullable else "expected a value, found null"
    if isinstance(kind, set):
        if isinstance(value, str) and value in kind:
            return None
        return f"expected one of {', '.join(sorted(repr(k) for k in kind))}; found {_found(value)}"
    if kind in (TEXT, NAME):
        if not isinstance(value, str):
            return f"expected text, found {_found(value)}"
        if kind == NAME and not value.strip():
            return "empty; give it a name"
        if max_length and len(value) > max_length:
            return f"longer than {max_length} characters ({len(value)})"
        return None
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"expected a whole number from 1, found {_found(value)}"
        return None
    if kind == YESNO:
        return None if isinstance(value, bool) else f"expected true or false, found {_found(value)}"
    if not isinstance(value, str):
        return f"expected an ISO 8601 {kind} as text, found {_found(value)}"
    try:
        if kind == DATE:
            datetime.date.fromisoformat(value)
        elif datetime.datetime.fromisoformat(value).tzinfo is None:
            return f'"{value}" has no time zone; write it in UTC, e.g. 2026-12-01T14:30:00+00:00'
    except ValueError:
        return f"expected an ISO 8601 {kind}, found {_found(value)}"
    return None


def _check_object(obj, where, spec, problems):
    if not isinstance(obj, dict):
        problems.append(Problem(where, f"expected an object, found {_found(obj)}"))
        return
    for key in obj.keys() - spec.keys():
        close = difflib.get_close_matches(key, spec, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        problems.append(Problem(join_path(where, key), f"unknown key{hint}"))
    for key, (kind, *rest) in spec.items():
        if key not in obj:
            problems.append(Problem(join_path(where, key), "missing"))
            continue
        problem = _value_problem(obj[key], kind, *rest)
        if problem:
            problems.append(Problem(join_path(where, key), problem))


def check_document(doc) -> list[Problem]:
    """Problems with the document's shape and types; empty when it can be imported as far
    as can be told without the database."""
    if not isinstance(doc, dict):
        return [Problem("(document)", f"expected an object, found {_found(doc)}")]
    if doc.get("format") != FORMAT:
        return [
            Problem(
                "format",
                f'expected "{FORMAT}", found {_found(doc.get("format"))}; '
                "is this a Coprod results file?",
            )
        ]
    problems = []
    top = {*TOP_KEYS, *LISTS}
    for key in doc.keys() - top:
        problems.append(Problem(key, "unknown key"))
    for key in top - doc.keys():
        problems.append(Problem(key, "missing"))
    if "names_included" in doc and (problem := _value_problem(doc["names_included"], YESNO)):
        problems.append(Problem("names_included", problem))
    for key in ("organisation", "programme", "assessment"):
        if key in doc:
            _check_object(doc[key], key, SPECS[key], problems)
    for key in LISTS:
        rows = doc.get(key)
        if key not in doc:
            continue
        if not isinstance(rows, list):
            problems.append(Problem(key, f"expected a list, found {_found(rows)}"))
            continue
        for i, row in enumerate(rows):
            _check_object(row, f"{key}[{i}]", SPECS[f"{key}[]"], problems)
    return problems
