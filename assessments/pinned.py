"""Published rubric versions and the frameworks each assessment pins, kept per process.

A published framework version never changes (ladder/signals.py refuses it) and an
assessment's frameworks are set when it is made, so the scoring pages, which a whole
workshop opens at once, need not read them from the database on every request. Only
published versions are kept (a draft is being edited). Anything saved to these tables, or
to the pinning, empties the store (signals below): it happens when rubrics are loaded or
drafts edited, never while people score, and it keeps tests (whose rolled-back ids come
round again) honest. Each gunicorn worker keeps its own: nothing stale to share.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save

from ladder.models import Criterion, Descriptor, Framework, Level

from .models import Assessment


@dataclass(eq=False)
class _Version:
    framework: Framework
    criteria: tuple[Criterion, ...]
    levels: tuple[Level, ...]  # value 1 first
    # criterion id -> level value -> descriptor; None until asked for (`described`): the
    # autosave and the report page never ask, so a cold store costs them one query less.
    descriptors: dict[int, dict[int, Descriptor]] | None = None


_lock = threading.Lock()
_versions: dict[int, _Version] = {}  # framework id -> its parts
_pinned: dict[int, tuple[int, ...]] = {}  # assessment id -> framework ids


def forget(*_, **__):
    """Empty the store (a receiver of every save to the rubric tables)."""
    with _lock:
        _versions.clear()
        _pinned.clear()


def _forget_assessment(sender, instance, **_):
    _pinned.pop(instance.pk, None)


for _model in (Framework, Level, Criterion, Descriptor):
    post_save.connect(forget, sender=_model, dispatch_uid=f"pinned-{_model.__name__}-save")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"pinned-{_model.__name__}-del")
post_save.connect(_forget_assessment, sender=Assessment, dispatch_uid="pinned-assessment-save")
post_delete.connect(_forget_assessment, sender=Assessment, dispatch_uid="pinned-assessment-del")
m2m_changed.connect(forget, sender=Assessment.frameworks.through, dispatch_uid="pinned-m2m")


def _load(framework_ids, known=(), known_levels=None) -> dict[int, _Version]:
    """Three queries (two when the frameworks are `known`, one when their levels are too),
    whatever their number and size; the descriptors come later, if asked for."""
    frameworks = {f.pk: f for f in known if f.pk in framework_ids}
    if len(frameworks) < len(framework_ids):
        frameworks = {f.pk: f for f in Framework.objects.filter(pk__in=framework_ids)}
    levels: dict[int, list[Level]] = {pk: [] for pk in frameworks}
    by_id = {}
    if known_levels is None:
        known_levels = Level.objects.filter(framework_id__in=frameworks).order_by("value")
    for level in known_levels:
        if level.framework_id not in frameworks:
            continue
        level.framework = frameworks[level.framework_id]
        levels[level.framework_id].append(level)
        by_id[level.pk] = level
    criteria: dict[int, list[Criterion]] = {pk: [] for pk in frameworks}
    for criterion in Criterion.objects.filter(framework_id__in=frameworks).order_by("order", "pk"):
        criterion.framework = frameworks[criterion.framework_id]
        criteria[criterion.framework_id].append(criterion)
    return {pk: _Version(f, tuple(criteria[pk]), tuple(levels[pk])) for pk, f in frameworks.items()}


def described(found: list[_Version]) -> list[_Version]:
    """The versions, with the descriptors of those not yet described read in one query.
    Two threads may both read them once: the same rows, so either answer is right."""
    missing = {v.framework.pk: v for v in found if v.descriptors is None}
    if missing:
        levels = {level.pk: level for v in missing.values() for level in v.levels}
        by_framework: dict[int, dict[int, dict[int, Descriptor]]] = {pk: {} for pk in missing}
        for d in Descriptor.objects.filter(criterion__framework_id__in=missing):
            d.level = levels[d.level_id]
            by_framework[d.level.framework_id].setdefault(d.criterion_id, {})[d.level.value] = d
        for pk, version in missing.items():
            version.descriptors = by_framework[pk]
    return found


def versions(framework_ids, known=(), known_levels=None) -> list[_Version]:
    """The frameworks' parts, from the store or (missing ones) the database. `known_levels`:
    every level of the `known` frameworks, value 1 first, if already read."""
    missing = [pk for pk in framework_ids if pk not in _versions]
    loaded = _load(missing, known, known_levels) if missing else {}
    if loaded:
        with _lock:
            for pk, version in loaded.items():
                if version.framework.is_published:
                    _versions[pk] = version
    found = [_versions.get(pk) or loaded.get(pk) for pk in framework_ids]
    return [version for version in found if version is not None]


def _pinned_versions(assessment) -> list[_Version]:
    """The parts of the frameworks the assessment pins: no query once stored."""
    ids = _pinned.get(assessment.pk)
    if ids is not None:
        return versions(ids)
    # The pinned frameworks and their levels in one query (a published version always has
    # levels: ladder's rubric validation refuses one without, and only published ones are
    # pinned). Journey.build orders the frameworks itself.
    levels = list(
        Level.objects.filter(framework__assessments=assessment)
        .select_related("framework")
        .order_by("framework_id", "value")
    )
    frameworks = list({level.framework_id: level.framework for level in levels}.values())
    ids = tuple(f.pk for f in frameworks)
    with _lock:
        _pinned[assessment.pk] = ids
    return versions(ids, frameworks, levels)


def frameworks_and_criteria(assessment) -> tuple[list[Framework], list[Criterion]]:
    """What Journey.build needs for the assessment."""
    found = _pinned_versions(assessment)
    return [v.framework for v in found], [c for v in found for c in v.criteria]


def criterion_of(assessment, criterion_id: int) -> Criterion | None:
    """The criterion if one of the assessment's frameworks has it, else None."""
    for version in _pinned_versions(assessment):
        for criterion in version.criteria:  # a few dozen at most
            if criterion.pk == criterion_id:
                return criterion
    return None


def levels_of(criterion) -> tuple[Level, ...]:
    return versions([criterion.framework_id])[0].levels


def descriptors_of(criterion) -> dict[int, Descriptor]:
    """The criterion's descriptors by level value."""
    return described(versions([criterion.framework_id]))[0].descriptors.get(criterion.pk, {})
