"""The audit history of one assessment as CSV: every saved change to a score, an agreed
level and an action, field by field, with what it was and what it became. For facilitators
only (it names people, and evidence often holds health stories); cells are neutralised
against formula injection as every CSV here is (csv_files)."""

from __future__ import annotations

from django.utils import timezone

from assessments import audit
from ladder.models import Criterion
from plans.models import Action

from .csv_files import table_csv
from .tables import Table

COLUMNS = [
    "When",
    "Criterion code",
    "Criterion",
    "Record",
    "Whose",
    "Changed by",
    "Recorded on their behalf by",
    "How",
    "Field",
    "Was",
    "Became",
]
ACTION_FIELDS = [
    ("What", audit.text_of("what")),
    ("Owner", audit.text_of("owner")),
    ("Due date", audit.text_of("due_date")),
    ("Target level", audit.level_of("target_level")),
    ("Status", audit.display_of("status")),
    ("What was done", audit.text_of("done_what")),
    ("What changed for people", audit.text_of("outcome")),
    ("When it was done", audit.text_of("done_on")),
]


def history_table(assessment, *, can_see_names: bool) -> Table:
    """Oldest first, one row per changed field (four queries, however long the history)."""
    groups = [
        ("Score", audit.score_entries(audit.score_rows(assessment), can_see_names=can_see_names)),
        ("Agreed level", audit.consensus_entries(audit.consensus_rows(assessment))),
        (
            "Action",
            audit.entries(
                Action.history.filter(assessment_id=assessment.pk).select_related(
                    "target_level", "history_user", "recorded_by"
                ),
                fields=ACTION_FIELDS,
                subject=lambda row: row.what[:60],
            ),
        ),
    ]
    ids = {e.criterion_id for _, entries in groups for e in entries}
    criteria = Criterion.objects.in_bulk(ids)
    rows = []
    for record, entries in groups:
        for e in entries:
            criterion = criteria.get(e.criterion_id)
            for change in e.changes or [audit.FieldChange("", "", "")]:
                rows.append(
                    [
                        timezone.localtime(e.when),
                        criterion.code if criterion else "",
                        criterion.title if criterion else "",
                        record,
                        e.subject,
                        e.by,
                        e.recorded_by,
                        e.how,
                        change.label,
                        change.was,
                        change.became,
                    ]
                )
    rows.sort(key=lambda row: row[0])
    return Table(name="history", title="History", columns=COLUMNS, rows=rows)


def history_csv(assessment, *, can_see_names: bool) -> str:
    return table_csv(history_table(assessment, can_see_names=can_see_names))
