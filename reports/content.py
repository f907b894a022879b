"""The content hash in every PDF's footer: SHA-256 of what the report says.

Built on assessments.digest's canonical results (what a panel judges) and adds what else the
PDF shows: the report's state, the assessment's facts, the people as the PDF names them, the
action plan, the earlier rounds compared, and the review (outcome, panel, recommendations,
responses). The PDF template's version is part of it, so a layout change that alters what a
reader sees is a new hash once TEMPLATE_VERSION is raised; the time of rendering, the version
number and the PDF's bytes are not (WeasyPrint's bytes carry timestamps and ids).
"""

from __future__ import annotations

import hashlib
import json

from assessments.digest import canonical, results_digest
from assessments.names import participant_label

CONTENT_VERSION = 1  # raise when what goes into report_content() changes
TEMPLATE_VERSION = 1  # raise when templates/reports/pdf.html changes what a reader sees


def report_content(report) -> dict:
    assessment = report.assessment
    return {
        "content_version": CONTENT_VERSION,
        "template_version": TEMPLATE_VERSION,
        "state": report.state,
        "assessment": {
            "programme": assessment.programme.name,
            "description": assessment.programme.description,
            "organisation": assessment.programme.organisation.name,
            "title": assessment.title,
            "date": assessment.date.isoformat(),
            "status": assessment.status,
        },
        "results": canonical(report.results),
        # Sorted: the page orders people by name, which must not leak a hidden name's change.
        "people": sorted(participant_label(p, can_see_names=False) for p in report.participants),
        "actions": [_action(a) for a in sorted(report.actions, key=lambda a: a.pk)],
        "rounds": _rounds(report),
        "review": _review(report),
    }


def content_hash(report) -> str:
    text = json.dumps(report_content(report), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _action(action) -> dict:
    recommendation = getattr(action, "from_recommendation", None)
    return {
        "criterion": action.criterion.code,
        "what": action.what,
        "owner": action.owner,
        "due": action.due_date.isoformat() if action.due_date else None,
        "target": action.target_level.value if action.target_level else None,
        "status": action.status,
        "done_what": action.done_what,
        "outcome": action.outcome,
        "done_on": action.done_on.isoformat() if action.done_on else None,
        "recommendation": recommendation.code if recommendation else None,
    }


def _rounds(report) -> list[str]:
    if report.comparison is None:
        return []
    return [results_digest(r) for r in report.comparison.comparison.rounds]


def _review(report) -> dict | None:
    review = report.review
    if review is None:
        return None
    return {
        "reviewing_organisation": review.reviewing_organisation.name,
        "released": review.is_released,
        "outcome": review.outcome,
        "signed_off_on": review.signed_off_on.isoformat() if review.signed_off_on else None,
        "panel": review.panel_record if review.is_signed_off else [],
        "recommendations": [
            {
                "code": r.code,
                "heading": r.heading,
                "text": r.text,
                "criteria": [c.code for c in r.criteria.all()],
                "response": _response(getattr(r, "response", None)),
            }
            for r in report.recommendations
        ],
    }


def _response(response) -> dict | None:
    if response is None:
        return None
    return {
        "answer": response.answer,
        "reason": response.reason,
        "action": response.action_id is not None,
    }
