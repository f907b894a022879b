"""Small coprod-rubric/2 documents for tests, and ways to break them (as rubric_docs.py does
for version 1). ``minimal_doc_v2()`` is valid and canonical: export writes it back byte for
byte."""

import json

from tests.unit.ladder.rubric_docs import SLUG, minimal_doc

CHOOSING = (
    "Choose a level only when everything it describes is true for this programme. If you are "
    "torn between two levels, choose the lower one, and say in your evidence what is missing "
    "for the higher one."
)


def minimal_doc_v2(*, slug=SLUG, version=2, status="draft", replaces=None):
    """Version 2 of rubric_docs.minimal_doc: criterion B, if ``replaces`` is given, becomes
    "C" replacing those codes."""
    doc = minimal_doc(slug=slug, version=version, status=status)
    doc["format"] = "coprod-rubric/2"
    doc["framework"]["guidance"] = {
        "choosing": CHOOSING,
        "not_applicable": "Choose 'not applicable' when the programme has no such activity.",
        "dont_know": "Choose 'don't know yet' when the stage has not happened yet.",
    }
    doc["framework"]["review"] = {
        "written_by": "Coprod rubric team",
        "written_on": "2026-12-02",
        "checked_by": None,
        "checked_on": None,
        "review_due": "2027-12-01",
    }
    for criterion in doc["criteria"]:
        for value, entry in criterion["levels"].items():
            criterion["levels"][value] = {
                "summary": f"{criterion['code']} at level {value}, in a few plain words.",
                **entry,
            }
    if replaces is not None:
        old = doc["criteria"][1]
        doc["criteria"][1] = {"code": "C", "replaces": list(replaces), **old}
        doc["criteria"][1]["code"] = "C"
    return doc


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


def _as_v1(change):
    def v1(doc):
        doc["format"] = "coprod-rubric/1"
        change(doc)

    return v1


def _then(*changes):
    def both(doc):
        for change in changes:
            change(doc)

    return both


A1 = "criteria[0] (A).levels.1"
REVIEW = "framework.review"
LONG = " ".join(["word"] * 26)

# (id, change to minimal_doc_v2(), where, what)
BROKEN_V2_DOCS = [
    ("missing_guidance", _delete("framework", "guidance"), "framework.guidance", "missing"),
    (
        "missing_choosing",
        _delete("framework", "guidance", "choosing"),
        "framework.guidance.choosing",
        "missing choosing",
    ),
    (
        "guidance_typo",
        _set("framework", "guidance", "dont_knwo", "x"),
        "framework.guidance.dont_knwo",
        'did you mean "dont_know"',
    ),
    ("missing_review", _delete("framework", "review"), REVIEW, "missing review"),
    (
        "missing_written_by",
        _delete("framework", "review", "written_by"),
        f"{REVIEW}.written_by",
        "missing written_by",
    ),
    (
        "missing_summary",
        _delete("criteria", 0, "levels", "1", "summary"),
        f"{A1}.summary",
        "missing",
    ),
    (
        "empty_summary",
        _set("criteria", 0, "levels", "1", "summary", "  "),
        f"{A1}.summary",
        "empty",
    ),
    (
        "long_summary",
        _set("criteria", 0, "levels", "1", "summary", LONG),
        f"{A1}.summary",
        "26 words; at most 25",
    ),
    (
        "bad_written_on",
        _set("framework", "review", "written_on", "2/12/2026"),
        f"{REVIEW}.written_on",
        '"2/12/2026" is not a date; write it as YYYY-MM-DD',
    ),
    (
        "impossible_date",
        _set("framework", "review", "review_due", "2027-02-30"),
        f"{REVIEW}.review_due",
        "is not a date",
    ),
    (
        "checked_on_without_checked_by",
        _set("framework", "review", "checked_on", "2026-12-03"),
        f"{REVIEW}.checked_on",
        "a date but no checked_by",
    ),
    (
        "checked_by_without_checked_on",
        _set("framework", "review", "checked_by", "Dr Asha Patel"),
        f"{REVIEW}.checked_on",
        "give the date they checked it",
    ),
    (
        "empty_checked_by",
        _set("framework", "review", "checked_by", ""),
        f"{REVIEW}.checked_by",
        "empty checked_by",
    ),
    (
        "review_due_not_after_written_on",
        _set("framework", "review", "review_due", "2026-12-02"),
        f"{REVIEW}.review_due",
        "2026-12-02 is not after written_on (2026-12-02)",
    ),
    (
        "replaces_a_kept_code",
        _set("criteria", 1, "replaces", ["A"]),
        "criteria[1] (B).replaces[0]",
        '"A" is still a criterion of this version',
    ),
    (
        "replaces_not_a_list",
        _set("criteria", 1, "replaces", "A"),
        "criteria[1] (B).replaces",
        "must be a list of criterion codes, not a string",
    ),
    (
        "replaces_a_number",
        _set("criteria", 1, "replaces", [7]),
        "criteria[1] (B).replaces[0]",
        "must be a criterion code, not 7",
    ),
    (
        "replaces_too_long",
        _set("criteria", 1, "replaces", ["X" * 500]),
        "criteria[1] (B).replaces[0]",
        "cannot be a criterion code (too long)",
    ),
    ("grid_without_grid", _set("framework", "kind", "grid"), "framework.grid", "missing grid"),
    (
        "guidance_in_v1",
        _as_v1(lambda doc: None),
        "framework.guidance",
        'belongs to "format": "coprod-rubric/2"',
    ),
    (
        "summary_in_v1",
        _as_v1(_then(_delete("framework", "guidance"), _delete("framework", "review"))),
        f"{A1}.summary",
        'belongs to "format": "coprod-rubric/2"',
    ),
    (
        "replaces_in_v1",
        _as_v1(_set("criteria", 0, "replaces", ["Z"])),
        "criteria[0] (A).replaces",
        'belongs to "format": "coprod-rubric/2"',
    ),
]


def broken_v2(change):
    doc = minimal_doc_v2()
    change(doc)
    return doc


def as_v2(v1_doc, *, status="published"):
    """The next version of a (shipped) v1 document in coprod-rubric/2, with made-up plain
    summaries and every descriptor marked "(v2)", so a page shows which version it read."""
    doc = json.loads(json.dumps(v1_doc))
    fw = doc["framework"]
    fw.update(version=fw["version"] + 1, status=status)
    fw["guidance"] = {
        "choosing": CHOOSING,
        "not_applicable": "Choose 'not applicable' only when the programme has no such part.",
        "dont_know": "Choose 'don't know yet' when it has not happened yet; say why.",
    }
    fw["review"] = {
        "written_by": "Coprod rubric team",
        "written_on": "2026-12-02",
        "checked_by": None,
        "checked_on": None,
        "review_due": "2027-12-01",
    }
    doc["format"] = "coprod-rubric/2"
    for criterion in doc["criteria"]:
        for value, entry in criterion["levels"].items():
            words = entry["descriptor"].split()[:12]
            entry["descriptor"] = f"(v2) {entry['descriptor']}"
            criterion["levels"][value] = {
                "summary": f"Plain {criterion['code']} {value}: {' '.join(words)}",
                **entry,
            }
    return doc
