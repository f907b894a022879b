"""Small formatting helpers shared by the report page and the PDF. Output is escaped."""

from django import template

from assessments.models import Perspective
from ladder.models import Band

register = template.Library()

_BANDS = dict(Band.choices)
_PERSPECTIVES = dict(Perspective.choices)


@register.filter
def band_label(band):
    return _BANDS.get(band, "")


@register.filter
def perspective_label(value):
    return _PERSPECTIVES.get(value, value)


@register.filter
def level_number(value):
    """A median as people say it: 3, or 2.5."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def spread_text(spread):
    """E.g. "median 3 (2 to 4), 3 people; 1 not applicable"."""
    if spread is None or spread.total == 0:
        return "No scores"
    parts = []
    if spread.count:
        text = f"median {level_number(spread.median)}"
        if spread.low != spread.high:
            text += f" ({spread.low} to {spread.high})"
        parts.append(f"{text}, {spread.count} {'person' if spread.count == 1 else 'people'}")
    if spread.not_applicable:
        parts.append(f"{spread.not_applicable} not applicable")
    if spread.dont_know:
        parts.append(f"{spread.dont_know} don't know yet")
    return "; ".join(parts)
