from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Results file",
        help_text="A .json file exported from Coprod (format coprod-results/1).",
        error_messages={"required": "Choose the results file to import"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("import", "Import results"))
