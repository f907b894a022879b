from assessments.access import guest_participant_ids


def guest(request):
    """The invited guest (no account) scoring in this browser, for the header."""
    if request.user.is_authenticated:
        return {}
    ids = guest_participant_ids(request)
    if not ids:
        return {}
    from assessments.models import Participant

    return {"guest_participant": Participant.objects.filter(pk=ids[-1]).first()}
