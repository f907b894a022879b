"""Response headers for pages whose URL is itself a secret (invitation links)."""

from functools import wraps

from django.views.decorators.cache import never_cache


def private_link(view):
    """No cache may keep the page (Cache-Control: no-store via never_cache), and no link on
    it may send the secret URL to another site as a Referer."""

    @never_cache
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped
