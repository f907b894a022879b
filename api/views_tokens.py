"""The API tokens page, reached from Your account: make a token (shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from knox.settings import knox_settings

from . import tokens


@never_cache
@login_required
def token_list(request):
    """GET lists the tokens; POST makes one and shows it on this response only (never in a
    redirect, a message or a log), with no-store so no cache keeps it."""
    new_token = None
    if request.method == "POST":
        _, new_token = tokens.create_token(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": tokens.tokens_of(request.user),
            "new_token": new_token,
            "ttl_days": knox_settings.TOKEN_TTL.days,
        },
    )


@login_required
@require_POST
def token_revoke(request, token_key):
    if tokens.revoke_token(user=request.user, token_key=token_key):
        messages.success(request, "Token revoked: it no longer works.")
    else:
        messages.info(request, "That token was already revoked or has expired.")
    return redirect("api_tokens")
