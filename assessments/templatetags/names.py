"""`{{ participant|participant_label:can_see_names }}`: names.participant_label in templates."""

from django import template

from assessments import names

register = template.Library()


@register.filter
def participant_label(participant, can_see_names):
    return names.participant_label(participant, can_see_names=bool(can_see_names))


@register.filter
def recorded_mark(score, can_see_names):
    """names.recorded_mark: "" unless a facilitator recorded the answer for the person."""
    return names.recorded_mark(score, can_see_names=bool(can_see_names))
