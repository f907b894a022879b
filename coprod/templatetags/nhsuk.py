"""Template helpers for the NHS.UK crispy-forms template pack (templates/nhsuk/)."""

from django import forms, template

register = template.Library()

_INPUT_CLASS = {
    forms.Textarea: "nhsuk-textarea",
    forms.Select: "nhsuk-select",
}


@register.simple_tag
def option_hint(bound_field, value):
    """The hint under one radio or checkbox option (e.g. a criterion's level descriptor)."""
    hints = getattr(bound_field.field.widget, "option_hints", None) or {}
    return hints.get(str(value), "")


@register.simple_tag
def nhsuk_widget(bound_field, hint_id, error_id):
    """Render a text-like widget with NHS.UK classes, error state and aria-describedby."""
    widget = bound_field.field.widget
    css = next((c for k, c in _INPUT_CLASS.items() if isinstance(widget, k)), "nhsuk-input")
    classes = [css, widget.attrs.get("class", "")]
    if bound_field.errors:
        classes.append(f"{css}--error")
    described = [hint_id] if bound_field.help_text else []
    if bound_field.errors:
        described.append(error_id)
    attrs = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def radio_options(bound_field):
    """A radio field's options as plain values for templates/nhsuk/plain/radios.html: what
    `{% for choice in field %}` gives, without building a widget per option (the scoring
    page is the busiest page; see bench/profile_scoring.py)."""
    widget = bound_field.field.widget
    hints = getattr(widget, "option_hints", None) or {}
    divider = getattr(widget, "divider_before", None)
    value = bound_field.value()
    chosen = "" if value is None else str(value)
    prefix = bound_field.auto_id
    return [
        {
            "value": key,
            "label": label,
            "id": f"{prefix}_{i}",
            "checked": str(key) == chosen,
            "hint": hints.get(str(key), ""),
            "divider": divider is not None and str(key) == divider,
        }
        for i, (key, label) in enumerate(bound_field.field.choices)
    ]
