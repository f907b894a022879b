"""Reading an assessment's reach for its pages, the report and the exports: one query (the
report page is near its budget of 12)."""

from decimal import Decimal

from .categories import CATALOGUE, Dimension
from .models import Reach
from .representation import GroupCount, Representation, representation

_GROUP = "assessment__reach_groups__"


def group_counts(assessment) -> tuple[int | None, str, list[GroupCount]]:
    """People reached, the source of the shares, and every ONS group of each kind the team
    entered anything for (a group left out shows as not recorded), then the team's own
    groups in the order they were added. Every write makes the Reach row first, so one
    query from it, joined to the groups, finds everything."""
    rows = list(
        Reach.objects.filter(assessment=assessment)
        .values_list(
            "people_reached",
            "population_source",
            f"{_GROUP}dimension",
            f"{_GROUP}code",
            f"{_GROUP}own_label",
            f"{_GROUP}reached",
            f"{_GROUP}population_share",
        )
        .order_by(f"{_GROUP}pk")
    )
    if not rows:
        return None, "", []
    people_reached, source = rows[0][0], rows[0][1]
    groups = [row[2:] for row in rows if row[2] is not None]
    by_code = {code: (reached, share) for _, code, _, reached, share in groups if code}
    entered = {dimension for dimension, *_ in groups}
    counts = []
    for category in CATALOGUE:
        if category.dimension in entered:
            reached, share = by_code.get(category.code, (None, None))
            counts.append(GroupCount(category.dimension, category.label, reached, _d(share)))
    counts += [
        GroupCount(Dimension.OWN, label, reached, _d(share))
        for _, code, label, reached, share in groups
        if not code
    ]
    return people_reached, source, counts


def _d(value):
    return None if value is None else Decimal(value)


def representation_of(assessment) -> Representation:
    people_reached, source, counts = group_counts(assessment)
    return representation(counts, people_reached=people_reached, population_source=source)
