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


@register.filter
def no_level_words(spread):
    """Why a group has no median or range, in words: a dash once meant both "don't know"
    and "not scored"."""
    if spread is None or not spread.total:
        return "Not scored"
    if spread.dont_know and spread.not_applicable:
        return "Don't know yet or not applicable"
    return "Don't know yet" if spread.dont_know else "Not applicable"


@register.filter
def median_text(spread):
    """The median of a group's levels, or in words why there is none."""
    if spread is not None and spread.median is not None:
        return level_number(spread.median)
    return no_level_words(spread)


@register.filter
def range_text(spread):
    """ "2 to 4", or in words why there is no range."""
    if spread is not None and spread.low is not None:
        return f"{spread.low} to {spread.high}"
    return no_level_words(spread)
