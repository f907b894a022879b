"""Layout objects for our crispy-forms pack (templates/nhsuk/layout/) beyond crispy's own."""

from crispy_forms.layout import TEMPLATE_PACK, LayoutObject
from django.template.loader import render_to_string


class Details(LayoutObject):
    """Fields folded in an NHS.UK details element under `summary`; `open` shows them
    (pass it when they hold an answer or an error, so nothing saved or wrong is hidden)."""

    template = "%s/layout/details.html"

    def __init__(self, summary, *fields, open=False, css_id=None, css_class=None):
        self.summary = summary
        self.fields = list(fields)
        self.open = open
        self.css_id = css_id
        self.css_class = css_class

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        template = self.get_template_name(template_pack)
        return render_to_string(template, {"details": self, "fields": fields})
