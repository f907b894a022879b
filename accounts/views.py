"""Signing in (with a code for anyone who set up two-factor), the account page, the lockout
page, staying signed in, and bringing back a form posted after the session ended. Thin."""

import logging
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login

from . import idle
from .forms import CodeForm, LoginForm

log = logging.getLogger(__name__)

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 5 * 60  # the code step must follow the password soon after


class LoginView(auth_views.LoginView):
    """Username and password; then, for anyone with a confirmed device, a code."""

    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        if not any(devices_for_user(user, confirmed=True)):
            return super().form_valid(form)
        # Not signed in yet: the password was right, the code is still to come.
        self.request.session[PENDING_KEY] = {
            "user_id": user.pk,
            "backend": user.backend,
            "at": idle.now(),
            "next": self.get_success_url(),
        }
        return redirect("login_code")


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or idle.now() - pending["at"] > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    return user, pending


def login_code(request):
    user, pending = _pending_user(request)
    if user is None:
        messages.info(request, "Enter your username and password again, then the code.")
        return redirect("login")
    form = CodeForm(request.POST or None, backup_codes=True)
    if request.method == "POST" and form.is_valid():
        throttled = _throttled(user)
        device = None if throttled else _verified_device(user, form.cleaned_data["otp_token"])
        if throttled:
            form.add_error(
                "otp_token", "There have been several wrong codes. Wait a minute, then try again."
            )
        elif device is None:
            log.warning("Wrong two-factor code for user %s", user.get_username())
            form.add_error(
                "otp_token",
                "That code is not right. Check the app shows Coprod, wait for a new code, "
                "then enter it.",
            )
        else:
            del request.session[PENDING_KEY]
            user.backend = pending["backend"]
            auth_login(request, user)
            otp_login(request, device)
            return redirect(pending["next"])
    return render(request, "registration/login_code.html", {"form": form})


def _verified_device(user, token):
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_token(token):
            return device
    return None


def _throttled(user):
    """After wrong codes, django-otp makes each next try wait longer (1, 2, 4... seconds)."""
    return not any(d.verify_is_allowed()[0] for d in devices_for_user(user, confirmed=True))


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "two_factor": any(devices_for_user(request.user, confirmed=True)),
            "idle_minutes": settings.MEMBER_IDLE_MINUTES,
        },
    )


def lockout(request, original_response=None, credentials=None):
    """Axes' answer once a username is locked from this address: when to try again."""
    cool_off = get_cool_off(request) or timedelta(0)
    username = get_client_username(request, credentials)
    attempt = (
        AccessAttempt.objects.filter(
            username=username,
            ip_address=getattr(request, "axes_ip_address", request.META.get("REMOTE_ADDR")),
        )
        .order_by("-attempt_time")
        .first()
    )
    started = attempt.attempt_time if attempt else timezone.now()
    # Round up to the next minute: "try again after 14:32" must never be too early.
    until = timezone.localtime(started + cool_off + timedelta(minutes=1)).replace(
        second=0, microsecond=0
    )
    return render(
        request,
        "registration/locked_out.html",
        {"until": until, "minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )


@login_required
@require_POST
def keep_alive(request):
    """The warning's Stay signed in button: the middleware has just counted this as activity."""
    if request.headers.get("X-Coprod-Keep-Alive") == "1":
        return JsonResponse({"expires_in": idle.seconds_left(request.session)})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = settings.LOGIN_REDIRECT_URL
    return redirect(back)


@login_required
def restore_post(request):
    """After signing in again: what they had posted when the session ended, to post again."""
    stash = idle.stashed_post(request.session, request.user)
    if stash is None:
        return redirect(settings.LOGIN_REDIRECT_URL)
    # Show what was typed (text with a space in it, or long); short values such as a chosen
    # option, a version number or the button pressed are posted again without a row each.
    shown = [
        (name.replace("_", " ").capitalize(), value)
        for name, value in stash["fields"]
        if " " in value.strip() or len(value) >= 20
    ]
    return render(request, "accounts/restore_post.html", {"stash": stash, "shown": shown})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # A new password proves who they are: lift any lockout on their username, so the
        # lockout page's "reset your password" is a real way back in.
        from axes.utils import reset

        reset(username=form.user.get_username())
        return super().form_valid(form)
