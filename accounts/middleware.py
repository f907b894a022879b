"""Sign members out after MEMBER_IDLE_MINUTES without a request (see accounts.idle)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse

from . import idle

EXPIRES_HEADER = "X-Session-Expires-In"
# Requests made by our scripts (autosave, the stay-signed-in check) that expect JSON.
SCRIPT_HEADERS = ("X-Coprod-Autosave", "X-Coprod-Keep-Alive")


def _from_script(request):
    return any(request.headers.get(h) == "1" for h in SCRIPT_HEADERS)


def _csrf_ok(request):
    # Only a genuine form post of ours is worth keeping: the CSRF check has not run yet
    # (it runs just before the view), so ask it now. None means it passed.
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        if idle.is_expired(request.session):
            return self._signed_out(request)
        keep_alive = request.path == reverse("keep_alive")
        idle.touch(request.session, force=keep_alive)
        response = self.get_response(request)
        if request.user.is_authenticated:
            # Lets scripts that fetch (autosave) keep the warning's clock right.
            response[EXPIRES_HEADER] = str(idle.seconds_left(request.session))
        return response

    def _signed_out(self, request):
        message = (
            f"You were signed out because you did nothing for {idle.idle_seconds() // 60} minutes."
        )
        if _from_script(request):
            # The page is still open with the person's text in it: say so, and leave the
            # session as it is, so that the form's own Save can still be kept below.
            return JsonResponse(
                {
                    "saved": False,
                    "signed_out": True,
                    "message": message + " This was not saved. Choose Save and continue, "
                    "sign in again, and you can then save what you typed.",
                },
                status=401,
            )
        user_id = request.user.pk
        post = request.POST if request.method == "POST" and _csrf_ok(request) else None
        logout(request)
        if request.path == reverse("logout"):
            return self.get_response(request)  # they were leaving anyway
        if request.method == "GET":
            messages.info(request, message)
            return redirect_to_login(request.get_full_path())
        if post and idle.stash_post(
            request.session, user_id=user_id, path=request.get_full_path(), post=post
        ):
            messages.info(
                request,
                message + " Sign in again and you can save what you typed: nothing is lost.",
            )
            return redirect_to_login(reverse("restore_post"))
        # A post with nothing to keep (or a forged one): a GET of its address after signing
        # in might not exist, so go to the login page plainly.
        messages.info(request, message)
        return redirect(settings.LOGIN_URL)
