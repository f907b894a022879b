"""The review of an assessment with its recommendations, responses and the criteria each
concerns, in ONE query (a left join from the review), so the report page stays within its
twelve queries whatever the review holds (issue 13).

The rows are values(), typed by the database converters, and the model instances are made
from them; each recommendation's criteria are the ones the results already loaded, and a
response's action is the one the report already loaded, so the templates query nothing.
"""

from __future__ import annotations

from assessments.models import Organisation
from reviews.models import Recommendation, Response, Review


def _attnames(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


REVIEW = _attnames(Review)
ORGANISATION = _attnames(Organisation)
RECOMMENDATION = _attnames(Recommendation)
RESPONSE = _attnames(Response)
_REC = "recommendations__"
_RESP = "recommendations__response__"
_ORG = "reviewing_organisation__"


def load_review(assessment, *, criteria_by_id: dict, actions_by_id: dict):
    """(review or None, its recommendations once released, journey order by number)."""
    rows = list(
        Review.objects.filter(assessment=assessment)
        .values(
            *REVIEW,
            *(_ORG + f for f in ORGANISATION),
            *(_REC + f for f in RECOMMENDATION),
            *(_RESP + f for f in RESPONSE),
            _REC + "criteria",
        )
        .order_by("pk", _REC + "number", _REC + "criteria__code")
    )
    if not rows:
        return None, []
    first = rows[0]
    review = Review(**{f: first[f] for f in REVIEW})
    review._state.adding = False
    review.reviewing_organisation = Organisation(**{f: first[_ORG + f] for f in ORGANISATION})
    recommendations: dict[int, Recommendation] = {}
    for row in rows:
        if row["id"] != review.pk or row[_REC + "id"] is None:
            continue  # one review per assessment; a second would be a bug elsewhere
        rec = recommendations.get(row[_REC + "id"])
        if rec is None:
            rec = Recommendation(**{f: row[_REC + f] for f in RECOMMENDATION})
            rec._state.adding = False
            rec.review = review
            rec.concerns = []
            if row[_RESP + "id"] is None:
                # Cached as absent: `rec.response` raises DoesNotExist without a query.
                Recommendation.response.related.set_cached_value(rec, None)
            else:
                response = Response(**{f: row[_RESP + f] for f in RESPONSE})
                response._state.adding = False
                response.action = actions_by_id.get(response.action_id)
                rec.response = response
            recommendations[rec.pk] = rec
        criterion = criteria_by_id.get(row[_REC + "criteria"])
        if criterion is not None:
            rec.concerns.append(criterion)
    return review, (list(recommendations.values()) if review.is_released else [])
