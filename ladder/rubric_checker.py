"""The checks every part of a rubric document is made of (``Checker``), and how a bad value
is echoed: cut short, so that one bad value cannot flood the terminal."""

from __future__ import annotations

import difflib
import json
import re

from ladder.rubric_document import Problem, join_path

# The longest shipped text is under 700 characters; 5,000 is a page of the PDF.
MAX_TEXT_LENGTH = 5000
# PositiveIntegerField's limit on PostgreSQL; SQLite would overflow a little later.
MAX_INTEGER = 2_147_483_647
# How much of a bad value a message repeats.
ECHO_LENGTH = 60
_SURROGATE = re.compile("[\ud800-\udfff]")


class Checker:
    def __init__(self):
        self.problems = []

    def add(self, where, what):
        self.problems.append(Problem(where, what))

    def unknown_keys(self, obj, allowed, where, *, v2_only=()):
        """Report keys not in ``allowed``; a key of ``v2_only`` (in a version-1 document)
        is named as belonging to the newer format."""
        for key in obj:
            if key in allowed:
                continue
            if key in v2_only:
                self.add(
                    join_path(where, key),
                    f'"{key}" belongs to "format": "coprod-rubric/2"; a coprod-rubric/1 file '
                    "stays as it is (write the next version in the new format instead)",
                )
                continue
            shown = cut(str(key))
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
            self.add(path, f"must be a string, not {type_name(value)}")
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
        if not is_int(value):
            self.add(path, f"must be a whole number, not {json_repr(value)}")
            return None
        if minimum is not None and value < minimum:
            self.add(path, f"must be {minimum} or more, not {value}")
            return None
        if value > MAX_INTEGER:
            self.add(path, f"must be at most {MAX_INTEGER:,}, not {json_repr(value)}")
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
            self.add(path, f"unknown {key} {json_repr(value)}; use one of {allowed}")
            return None
        return value

    def string_list(self, obj, key, where):
        path = join_path(where, key)
        if key not in obj:
            self.add(path, f"missing {key}; give a list of at least one piece of text")
            return
        value = obj[key]
        if not isinstance(value, list):
            self.add(path, f"must be a list of text, not {type_name(value)}")
            return
        if not value:
            self.add(path, f"empty {key}; give at least one")
            return
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.add(f"{path}[{index}]", f"must be a string, not {type_name(item)}")
            elif not item.strip():
                self.add(f"{path}[{index}]", "empty text; remove it or write something")
            else:
                self.storable(item, f"{path}[{index}]", MAX_TEXT_LENGTH)


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def type_name(value):
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def json_repr(value):
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return cut(text)


def cut(text):
    return text if len(text) <= ECHO_LENGTH else f"{text[:ECHO_LENGTH]}… ({len(text):,} characters)"


def max_length_of(model, name):
    return model._meta.get_field(name).max_length
