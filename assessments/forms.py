from dataclasses import dataclass
from urllib.parse import urlparse

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout, Submit
from django import forms

from coprod.layout import Details
from ladder.models import Framework

from .models import Answer, Confidence, Organisation, Perspective, Programme

EVIDENCE_MAX = 5000
LINKS_MAX = 2000
REASON_MAX = 3000


class HintedRadioSelect(forms.RadioSelect):
    """Radios whose options carry hints (the level descriptors), rendered by templates/nhsuk.

    `divider_before` puts an "or" divider before that option's value. `option_template`, if
    given, renders each option instead (with `choice`, `field` and `hint` in its context);
    `after_template`, if given, is rendered after the options (with `field`).
    """

    def __init__(
        self,
        *args,
        option_hints=None,
        divider_before=None,
        option_template=None,
        after_template=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.option_hints = option_hints or {}
        self.divider_before = divider_before
        self.option_template = option_template
        self.after_template = after_template


@dataclass(frozen=True)
class LevelHint:
    """A level's plain summary, read first, and its full descriptor, one tap away."""

    summary: str
    descriptor: str


LEVEL_OPTION_TEMPLATE = "assessments/_level_option.html"
LEVEL_DESCRIPTIONS_TEMPLATE = "assessments/_level_descriptions.html"


def _helper(submit_label, *, form_tag=True, extra_buttons=()):
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.add_input(Submit("save", submit_label))
    for name, label in extra_buttons:
        helper.add_input(Submit(name, label, css_class="nhsuk-button--secondary"))
    return helper


def _limit(max_length, what):
    return {"max_length": f"{what} must be {max_length:,} characters or fewer."}


class ProgrammeForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(queryset=None, empty_label=None)

    class Meta:
        model = Programme
        fields = ["organisation", "name", "description"]
        labels = {"name": "Programme name", "description": "What the programme is changing"}
        help_texts = {"name": "For example, Town centre urgent care reconfiguration"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": "Enter the programme name", **_limit(200, "Programme name")},
            "description": _limit(2000, "Description"),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0]
        self.helper = _helper("Create programme")


class AssessmentForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="For example, Baseline before public consultation",
        error_messages={"required": "Enter a title", **_limit(200, "Title")},
    )
    # A text box in UK order rather than <input type=date>, whose order follows the
    # browser's language (mm/dd/yyyy on many machines).
    date = forms.DateField(
        input_formats=["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "nhsuk-input--width-10"}),
        help_text="The day the scoring starts. For example, 23/11/2026",
        error_messages={
            "required": "Enter the date the scoring starts",
            "invalid": "Enter a real date, for example 23/11/2026",
        },
    )
    frameworks = forms.ModelMultipleChoiceField(
        queryset=Framework.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Rubrics to use",
        help_text="Untick any you will not use, or tick more. The current published version "
        "of each is used and kept for this assessment. The About page describes each in full.",
        error_messages={"required": "Choose at least one rubric"},
    )

    def __init__(self, *args, frameworks, submit_label="Create assessment", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frameworks"].queryset = Framework.objects.filter(
            pk__in=[f.pk for f in frameworks]
        )
        self.fields["frameworks"].label_from_instance = lambda f: f"{f.name} (version {f.version})"
        # Each rubric's first sentence: seven full descriptions are a phone's length of text.
        self.fields["frameworks"].widget.option_hints = {
            str(f.pk): first_sentence(f.description) for f in frameworks
        }
        self.helper = _helper(submit_label)


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + dot.strip() if dot else text


class PerspectiveField(forms.ChoiceField):
    """`invitee`: the facilitator chooses for the person invited, so the hints speak of them."""

    def __init__(self, *, invitee=False, **kwargs):
        who = "They" if invitee else "You"
        super().__init__(
            choices=Perspective.choices,
            widget=HintedRadioSelect(
                option_hints={
                    Perspective.LIVED_EXPERIENCE: f"{who} use, or have used, these services",
                    Perspective.CARER: f"{who} look after someone who uses these services",
                    Perspective.VCSE: "Voluntary, community or social enterprise, or Healthwatch",
                }
            ),
            error_messages={
                "required": "Choose the perspective they score from"
                if invitee
                else "Choose the perspective you score from"
            },
            **kwargs,
        )


class InviteForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        help_text="The name they will see on the pages",
        error_messages={"required": "Enter their name", **_limit(120, "Name")},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will email them a link. It works once and lasts 14 days.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@example.com",
        },
    )
    perspective = PerspectiveField(label="Which perspective will they score from?", invitee=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Send invitation")


class JoinForm(forms.Form):
    perspective = PerspectiveField(label="Which perspective are you scoring from?")

    def __init__(self, *args, submit_label="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label)


class GuestWelcomeForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Your name",
        help_text="Other people in the group will see it",
        error_messages={"required": "Enter your name", **_limit(120, "Your name")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Start scoring", form_tag=False)


def _level_field(levels, descriptors, *, label, required_message, summaries=False):
    """Radios for each level (hint = the criterion's descriptor), plus the two non-levels.

    With ``summaries`` and a rubric version that has them (coprod-rubric/2), each level
    shows its plain summary and keeps the full descriptor one tap away."""
    choices = [(str(level.value), f"{level.value}. {level.label}") for level in levels]
    choices += [
        (Answer.NOT_APPLICABLE.value, "Not applicable to this programme"),
        (Answer.DONT_KNOW.value, "Don't know yet"),
    ]
    present = {str(lv.value): descriptors[lv.value] for lv in levels if lv.value in descriptors}
    summarised = summaries and present and all(d.summary for d in present.values())
    hints = {
        value: LevelHint(d.summary, d.descriptor) if summarised else d.descriptor
        for value, d in present.items()
    }
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=HintedRadioSelect(
            option_hints=hints,
            divider_before=Answer.NOT_APPLICABLE.value,
            option_template=LEVEL_OPTION_TEMPLATE if summarised else None,
            after_template=LEVEL_DESCRIPTIONS_TEMPLATE if summarised else None,
            attrs={
                "legend_class": "nhsuk-fieldset__legend--s",
                "radios_class": "nhsuk-radios--small",
            }
            if summarised
            else {"legend_class": "nhsuk-fieldset__legend--m"},
        ),
        error_messages={
            "required": required_message,
            "invalid_choice": "Choose one of the levels shown",
        },
    )


def level_answer(cleaned_value, levels):
    """(answer, Level or None) from the radio's value."""
    if cleaned_value in (Answer.NOT_APPLICABLE, Answer.DONT_KNOW):
        return cleaned_value, None
    by_value = {str(level.value): level for level in levels}
    return Answer.LEVEL.value, by_value[cleaned_value]


def answer_initial(answer, level):
    if answer == Answer.LEVEL and level is not None:
        return str(level.value)
    return answer or None


class ScoreForm(forms.Form):
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=EVIDENCE_MAX,
        label="What makes you say this? (optional)",
        help_text="Describe what you have seen or been part of. Examples help others agree.",
        error_messages=_limit(EVIDENCE_MAX, "Evidence"),
    )
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LINKS_MAX,
        label="Links to documents (optional)",
        help_text="One web address per line, starting with https://",
        error_messages=_limit(LINKS_MAX, "Links"),
    )
    confidence = forms.ChoiceField(
        required=False,
        choices=Confidence.choices,
        widget=HintedRadioSelect,
        label="How sure are you? (optional)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, criterion, levels, descriptors, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.fields = {
            "level": _level_field(
                levels,
                descriptors,
                label=criterion.question or criterion.title,
                required_message="Choose a level, or say it does not apply or you don't know yet",
                summaries=True,
            ),
            **self.fields,
        }
        # A version with plain summaries: its page is laid out for a phone (the evidence
        # folded with the other optional answers, a smaller question heading).
        self.summarised = self.fields["level"].widget.option_template is not None
        self.folded = (
            ["evidence", "links", "confidence"] if self.summarised else ["links", "confidence"]
        )
        # No crispy helper: the scoring page writes this form out in plain NHS.UK markup
        # (templates/assessments/_score_form.html), the busiest page under load.

    @property
    def fold_summary(self):
        if self.summarised:
            return "Say why, add links or say how sure you are (optional)"
        return "Add links or say how sure you are (optional)"

    @property
    def fold_open(self):
        """The optional answers show when any holds something (typed or saved) or an error."""
        return any(self[name].value() or self[name].errors for name in self.folded)

    def crispy_layout(self):
        """The layout that gives, through {% crispy %}, the HTML that _score_form.html
        writes out (tests/integration/test_scoring_under_load.py compares the two)."""
        prompts = HTML(
            '{% if evidence_prompts %}{% include "assessments/_evidence_prompts.html" %}{% endif %}'
        )
        fold = [prompts, *self.folded] if self.summarised else self.folded
        return Layout(
            "level",
            *([] if self.summarised else ["evidence"]),
            Details(
                self.fold_summary,
                *fold,
                open=self.fold_open,
                css_id="answer-more",
                css_class="coprod-answer-more",
            ),
            "version",
        )

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for line in lines:
            parsed = urlparse(line)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise forms.ValidationError(
                    f"“{line[:80]}” is not a web address. Start each link with https://"
                )
        return "\n".join(lines)

    def answer(self):
        return level_answer(self.cleaned_data["level"], self.levels)


class ConsensusForm(forms.Form):
    target = forms.ChoiceField(
        required=False,
        label="Target level",
        help_text="The level the programme should reach. The action plan aims here.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX,
        label="Why did the group agree this level?",
        help_text="Panels read this. Say what evidence the group relied on.",
        error_messages={
            "required": "Enter the reason for the agreed level",
            **_limit(REASON_MAX, "Reason"),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, criterion, levels, descriptors, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.fields = {
            "level": _level_field(
                levels,
                descriptors,
                label="Agreed level",
                required_message="Choose the agreed level",
            ),
            **self.fields,
        }
        self.fields["target"].choices = [("", "The rubric's default target")] + [
            (str(level.value), f"{level.value}. {level.label}") for level in levels
        ]
        self.helper = _helper("Save agreed level", form_tag=False)

    def answer(self):
        return level_answer(self.cleaned_data["level"], self.levels)

    def target_level(self):
        value = self.cleaned_data.get("target")
        return next((lv for lv in self.levels if str(lv.value) == value), None)


def rebind_after_conflict(form_class, data, *, version, message, **form_kwargs):
    """The person's own answer, kept as typed, now carrying the stored version: saving
    again is a deliberate choice to replace what the other window or person saved. The
    message is a form error, so the error summary (which takes focus) says it first."""
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form
