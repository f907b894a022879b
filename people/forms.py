from django import forms
from django.contrib.auth import get_user_model, password_validation

from assessments.forms import HintedRadioSelect, PerspectiveField, _helper, _limit
from assessments.models import Role

ROLE_HINTS = {
    Role.FACILITATOR: "Creates programmes and assessments, invites people, agrees levels and "
    "manages the people in the organisation",
    Role.CONTRIBUTOR: "Scores assessments and reads the results",
    Role.VIEWER: "Reads results and reports only, for example a clinical senate panel member",
}


class RoleField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Role.choices,
            widget=HintedRadioSelect(option_hints=ROLE_HINTS),
            error_messages={"required": "Choose a role"},
            **kwargs,
        )


class AddPersonForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=120,
        error_messages={"required": "Enter their full name", **_limit(120, "Full name")},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Use their work email address. If they already use Coprod, they are added "
        "straight away.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@example.nhs.uk",
        },
    )
    role = RoleField(label="What can they do?")
    perspective = PerspectiveField(label="Which perspective do they usually score from?")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Add person")


class ChangeRoleForm(forms.Form):
    role = RoleField(label="Role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("Save role")


class SetPasswordForm(forms.Form):
    """Name and password for a new account, checked by Django's password validators.

    The password boxes are never filled back in after an error (as Django's own forms):
    a password must not sit in the page's HTML."""

    name = forms.CharField(
        label="Your full name",
        max_length=120,
        error_messages={"required": "Enter your full name", **_limit(120, "Full name")},
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.helper = _helper("Set password and continue")

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError("The two passwords do not match. Type them again.")
        return second

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and not self.has_error("password2"):
            first, _, last = cleaned.get("name", "").partition(" ")
            # An unsaved user, so the similarity check compares with their name and email.
            user = get_user_model()(
                username=self.email, email=self.email, first_name=first, last_name=last
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
