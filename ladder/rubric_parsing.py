"""Reading a rubric file's bytes into a document, without ever raising for what is in it.

``read_rubric_file(path)`` and ``parse_rubric_bytes(raw)`` return ``(doc, problems)``; doc is
None when the file cannot be read as one JSON document. Everything a hostile or broken file
can do (no file, a directory, an endless device, bytes that are not UTF-8, an empty file,
broken JSON, repeated keys, brackets nested thousands deep, numbers too long to convert) is
reported as a ``Problem`` instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ladder.rubric_document import Problem, join_path

# The shipped rubrics are about 50 kB; a file far larger is not a rubric (or is /dev/zero),
# and reading it whole would only use up memory.
MAX_FILE_BYTES = 2_000_000
# A rubric document is 6 levels deep (criteria[].levels.N.next_steps[]); anything much deeper
# is refused before json.loads, whose recursion would otherwise fail on 100,000 brackets.
MAX_DEPTH = 20
# A JSON string (skipped, so brackets inside text do not count) or one bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def read_rubric_file(path: Path):
    """Read and parse one file. Returns ``(doc, problems)``; doc is None if unreadable."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # enough to tell it is too large
    except FileNotFoundError:
        return None, [Problem("file", "no such file")]
    except OSError as exc:
        return None, [Problem("file", f"cannot be read: {exc.strerror or exc}")]
    return parse_rubric_bytes(raw)


def parse_rubric_bytes(raw: bytes | str, filename=None):
    """Decode and parse a file's bytes. Returns ``(doc, problems)``; doc is None if unreadable.

    Never raises for bad input. ``filename`` is accepted for symmetry with callers that report
    it; problems themselves carry only ``where`` and ``what``.
    """
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                "file",
                f"larger than {MAX_FILE_BYTES:,} bytes; a rubric file is far smaller "
                "(is this the right file?)",
            )
        ]
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

    too_deep = _too_deep(text)
    if too_deep:
        return None, [too_deep]

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
    except ValueError as exc:
        # Python refuses to convert an integer of more than 4,300 digits (a denial-of-service
        # guard); json.loads passes that on as a plain ValueError.
        return None, [Problem("file", f"invalid JSON: {exc}")]
    except RecursionError:
        # Not reached after _too_deep, but json.loads must never take the command down.
        return None, [Problem("file", "invalid JSON: nested too deeply")]
    problems = []
    if repeated:
        paths = _paths_by_identity(doc)
        for obj, key in repeated:
            where = paths.get(id(obj), "(document)")
            problems.append(
                Problem(
                    join_path(where, key),
                    f'the key "{key}" appears more than once in the same object; '
                    "only the last one would be kept",
                )
            )
    return doc, problems


def _too_deep(text):
    """A problem at the first bracket nested deeper than MAX_DEPTH, or None."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                start = match.start()
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                return Problem(
                    f"line {line}, column {column}",
                    f"brackets nested more than {MAX_DEPTH} deep; a rubric document is at "
                    "most 6 deep (criteria[].levels.N.next_steps[])",
                )
        elif token in "]}":
            depth -= 1
    return None


def _paths_by_identity(doc):
    paths = {}

    def walk(node, path):
        if isinstance(node, dict):
            paths[id(node)] = path
            for key, value in node.items():
                walk(value, join_path(path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")

    walk(doc, "")
    return paths
