from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .idle import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.start_idle_clock")


class VerifiedAdminConfig(admin_apps.AdminConfig):
    """Django admin, on a site that lets staff in only after two-factor sign-in."""

    default = False  # named in INSTALLED_APPS in place of django.contrib.admin
    default_site = "accounts.admin_site.VerifiedAdminSite"
