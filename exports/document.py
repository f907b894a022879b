"""An assessment as one JSON document, "coprod-results/1", that another installation imports.

Nothing in it is a database id. Rubrics are named by slug and version (published versions
never change, so the same pair means the same wording everywhere); the organisation by its
ODS code; criteria by rubric slug and code; levels by their value; participants by their
number in the order they joined. Names are there only when a facilitator exports (else
null). Times are UTC in ISO 8601, dates ISO. export → import → export gives the same
document (importing.py is the other half).

    {"format": "coprod-results/1", "names_included": true,
     "rubrics": [{"slug": "nef-six-principles", "version": 1}],
     "organisation": {"ods_code": "QWO", "name": "…"},
     "programme": {"name": "…", "description": "…"},
     "assessment": {"title", "date", "status", "created_at", "submitted_at"},
     "participants": [{"number": 1, "name": "…" | null, "perspective": "carer", "created_at"}],
     "scores": [{"participant": 1, "rubric", "criterion", "answer", "level", "evidence",
                 "links", "confidence", "updated_at"}],
     "consensus": [{"rubric", "criterion", "answer", "level", "target_level", "reason",
                    "updated_at"}],
     "actions": [{"rubric", "criterion", "what", "owner", "due_date", "target_level",
                  "status", "created_at", "updated_at"}]}
"""

from __future__ import annotations

import datetime
import json

from assessments.results import Results
from plans.models import Action

from .tables import participants_in_order

FORMAT = "coprod-results/1"


def utc(value: datetime.datetime | None) -> str | None:
    return None if value is None else value.astimezone(datetime.UTC).isoformat()


def day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def results_document(assessment, *, names_included) -> dict:
    """The document (a dict) for one assessment; 9 queries whatever its size."""
    participants = participants_in_order(assessment)
    results = Results.load(assessment, participants=participants)
    levels = results.levels_by_id
    programme = assessment.programme

    def value_of(level_id):
        return levels[level_id].value if level_id else None

    def where(criterion):
        return {"rubric": criterion.framework.slug, "criterion": criterion.code}

    scores = sorted(
        (
            (s.participant.number, i, c.criterion, s)
            for i, c in enumerate(results.criteria)
            for s in c.scores
        ),
        key=lambda t: t[:2],
    )
    criteria_by_id = {c.criterion.pk: c.criterion for c in results.criteria}
    actions = [
        a for a in Action.objects.filter(assessment=assessment) if a.criterion_id in criteria_by_id
    ]
    return {
        "format": FORMAT,
        "names_included": names_included,
        "rubrics": [
            {"slug": r.framework.slug, "version": r.framework.version} for r in results.frameworks
        ],
        "organisation": {
            "ods_code": programme.organisation.ods_code,
            "name": programme.organisation.name,
        },
        "programme": {"name": programme.name, "description": programme.description},
        "assessment": {
            "title": assessment.title,
            "date": day(assessment.date),
            "status": assessment.status,
            "created_at": utc(assessment.created_at),
            "submitted_at": utc(assessment.submitted_at),
        },
        "participants": [
            {
                "number": p.number,
                "name": p.name if names_included else None,
                "perspective": p.perspective,
                "created_at": utc(p.created_at),
            }
            for p in participants
        ],
        "scores": [
            {
                "participant": number,
                **where(criterion),
                "answer": s.answer,
                "level": value_of(s.level_id),
                "evidence": s.evidence,
                "links": s.links,
                "confidence": s.confidence,
                "updated_at": utc(s.updated_at),
            }
            for number, _, criterion, s in scores
        ],
        "consensus": [
            {
                **where(c.criterion),
                "answer": c.consensus.answer,
                "level": value_of(c.consensus.level_id),
                "target_level": value_of(c.consensus.target_level_id),
                "reason": c.consensus.reason,
                "updated_at": utc(c.consensus.updated_at),
            }
            for c in results.criteria
            if c.consensus
        ],
        "actions": [
            {
                **where(criteria_by_id[a.criterion_id]),
                "what": a.what,
                "owner": a.owner,
                "due_date": day(a.due_date),
                "target_level": value_of(a.target_level_id),
                "status": a.status,
                "created_at": utc(a.created_at),
                "updated_at": utc(a.updated_at),
            }
            for a in actions
        ],
    }


def document_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
