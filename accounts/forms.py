"""Django's account forms with NHS.UK wording and our crispy helper."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms

BACKUP_CODE = re.compile(r"[a-z2-7]{8}")  # django-otp's static tokens
NEW_PASSWORD_HINT = (
    "Use at least 8 characters. Do not use a common password, only numbers, "
    "or one like your name or username."
)


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Username"
        # No autofocus: it would skip the skip link and the note telling invited people
        # they do not need an account.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.helper = _helper("Log in")


def _nhs_new_password(form):
    form.fields["new_password1"].label = "New password"
    form.fields["new_password1"].help_text = NEW_PASSWORD_HINT
    form.fields["new_password2"].label = "Type the new password again"
    form.fields["new_password2"].help_text = ""
    form.fields["new_password1"].widget.attrs.pop("autofocus", None)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        _nhs_new_password(self)
        self.helper = _helper("Change password")


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _nhs_new_password(self)
        self.helper = _helper("Save new password")


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The email address your organisation has for you."
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.nhs.uk"
        )
        self.helper = _helper("Send reset link")


class CodeForm(forms.Form):
    """A 6-digit code from an authenticator app."""

    otp_token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6 numbers the app shows for Coprod. A new code appears every 30 seconds.",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "nhsuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, submit_label="Continue", backup_codes=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.backup_codes = backup_codes
        if backup_codes:
            self.fields["otp_token"].help_text += " Or enter one of your backup codes."
        self.helper = _helper(submit_label)

    def clean_otp_token(self):
        token = "".join(self.cleaned_data["otp_token"].split()).lower()
        if self.backup_codes and BACKUP_CODE.fullmatch(token):
            return token
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the 6 numbers the app shows, like 123456")
        return token
