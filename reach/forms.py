"""The facilitator's forms: counts and shares typed in, or a population file uploaded.
Rendered by hand in templates/reach/edit.html (a fieldset per group); the upload through
the NHS.UK crispy pack."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from .categories import CATALOGUE, Dimension
from .services import GroupEntry
from .upload import MAX_BYTES, PopulationFileRefused, read_population_file

OWN_BLANKS = 3  # empty rows for new groups of the team's own


def _count(label):
    return forms.IntegerField(
        required=False,
        min_value=0,
        label="People reached",
        error_messages={
            "invalid": f"Enter the number of people reached for {label} as a whole number",
            "min_value": f"The number of people reached for {label} cannot be below 0",
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "numeric"}),
    )


def _share(label):
    return forms.DecimalField(
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        label="Local population (%)",
        error_messages={
            "invalid": f"Enter the population share for {label} as a number, like 12.5",
            "min_value": f"The population share for {label} cannot be below 0 %%",
            "max_value": f"The population share for {label} cannot be over 100 %%",
            "max_decimal_places": f"Give the population share for {label} to 2 decimal places",
            "max_digits": f"The population share for {label} cannot be over 100 %%",
        },
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "decimal"}),
    )


class ReachForm(forms.Form):
    people_reached = forms.IntegerField(
        required=False,
        min_value=0,
        label="How many people did the engagement reach in all?",
        help_text="Everyone, including people who did not answer every question. "
        "Groups you name yourself are compared with this number.",
        error_messages={
            "invalid": "Enter the number of people reached as a whole number",
            "min_value": "The number of people reached cannot be below 0",
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-5", "inputmode": "numeric"}),
    )
    population_source = forms.CharField(
        required=False,
        max_length=300,
        label="Where the population shares come from (optional)",
        help_text="For example, ONS Census 2021, Leeds local authority",
    )

    def __init__(self, *args, own_groups=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = []
        for dimension in Dimension:
            if dimension == Dimension.OWN:
                continue
            rows = []
            for category in CATALOGUE:
                if category.dimension == dimension:
                    self.fields[f"reached_{category.code}"] = _count(category.label)
                    self.fields[f"share_{category.code}"] = _share(category.label)
                    rows.append(self._row(category.label, category.code))
            self.dimensions.append((dimension, rows))
        self.own_rows = []
        for i in range(own_groups + OWN_BLANKS):
            name = f"own{i}"
            self.fields[f"label_{name}"] = forms.CharField(
                required=False, max_length=120, label="Group"
            )
            self.fields[f"reached_{name}"] = _count(f"your group {i + 1}")
            self.fields[f"share_{name}"] = _share(f"your group {i + 1}")
            self.own_rows.append(
                {**self._row(f"Your group {i + 1}", name), "name": self[f"label_{name}"]}
            )

    def _row(self, label, key):
        return {"label": label, "reached": self[f"reached_{key}"], "share": self[f"share_{key}"]}

    def clean(self):
        data = super().clean()
        for i, _ in enumerate(self.own_rows):
            name = f"own{i}"
            label = (data.get(f"label_{name}") or "").strip()
            has_numbers = data.get(f"reached_{name}") is not None or data.get(f"share_{name}")
            if has_numbers and not label:
                self.add_error(f"label_{name}", f"Name your group {i + 1}, or clear its numbers")
        return data

    def entries(self) -> list[GroupEntry]:
        data = self.cleaned_data
        entries = [
            GroupEntry(
                c.dimension, c.code, "", data.get(f"reached_{c.code}"), data.get(f"share_{c.code}")
            )
            for c in CATALOGUE
        ]
        for i, _ in enumerate(self.own_rows):
            label = (data.get(f"label_own{i}") or "").strip()
            if label:
                entries.append(
                    GroupEntry(
                        Dimension.OWN,
                        "",
                        label,
                        data.get(f"reached_own{i}"),
                        data.get(f"share_own{i}"),
                    )
                )
        return entries

    @classmethod
    def initial_from(cls, reach, groups):
        initial = {
            "people_reached": reach.people_reached if reach else None,
            "population_source": reach.population_source if reach else "",
        }
        own = [g for g in groups if not g.code]
        for g in groups:
            if g.code:
                initial[f"reached_{g.code}"] = g.reached
                initial[f"share_{g.code}"] = g.population_share
        for i, g in enumerate(own):
            initial[f"label_own{i}"] = g.own_label
            initial[f"reached_own{i}"] = g.reached
            initial[f"share_own{i}"] = g.population_share
        return initial, len(own)


class PopulationFileForm(forms.Form):
    population_file = forms.FileField(
        label="Upload a population file",
        help_text="CSV UTF-8 or Excel .xlsx, with the columns category, group and "
        "population_percent.",
        error_messages={"required": "Choose a population file to upload"},
    )
    population_source = forms.CharField(
        required=False,
        max_length=300,
        label="Where the shares come from (optional)",
        help_text="For example, ONS Census 2021, Leeds local authority",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("upload", "Upload the file"))

    def clean_population_file(self):
        upload = self.cleaned_data["population_file"]
        try:
            self.rows = read_population_file(upload.read(MAX_BYTES + 1))
        except PopulationFileRefused as refused:
            raise forms.ValidationError(refused.problems) from None
        return upload
