"""Importing a results document into this installation: whole, or not at all.

`import_results(raw=..., user=...)` parses and checks the document (checking.py), then
checks it against this database: every rubric version it pins is published here, the
importing user is a facilitator of the organisation with its ODS code, every criterion,
level and participant it names exists. Any problem refuses the whole file with
`ImportRefused` (its `problems` are `WHERE: WHAT`); otherwise one transaction creates the
assessment (under a programme of the same name, made if missing), its participants,
scores, consensus and actions.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from assessments.models import (
    Answer,
    Assessment,
    Consensus,
    Membership,
    Participant,
    Programme,
    Role,
    Score,
)
from ladder.models import Criterion, Framework, FrameworkStatus, Level
from ladder.rubric_document import Problem
from plans.models import Action

from .checking import check_document, parse_document


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _Rubrics:
    """The pinned frameworks found here, with their criteria and levels by code and value."""

    def __init__(self, doc, problems):
        self.frameworks, self.criteria, self.levels = {}, {}, {}
        for i, ref in enumerate(doc["rubrics"]):
            slug, version = ref["slug"], ref["version"]
            if slug in self.frameworks:
                problems.append(Problem(f"rubrics[{i}]", f'"{slug}" is listed twice'))
                continue
            framework = Framework.objects.filter(
                slug=slug, version=version, status=FrameworkStatus.PUBLISHED
            ).first()
            if framework is None:
                problems.append(
                    Problem(
                        f"rubrics[{i}]",
                        f"this installation has no published rubric {slug} version {version}; "
                        "load it first (manage.py load_rubrics) and import again",
                    )
                )
                continue
            self.frameworks[slug] = framework
            self.criteria[slug] = {c.code: c for c in Criterion.objects.filter(framework=framework)}
            self.levels[slug] = {lv.value: lv for lv in Level.objects.filter(framework=framework)}

    def criterion(self, row, where, problems):
        slug = row["rubric"]
        if slug not in self.frameworks:
            problems.append(Problem(f"{where}.rubric", f'"{slug}" is not among the rubrics listed'))
            return None
        criterion = self.criteria[slug].get(row["criterion"])
        if criterion is None:
            problems.append(
                Problem(f"{where}.criterion", f'{slug} has no criterion "{row["criterion"]}"')
            )
        return criterion

    def level(self, row, key, where, problems):
        value = row[key]
        if value is None:
            return None
        level = self.levels[row["rubric"]].get(value)
        if level is None:
            problems.append(Problem(f"{where}.{key}", f"{row['rubric']} has no level {value}"))
        return level


def _organisation(doc, user, problems):
    code = doc["organisation"]["ods_code"].strip().upper()
    membership = (
        Membership.objects.filter(user=user, role=Role.FACILITATOR, organisation__ods_code=code)
        .select_related("organisation")
        .first()
        if code
        else None
    )
    if membership is None:
        problems.append(
            Problem(
                "organisation.ods_code",
                f'you are not a facilitator of an organisation with ODS code "{code}" here; '
                "only its facilitators may import its results",
            )
        )
        return None
    return membership.organisation


def _answer(row, level, where, problems):
    if (row["answer"] == Answer.LEVEL) != (row["level"] is not None):
        problems.append(
            Problem(f"{where}.level", 'a level is given exactly when the answer is "level"')
        )
    return level


def _time(value):
    return None if value is None else datetime.datetime.fromisoformat(value)


def _day(value):
    return None if value is None else datetime.date.fromisoformat(value)


def _plan(doc, rubrics, problems):
    """Unsaved rows for a checked document, adding any problem the database shows."""
    people = {}
    for i, row in enumerate(doc["participants"]):
        if row["number"] in people:
            problems.append(Problem(f"participants[{i}].number", f"{row['number']} is used twice"))
        people[row["number"]] = Participant(
            number=row["number"],  # the pseudonym travels with the document
            name=row["name"] or f"Participant {row['number']}",
            perspective=row["perspective"],
            created_at=_time(row["created_at"]),
        )
    scores, seen = [], set()
    for i, row in enumerate(doc["scores"]):
        where = f"scores[{i}]"
        participant = people.get(row["participant"])
        if participant is None:
            problems.append(Problem(f"{where}.participant", f"no participant {row['participant']}"))
        criterion = rubrics.criterion(row, where, problems)
        if criterion is None:
            continue
        if (row["participant"], criterion.pk) in seen:
            problems.append(Problem(where, "a second answer by this participant on this criterion"))
        seen.add((row["participant"], criterion.pk))
        level = _answer(row, rubrics.level(row, "level", where, problems), where, problems)
        scores.append(
            Score(
                participant=participant,
                criterion=criterion,
                answer=row["answer"],
                level=level,
                evidence=row["evidence"],
                links=row["links"],
                confidence=row["confidence"],
                updated_at=_time(row["updated_at"]),
            )
        )
    agreed, seen = [], set()
    for i, row in enumerate(doc["consensus"]):
        where = f"consensus[{i}]"
        criterion = rubrics.criterion(row, where, problems)
        if criterion is None:
            continue
        if criterion.pk in seen:
            problems.append(Problem(where, "a second agreed level for this criterion"))
        seen.add(criterion.pk)
        agreed.append(
            Consensus(
                criterion=criterion,
                answer=row["answer"],
                level=_answer(row, rubrics.level(row, "level", where, problems), where, problems),
                target_level=rubrics.level(row, "target_level", where, problems),
                reason=row["reason"],
                updated_at=_time(row["updated_at"]),
            )
        )
    actions = []
    for i, row in enumerate(doc["actions"]):
        where = f"actions[{i}]"
        criterion = rubrics.criterion(row, where, problems)
        if criterion is None:
            continue
        actions.append(
            Action(
                criterion=criterion,
                what=row["what"],
                owner=row["owner"],
                due_date=_day(row["due_date"]),
                target_level=rubrics.level(row, "target_level", where, problems),
                status=row["status"],
                created_at=_time(row["created_at"]),
                updated_at=_time(row["updated_at"]),
            )
        )
    return list(people.values()), scores, agreed, actions


def import_results(*, raw: bytes, user) -> Assessment:
    """The new assessment, or ImportRefused with every problem found; nothing is saved then."""
    doc, problems = parse_document(raw)
    if doc is not None and not problems:
        problems = check_document(doc)
    if problems:
        raise ImportRefused(problems)
    organisation = _organisation(doc, user, problems)
    rubrics = _Rubrics(doc, problems)
    if problems:  # rows cannot be matched without the rubrics and organisation
        raise ImportRefused(problems)
    participants, scores, agreed, actions = _plan(doc, rubrics, problems)
    if problems:
        raise ImportRefused(problems)
    return _save(
        doc=doc,
        user=user,
        organisation=organisation,
        frameworks=list(rubrics.frameworks.values()),
        participants=participants,
        scores=scores,
        agreed=agreed,
        actions=actions,
    )


@transaction.atomic
def _save(*, doc, user, organisation, frameworks, participants, scores, agreed, actions):
    programme = Programme.objects.filter(
        organisation=organisation, name=doc["programme"]["name"]
    ).first() or Programme.objects.create(
        organisation=organisation,
        name=doc["programme"]["name"],
        description=doc["programme"]["description"],
        created_by=user,
    )
    meta = doc["assessment"]
    assessment = Assessment.objects.create(
        programme=programme,
        title=meta["title"],
        date=_day(meta["date"]),
        status=meta["status"],
        created_by=user,
        created_at=_time(meta["created_at"]),
        submitted_at=_time(meta["submitted_at"]),
    )
    assessment.frameworks.set(frameworks)
    for participant in participants:
        participant.assessment = assessment
    Participant.objects.bulk_create(participants)
    for score in scores:
        score.participant_id = score.participant.pk  # saved just now
    Score.objects.bulk_create(scores)
    for row in [*agreed, *actions]:
        row.assessment = assessment
    Consensus.objects.bulk_create(agreed)
    Action.objects.bulk_create(actions)
    return assessment
