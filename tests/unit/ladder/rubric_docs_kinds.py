"""Small coprod-rubric/2 documents of the two newer kinds, valid and canonical (export writes
them back byte for byte): a readiness checklist and a placement grid."""

from tests.unit.ladder.rubric_docs_v2 import minimal_doc_v2

CHECKLIST_LEVELS = [
    {"value": 1, "label": "No", "band": "doing_to", "meaning": "Not in place."},
    {"value": 2, "label": "Partly", "band": "doing_for", "meaning": "Partly in place."},
    {"value": 3, "label": "Yes", "band": "doing_with", "meaning": "In place."},
]


def checklist_doc(*, slug="test-readiness", status="draft"):
    doc = minimal_doc_v2(slug=slug, version=1, status=status)
    fw = doc["framework"]
    fw.update(kind="checklist", name="Test readiness check", short_name="Test readiness")
    fw["criterion_label"] = "check"
    doc["framework"] = _after_target(fw, offered_by_default=False)
    doc["levels"] = [dict(level) for level in CHECKLIST_LEVELS]
    return doc


def grid_doc(*, slug="test-grid", status="draft"):
    """Two axes, A across (who plans) and B down (who delivers), three levels each."""
    doc = minimal_doc_v2(slug=slug, version=1, status=status)
    fw = doc["framework"]
    fw.update(kind="grid", name="Test who plans and who delivers", short_name="Test grid")
    fw["target_level"] = 2
    cells = [
        {
            "across": across,
            "down": down,
            "name": f"Planned {across}, delivered {down}",
            "meaning": f"Cell {across}-{down} in plain words.",
        }
        for down in (1, 2, 3)
        for across in (1, 2, 3)
    ]
    doc["framework"] = _after_target(
        fw, offered_by_default=False, grid={"across": "A", "down": "B", "cells": cells}
    )
    return doc


def _after_target(fw, **extra):
    out = {}
    for key, value in fw.items():
        out[key] = value
        if key == "target_level":
            out.update(extra)
    return out
