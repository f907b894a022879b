"""Forms for the action plan, rendered through the NHS.UK crispy template pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from assessments.forms import rebind_after_conflict
from ladder.models import Criterion, Level

from .models import Action, ActionStatus

WHAT_MAX = 3000


class FrameworkSelect(forms.Select):
    """A select whose options say their rubric (`data-framework`), so that
    static/js/target-levels.js can offer only the chosen criterion's levels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frameworks = {}  # option value -> framework id

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        framework = self.frameworks.get(str(value))
        if framework is not None:
            option["attrs"]["data-framework"] = str(framework)
        return option


class ActionForm(forms.ModelForm):
    criterion = forms.ModelChoiceField(
        queryset=Criterion.objects.none(),
        label="Which principle or stage is this action for?",
        error_messages={"required": "Choose the principle or stage this action is for"},
        widget=FrameworkSelect,
    )
    # The version the form was shown, so a change saved meanwhile is never overwritten
    # unseen. Required: an edit without it (an old page, a script) is refused, not applied.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # UK order, not <input type=date> (whose order follows the browser's language).
    due_date = forms.DateField(
        required=False,
        label="By when (optional)",
        input_formats=["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "nhsuk-input--width-10"}),
        help_text="For example, 31/03/2027",
        error_messages={"invalid": "Enter a real date, for example 31/03/2027"},
    )
    done_on = forms.DateField(
        required=False,
        label="When it was done (optional)",
        input_formats=["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "nhsuk-input--width-10"}),
        help_text="For example, 15/01/2027",
        error_messages={"invalid": "Enter a real date, for example 15/01/2027"},
    )
    target_level = forms.ModelChoiceField(
        queryset=Level.objects.none(),
        required=False,
        label="Target level",
        help_text="The level this action aims for. Leave blank to use the agreed target.",
        widget=FrameworkSelect(attrs={"data-target-levels": ""}),
    )

    class Meta:
        model = Action
        fields = [
            "criterion",
            "what",
            "owner",
            "due_date",
            "target_level",
            "status",
            "done_what",
            "outcome",
            "done_on",
        ]
        labels = {
            "what": "What will be done",
            "owner": "Who will make it happen (optional)",
            "due_date": "By when (optional)",
            "status": "Status",
            "done_what": "What was done (optional)",
            "outcome": "What changed for people (optional)",
        }
        help_texts = {
            "done_what": "In plain English, for the “you said, we did” page. No names.",
            "outcome": "What is different now for the people who use the service.",
            "what": "Suggested from the rubric's next steps. Change it to suit the programme.",
            "owner": "A name or a role, for example Head of engagement",
        }
        widgets = {
            "what": forms.Textarea(attrs={"rows": 5}),
            "done_what": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }
        error_messages = {
            "what": {"required": "Enter what will be done"},
            "owner": {"max_length": "Owner must be 120 characters or fewer."},
        }

    def __init__(self, *args, assessment, results, submit_label="Save action", **kwargs):
        super().__init__(*args, **kwargs)
        framework_names = {r.framework.pk: r.framework.short_name for r in results.frameworks}
        criteria = [c.criterion for c in results.criteria]
        levels = [level for r in results.frameworks for level in r.levels]
        self.fields["criterion"].queryset = Criterion.objects.filter(
            pk__in=[c.pk for c in criteria]
        ).select_related("framework")
        self.fields["criterion"].label_from_instance = lambda c: (
            f"{framework_names.get(c.framework_id, '')}: {c.code} {c.title}"
        )
        self.fields["target_level"].queryset = Level.objects.filter(
            pk__in=[level.pk for level in levels]
        ).select_related("framework")
        self.fields["target_level"].label_from_instance = lambda lv: (
            f"{framework_names.get(lv.framework_id, '')}: {lv.value} {lv.label}"
        )
        self._offer_levels_of(results, levels, framework_names)
        self.fields["target_level"].widget.frameworks = {
            str(lv.pk): lv.framework_id for lv in levels
        }
        if "criterion" in self.fields:
            self.fields["criterion"].widget.frameworks = {
                str(c.pk): c.framework_id for c in criteria
            }
        self.fields["what"].max_length = WHAT_MAX
        self.fields["what"].widget.attrs["maxlength"] = WHAT_MAX
        self.fields["status"].choices = ActionStatus.choices
        if self.instance.pk:
            # The criterion of an existing action is fixed: remove it and add a new one instead.
            del self.fields["criterion"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", submit_label))

    def _chosen_framework_id(self, results):
        """The framework of the criterion already chosen (the action's own, the one posted,
        or the one the page was opened for), else None."""
        if self.instance.pk:
            return self.instance.criterion.framework_id
        chosen = self.data.get("criterion") if self.is_bound else self.initial.get("criterion")
        try:
            result = results.find(int(chosen))
        except (TypeError, ValueError):
            return None
        return result.criterion.framework_id if result else None

    def _offer_levels_of(self, results, levels, framework_names):
        """Only the chosen criterion's levels are offered; before one is chosen (no
        JavaScript), the levels come grouped by rubric and clean() refuses a mismatch.
        Validation keeps every level of the assessment, so the refusal says why."""
        framework_id = self._chosen_framework_id(results)
        blank = [("", "Use the agreed target")]
        if framework_id is not None:
            offered = [
                (lv.pk, f"{lv.value} {lv.label}")
                for lv in levels
                if lv.framework_id == framework_id
            ]
            self.fields["target_level"].widget.choices = blank + offered
            return
        groups = {}
        for lv in levels:
            name = framework_names.get(lv.framework_id, "")
            groups.setdefault(name, []).append((lv.pk, f"{lv.value} {lv.label}"))
        self.fields["target_level"].widget.choices = blank + list(groups.items())

    @property
    def version_missing(self) -> bool:
        """Posted without a usable version: refused, then shown as a conflict."""
        return "version" in self.errors

    def clean_what(self):
        what = self.cleaned_data["what"].strip()
        if len(what) > WHAT_MAX:
            raise forms.ValidationError(
                f"What will be done must be {WHAT_MAX:,} characters or fewer."
            )
        return what

    def clean(self):
        cleaned = super().clean()
        criterion = cleaned.get("criterion") or (
            self.instance.criterion if self.instance.pk else None
        )
        level = cleaned.get("target_level")
        if criterion and level and level.framework_id != criterion.framework_id:
            self.add_error(
                "target_level",
                "Choose a target level from the same rubric as the principle or stage",
            )
        return cleaned

    def _post_clean(self):
        # Validation lives in clean(); the write goes through plans.services.
        pass


def describe(action: Action) -> str:
    due = action.due_date.strftime("%d/%m/%Y") if action.due_date else "no date"
    return (
        f"“{action.what}” – {action.get_status_display().lower()}, "
        f"owner {action.owner or 'not set'}, due {due}"
    )


def after_conflict(data, current: Action, *, missing_version=False, **form_kwargs):
    """The person's edit, kept as typed, with the stored version: saving again replaces it.

    Also the answer to an edit that came without its version: nobody can tell whether it
    was made to what is stored now, so it is treated as made to an older one."""
    lead = (
        "Your change was not saved: the page did not say which version of this action "
        "you were changing."
        if missing_version
        else "Someone else changed this action while you were editing."
    )
    return rebind_after_conflict(
        ActionForm,
        data,
        version=current.version,
        message=f"{lead} It now reads: {describe(current)}. Save again to replace it with yours.",
        instance=current,
        **form_kwargs,
    )
