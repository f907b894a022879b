from django.conf import settings

from . import idle


def session_timeout(request):
    """When a member's idle session ends, for the warning (templates/accounts/_session_warning)."""
    # An error page can render before the middleware set request.user (a bad Host header).
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_expires_in": idle.seconds_left(request.session),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "session_idle_minutes": settings.MEMBER_IDLE_MINUTES,
    }
