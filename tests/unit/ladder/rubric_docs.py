"""Small rubric documents for tests: a valid minimal one, and ways to break it.

``minimal_doc()`` returns a fresh, valid, canonical document (keys in export order), so
``dump_document(minimal_doc())`` is exactly what export_rubric writes after loading it.
``BROKEN_DOCS`` lists (id, how to break the doc, where, what) for the validation,
check_rubrics and load_rubrics tests; ``BROKEN_BYTES`` the same for files that are not even JSON.
"""

import json

SLUG = "test-principles"


def level_entry(criterion_code, value):
    return {
        "descriptor": f"{criterion_code} looks like level {value}: you would see it happen.",
        "evidence_prompts": [f"Show {criterion_code} at level {value}."],
        "next_steps": [f"Take {criterion_code} past level {value}."],
    }


def minimal_doc(*, slug=SLUG, version=1, status="draft"):
    levels = [
        {"value": 1, "label": "Informing", "band": "doing_to", "meaning": "People are told."},
        {"value": 2, "label": "Consulting", "band": "doing_for", "meaning": "People are asked."},
        {
            "value": 3,
            "label": "Co-producing",
            "band": "doing_with",
            "meaning": "People decide with us as equals — “together”.",
        },
    ]
    criteria = []
    for code, title in [("A", "Assets"), ("B", "Mutuality")]:
        criteria.append(
            {
                "code": code,
                "title": title,
                "statement": f"The official statement of {title}.",
                "statement_source": "Test source, 2024.",
                "question": f"How far does the programme show {title.lower()}?",
                "levels": {
                    str(level["value"]): level_entry(code, level["value"]) for level in levels
                },
            }
        )
    return {
        "format": "coprod-rubric/1",
        "framework": {
            "slug": slug,
            "version": version,
            "status": status,
            "kind": "principles",
            "name": "Test principles of co-production",
            "short_name": "Test principles",
            "criterion_label": "principle",
            "order": 1,
            "target_level": 3,
            "source": "A test citation.",
            "description": "A small rubric for tests.",
        },
        "levels": levels,
        "criteria": criteria,
    }


def to_bytes(doc):
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_doc(path, doc):
    path.write_bytes(to_bytes(doc))
    return path


def load_doc_via_load_rubrics(directory, doc):
    """Write doc into directory and load it with load_rubrics, as an admin would; the Framework."""
    from django.core.management import call_command

    from ladder.models import Framework

    fw = doc["framework"]
    path = write_doc(directory / f"{fw['slug']}-v{fw['version']}.json", doc)
    call_command("load_rubrics", str(path), verbosity=0)
    return Framework.objects.get(slug=fw["slug"], version=fw["version"])


# --- ways to break a document ----------------------------------------------------------------


def _set(*keys_and_value):
    *keys, value = keys_and_value

    def change(doc):
        node = doc
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _delete(*keys):
    def change(doc):
        node = doc
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return change


def _level_values(*values):
    def change(doc):
        doc["levels"] = [
            {**doc["levels"][0], "value": value, "band": "doing_to"} for value in values
        ]
        for criterion in doc["criteria"]:
            criterion["levels"] = {str(v): level_entry(criterion["code"], v) for v in values}
        doc["framework"]["target_level"] = 1

    return change


def _swap_first_two_levels(doc):
    doc["levels"][0], doc["levels"][1] = doc["levels"][1], doc["levels"][0]
    doc["levels"][0]["band"] = doc["levels"][1]["band"] = "doing_to"


def _duplicate_code(doc):
    doc["criteria"][1]["code"] = "A"


def _extra_level_key(doc):
    doc["criteria"][0]["levels"]["7"] = level_entry("A", 7)


CRIT_B = "criteria[1] (B)"

BROKEN_DOCS = [
    # (id, change, where, what)
    ("missing_format", _delete("format"), "format", "missing format"),
    (
        "wrong_format",
        _set("format", "coprod-rubric/9"),
        "format",
        'unknown format "coprod-rubric/9"',
    ),
    ("unknown_top_level_key", _set("criterias", []), "criterias", 'did you mean "criteria"'),
    ("missing_framework", _delete("framework"), "framework", "missing framework"),
    (
        "invalid_slug",
        _set("framework", "slug", "Test Principles"),
        "framework.slug",
        "is not a valid slug",
    ),
    ("version_zero", _set("framework", "version", 0), "framework.version", "must be 1 or more"),
    (
        "version_not_a_number",
        _set("framework", "version", "1"),
        "framework.version",
        "must be a whole number",
    ),
    (
        "unknown_status",
        _set("framework", "status", "final"),
        "framework.status",
        'unknown status "final"',
    ),
    ("missing_kind", _delete("framework", "kind"), "framework.kind", "missing kind"),
    (
        "short_name_too_long",
        _set("framework", "short_name", "x" * 61),
        "framework.short_name",
        "at most 60",
    ),
    ("empty_name", _set("framework", "name", "  "), "framework.name", "empty name"),
    (
        "target_level_not_a_level",
        _set("framework", "target_level", 9),
        "framework.target_level",
        "9 is not one of the level values (1–3)",
    ),
    (
        "unknown_framework_key",
        _set("framework", "shortname", "T"),
        "framework.shortname",
        'did you mean "short_name"',
    ),
    ("no_levels", _set("levels", []), "levels", "no levels"),
    (
        "level_value_not_a_number",
        _set("levels", 1, "value", "2"),
        "levels[1].value",
        "must be a whole number",
    ),
    ("levels_out_of_order", _swap_first_two_levels, "levels[1] (value 1)", "out of order"),
    ("level_values_with_a_gap", _level_values(1, 2, 4), "levels", "missing 3"),
    (
        "duplicate_level_values",
        _level_values(1, 2, 2),
        "levels[2] (value 2).value",
        "duplicate level value 2",
    ),
    (
        "missing_level_label",
        _delete("levels", 0, "label"),
        "levels[0] (value 1).label",
        "missing label",
    ),
    (
        "missing_level_meaning",
        _delete("levels", 2, "meaning"),
        "levels[2] (value 3).meaning",
        "missing meaning",
    ),
    (
        "missing_band",
        _delete("levels", 0, "band"),
        "levels[0] (value 1).band",
        "missing band (one of doing_to, doing_for, doing_with)",
    ),
    (
        "unknown_band",
        _set("levels", 1, "band", "doing_alongside"),
        "levels[1] (value 2).band",
        'unknown band "doing_alongside"; use one of doing_to, doing_for, doing_with',
    ),
    (
        "band_going_down_the_scale",
        _set("levels", 2, "band", "doing_to"),
        "levels[2] (value 3).band",
        "bands must not go down the scale",
    ),
    ("no_criteria", _set("criteria", []), "criteria", "no criteria"),
    (
        "duplicate_criterion_codes",
        _duplicate_code,
        "criteria[1] (A).code",
        'duplicate criterion code "A"',
    ),
    (
        "missing_criterion_title",
        _delete("criteria", 1, "title"),
        f"{CRIT_B}.title",
        "missing title",
    ),
    (
        "missing_criterion_statement",
        _delete("criteria", 1, "statement"),
        f"{CRIT_B}.statement",
        "missing statement",
    ),
    (
        "criterion_level_key_not_a_level",
        _extra_level_key,
        "criteria[0] (A).levels.7",
        '"7" is not a level value',
    ),
    (
        "missing_descriptor",
        _delete("criteria", 1, "levels", "2", "descriptor"),
        f"{CRIT_B}.levels.2.descriptor",
        "missing descriptor",
    ),
    (
        "empty_descriptor",
        _set("criteria", 1, "levels", "2", "descriptor", " "),
        f"{CRIT_B}.levels.2.descriptor",
        "empty descriptor",
    ),
    (
        "level_not_described",
        _delete("criteria", 1, "levels", "3"),
        f"{CRIT_B}.levels.3.descriptor",
        "missing descriptor",
    ),
    (
        "unknown_descriptor_key",
        _set("criteria", 1, "levels", "1", "desciptor", "x"),
        f"{CRIT_B}.levels.1.desciptor",
        'did you mean "descriptor"',
    ),
    (
        "missing_evidence_prompts",
        _delete("criteria", 1, "levels", "1", "evidence_prompts"),
        f"{CRIT_B}.levels.1.evidence_prompts",
        "missing evidence_prompts",
    ),
    (
        "empty_evidence_prompts",
        _set("criteria", 1, "levels", "1", "evidence_prompts", []),
        f"{CRIT_B}.levels.1.evidence_prompts",
        "empty evidence_prompts",
    ),
    (
        "evidence_prompts_not_a_list",
        _set("criteria", 1, "levels", "1", "evidence_prompts", "Show it"),
        f"{CRIT_B}.levels.1.evidence_prompts",
        "must be a list",
    ),
    (
        "blank_evidence_prompt",
        _set("criteria", 1, "levels", "1", "evidence_prompts", ["ok", ""]),
        f"{CRIT_B}.levels.1.evidence_prompts[1]",
        "empty text",
    ),
    (
        "missing_next_steps",
        _delete("criteria", 0, "levels", "3", "next_steps"),
        "criteria[0] (A).levels.3.next_steps",
        "missing next_steps",
    ),
    (
        "next_step_not_text",
        _set("criteria", 0, "levels", "3", "next_steps", [3]),
        "criteria[0] (A).levels.3.next_steps[0]",
        "must be a string",
    ),
]

BROKEN_BYTES = [
    # (id, bytes, where, what)
    ("empty_file", b"", "file", "the file is empty"),
    ("whitespace_only_file", b"  \n", "file", "the file is empty"),
    (
        "not_utf8",
        to_bytes(minimal_doc()).replace("“".encode(), "“".encode("cp1252")),
        "file",
        "not UTF-8 text: byte 0x93 at byte offset",
    ),
    (
        "broken_json",
        b'{\n  "format": "coprod-rubric/1",\n  "framework": {,\n}',
        "line 3, column 17",
        "invalid JSON",
    ),
    ("top_level_a_number", b"42\n", "(document)", "the top level must be a JSON object"),
    (
        "repeated_key",
        b'{"format": "coprod-rubric/1", "format": "coprod-rubric/1"}',
        "format",
        "appears more than once",
    ),
]


def broken(change):
    doc = minimal_doc()
    change(doc)
    return doc


def _doc_bytes_with(change):
    return to_bytes(broken(change))


DEPTH = 100_000

# What a careful reviewer would hand the commands: (id, bytes, where, what). Each is refused
# whole, with no traceback, by parse/validate, check_rubrics and load_rubrics alike.
HOSTILE_BYTES = [
    ("top_level_a_list", b"[1, 2, 3]", "(document)", "the top level must be a JSON object"),
    (
        "deeply_nested_list",
        b"[" * DEPTH + b"]" * DEPTH,
        "line 1, column 21",
        "brackets nested more than 20 deep",
    ),
    (
        "deeply_nested_inside_a_rubric",
        b'{"format": "coprod-rubric/1",\n "framework": ' + b'{"a": ' * DEPTH + b"1" + b"}" * DEPTH,
        "line 2, column 129",
        "brackets nested more than 20 deep",
    ),
    (
        "file_too_large",
        b'{"format": "coprod-rubric/1", "framework": {"name": "' + b"x" * 2_100_000 + b'"}}',
        "file",
        "larger than 2,000,000 bytes",
    ),
    (
        "huge_descriptor",
        _doc_bytes_with(_set("criteria", 0, "levels", "1", "descriptor", "word " * 200_000)),
        "criteria[0] (A).levels.1.descriptor",
        "is 1,000,000 characters long; at most 5,000 allowed",
    ),
    (
        "huge_invalid_slug_is_not_echoed_whole",
        _doc_bytes_with(_set("framework", "slug", "X" * 100_000)),
        "framework.slug",
        "is 100,000 characters long; at most 80 allowed",
    ),
    (
        "number_of_5000_digits",
        b'{"format": "coprod-rubric/1", "framework": {"version": ' + b"9" * 5000 + b"}}",
        "file",
        "invalid JSON: Exceeds the limit (4300 digits)",
    ),
    (
        "version_beyond_the_database",
        _doc_bytes_with(_set("framework", "version", 2**40)),
        "framework.version",
        "must be at most 2,147,483,647",
    ),
    (
        "level_value_of_a_billion",
        _doc_bytes_with(_set("levels", 2, "value", 1_000_000_000)),
        "levels",
        "missing 3",
    ),
    (
        "nul_in_text",
        _doc_bytes_with(_set("levels", 0, "meaning", "People\u0000 are told.")),
        "levels[0] (value 1).meaning",
        "contains a NUL character",
    ),
    (
        "unpaired_surrogate_in_text",
        to_bytes(minimal_doc()).replace(b"People are asked.", b"People \\ud83d are asked."),
        "levels[1] (value 2).meaning",
        "contains \\ud83d, half of a character",
    ),
    (
        "unpaired_surrogate_in_a_key",
        to_bytes(minimal_doc()).replace(b'"label": "Informing"', b'"\\udc00": "Informing"'),
        "levels[0] (value 1).\\udc00",
        'unknown key "\\udc00"',
    ),
]
