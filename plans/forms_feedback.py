"""Forms for the "you said, we did" page, rendered through the NHS.UK crispy template pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .models import FeedbackPage


class FeedbackPageForm(forms.ModelForm):
    class Meta:
        model = FeedbackPage
        fields = ["introduction", "next_steps"]
        labels = {
            "introduction": "A short introduction (optional)",
            "next_steps": "What comes next (optional)",
        }
        help_texts = {
            "introduction": "Plain English. Who you asked, and why. No names.",
            "next_steps": "What happens now, and how people can stay involved.",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save the page"))

    def _post_clean(self):
        pass  # the write goes through plans.feedback


class EvidenceChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, score):
        # The perspective and the words, never the person's name.
        return (
            f"{score.participant.assessment.title}, {score.criterion.code}, "
            f"{score.participant.get_perspective_display()}: “{score.evidence}”"
        )


class ThemeForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Theme",
        help_text="For example, Evening appointments are hard to reach",
        error_messages={"required": "Enter the theme"},
    )
    summary = forms.CharField(
        max_length=3000,
        label="What people told us",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In your own words, plain English. Do not include anyone's name.",
        error_messages={"required": "Enter what people told us"},
    )
    evidence = EvidenceChoice(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence this theme draws on (optional)",
        help_text="Only for you: the public page shows the theme and your words, not these.",
    )

    def __init__(self, *args, evidence, submit_label="Save theme", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", submit_label))
