"""What starting a new round on the newest rubric versions changes, rubric by rubric: for
the round-start page, so a facilitator knows what scorers will see differently."""

from __future__ import annotations

from dataclasses import dataclass

from ladder.models import Criterion, Descriptor

from .rounds import Wording


@dataclass(frozen=True)
class RubricUpdate:
    """A rubric whose newest published version differs from the one used last time."""

    name: str
    was_version: int
    now_version: int
    changed: tuple[str, ...]  # codes whose wording changed
    added: tuple[str, ...]
    removed: tuple[str, ...]
    # "NHSE5A replaces NHSE5": a new criterion that takes an old one's place, so its level is
    # compared with the old one's over the rounds (not listed as new, or the old as gone).
    replaced: tuple[str, ...] = ()


def rubric_updates(last_frameworks, newest_frameworks) -> list[RubricUpdate]:
    """What starting a round on the newest versions changes, rubric by rubric: two queries."""
    last = {f.slug: f for f in last_frameworks}
    pairs = [(last[f.slug], f) for f in newest_frameworks if f.slug in last]
    pairs = [(old, new) for old, new in pairs if old.pk != new.pk]
    if not pairs:
        return []
    ids = [f.pk for pair in pairs for f in pair]
    wordings, replaces = _wordings(ids)
    found = []
    for old, new in pairs:
        was, now = wordings.get(old.pk, {}), wordings.get(new.pk, {})
        taking = {c: r for c, r in replaces.get(new.pk, {}).items() if c not in was}
        taken = {code for r in taking.values() for code in r}
        found.append(
            RubricUpdate(
                name=new.name,
                was_version=old.version,
                now_version=new.version,
                changed=tuple(c for c in now if c in was and now[c].changes_since(was[c])),
                added=tuple(c for c in now if c not in was and c not in taking),
                removed=tuple(c for c in was if c not in now and c not in taken),
                replaced=tuple(f"{c} replaces {' and '.join(r)}" for c, r in taking.items()),
            )
        )
    return found


def _wordings(framework_ids):
    """Each version's wording by code, and the codes each of its criteria replaces."""
    descriptors: dict[int, list[tuple[int, str]]] = {}
    rows = Descriptor.objects.filter(criterion__framework_id__in=framework_ids)
    for d in rows.values("criterion_id", "level__value", "descriptor"):
        descriptors.setdefault(d["criterion_id"], []).append((d["level__value"], d["descriptor"]))
    found: dict[int, dict[str, Wording]] = {}
    replaces: dict[int, dict[str, tuple[str, ...]]] = {}
    for c in Criterion.objects.filter(framework_id__in=framework_ids).order_by("order"):
        found.setdefault(c.framework_id, {})[c.code] = Wording(
            c.title, c.statement, c.question, tuple(sorted(descriptors.get(c.pk, [])))
        )
        if c.replaces:
            replaces.setdefault(c.framework_id, {})[c.code] = tuple(c.replaces)
    return found, replaces
