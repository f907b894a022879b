"""Each programme's latest agreed levels, for many programmes in a fixed number of queries.

"Latest" is the programme's most recent assessment (by date, then creation) with at least
one agreed level. A criterion is named by its framework's slug and its code, which stay
the same across versions of a rubric, so programmes on different versions line up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from assessments.models import Answer, Assessment, Consensus
from ladder.models import Criterion, FrameworkKind

Key = tuple[str, str]  # (framework slug, criterion code)


@dataclass(frozen=True)
class Agreed:
    value: int
    label: str
    band: str


@dataclass(frozen=True)
class Column:
    key: Key
    code: str
    title: str
    framework_slug: str
    framework_name: str
    kind: str
    order: tuple[int, int]

    @property
    def is_ladder(self) -> bool:
        return self.kind == FrameworkKind.LADDER

    @property
    def sort_key(self) -> str:
        return f"{self.framework_slug}:{self.code}"


@dataclass
class Row:
    programme: object
    assessment: Assessment | None = None
    levels: dict[Key, Agreed] = field(default_factory=dict)


def latest_assessment_ids(programmes):
    """`programmes` (a queryset) annotated with `latest_id`: its latest agreed assessment."""
    latest = (
        Assessment.objects.filter(programme=OuterRef("pk"), consensus__answer=Answer.LEVEL)
        .order_by("-date", "-pk")
        .values("pk")[:1]
    )
    return programmes.annotate(latest_id=Subquery(latest))


def agreed_levels(assessment_ids) -> dict[int, dict[Key, Agreed]]:
    """{assessment id: {(slug, code): Agreed}}, in one query."""
    found = defaultdict(dict)
    rows = Consensus.objects.filter(
        assessment_id__in=assessment_ids, answer=Answer.LEVEL
    ).values_list(
        "assessment_id",
        "criterion__framework__slug",
        "criterion__code",
        "level__value",
        "level__label",
        "level__band",
    )
    for assessment_id, slug, code, value, label, band in rows:
        found[assessment_id][(slug, code)] = Agreed(value, label, band)
    return found


def load_rows(programmes) -> tuple[list[Row], list[Column]]:
    """One row per programme (in the queryset's order) and the columns their latest
    assessments pin, in framework and criterion order. Four queries."""
    programmes = list(latest_assessment_ids(programmes))
    ids = [p.latest_id for p in programmes if p.latest_id]
    assessments = Assessment.objects.in_bulk(ids)
    levels = agreed_levels(ids)
    rows = [
        Row(
            programme=p,
            assessment=assessments.get(p.latest_id),
            levels=levels.get(p.latest_id, {}),
        )
        for p in programmes
    ]
    return rows, columns_for(ids)


def columns_for(assessment_ids) -> list[Column]:
    """The criteria of every framework the assessments pin; for two versions of one rubric,
    the newer version's title. One query."""
    criteria = (
        Criterion.objects.filter(framework__assessments__in=assessment_ids)
        .select_related("framework")
        .order_by("framework__version")
        .distinct()
    )
    columns = {}
    for c in criteria:
        f = c.framework
        columns[(f.slug, c.code)] = Column(
            key=(f.slug, c.code),
            code=c.code,
            title=c.title,
            framework_slug=f.slug,
            framework_name=f.short_name,
            kind=f.kind,
            order=(f.order, c.order),
        )
    return sorted(columns.values(), key=lambda col: (col.order, col.framework_slug))
