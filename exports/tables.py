"""An assessment's results as plain tables: the one source of the workbook and the CSV files.

`build_tables(assessment, can_see_names=...)` reads `Results` (six queries) and the action
plan (one) and returns `Table`s of Python values: text, whole numbers, numbers, dates and
datetimes (local time, no zone, as Excel wants them), or None for an empty cell. Writers
(xlsx.py, csv_files.py) only lay them out; no database here beyond the load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from assessments.models import Answer, Participant, Perspective
from assessments.names import participant_label, recorded_mark
from assessments.results import Results
from ladder.models import Band
from plans.models import Action
from reach.loading import representation_of
from reach.representation import Status


@dataclass
class Table:
    name: str  # a file and sheet name: short, no spaces
    title: str  # the sheet's name in the workbook (at most 31 characters)
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def participants_in_order(assessment) -> list[Participant]:
    """The assessment's participants by their stable number (the pseudonym "Participant 3",
    and the JSON document's reference), which is the order they joined."""
    return list(Participant.objects.filter(assessment=assessment).order_by("number", "pk"))


def _participant_name(participant, *, can_see_names):
    """The one rule for names (assessments.names): facilitators see them; anyone else sees
    "Participant 3 (lived experience)" unless that person agreed to be named."""
    return participant_label(participant, can_see_names=can_see_names)


def local(value):
    """A datetime as local time without a zone (Excel has none), or None."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None)


def _band(level):
    return Band(level.band).label if level else None


def _yes_no(value):
    return "Yes" if value else "No"


def build_tables(assessment, *, can_see_names) -> list[Table]:
    participants = participants_in_order(assessment)
    results = Results.load(assessment, participants=participants)
    actions = list(Action.objects.filter(assessment=assessment))
    return [
        _about(assessment, results, can_see_names=can_see_names),
        _agreed(results),
        _answers(results, can_see_names=can_see_names),
        _evidence(results, can_see_names=can_see_names),
        _actions(results, actions),
        _who_was_involved(assessment),
    ]


def _about(assessment, results, *, can_see_names):
    programme = assessment.programme
    frameworks = [r.framework for r in results.frameworks]
    table = Table("about", "About", ["Item", "Value"])
    table.rows = [
        ["Organisation", programme.organisation.name],
        ["ODS code", programme.organisation.ods_code or None],
        ["Programme", programme.name],
        ["Assessment", assessment.title],
        ["Assessment date", assessment.date],
        ["Status", assessment.get_status_display()],
        ["Rubrics", "; ".join(f"{f.name} (version {f.version})" for f in frameworks)],
        ["People named", _yes_no(can_see_names)],
        ["Exported at", local(timezone.now())],
    ]
    return table


def _criterion_cells(framework, criterion):
    return [framework.short_name, framework.version, criterion.code, criterion.title]


CRITERION_COLUMNS = ["Rubric", "Rubric version", "Criterion code", "Criterion"]


def _agreed(results):
    perspectives = results.perspectives
    table = Table(
        "agreed-levels",
        "Agreed levels",
        [
            *CRITERION_COLUMNS,
            "Agreed answer",
            "Agreed level",
            "Agreed level name",
            "Band",
            "Target level",
            "Target level name",
            "Below target",
            "Median of everyone's levels",
            "Lowest level chosen",
            "Highest level chosen",
            "Spread (highest minus lowest)",
            "People who chose a level",
            "Not applicable",
            "Don't know yet",
            *[f"Median: {p.label}" for p in perspectives],
            "Reason agreed",
            "Agreed on",
        ],
    )
    for framework_result in results.frameworks:
        for c in framework_result.criteria:
            agreed, target, overall = c.agreed_level, c.target, c.overall
            consensus = c.consensus
            medians = [c.by_perspective.get(p.value) for p in perspectives]
            table.rows.append(
                [
                    *_criterion_cells(framework_result.framework, c.criterion),
                    Answer(consensus.answer).label if consensus else None,
                    agreed.value if agreed else None,
                    agreed.label if agreed else None,
                    _band(agreed),
                    target.value if target else None,
                    target.label if target else None,
                    _yes_no(c.below_target),
                    overall.median,
                    overall.low,
                    overall.high,
                    overall.range,
                    overall.count,
                    overall.not_applicable,
                    overall.dont_know,
                    *[s.median if s else None for s in medians],
                    consensus.reason if consensus else None,
                    local(consensus.updated_at) if consensus else None,
                ]
            )
    return table


def _scored(results):
    for framework_result in results.frameworks:
        for c in framework_result.criteria:
            for score in sorted(c.scores, key=lambda s: s.participant.number):
                yield framework_result.framework, c.criterion, score


def _answers(results, *, can_see_names):
    table = Table(
        "answers",
        "Answers",
        [
            "Participant",
            "Perspective",
            *CRITERION_COLUMNS,
            "Answer",
            "Level",
            "Level name",
            "Band",
            "Confidence",
            "Answered at",
            "Recorded by",
        ],
    )
    for framework, criterion, s in _scored(results):
        table.rows.append(
            [
                _participant_name(s.participant, can_see_names=can_see_names),
                Perspective(s.participant.perspective).label,
                *_criterion_cells(framework, criterion),
                Answer(s.answer).label,
                s.level.value if s.level else None,
                s.level.label if s.level else None,
                _band(s.level),
                s.get_confidence_display() or None,
                local(s.updated_at),
                recorded_mark(s, can_see_names=can_see_names) or None,
            ]
        )
    return table


def _evidence(results, *, can_see_names):
    table = Table(
        "evidence",
        "Evidence",
        ["Participant", "Perspective", *CRITERION_COLUMNS, "Evidence", "Links"],
    )
    for framework, criterion, s in _scored(results):
        if s.evidence.strip() or s.links.strip():
            table.rows.append(
                [
                    _participant_name(s.participant, can_see_names=can_see_names),
                    Perspective(s.participant.perspective).label,
                    *_criterion_cells(framework, criterion),
                    s.evidence or None,
                    s.links or None,
                ]
            )
    return table


def _actions(results, actions):
    table = Table(
        "action-plan",
        "Action plan",
        [
            *CRITERION_COLUMNS,
            "Action",
            "Owner",
            "Due date",
            "Target level",
            "Target level name",
            "Status",
            "Added at",
            "Updated at",
        ],
    )
    for action in actions:
        found = results.find(action.criterion_id)
        if found is None:  # an action on a criterion the assessment no longer pins
            continue
        target = results.levels_by_id.get(action.target_level_id)
        table.rows.append(
            [
                *_criterion_cells(results.framework_of(found).framework, found.criterion),
                action.what,
                action.owner or None,
                action.due_date,
                target.value if target else None,
                target.label if target else None,
                action.get_status_display(),
                local(action.created_at),
                local(action.updated_at),
            ]
        )
    return table


def _who_was_involved(assessment):
    """The representation table as the report shows it: counts under 5 are "<5" here too."""
    table = Table(
        "who-was-involved",
        "Who was involved",
        [
            "Category",
            "Group",
            "People reached",
            "Share of people reached (%)",
            "Share of the local population (%)",
            "Representation",
            "Note",
        ],
    )
    for dimension in representation_of(assessment).tables:
        for row in dimension.rows:
            table.rows.append(
                [
                    dimension.label,
                    row.label,
                    _reached_cell(row),
                    row.reached_share,
                    row.population_share,
                    row.ratio,
                    row.status_text or None,
                ]
            )
    return table


def _reached_cell(row):
    """A number when it may show; "<5" or "Hidden" when it may not; empty if not recorded."""
    if row.status == Status.NOT_RECORDED:
        return None
    return row.reached if row.reached is not None else row.reached_text
