"""A content hash of an assessment's results: what a review panel signs.

SHA-256 of the results' canonical JSON (sorted keys, no spaces), not of the rendered report
HTML: the HTML carries the time it was produced and changes with every template or style
edit, so the same results would hash differently from day to day. The canonical JSON holds
what the panel judged (rubric versions, every score with its evidence and links, every
agreed level with its reason and target) and nothing that does not change the story.
Participants appear by number and perspective, never by name, so anonymising someone on
request does not change the hash of what was signed.
"""

from __future__ import annotations

import hashlib
import json

DIGEST_VERSION = 1  # raise when what goes into canonical() changes


def canonical(results) -> dict:
    return {
        "digest_version": DIGEST_VERSION,
        "assessment": results.assessment.pk,
        "frameworks": [
            {
                "slug": f.framework.slug,
                "version": f.framework.version,
                "criteria": [_criterion(c) for c in f.criteria],
            }
            for f in results.frameworks
        ],
    }


def _criterion(c) -> dict:
    consensus = c.consensus
    return {
        "code": c.criterion.code,
        "consensus": None
        if consensus is None
        else {
            "answer": consensus.answer,
            "level": consensus.level.value if consensus.level_id else None,
            "target": consensus.target_level.value if consensus.target_level_id else None,
            "reason": consensus.reason,
        },
        "scores": [
            {
                "participant": s.participant.number,
                "perspective": s.participant.perspective,
                "answer": s.answer,
                "level": s.level.value if s.level_id else None,
                "evidence": s.evidence,
                "links": s.links,
            }
            for s in sorted(c.scores, key=lambda s: (s.participant.number or 0, s.pk))
        ],
    }


def results_digest(results) -> str:
    text = json.dumps(canonical(results), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
