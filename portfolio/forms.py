from django import forms

from assessments.forms import HintedRadioSelect, _helper

SHARE_HINTS = {
    "yes": "Your latest agreed levels count in the benchmark that every organisation sees. "
    "Your organisation’s name is never shown, and a principle is only shown when at least "
    "five organisations share.",
    "no": "Your levels are left out of the benchmark from now on. You still see it.",
}


class BenchmarkSharingForm(forms.Form):
    share = forms.ChoiceField(
        label="Share your latest agreed levels in the benchmark?",
        choices=[("yes", "Yes, share them without our name"), ("no", "No, do not share them")],
        widget=HintedRadioSelect(option_hints=SHARE_HINTS),
        error_messages={"required": "Choose whether to share your levels"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save")
