from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor, views
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

RESET_HOURS = {"reset_hours": settings.PASSWORD_RESET_TIMEOUT // (60 * 60)}

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/keep-alive/", views.keep_alive, name="keep_alive"),
    path("account/your-unsaved-answer/", views.restore_post, name="restore_post"),
    path("account/two-factor/", two_factor.setup, name="two_factor_setup"),
    path("account/two-factor/turn-off/", two_factor.turn_off, name="two_factor_turn_off"),
    path(
        "account/two-factor/backup-codes/",
        two_factor.backup_codes,
        name="two_factor_backup_codes",
    ),
    path(
        "account/two-factor/backup-codes/new/",
        two_factor.replace_backup_codes,
        name="two_factor_replace_backup_codes",
    ),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            form_class=PasswordChangeForm, success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "account/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            extra_context=RESET_HOURS,
            extra_email_context=RESET_HOURS,
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
