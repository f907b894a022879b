"""Whose name is shown: one rule for the whole app (pages, PDF, panel pages, exports, API).

Only the organisation's facilitators see participants' names. Everyone else (colleagues,
a review panel, a PDF's readers) sees "Participant 3 (lived experience)", unless that
person agreed to be named. Evidence often holds health stories, so the safe answer is the
default. An anonymised participant has no name left to show, to anyone.
"""

from __future__ import annotations

from .models import Perspective

# Short, lower-case perspective words for the label: "Participant 3 (lived experience)".
SHORT_PERSPECTIVE = {
    Perspective.NHS_STAFF: "NHS staff",
    Perspective.CLINICIAN: "clinician",
    Perspective.LIVED_EXPERIENCE: "lived experience",
    Perspective.CARER: "carer",
    Perspective.VCSE: "VCSE partner",
    Perspective.OTHER: "other",
}


def visible_name(participant, *, can_see_names: bool) -> str | None:
    """The participant's name if this reader may see it, else None."""
    if participant.anonymised_at is None and (can_see_names or participant.named):
        return participant.name
    return None


def participant_label(participant, *, can_see_names: bool) -> str:
    """The participant as this reader may see them, always with their perspective."""
    perspective = SHORT_PERSPECTIVE.get(participant.perspective, participant.perspective)
    name = visible_name(participant, can_see_names=can_see_names)
    return f"{name or f'Participant {participant.number}'} ({perspective})"


def recorded_mark(score, *, can_see_names: bool) -> str:
    """ "recorded by Fay Facilitator on behalf of Sam Guest (lived experience)" for an answer
    a facilitator recorded for someone (assisted scoring), else "". Readers who may not see
    names read "recorded by a facilitator on behalf of Participant 3 (lived experience)"."""
    if score.recorded_by_id is None:
        return ""
    recorder = score.recorded_by
    who = (recorder.get_full_name() or recorder.get_username()) if can_see_names else None
    label = participant_label(score.participant, can_see_names=can_see_names)
    return f"recorded by {who or 'a facilitator'} on behalf of {label}"
