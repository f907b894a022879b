from django.conf import settings

from assessments.access import guest_participant_ids, guest_seconds_left


def guest(request):
    """The invited guest (no account) scoring in this browser, for the header."""
    # Error pages can render before the middleware has set request.user (a 400 for a bad
    # Host header): no guest then.
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return {}
    ids = guest_participant_ids(request)
    if not ids:
        return {}
    known = getattr(request, "guest_participant", None)  # assessments.access loaded it
    if known is None or known.pk != ids[-1]:
        from assessments.models import Participant

        known = Participant.objects.filter(pk=ids[-1]).first()
    return {
        "guest_participant": known,
        # The warning before the guest's session ends (accounts/_session_warning.html).
        "session_expires_in": guest_seconds_left(request.session),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "guest_hours": settings.GUEST_SESSION_HOURS,
    }
