"""Writes: keyword-only, atomic, refusing once the assessment is submitted (what the senate
reviews does not change under it). Each raises ValidationError and saves nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Assessment, AssessmentStatus

from .categories import BY_CODE, PARTITIONS, Dimension
from .models import Reach, ReachGroup
from .upload import SUM_TOLERANCE, PopulationRow


@dataclass(frozen=True)
class GroupEntry:
    dimension: str
    code: str  # blank for a group the team names
    own_label: str
    reached: int | None
    population_share: Decimal | None

    @property
    def label(self):
        return BY_CODE[self.code].label if self.code else self.own_label


def _ensure_open(assessment):
    status = (
        Assessment.objects.select_for_update()
        .filter(pk=assessment.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status == AssessmentStatus.SUBMITTED:
        raise ValidationError(
            "This assessment has been submitted, so who was involved can no longer change."
        )


def check_entries(entries: list[GroupEntry], *, people_reached: int | None) -> list[str]:
    """What does not add up, as sentences (empty when all is well)."""
    problems = []
    for dimension in PARTITIONS:
        these = [e for e in entries if e.dimension == dimension]
        counted = sum(e.reached or 0 for e in these)
        if people_reached is not None and counted > people_reached:
            problems.append(
                f"{dimension.label}: the groups add up to {counted} people, more than the "
                f"{people_reached} people reached."
            )
        shares = sum((e.population_share or 0 for e in these), Decimal(0))
        if shares > SUM_TOLERANCE:
            problems.append(
                f"{dimension.label}: the population shares add up to {shares.normalize():f} %, "
                "over 100 %."
            )
    own = [e for e in entries if e.dimension == Dimension.OWN]
    seen = set()
    for entry in own:
        if people_reached is not None and (entry.reached or 0) > people_reached:
            problems.append(
                f"{entry.label}: {entry.reached} people is more than the {people_reached} "
                "people reached."
            )
        if entry.own_label.lower() in seen:
            problems.append(f"{entry.label} is named twice: give each group once.")
        seen.add(entry.own_label.lower())
    return problems


@transaction.atomic
def save_reach(
    *, assessment, by, people_reached: int | None, population_source: str, entries: list[GroupEntry]
) -> Reach:
    """Replace the assessment's groups with `entries` (those with a count or a share)."""
    _ensure_open(assessment)
    problems = check_entries(entries, people_reached=people_reached)
    if problems:
        raise ValidationError(problems)
    reach = Reach.objects.filter(assessment=assessment).first() or Reach(assessment=assessment)
    reach.people_reached = people_reached
    reach.population_source = population_source
    reach.updated_by = by
    reach.save()
    ReachGroup.objects.filter(assessment=assessment).delete()
    ReachGroup.objects.bulk_create(
        ReachGroup(
            assessment=assessment,
            dimension=e.dimension,
            code=e.code,
            own_label=e.own_label,
            reached=e.reached,
            population_share=e.population_share,
        )
        for e in entries
        if e.reached is not None or e.population_share is not None
    )
    return reach


@transaction.atomic
def save_population(
    *, assessment, by, rows: list[PopulationRow], population_source: str = ""
) -> int:
    """Set the shares a population file gives; other groups keep theirs. Refused whole if
    the shares then add up to over 100 % in any dimension. Returns how many were set."""
    _ensure_open(assessment)
    reach = Reach.objects.filter(assessment=assessment).first() or Reach(assessment=assessment)
    reach.updated_by = by
    if population_source:
        reach.population_source = population_source
    reach.save()
    existing = {
        (g.code or g.own_label.lower()): g for g in ReachGroup.objects.filter(assessment=assessment)
    }
    for row in rows:
        group = existing.get(row.code or row.own_label.lower())
        if group is None:
            group = ReachGroup(
                assessment=assessment,
                dimension=row.dimension,
                code=row.code,
                own_label=row.own_label,
            )
            existing[row.code or row.own_label.lower()] = group
        group.population_share = row.share
    entries = [
        GroupEntry(g.dimension, g.code, g.own_label, g.reached, g.population_share)
        for g in existing.values()
    ]
    problems = check_entries(entries, people_reached=reach.people_reached)
    if problems:
        raise ValidationError(problems)
    ReachGroup.objects.bulk_create(g for g in existing.values() if g.pk is None)
    ReachGroup.objects.bulk_update(
        [g for g in existing.values() if g.pk is not None], ["population_share"]
    )
    return len(rows)
