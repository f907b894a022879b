"""What the rounds of a programme say: the same assessment repeated over time.

A programme's rounds are its assessments in date order. `Comparison.from_results` brings
several rounds' `Results` together; the arithmetic is the pure functions below (points,
matching, change), tested without a database. `load_rounds` reads every round up to one
assessment in seven queries, whatever their number.

Across rubric versions a criterion is matched by its code (within the rubric's slug), or
by the codes a newer version declares it replaces (`replaces` in a coprod-rubric/2 file:
"NHSE5A replaces NHSE5"). A replaced criterion's wording has changed, so the comparison
says "Rubric changed" and shows both wordings rather than a difference of levels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ladder.models import Descriptor, Framework

from .models import Answer, Assessment, Consensus
from .results import CriterionResult, Results

UP, DOWN, SAME = "up", "down", "same"
RUBRIC_CHANGED = "rubric_changed"
NOT_COMPARABLE = "not_comparable"  # not agreed in one of the rounds, or new/dropped


@dataclass(frozen=True)
class Wording:
    """What people read for one criterion: its title, statement, question and descriptors."""

    title: str
    statement: str = ""
    question: str = ""
    descriptors: tuple[tuple[int, str], ...] = ()

    def changes_since(self, earlier: Wording) -> tuple[str, ...]:
        """Plain-English lines saying what changed from `earlier` to this."""
        lines = []
        for name in ("title", "statement", "question"):
            was, now = getattr(earlier, name), getattr(self, name)
            if was != now:
                lines.append(f"The {name} was “{was}” and is now “{now}”.")
        was_d, now_d = dict(earlier.descriptors), dict(self.descriptors)
        for value in sorted(set(was_d) | set(now_d)):
            if was_d.get(value) != now_d.get(value):
                lines.append(
                    f"Level {value} was described as “{was_d.get(value, '')}” "
                    f"and is now “{now_d.get(value, '')}”."
                )
        return tuple(lines)


@dataclass(frozen=True)
class Point:
    """One criterion in one round: what it said and what was agreed."""

    rubric: str  # the framework's slug: the same across versions
    version: int
    code: str
    wording: Wording
    agreed: int | None  # the agreed level's value, None when not agreed as a level
    agreed_text: str  # "3 Involving", "Not applicable", "Not agreed"

    @property
    def key(self) -> tuple[str, str]:
        return (self.rubric, self.code)


@dataclass(frozen=True)
class Change:
    """A criterion then and now (either may be missing: new or dropped from the rubric)."""

    was: Point | None
    now: Point | None
    kind: str
    difference: int | None = None
    wording_changes: tuple[str, ...] = ()

    @property
    def point(self) -> Point:
        return self.now or self.was

    @property
    def title(self) -> str:
        return f"{self.point.code} {self.point.wording.title}"

    @property
    def text(self) -> str:
        """The change column: "+2", "−1", "No change", "Rubric changed", "Not comparable"."""
        if self.kind == RUBRIC_CHANGED:
            return "Rubric changed"
        if self.kind == NOT_COMPARABLE:
            return "Not comparable"
        if self.kind == SAME:
            return "No change"
        return f"+{self.difference}" if self.difference > 0 else f"−{-self.difference}"


Replacements = Mapping[tuple[str, str], str | Sequence[str]]


def replacements_of(framework, criteria) -> dict[tuple[str, str], tuple[str, ...]]:
    """{(rubric, old code): new codes} that a version's criteria declare (no query: the
    criteria are the ones its results loaded). A split names one old code for two new ones."""
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for criterion in criteria:
        for old in criterion.replaces or ():
            key = (framework.slug, old)
            found[key] = (*found.get(key, ()), criterion.code)
    return found


def match(
    earlier: Sequence[Point], later: Sequence[Point], replacements: Replacements | None = None
) -> list[tuple[Point | None, Point | None]]:
    """Pairs (earlier, later) matched by rubric and code, in `later`'s order, then the
    earlier points that nothing matched. `replacements` maps (rubric, old code) to its new
    code or codes; an old code split in two is paired with each."""
    earlier_by_key = {p.key: p for p in earlier}
    later_keys = {p.key for p in later}
    replaced_by = {}  # (rubric, new code) -> the earlier point it replaces
    for (rubric, old), new in (replacements or {}).items():
        if (rubric, old) in earlier_by_key and (rubric, old) not in later_keys:
            for code in (new,) if isinstance(new, str) else new:
                replaced_by.setdefault((rubric, code), earlier_by_key[(rubric, old)])
    result, matched = [], set()
    for p in later:
        was = earlier_by_key.get(p.key) or replaced_by.get(p.key)
        if was is not None:
            matched.add(was.key)
        result.append((was, p))
    return result + [(p, None) for p in earlier if p.key not in matched]


def change(was: Point | None, now: Point | None) -> Change:
    if was is None or now is None:
        return Change(was, now, NOT_COMPARABLE)
    if was.code != now.code:
        replaced = (f"{now.code} replaces {was.code} of version {was.version}.",)
        return Change(
            was,
            now,
            RUBRIC_CHANGED,
            wording_changes=replaced + now.wording.changes_since(was.wording),
        )
    if was.version != now.version:
        wording = now.wording.changes_since(was.wording)
        if wording:
            return Change(was, now, RUBRIC_CHANGED, wording_changes=wording)
    if was.agreed is None or now.agreed is None:
        return Change(was, now, NOT_COMPARABLE)
    difference = now.agreed - was.agreed
    kind = UP if difference > 0 else DOWN if difference < 0 else SAME
    return Change(was, now, kind, difference)


def changes(
    earlier: Sequence[Point], later: Sequence[Point], replacements: Replacements | None = None
) -> list[Change]:
    return [change(was, now) for was, now in match(earlier, later, replacements or {})]


# --- from the read model to points ---------------------------------------------------------


def wording_of(result: CriterionResult) -> Wording:
    c = result.criterion
    return Wording(
        title=c.title,
        statement=c.statement,
        question=c.question,
        descriptors=tuple((v, d.descriptor) for v, d in sorted(result.descriptors.items())),
    )


def agreed_text(result: CriterionResult) -> str:
    if result.agreed_level:
        return f"{result.agreed_level.value} {result.agreed_level.label}"
    if result.consensus:
        return result.consensus.get_answer_display()
    return "Not agreed"


def point_of(result: CriterionResult) -> Point:
    framework = result.criterion.framework
    level = result.agreed_level
    return Point(
        rubric=framework.slug,
        version=framework.version,
        code=result.criterion.code,
        wording=wording_of(result),
        agreed=level.value if level else None,
        agreed_text=agreed_text(result),
    )


@dataclass(frozen=True)
class Trend:
    """One rubric over the rounds: its median agreed level in each, and each criterion's
    agreed level in each (None where the round did not use it or agreed none)."""

    rubric: str
    name: str
    is_ladder: bool
    scale: tuple[str, ...]  # level labels of the latest version, value 1 first
    medians: tuple[int | None, ...]
    criteria: tuple[tuple[str, tuple[int | None, ...]], ...]  # (label, value per round)
    has_radar: bool = True  # principles: first and latest round as a radar; not a checklist


@dataclass
class Comparison:
    """What the rounds of a programme say, first round first."""

    rounds: list[Results]
    trends: list[Trend] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def first(self) -> Results:
        return self.rounds[0]

    @property
    def latest(self) -> Results:
        return self.rounds[-1]

    @property
    def round_labels(self) -> list[str]:
        return [f"{r.assessment.title} ({r.assessment.date:%b %Y})" for r in self.rounds]

    @classmethod
    def from_results(cls, rounds: list[Results]) -> Comparison:
        points = [[point_of(c) for c in r.criteria] for r in rounds]
        replacements = {}
        for f in rounds[-1].frameworks:
            replacements.update(replacements_of(f.framework, [c.criterion for c in f.criteria]))
        return cls(
            rounds=rounds,
            trends=trends(rounds, points),
            changes=changes(points[0], points[-1], replacements),
        )

    def changes_for(self, rubric: str) -> list[Change]:
        return [c for c in self.changes if c.point.rubric == rubric]


def trends(rounds: list[Results], points: list[list[Point]]) -> list[Trend]:
    found = []
    for latest in rounds[-1].frameworks:
        slug = latest.framework.slug
        medians = []
        for r in rounds:
            f = next((f for f in r.frameworks if f.framework.slug == slug), None)
            medians.append(f.overall_value if f else None)
        by_round = [{p.code: p for p in ps if p.rubric == slug} for ps in points]
        criteria = tuple(
            (
                f"{c.criterion.code} {c.criterion.title}",
                tuple(
                    (found_p.agreed if (found_p := r.get(c.criterion.code)) else None)
                    for r in by_round
                ),
            )
            for c in latest.criteria
        )
        found.append(
            Trend(
                rubric=slug,
                name=latest.framework.short_name,
                is_ladder=latest.framework.is_ladder,
                has_radar=latest.framework.has_radar,
                scale=tuple(level.label for level in latest.levels),
                medians=tuple(medians),
                criteria=criteria,
            )
        )
    return found


# --- reading rounds --------------------------------------------------------------------------


def _round_order(a) -> tuple:
    return (a.date, a.created_at, a.pk)


def load_rounds(assessment, *, descriptors: bool = True) -> list[Results]:
    """The results of every round of the assessment's programme up to and including it, in
    date order: one query for the rounds with their rubrics, then Results.load_many's six
    (five without the rubric's descriptors)."""
    pinned = Assessment.frameworks.through.objects.filter(
        assessment__programme_id=assessment.programme_id
    ).select_related("assessment", "framework")
    rounds: dict[int, tuple[Assessment, list[Framework]]] = {}
    for row in pinned:
        rounds.setdefault(row.assessment_id, (row.assessment, []))[1].append(row.framework)
    if assessment.pk in rounds:
        # The caller's own object (its programme and organisation are loaded already).
        rounds[assessment.pk] = (assessment, rounds[assessment.pk][1])
    up_to = _round_order(assessment)
    chosen = sorted(
        (pair for pair in rounds.values() if _round_order(pair[0]) <= up_to),
        key=lambda pair: _round_order(pair[0]),
    )
    for a, _ in chosen:
        a.programme = assessment.programme
    return Results.load_many(chosen, descriptors=descriptors)


def last_agreed(assessment) -> dict[tuple[str, str], Point]:
    """Last round's agreed level for each criterion, by (rubric, code): what a facilitator
    sees beside each criterion when agreeing levels. Two queries; none without a last round."""
    if not assessment.previous_id:
        return {}
    agreed = Consensus.objects.filter(assessment_id=assessment.previous_id).select_related(
        "criterion__framework", "level"
    )
    agreed = list(agreed)
    descriptors: dict[int, dict[int, str]] = {}
    for d in Descriptor.objects.filter(criterion_id__in=[c.criterion_id for c in agreed]).values(
        "criterion_id", "level__value", "descriptor"
    ):
        descriptors.setdefault(d["criterion_id"], {})[d["level__value"]] = d["descriptor"]
    found = {}
    for c in agreed:
        criterion = c.criterion
        point = Point(
            rubric=criterion.framework.slug,
            version=criterion.framework.version,
            code=criterion.code,
            wording=Wording(
                criterion.title,
                criterion.statement,
                criterion.question,
                tuple(sorted(descriptors.get(criterion.pk, {}).items())),
            ),
            agreed=c.level.value if c.answer == Answer.LEVEL else None,
            agreed_text=(f"{c.level.value} {c.level.label}" if c.level else c.get_answer_display()),
        )
        found[point.key] = point
    return found


def last_time(results: Results) -> dict[int, Change]:
    """For each criterion (by id) agreed last round: last time's point against this one's,
    so the consensus pages can show last time's level and say when the wording changed."""
    last = last_agreed(results.assessment)
    found = {}
    for c in results.criteria:
        now = point_of(c)
        if now.key in last:
            found[c.criterion.pk] = change(last[now.key], now)
    return found
