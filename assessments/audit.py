"""Reading the audit history (assessments.history): what each change was and what it became.

A history row holds what a thing became; what it was is the row before it of the same thing
(none for the first). `entries` turns rows into that, field by field, without a query;
`criterion_history` is the two reads the agree-levels page adds (scores and agreed level).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .models import Consensus, Score
from .names import participant_label

HOW = {"+": "First saved", "~": "Saved", "-": "Removed"}
AUTOSAVED = "Last autosave of a sitting"


def answer_text(row) -> str:
    """A level as "3. Consult", else "Not applicable" or "Don't know yet"."""
    level = row.level if row.level_id else None
    return f"{level.value}. {level.label}" if level else row.get_answer_display()


def level_of(name):
    def text(row):
        level = getattr(row, name) if getattr(row, f"{name}_id") else None
        return f"{level.value}. {level.label}" if level else ""

    return text


def display_of(name):
    return lambda row: str(getattr(row, f"get_{name}_display")())


def text_of(name):
    return lambda row: "" if getattr(row, name) is None else str(getattr(row, name))


# (label, how to show it) for each field a person changes; bookkeeping fields are left out.
SCORE_FIELDS = [
    ("Answer", answer_text),
    ("Confidence", display_of("confidence")),
    ("Evidence", text_of("evidence")),
    ("Links", text_of("links")),
]
CONSENSUS_FIELDS = [
    ("Agreed level", answer_text),
    ("Target level", level_of("target_level")),
    ("Reason", text_of("reason")),
]


@dataclass(frozen=True)
class FieldChange:
    label: str
    was: str
    became: str


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    criterion_id: int
    subject: str  # whose: "Agreed level", "Participant 3 (carer)", an action
    by: str  # at the keyboard; "" when not known (a guest is their participant)
    recorded_by: str  # the facilitator who recorded it on the participant's behalf
    how: str
    changes: list[FieldChange] = field(default_factory=list)


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def entries(
    rows: Iterable,
    *,
    fields: list[tuple[str, Callable]],
    subject: Callable,
) -> list[Entry]:
    """One entry per history row, oldest first, each with the fields that changed (all of
    them, from nothing, for the first row of a thing)."""
    rows = sorted(rows, key=lambda r: (r.history_date, r.history_id))
    last: dict[int, object] = {}
    out = []
    for row in rows:
        before = last.get(row.id)
        last[row.id] = row
        changes = []
        for label, show in fields:
            was, became = (show(before) if before else ""), show(row)
            if was != became:
                changes.append(FieldChange(label, was, became))
        if before is not None and not changes and row.history_type != "-":
            continue  # a save that changed nothing a person typed
        autosaved = getattr(row, "autosaved", False)
        out.append(
            Entry(
                when=row.history_date,
                criterion_id=row.criterion_id,
                subject=subject(row),
                by=person(row.history_user),
                recorded_by=person(row.recorded_by),
                how=AUTOSAVED if autosaved else HOW.get(row.history_type, ""),
                changes=changes,
            )
        )
    return out


def score_entries(rows, *, can_see_names: bool) -> list[Entry]:
    def subject(row):
        return participant_label(row.participant, can_see_names=can_see_names)

    return entries(rows, fields=SCORE_FIELDS, subject=subject)


def consensus_entries(rows) -> list[Entry]:
    return entries(rows, fields=CONSENSUS_FIELDS, subject=lambda row: "Agreed level")


def score_rows(assessment, **filters):
    return Score.history.filter(participant__assessment_id=assessment.pk, **filters).select_related(
        "participant", "level", "history_user", "recorded_by"
    )


def consensus_rows(assessment, **filters):
    return Consensus.history.filter(assessment_id=assessment.pk, **filters).select_related(
        "level", "target_level", "history_user", "recorded_by"
    )


def criterion_history(assessment, criterion, *, can_see_names: bool) -> list[Entry]:
    """A criterion's scores and agreed level as they changed, newest first (two queries)."""
    both = score_entries(
        score_rows(assessment, criterion_id=criterion.pk), can_see_names=can_see_names
    ) + consensus_entries(consensus_rows(assessment, criterion_id=criterion.pk))
    return sorted(both, key=lambda e: e.when, reverse=True)
