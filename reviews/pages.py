"""What the review pages and the report show of a review, read in a fixed number of
queries. Who sees what: the panel sees everything; the ICB sees comments and
recommendations only once the chair has released them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from assessments.journey import Journey
from assessments.models import Consensus
from ladder.models import Criterion

from .models import Comment, PanelMember, Recommendation, Review
from .services import partner_warning


@dataclass
class CriterionReview:
    criterion: Criterion
    consensus: Consensus | None
    comments: list[Comment] = field(default_factory=list)


@dataclass
class ReviewPage:
    review: Review
    members: list[PanelMember]
    criteria: list[CriterionReview]
    recommendations: list[Recommendation]
    panel_view: bool  # the reader sits on the panel

    @property
    def editable(self) -> bool:
        return not self.review.is_signed_off

    @property
    def warning(self) -> str | None:
        return partner_warning(self.members)

    @property
    def chair(self) -> PanelMember | None:
        return next((m for m in self.members if m.is_chair), None)

    @property
    def shows_panel_work(self) -> bool:
        return self.panel_view or self.review.is_released


def recommendations_of(review) -> list[Recommendation]:
    """Recommendations with their criteria and response (two queries)."""
    return list(
        Recommendation.objects.filter(review=review)
        .select_related("response__action")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("code")))
    )


def load(review: Review, *, panel_view: bool) -> ReviewPage:
    """Seven queries: the journey (2), consensus, members, comments, recommendations (2)."""
    journey = Journey.load(review.assessment)
    consensus = {
        c.criterion_id: c
        for c in Consensus.objects.filter(assessment=review.assessment).select_related("level")
    }
    members = list(review.members.all())
    shows = panel_view or review.is_released
    rows = {c.pk: CriterionReview(c, consensus.get(c.pk)) for c in journey.criteria}
    recommendations = []
    if shows:
        by_id = {m.pk: m for m in members}
        for comment in Comment.objects.filter(review=review).select_related("level"):
            comment.member = by_id[comment.member_id]
            if comment.criterion_id in rows:
                rows[comment.criterion_id].comments.append(comment)
        recommendations = recommendations_of(review)
    return ReviewPage(
        review=review,
        members=members,
        criteria=list(rows.values()),
        recommendations=recommendations,
        panel_view=panel_view,
    )
