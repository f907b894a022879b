"""Admin form pieces for editing rubric wording as an editor would, not as JSON."""

from django import forms

from ladder.models import Descriptor


class LinesField(forms.CharField):
    """A list of short texts edited one per line (evidence prompts, next steps). Blank lines
    and surrounding spaces are dropped; the stored value stays a JSON list."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 80})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class DescriptorForm(forms.ModelForm):
    evidence_prompts = LinesField(
        help_text="One per line: something a scorer could show at this level.",
        error_messages={"required": "Give at least one evidence prompt, one per line."},
    )
    next_steps = LinesField(
        help_text="One per line: how to move up from this level (at the top: how to keep it).",
        error_messages={"required": "Give at least one next step, one per line."},
    )

    class Meta:
        model = Descriptor
        fields = ["level", "descriptor", "evidence_prompts", "next_steps"]
