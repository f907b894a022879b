"""Forms for the senate review, rendered through the NHS.UK crispy template pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from assessments.models import Organisation, OrganisationKind
from ladder.models import Criterion, Level

from .models import CommentKind, Heading, Outcome, PanelRole, ResponseAnswer

TEXT_MAX = 5000
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]


class _Form(forms.Form):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", self.submit_label))


def _text(label, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ShareForm(_Form):
    submit_label = "Share for review"
    reviewing_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.REVIEWING_BODY),
        label="Which clinical senate or reviewing body will review it?",
        error_messages={"required": "Choose the reviewing body"},
    )


class PanelMemberForm(_Form):
    submit_label = "Add to the panel"
    name = forms.CharField(label="Full name", max_length=120)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(
        label="Role on the panel", choices=PanelRole.choices, widget=forms.RadioSelect
    )
    is_chair = forms.BooleanField(label="This person chairs the panel", required=False)


class CommentForm(_Form):
    submit_label = "Save comment"
    kind = forms.ChoiceField(
        label="Your view of the agreed level", choices=CommentKind.choices, widget=forms.RadioSelect
    )
    level = forms.ModelChoiceField(
        queryset=Level.objects.none(),
        required=False,
        label="If you challenge it: the level you would give",
    )
    text = _text("Why, or what evidence you would like to see", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels
        self.fields["level"].label_from_instance = lambda lv: f"{lv.value} {lv.label}"


class RecommendationForm(_Form):
    submit_label = "Save recommendation"
    heading = forms.ChoiceField(label="Heading", choices=Heading.choices, widget=forms.RadioSelect)
    text = _text("Recommendation")
    criteria = forms.ModelMultipleChoiceField(
        queryset=Criterion.objects.none(),
        label="Which principles or stages does it concern?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one principle or stage"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criterion.objects.filter(pk__in=[c.pk for c in criteria])
        self.fields["criteria"].label_from_instance = lambda c: f"{c.code} {c.title}"


class ResponseForm(_Form):
    submit_label = "Save response"
    answer = forms.ChoiceField(
        label="The ICB's response", choices=ResponseAnswer.choices, widget=forms.RadioSelect
    )
    reason = _text("Reason", required=False, help_text="Required unless accepted in full.")
    make_action = forms.BooleanField(label="Add it to the action plan as an action", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)


class SignOffForm(_Form):
    submit_label = "Sign off the review"
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect)
    date = forms.DateField(
        label="Date of sign-off",
        input_formats=DATE_FORMATS,
        help_text="For example, 31/03/2027",
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "nhsuk-input--width-10"}),
        error_messages={"invalid": "Enter a real date, for example 31/03/2027"},
    )
