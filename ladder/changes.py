"""What a draft changes, criterion by criterion: shown in admin before "Publish".

Pure: compares two rubric documents (ladder.rubric_document), no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVEL_ENTRY_KEYS = ("summary", "descriptor", "evidence_prompts", "next_steps")


@dataclass(frozen=True)
class Change:
    where: str  # e.g. "Level 3: descriptor"
    before: str
    after: str


@dataclass
class Section:
    title: str  # "The framework", "The scale", "NEF2 Assets"
    status: str = "changed"  # "changed" | "added" | "removed"
    changes: list[Change] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _compare(before: dict, after: dict, *, keys=None, prefix="") -> list[Change]:
    keys = keys or list(dict.fromkeys([*before, *after]))
    found = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old != new:
            label = key.replace("_", " ")
            found.append(Change(f"{prefix}{label}", _text(old), _text(new)))
    return found


def _criterion_changes(old: dict, new: dict) -> list[Change]:
    plain = [k for k in dict.fromkeys([*old, *new]) if k != "levels"]
    found = _compare(old, new, keys=plain)
    old_levels, new_levels = old.get("levels", {}), new.get("levels", {})
    for value in sorted(set(old_levels) | set(new_levels), key=int):
        found += _compare(
            old_levels.get(value, {}),
            new_levels.get(value, {}),
            keys=list(
                dict.fromkeys(
                    [*LEVEL_ENTRY_KEYS, *old_levels.get(value, {}), *new_levels.get(value, {})]
                )
            ),
            prefix=f"Level {value}: ",
        )
    return found


def _title(criterion: dict) -> str:
    return f"{criterion.get('code', '?')} {criterion.get('title', '')}".strip()


def changes_between(published: dict | None, draft: dict) -> list[Section]:
    """The sections of `draft` that differ from `published` (None: nothing published yet,
    so every criterion is new). Sections in the draft's order, removed criteria last."""
    if published is None:
        return [Section(_title(c), "added") for c in draft.get("criteria", [])]
    sections = []
    ignore = {"version", "status"}  # a draft always differs from what it will replace here
    old_fw = {k: v for k, v in published.get("framework", {}).items() if k not in ignore}
    new_fw = {k: v for k, v in draft.get("framework", {}).items() if k not in ignore}
    framework = _compare(old_fw, new_fw)
    if published.get("format") != draft.get("format"):
        framework.insert(
            0, Change("file format", published.get("format", ""), draft.get("format", ""))
        )
    if framework:
        sections.append(Section("The framework", changes=framework))
    old_levels = {str(level["value"]): level for level in published.get("levels", [])}
    new_levels = {str(level["value"]): level for level in draft.get("levels", [])}
    scale = []
    for value in sorted(set(old_levels) | set(new_levels), key=int):
        scale += _compare(
            old_levels.get(value, {}), new_levels.get(value, {}), prefix=f"Level {value}: "
        )
    if scale:
        sections.append(Section("The scale (levels)", changes=scale))
    old_criteria = {c["code"]: c for c in published.get("criteria", [])}
    for criterion in draft.get("criteria", []):
        before = old_criteria.pop(criterion["code"], None)
        if before is None:
            sections.append(Section(_title(criterion), "added"))
        elif found := _criterion_changes(before, criterion):
            sections.append(Section(_title(criterion), changes=found))
    sections += [Section(_title(c), "removed") for c in old_criteria.values()]
    return sections
