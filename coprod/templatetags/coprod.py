"""Shared presentation helpers: band tags and labels, used by assessments and reports."""

from django import template
from django.utils.html import format_html

from assessments.models import Perspective
from ladder.models import Band

register = template.Library()


@register.simple_tag
def band_tag(band):
    """An NHS.UK tag in the band's colour, e.g. <strong class="nhsuk-tag …">Doing with</strong>."""
    if not band:
        return ""
    return format_html(
        '<strong class="nhsuk-tag coprod-tag--{}">{}</strong>', band, Band(band).label
    )


@register.filter
def band_label(band):
    return Band(band).label if band else ""


@register.filter
def perspective_label(value):
    try:
        return Perspective(value).label
    except ValueError:
        return value


@register.filter
def level_number(value):
    """A median like 3.0 or 3.5 shown as 3 or 3.5."""
    if value is None:
        return "–"
    return f"{value:g}"


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


@register.simple_tag(takes_context=True)
def with_query(context, **changes):
    """This page's address with some query parameters changed (sort and page links keep
    the others), e.g. {% with_query page=2 %}."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()
