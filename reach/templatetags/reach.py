"""For the pages of the apps before and after reach: the report and PDF ask for the
representation table, and the principle about excluded groups links to it."""

from django import template

from ..loading import representation_of

register = template.Library()

# The rubric criteria about reaching excluded and seldom-heard groups: (framework, code).
POINTS_TO_REACH = {("nhse-ten-principles", "NHSE4")}


@register.simple_tag
def reach_representation(assessment):
    return representation_of(assessment)


@register.filter
def points_to_reach(criterion, framework):
    return (framework.slug, criterion.code) in POINTS_TO_REACH


@register.filter
def percent(value):
    """22.00 -> "22 %", 9.60 -> "9.6 %", kept on one line."""
    if value is None:
        return ""
    return f"{value.normalize():f}\u00a0%"
