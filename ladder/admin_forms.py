"""Admin form pieces for editing rubric wording as an editor would, not as JSON."""

import re

from django import forms

from ladder.models import Descriptor, Framework, FrameworkKind
from ladder.rubric_kinds import grid_problems


class LinesField(forms.CharField):
    """A list of short texts edited one per line (evidence prompts, next steps). Blank lines
    and surrounding spaces are dropped; the stored value stays a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class DescriptorForm(forms.ModelForm):
    evidence_prompts = LinesField(
        help_text="One per line: something a scorer could show at this level.",
        error_messages={"required": "Give at least one evidence prompt, one per line."},
    )
    next_steps = LinesField(
        help_text="One per line: how to move up from this level (at the top: how to keep it).",
        error_messages={"required": "Give at least one next step, one per line."},
    )

    class Meta:
        model = Descriptor
        fields = ["level", "descriptor", "evidence_prompts", "next_steps"]


class GridCellsField(forms.CharField):
    """A grid's named cells edited one per line, "across-down: name | meaning", for example
    "2-2: Full Co-Production | People plan and deliver it with professionals."."""

    widget = forms.Textarea(attrs={"rows": 10, "cols": 100})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{c['across']}-{c['down']}: {c['name']} | {c['meaning']}" for c in value
            )
        return value

    def to_python(self, value):
        cells = []
        for number, line in enumerate((super().to_python(value) or "").splitlines(), start=1):
            if not line.strip():
                continue
            pair, _, rest = line.partition(":")
            across, _, down = pair.strip().partition("-")
            name, bar, meaning = rest.partition("|")
            if not (across.strip().isdecimal() and down.strip().isdecimal() and bar):
                raise forms.ValidationError(
                    f'Line {number} should read "across-down: name | meaning", '
                    f'for example "2-2: Full Co-Production | …", not "{line.strip()[:60]}"'
                )
            cells.append(
                {
                    "across": int(across),
                    "down": int(down),
                    "name": name.strip(),
                    "meaning": meaning.strip(),
                }
            )
        return cells


class FrameworkForm(forms.ModelForm):
    """The framework, and for a grid its layout as three plain fields instead of JSON."""

    grid_across = forms.CharField(
        required=False, label="Drawn across", help_text="The code of the criterion drawn across."
    )
    grid_down = forms.CharField(
        required=False, label="Drawn down", help_text="The code of the criterion drawn down."
    )
    grid_cells = GridCellsField(
        required=False,
        label="Cells",
        help_text='One per line: "across-down: name | meaning", one for every pair of levels.',
    )

    class Meta:
        model = Framework
        fields = ["kind"]  # the admin's fieldsets say which fields; grid is never raw JSON

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grid = self.instance.grid or {}
        self.initial.setdefault("grid_across", grid.get("across", ""))
        self.initial.setdefault("grid_down", grid.get("down", ""))
        self.initial.setdefault("grid_cells", grid.get("cells", []))

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        if data.get("kind", self.instance.kind) != FrameworkKind.GRID:
            self.instance.grid = {}  # no longer a grid: no layout left behind to refuse later
            return data
        if self.instance.kind != FrameworkKind.GRID:
            return data  # just made a grid: its fields show from the next edit; publish checks
        if "grid_cells" in self.errors:
            return data  # a line that is not a cell: said already, the rest waits for it
        grid = {
            "across": data.get("grid_across", "").strip(),
            "down": data.get("grid_down", "").strip(),
            "cells": data.get("grid_cells") or [],
        }
        codes = list(self.instance.criteria.values_list("code", flat=True))
        values = set(self.instance.levels.values_list("value", flat=True))
        problems = grid_problems(grid, codes=codes, level_values=values)
        for problem in problems:
            self.add_error(_field_for(problem.where), _cell_named(problem, grid["cells"]))
        if not problems:
            self.instance.grid = grid
        return data


def _cell_named(problem, cells):
    """The problem's words, led by the cell it is about ("Cell 1-1: empty name …"): the
    admin edits cells as lines, not as a JSON list with positions."""
    found = re.match(r"framework\.grid\.cells\[(\d+)\]", problem.where)
    if not found:
        return problem.what
    cell = cells[int(found.group(1))]
    return f"Cell {cell['across']}-{cell['down']}: {problem.what}"


def _field_for(where):
    for key, name in (("across", "grid_across"), ("down", "grid_down")):
        if where == f"framework.grid.{key}":
            return name
    return "grid_cells" if where.startswith("framework.grid") else None
