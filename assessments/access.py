"""Who may see and do what. Every view goes through these; anything else answers 404.

A user sees only their own organisation's programmes. An invited guest (no account) holds a
participant id in their session and may only score that one assessment. A review panel's
member (reviews/, after this app in the flow, registers `register_panel_lookup`) may read
one shared assessment's report (need=REPORT) and nothing else of the organisation.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Assessment, Membership, Organisation, Participant, Programme, Role

GUEST_SESSION_KEY = "guest_participant_ids"
# When this browser forgets the guest (seconds since the epoch): for the warning before it.
GUEST_UNTIL_KEY = "guest_until"

READ = "read"  # see results and reports: any member
SCORE = "score"  # score: facilitators and contributors, or the invited guest
FACILITATE = "facilitate"  # create, invite, agree consensus, edit actions: facilitators
REPORT = "report"  # the report page and PDF: any member, or the assessment's review panel

_ROLES_FOR = {
    READ: {Role.FACILITATOR, Role.CONTRIBUTOR, Role.VIEWER},
    SCORE: {Role.FACILITATOR, Role.CONTRIBUTOR},
    FACILITATE: {Role.FACILITATOR},
    REPORT: {Role.FACILITATOR, Role.CONTRIBUTOR, Role.VIEWER},
}

# Functions (user, assessment) -> a panel seat or None. reviews registers one in its
# AppConfig.ready(), so this module never imports the app after it.
_panel_lookups = []


def register_panel_lookup(lookup):
    if lookup not in _panel_lookups:
        _panel_lookups.append(lookup)


def panel_seat(user, assessment):
    """The user's seat on a review panel of this assessment, or None."""
    if not user.is_authenticated:
        return None
    for lookup in _panel_lookups:
        seat = lookup(user, assessment)
        if seat is not None:
            return seat
    return None


_NEEDS_SAID = {
    READ: "Only members of the organisation can see this.",
    SCORE: "Only facilitators and contributors can score. Viewers can read the results.",
    FACILITATE: "Only the organisation's facilitators can do this.",
    REPORT: "Only members of the organisation can see the report.",
}


class NotAllowed(PermissionDenied):
    """A member of the organisation whose role is not enough for this page: they already
    know the assessment exists, so they are told why, not "No such assessment" (people
    outside the organisation still get 404). views.not_allowed answers it (handler403)."""

    def __init__(self, need, *, back=None):
        super().__init__(_NEEDS_SAID[need])
        self.back = back


@dataclass(frozen=True)
class Access:
    """What the current person may do with one assessment."""

    assessment: Assessment
    role: str | None  # None for a guest or a panel member
    guest: Participant | None = None
    panel: object | None = None  # reviews.PanelMember, for a review panel's member
    # need=SCORE: a member's own participant, when the gate read it with the assessment.
    participant: Participant | None = None

    @property
    def can_see_names(self):
        """Only the organisation's facilitators see participants' names (names.py)."""
        return self.role == Role.FACILITATOR

    @property
    def can_read_results(self):
        return self.role in _ROLES_FOR[READ]

    @property
    def can_score(self):
        return self.guest is not None or self.role in _ROLES_FOR[SCORE]

    @property
    def can_facilitate(self):
        return self.role in _ROLES_FOR[FACILITATE]


def role_in(user, organisation_id):
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def programmes_for(user):
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(organisation__memberships__user=user)


def organisations_where(user, need):
    """Organisations in which the user has a role good enough for `need`."""
    return Membership.objects.filter(user=user, role__in=_ROLES_FOR[need]).select_related(
        "organisation"
    )


def get_programme(user, pk, need=READ):
    programme = get_object_or_404(Programme.objects.select_related("organisation"), pk=pk)
    role = role_in(user, programme.organisation_id)
    if role is None:
        raise Http404("No such programme")
    if role not in _ROLES_FOR[need]:
        raise NotAllowed(need, back=programme)
    return programme


def get_organisation(user, slug, need=FACILITATE):
    """The organisation, if the user's role there is good enough for `need`; else 404, so
    a slug says nothing about who belongs where (the People pages use this)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if role_in(user, organisation.pk) not in _ROLES_FOR[need]:
        raise Http404("No such organisation")
    return organisation


def guest_participant_ids(request):
    return [int(i) for i in request.session.get(GUEST_SESSION_KEY, [])]


def extend_guest_session(session):
    """The guest's session lasts GUEST_SESSION_HOURS from now (on arrival, or when they
    choose Stay signed in): shared computers need it to end."""
    seconds = settings.GUEST_SESSION_HOURS * 60 * 60
    session[GUEST_UNTIL_KEY] = int(time.time()) + seconds
    session.set_expiry(seconds)


def guest_seconds_left(session) -> int:
    until = session.get(GUEST_UNTIL_KEY)
    if until is None:
        return session.get_expiry_age()
    return max(0, until - int(time.time()))


def get_assessment_access(request, pk, need=READ) -> Access:
    """The assessment and the person's access to it, or 404 (never 403: ids reveal nothing)."""
    if need == SCORE and not request.user.is_authenticated:
        # An invited guest: their participant and its assessment in one query (a workshop's
        # every autosave asks this). Kept on the request for the header (context_processors).
        guest = (
            # The assessment alone: the questions and autosaves, which a workshop sends most,
            # need nothing more (joining the programme too cost 0.5 ms of query building on
            # each; the task list and reach pages read its name, one query each).
            Participant.objects.select_related("assessment")
            .filter(pk__in=guest_participant_ids(request), assessment_id=pk)
            # The earliest if this browser joined twice; ordering by pk alone costs half the
            # query-building time of the model's (created_at, pk).
            .order_by("pk")[:1]
        )
        guest = next(iter(guest), None)
        if guest is None:
            raise Http404("No such assessment")
        request.guest_participant = guest
        return Access(assessment=guest.assessment, role=None, guest=guest)
    if need == SCORE:
        own = _own_participation(request, pk)
        if own is not None:
            return own
    assessments = Assessment.objects.select_related("programme__organisation")
    if request.user.is_authenticated:
        # The person's role comes in the same query: every page and autosave asks this.
        assessments = assessments.annotate(viewer_role=_role_in("programme__organisation", request))
    assessment = get_object_or_404(assessments, pk=pk)
    role = getattr(assessment, "viewer_role", None)
    if role in _ROLES_FOR[need]:
        return Access(assessment=assessment, role=role)
    if need == SCORE:
        guest = Participant.objects.filter(
            pk__in=guest_participant_ids(request), assessment=assessment
        ).first()
        if guest is not None:
            return Access(assessment=assessment, role=None, guest=guest)
    if need == REPORT:
        seat = panel_seat(request.user, assessment)
        if seat is not None:
            return Access(assessment=assessment, role=None, panel=seat)
    if role is not None:
        raise NotAllowed(need, back=assessment)
    raise Http404("No such assessment")


def _role_in(organisation_path: str, request):
    return Subquery(
        Membership.objects.filter(
            user=request.user.pk, organisation=OuterRef(organisation_path)
        ).values("role")[:1]
    )


def _own_participation(request, pk) -> Access | None:
    """A member scoring their own journey: their participant, its assessment and their role
    in one query (a workshop's every autosave and question asks this), or None (not joined
    yet, or the role does not score: the assessment's own gate then answers)."""
    rows = (
        # The assessment alone, as for a guest: the questions and autosaves need no more (the
        # role's subquery still reaches the organisation through the joins it makes).
        Participant.objects.select_related("assessment")
        .annotate(viewer_role=_role_in("assessment__programme__organisation", request))
        .filter(assessment_id=pk, user=request.user.pk)
        .order_by("pk")[:1]
    )
    participant = next(iter(rows), None)
    if participant is None or participant.viewer_role not in _ROLES_FOR[SCORE]:
        return None
    return Access(
        assessment=participant.assessment, role=participant.viewer_role, participant=participant
    )


def login_or_guest_required(view):
    """Members log in; invited guests carry their participant in the session. Anyone else
    (including a guest whose session ended) goes to the login page, which explains how to
    get a new link: nothing they saved is lost."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated and not guest_participant_ids(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
