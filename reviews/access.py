"""Who sits on which panel. assessments.access asks `seat_for` (registered in apps.py);
the review pages ask `get_review`, which answers 404 to anyone without the right seat or
role, as every other view does."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.access import role_in
from assessments.models import Role

from .models import PanelMember, Review

PANEL = "panel"  # read the review and the shared report: any seat on this panel
CHAIR = "chair"  # recommendations, release, sign-off: the chair
ICB = "icb"  # sharing, inviting, responding: the ICB's facilitators
SEE = "see"  # the review page: the panel, or the ICB's facilitators


def _seats(user):
    """Seats held by this account, or waiting for it: an invited person who set their
    password through the one-use link has an account with the invited email and is a
    member of the reviewing organisation."""
    waiting = Q(
        user__isnull=True,
        email__iexact=user.email,
        review__reviewing_organisation__memberships__user=user,
    )
    return PanelMember.objects.filter(Q(user=user) | waiting if user.email else Q(user=user))


def seat_for(user, assessment):
    return _seats(user).filter(review__assessment=assessment).first()


def reviews_for(user):
    """The reviews this person sits on, newest first."""
    ids = _seats(user).values("review_id")
    return (
        Review.objects.filter(pk__in=ids)
        .select_related("assessment__programme__organisation")
        .order_by("-shared_at")
    )


def get_review(request, pk, need):
    """The review of assessment `pk` and the person's seat (None for the ICB), or 404."""
    review = get_object_or_404(
        Review.objects.select_related(
            "assessment__programme__organisation", "reviewing_organisation"
        ),
        assessment_id=pk,
    )
    user = request.user
    if (
        need in (ICB, SEE)
        and role_in(user, review.assessment.programme.organisation_id) == Role.FACILITATOR
    ):
        return review, None
    if need in (PANEL, CHAIR, SEE) and user.is_authenticated:
        seat = _seats(user).filter(review=review).first()
        if seat is not None and (need != CHAIR or seat.is_chair):
            return review, seat
    raise Http404("No such review")
