"""The Django admin, refusing staff until they have signed in with two-factor.

Site admins reach every organisation's data, so the admin needs a verified TOTP device in
the session (the NHS Data Security and Protection Toolkit expects this). The admin's own
login form is not used: it would skip the code step, so everyone signs in through ours.
"""

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django_otp import devices_for_user


class VerifiedAdminSite(admin.AdminSite):
    site_header = "Coprod administration"
    site_title = "Coprod admin"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or request.path
        user = request.user
        if not user.is_authenticated or not (user.is_active and user.is_staff):
            return redirect_to_login(next_url)
        if user.is_verified():
            return redirect(next_url)
        if any(devices_for_user(user, confirmed=True)):
            # Signed in on a browser session from before they set up two-factor: sign in
            # again, which now asks for the code.
            messages.info(request, "Sign in again with your code to use the admin.")
            return redirect_to_login(next_url)
        messages.info(request, "Set up two-factor sign-in before you use the admin.")
        return redirect("two_factor_setup")
