"""Benchmark data, built inside the app (Django set up): invited scorers, a large workspace,
and a database filled with many assessments. Called in-process by bench/pages.py and through
`manage.py shell -c` by bench/load.py and bench/browser.py (which stay Django-free).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from assessments import services
from assessments.models import (
    Answer,
    Assessment,
    Consensus,
    Membership,
    Organisation,
    OrganisationKind,
    Participant,
    Perspective,
    Programme,
    Role,
    Score,
)
from assessments.results import Results
from bench.demo_assessment import EVIDENCE
from ladder.models import Criterion, Framework, Level
from plans import services as plans_services

PERSPECTIVES = [p.value for p in Perspective if p != Perspective.OTHER]


def demo_assessment() -> Assessment:
    return Assessment.objects.filter(programme__organisation__slug="demo-valley").earliest("pk")


def journey(assessment) -> list[int]:
    """Criterion ids in the order the scoring pages walk them (as views_scoring does)."""
    return list(
        Criterion.objects.filter(framework__assessments=assessment)
        .order_by("framework__order", "framework__slug", "order")
        .values_list("pk", flat=True)
    )


def invite_scorers(n: int) -> dict:
    """n guests invited to the demo assessment through the app's own service: real
    participants with real, single-use links (the email goes to the configured backend)."""
    assessment = demo_assessment()
    facilitator = Membership.objects.filter(
        organisation=assessment.programme.organisation, role=Role.FACILITATOR
    ).earliest("pk")
    scorers = []
    for i in range(n):
        tokens = []
        participant, _ = services.invite_participant(
            assessment=assessment,
            name=f"Scorer {i + 1}",
            email=f"scorer{i + 1}@example.org",
            perspective=PERSPECTIVES[i % len(PERSPECTIVES)],
            invited_by=facilitator.user,
            build_link=lambda token, tokens=tokens: tokens.append(token) or f"/join/{token}/",
        )
        scorers.append({"participant": participant.pk, "link": f"/join/{tokens[0]}/"})
    return {"assessment": assessment.pk, "criteria": journey(assessment), "scorers": scorers}


def saved_evidence(participant_ids) -> dict:
    """{participant id: {criterion id: evidence}} as stored now."""
    found: dict = {}
    for pid, cid, evidence in Score.objects.filter(participant_id__in=participant_ids).values_list(
        "participant_id", "criterion_id", "evidence"
    ):
        found.setdefault(str(pid), {})[str(cid)] = evidence
    return found


def _copy(cursor, table, columns, rows):
    """PostgreSQL COPY (fast) or executemany elsewhere; rows carry explicit ids."""
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def fill(assessments: int, per_programme=5, per_organisation=50) -> dict:
    """`assessments` more assessments in other organisations, each pinning the rubrics, with
    two participants and a score on each ladder stage: the rows the app's queries must skip.
    Bulk SQL (COPY on PostgreSQL): 100,000 assessments take well under a minute."""
    frameworks = [f for f in Framework.objects.latest_published() if f.offered_by_default]
    ladder = frameworks[0]
    stages = list(Criterion.objects.filter(framework=ladder).values_list("pk", flat=True))
    level = Level.objects.filter(framework=ladder).order_by("value").first().pk
    now = timezone.now()
    programmes = -(-assessments // per_programme)
    organisations = -(-programmes // per_organisation)
    ids = {m: _next_id(m) for m in (Organisation, Programme, Assessment, Participant, Score)}
    with transaction.atomic(), connection.cursor() as cursor:
        o0, p0, a0, pa0, s0 = ids.values()
        _copy(
            cursor,
            "assessments_organisation",
            ["id", "name", "slug", "kind", "ods_code", "benchmark_opt_in"],
            (
                (o0 + i, f"NHS Bench ICB {i}", f"bench-{o0 + i}", OrganisationKind.ICB, "", False)
                for i in range(organisations)
            ),
        )
        _copy(
            cursor,
            "assessments_programme",
            ["id", "organisation_id", "name", "description", "created_at"],
            (
                (p0 + i, o0 + i // per_organisation, f"Programme {i}", "", now)
                for i in range(programmes)
            ),
        )
        _copy(
            cursor,
            "assessments_assessment",
            ["id", "programme_id", "title", "date", "status", "created_at"],
            (
                (
                    a0 + i,
                    p0 + i // per_programme,
                    f"Round {i % per_programme + 1}",
                    date(2025, 1, 1) + timedelta(days=i % 700),
                    "in_progress",
                    now,
                )
                for i in range(assessments)
            ),
        )
        _copy(
            cursor,
            "assessments_assessment_frameworks",
            ["assessment_id", "framework_id"],
            ((a0 + i, f.pk) for i in range(assessments) for f in frameworks),
        )
        _copy(
            cursor,
            "assessments_participant",
            [
                "id",
                "assessment_id",
                "name",
                "email",
                "perspective",
                "created_at",
                "number",
                "named",
            ],
            (
                (
                    pa0 + i,
                    a0 + i // 2,
                    f"Person {i}",
                    "",
                    PERSPECTIVES[i % 5],
                    now,
                    i % 2 + 1,
                    False,
                )
                for i in range(2 * assessments)
            ),
        )
        _copy(
            cursor,
            "assessments_score",
            [
                "id",
                "participant_id",
                "criterion_id",
                "answer",
                "level_id",
                "evidence",
                "links",
                "confidence",
                "version",
                "updated_at",
            ],
            (
                (
                    s0 + i,
                    pa0 + i // len(stages),
                    stages[i % len(stages)],
                    Answer.LEVEL,
                    level,
                    "Bench evidence.",
                    "",
                    "",
                    1,
                    now,
                )
                for i in range(2 * assessments * len(stages))
            ),
        )
        if connection.vendor == "postgresql":
            for table in ("organisation", "programme", "assessment", "participant", "score"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('assessments_{table}', 'id'), "
                    f"(SELECT max(id) FROM assessments_{table}))"
                )
    if connection.vendor == "postgresql":
        # Outside the transaction: VACUUM now, as a live database has been, so that
        # autovacuum does not wake on a million fresh rows in the middle of the measurement.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"organisations": organisations, "programmes": programmes, "assessments": assessments}


@transaction.atomic
def build_large(programmes=200, participants=40, rounds=6, other_organisations=100) -> dict:
    """The large size of bench/pages.py, added to the demo organisation: `programmes` in all,
    one of them with `rounds` assessments of `participants` people each scoring every
    criterion, plus `other_organisations` with a programme and an assessment each."""
    rng = random.Random(13)
    org = Organisation.objects.get(slug="demo-valley")
    frameworks = [f for f in Framework.objects.latest_published() if f.offered_by_default]
    levels = {f.pk: list(Level.objects.filter(framework=f).order_by("value")) for f in frameworks}
    criteria = list(Criterion.objects.filter(framework__in=frameworks))
    Programme.objects.bulk_create(
        Programme(organisation=org, name=f"Programme {i:03}", description="A service change.")
        for i in range(programmes - org.programmes.count() - 1)
    )
    programme = Programme.objects.create(organisation=org, name="Six rounds of scoring")
    for r in range(rounds):
        assessment = services.create_assessment(
            programme=programme,
            title=f"Round {r + 1}",
            date=date(2025, 1, 1) + timedelta(days=60 * r),
            frameworks=frameworks,
        )
        people = Participant.objects.bulk_create(
            Participant(
                assessment=assessment,
                name=f"Person {i + 1}",
                perspective=PERSPECTIVES[i % len(PERSPECTIVES)],
            )
            for i in range(participants)
        )
        Score.objects.bulk_create(
            Score(
                participant=p,
                criterion=c,
                answer=Answer.LEVEL,
                level=rng.choice(levels[c.framework_id]),
                evidence=rng.choice(EVIDENCE),
            )
            for p in people
            for c in criteria
        )
        # Agreed levels and the suggested action plan, as a finished round has.
        Consensus.objects.bulk_create(
            Consensus(
                assessment=assessment,
                criterion=c,
                answer=Answer.LEVEL,
                level=levels[c.framework_id][1],
                reason="Agreed at the workshop.",
            )
            for c in criteria
        )
        plans_services.add_suggested_actions(
            assessment=assessment, results=Results.load(assessment)
        )
    for i in range(other_organisations):
        other = Organisation.objects.create(
            name=f"NHS Other ICB {i}", slug=f"other-{i}", kind=OrganisationKind.ICB
        )
        services.create_assessment(
            programme=Programme.objects.create(organisation=other, name="Elsewhere"),
            title="Baseline",
            frameworks=frameworks,
        )
    return {"assessment": assessment.pk, "programme": programme.pk}


def facilitator_pages(large=False) -> dict:
    """The assessment (the demo one, or the large size's last round) and a question the demo
    facilitator can score, for bench/browser.py."""
    from django.contrib.auth import get_user_model

    assessment = (
        Assessment.objects.get(pk=build_large()["assessment"]) if large else demo_assessment()
    )
    services.join_as_member(
        assessment=assessment,
        user=get_user_model().objects.get(username="facilitator"),
        perspective=Perspective.NHS_STAFF,
    )
    return {"assessment": assessment.pk, "criterion": journey(assessment)[0]}
