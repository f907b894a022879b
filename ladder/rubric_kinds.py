"""What a ``coprod-rubric/2`` document's kind asks of it: ``offered_by_default``, a
checklist's no / partly / yes scale, and a grid's two axes and named cells.

Called by ``ladder.rubric_validation.validate_rubric``; pure, like it.
"""

from __future__ import annotations

from ladder.models import FrameworkKind
from ladder.rubric_checker import Checker, is_int, json_repr, type_name
from ladder.rubric_document import CELL_KEYS, GRID_KEYS, join_path

# Kinds that only a version-2 file may have.
V2_KINDS = (FrameworkKind.CHECKLIST, FrameworkKind.GRID)
# A checklist answers each check no / partly / yes: the levels are exactly these.
CHECKLIST_LEVELS = {1: "No", 2: "Partly", 3: "Yes"}
# A grid is drawn on one page: more levels than this could not be read (the seed's has 3).
MAX_GRID_LEVELS = 7
MAX_CELL_NAME = 120  # the longest name in the seed table is 86


def validate_kind(check: Checker, doc: dict, level_values: set[int]):
    fw = doc.get("framework")
    if not isinstance(fw, dict):
        return
    if "offered_by_default" in fw and not isinstance(fw["offered_by_default"], bool):
        check.add(
            "framework.offered_by_default",
            f"must be true or false, not {json_repr(fw['offered_by_default'])}",
        )
    kind = fw.get("kind")
    if kind == FrameworkKind.CHECKLIST:
        _validate_checklist(check, doc)
    if kind == FrameworkKind.GRID:
        _validate_grid(check, doc, level_values)
    elif "grid" in fw:
        check.add(
            "framework.grid", f'only a framework of kind "grid" has a grid, not {json_repr(kind)}'
        )


def _validate_checklist(check, doc):
    levels = doc.get("levels")
    if not isinstance(levels, list):
        return  # reported with the scale
    found = {
        level["value"]: level.get("label")
        for level in levels
        if isinstance(level, dict) and is_int(level.get("value"))
    }
    if found != CHECKLIST_LEVELS:
        wanted = ", ".join(f'{value} "{label}"' for value, label in CHECKLIST_LEVELS.items())
        check.add("levels", f"a checklist's levels are exactly {wanted}")
    target = doc["framework"].get("target_level")
    if is_int(target) and target != 3:
        check.add("framework.target_level", 'a checklist aims for every check to be "Yes": 3')


def _validate_grid(check, doc, level_values):
    where = "framework.grid"
    grid = doc["framework"].get("grid")
    if grid is None:
        check.add(
            where,
            "missing grid (across, down, cells): which criterion is drawn across, which down, "
            "and a name for every cell",
        )
        return
    if not isinstance(grid, dict):
        check.add(where, f"must be an object, not {type_name(grid)}")
        return
    check.unknown_keys(grid, GRID_KEYS, where)
    criteria = doc.get("criteria")
    codes = (
        [c.get("code") for c in criteria if isinstance(c, dict)]
        if isinstance(criteria, list)
        else []
    )
    if len(level_values) > MAX_GRID_LEVELS:
        check.add(
            "levels",
            f"a grid has at most {MAX_GRID_LEVELS} levels on each axis, not {len(level_values)}",
        )
        return
    if isinstance(criteria, list) and len(criteria) != 2:
        check.add("criteria", f"a grid has exactly two criteria, its axes, not {len(criteria)}")
    axes = []
    for key in ("across", "down"):
        code = check.text(grid, key, where)
        if code is not None and code not in codes:
            check.add(join_path(where, key), f"{json_repr(code)} is not a criterion code here")
        axes.append(code)
    if axes[0] is not None and axes[0] == axes[1]:
        check.add(join_path(where, "down"), "across and down must be different criteria")
    _validate_cells(check, grid, where, level_values)


def _validate_cells(check, grid, where, level_values):
    where = join_path(where, "cells")
    cells = grid.get("cells")
    if "cells" not in grid:
        check.add(where, "missing cells: name every pair of levels")
        return
    if not isinstance(cells, list):
        check.add(where, f"must be a list of cells, not {type_name(cells)}")
        return
    seen = {}
    for index, cell in enumerate(cells):
        path = f"{where}[{index}]"
        if not isinstance(cell, dict):
            check.add(path, f"must be an object, not {type_name(cell)}")
            continue
        check.unknown_keys(cell, CELL_KEYS, path)
        pair = tuple(check.integer(cell, key, path, minimum=1) for key in ("across", "down"))
        check.text(cell, "name", path, max_length=MAX_CELL_NAME)
        check.text(cell, "meaning", path)
        if None in pair:
            continue
        if level_values and not set(pair) <= level_values:
            check.add(path, f"across {pair[0]}, down {pair[1]} is not a pair of level values")
        elif pair in seen:
            check.add(path, f"across {pair[0]}, down {pair[1]} is also {where}[{seen[pair]}]")
        else:
            seen[pair] = index
    missing = [
        (a, d) for a in sorted(level_values) for d in sorted(level_values) if (a, d) not in seen
    ]
    if missing:
        listed = "; ".join(f"across {a}, down {d}" for a, d in missing)
        check.add(where, f"no cell for {listed}: name every pair of levels")


def grid_problems(grid, *, codes: list[str], level_values: set[int]) -> list:
    """What is wrong with a grid's layout for a framework with these criterion codes and
    level values (the admin's check of an edited grid, the same as a file's)."""
    check = Checker()
    doc = {"framework": {"kind": FrameworkKind.GRID, "grid": grid}, "criteria": []}
    doc["criteria"] = [{"code": code} for code in codes]
    _validate_grid(check, doc, level_values)
    return check.problems
