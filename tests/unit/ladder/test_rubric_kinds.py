"""The two newer kinds of coprod-rubric/2 (a checklist, a placement grid) and
``offered_by_default``: checked without a database, then loaded and exported byte for byte."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command

from ladder.rubric_document import normalize_document
from ladder.rubric_validation import validate_rubric
from tests.unit.ladder.rubric_docs import minimal_doc, to_bytes
from tests.unit.ladder.rubric_docs_kinds import checklist_doc, grid_doc
from tests.unit.ladder.rubric_docs_v2 import minimal_doc_v2


def problems(doc):
    return [str(p) for p in validate_rubric(doc)]


def export(slug):
    out = StringIO()
    call_command("export_rubric", slug, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("make", [checklist_doc, grid_doc])
def test_a_checklist_and_a_grid_are_valid_and_canonical(make):
    doc = make()
    assert problems(doc) == []
    assert normalize_document(doc) == doc


@pytest.mark.parametrize("make, slug", [(checklist_doc, "test-readiness"), (grid_doc, "test-grid")])
def test_a_checklist_and_a_grid_load_and_export_byte_for_byte(load_doc, make, slug):
    framework = load_doc(make(status="published"))
    assert framework.offered_by_default is False
    assert export(slug) == to_bytes(make(status="published")).decode()


def test_a_grid_keeps_its_cells_and_finds_one_by_its_pair_of_levels(load_doc):
    framework = load_doc(grid_doc(status="published"))
    assert framework.is_grid and not framework.has_radar
    assert framework.grid_cell(2, 3)["name"] == "Planned 2, delivered 3"
    assert framework.grid_cell(2, None) is None


def test_offered_by_default_is_left_out_of_a_file_when_true(load_doc):
    doc = minimal_doc_v2(status="published")
    framework = load_doc(doc)
    assert framework.offered_by_default is True
    assert '"offered_by_default"' not in export("test-principles")


def _grid_without_cell(doc):
    doc["framework"]["grid"]["cells"].pop()


def _grid_twice(doc):
    cells = doc["framework"]["grid"]["cells"]
    cells[-1] = dict(cells[0])


BROKEN = [
    (
        "kind_in_v1",
        lambda doc: doc.update(format="coprod-rubric/1"),
        'framework.kind: "grid" needs "format": "coprod-rubric/2"',
    ),
    (
        "no_grid",
        lambda doc: doc["framework"].pop("grid"),
        "framework.grid: missing grid (across, down, cells)",
    ),
    (
        "axis_not_a_code",
        lambda doc: doc["framework"]["grid"].update(across="Z"),
        'framework.grid.across: "Z" is not a criterion code here',
    ),
    (
        "same_axis",
        lambda doc: doc["framework"]["grid"].update(down="A"),
        "framework.grid.down: across and down must be different criteria",
    ),
    (
        "cell_missing",
        _grid_without_cell,
        "framework.grid.cells: no cell for across 3, down 3: name every pair of levels",
    ),
    (
        "cell_twice",
        _grid_twice,
        "framework.grid.cells[8]: across 1, down 1 is also framework.grid.cells[0]",
    ),
    (
        "cell_off_the_scale",
        lambda doc: doc["framework"]["grid"]["cells"][8].update(across=4),
        "framework.grid.cells[8]: across 4, down 3 is not a pair of level values",
    ),
    (
        "three_axes",
        lambda doc: doc["criteria"].append({**copy.deepcopy(doc["criteria"][0]), "code": "C"}),
        "criteria: a grid has exactly two criteria, its axes, not 3",
    ),
    (
        "offered_not_boolean",
        lambda doc: doc["framework"].update(offered_by_default="no"),
        'framework.offered_by_default: must be true or false, not "no"',
    ),
]


@pytest.mark.parametrize("change, line", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_grid_is_refused_with_place_and_reason(change, line):
    doc = grid_doc()
    change(doc)
    assert any(p.startswith(line) for p in problems(doc)), problems(doc)


def test_a_checklist_answers_no_partly_yes_and_aims_for_yes():
    doc = checklist_doc()
    doc["levels"][2]["label"] = "Done"
    doc["framework"]["target_level"] = 2
    found = problems(doc)
    assert 'levels: a checklist\'s levels are exactly 1 "No", 2 "Partly", 3 "Yes"' in found
    assert any(p.startswith("framework.target_level: a checklist aims") for p in found)


def test_only_a_grid_has_a_grid():
    doc = minimal_doc_v2()
    doc["framework"]["grid"] = grid_doc()["framework"]["grid"]
    assert 'framework.grid: only a framework of kind "grid" has a grid, not "principles"' in (
        problems(doc)
    )


def test_a_version_1_file_still_knows_only_principles_and_ladder():
    doc = minimal_doc()
    doc["framework"]["kind"] = "checklist"
    assert any('needs "format": "coprod-rubric/2"' in p for p in problems(doc))


def test_a_grid_exports_in_file_order_whatever_order_the_database_keeps(load_doc):
    """PostgreSQL's jsonb sorts keys its own way (shorter first); export must not follow."""
    from ladder.models import Framework

    framework = load_doc(grid_doc(status="published"))
    shuffled = {
        "down": framework.grid["down"],
        "cells": [dict(reversed(list(c.items()))) for c in framework.grid["cells"]],
        "across": framework.grid["across"],
    }
    Framework.objects.filter(pk=framework.pk).update(grid=shuffled)  # update(): no guard
    assert export("test-grid") == to_bytes(grid_doc(status="published")).decode()


def test_a_hostile_checklist_level_value_is_refused_not_a_crash():
    doc = checklist_doc()
    doc["levels"][0]["value"] = [1]
    assert any(p.startswith("levels[0]") for p in problems(doc))


def test_a_grid_of_thousands_of_levels_is_refused_at_once():
    doc = grid_doc()
    doc["levels"] = [
        {"value": v, "label": f"L{v}", "band": "doing_with", "meaning": "m"}
        for v in range(1, 20_001)
    ]
    assert "levels: a grid has at most 7 levels on each axis, not 20000" in problems(doc)
