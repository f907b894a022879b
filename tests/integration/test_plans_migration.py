"""The action table moves from assessments to plans without losing a row: migrate a database
back to the state before the move, store actions with the old model, migrate forward, and
read every row and field back through plans.models.Action."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from plans.models import Action, ActionStatus
from tests.factories.scenarios import score_assessment

MOVE = ("assessments", "0004_move_action_to_plans")
FIELDS = [
    "id",
    "assessment_id",
    "criterion_id",
    "what",
    "owner",
    "due_date",
    "target_level_id",
    "status",
    "version",
    "created_at",
    "updated_at",
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_actions(assessment):
    criteria = list(assessment.frameworks.get(kind="principles").criteria.order_by("order"))
    level = criteria[0].framework.levels.get(value=4)
    created = timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30))
    return [
        dict(
            assessment_id=assessment.pk,
            criterion_id=criteria[0].pk,
            what="Invite Healthwatch to co-chair\nthe design group – “soon”",
            owner="Head of engagement",
            due_date=datetime.date(2027, 3, 31),
            target_level_id=level.pk,
            status=ActionStatus.IN_PROGRESS,
            version=4,
            created_at=created,
            updated_at=created + datetime.timedelta(days=3),
        ),
        dict(
            assessment_id=assessment.pk,
            criterion_id=criteria[1].pk,
            what="Pay people for their time",
            owner="",
            due_date=None,
            target_level_id=None,
            status=ActionStatus.DONE,
            version=1,
            created_at=created,
            updated_at=created,
        ),
        dict(
            assessment_id=assessment.pk,
            criterion_id=criteria[1].pk,
            what="Report back: you said, we did",
            owner="Engagement team",
            due_date=datetime.date(2026, 12, 24),
            target_level_id=None,
            status=ActionStatus.NOT_STARTED,
            version=2,
            created_at=created + datetime.timedelta(hours=1),
            updated_at=created + datetime.timedelta(hours=2),
        ),
    ]


@pytest.mark.django_db(transaction=True)
def test_moving_actions_to_plans_keeps_every_row_and_field(assessment):
    score_assessment(assessment=assessment)
    rows = _old_actions(assessment)
    content_type = ContentType.objects.get_for_model(Action)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # Whatever the assessments migration before the move is called once numbers change.
    before = sorted(MigrationExecutor(connection).loader.graph.node_map[MOVE].parents)
    before = [(node.key[0], node.key[1]) for node in before]
    try:
        old_apps = _migrate(before)
        OldAction = old_apps.get_model("assessments", "Action")
        # Through the id sequence, as the app made them, so the test sees it carried over.
        rows = [{"id": OldAction.objects.create(**row).pk, **row} for row in rows]
        assert OldAction._meta.db_table == "assessments_action"

        _migrate(latest)
        ContentType.objects.clear_cache()
        moved = list(Action.objects.order_by("pk").values(*FIELDS))
        assert moved == rows
        assert Action._meta.db_table == "plans_action"
        # Permissions granted on the old content type follow it.
        assert ContentType.objects.get_for_model(Action).pk == content_type.pk
        # New rows carry on after the moved ones (the id sequence came with the table).
        new = Action.objects.create(
            assessment_id=assessment.pk, criterion_id=rows[0]["criterion_id"], what="New"
        )
        assert new.pk > max(row["id"] for row in rows)

        # And back again: the reverse migration returns the table and its rows.
        old_apps = _migrate(before)
        back = old_apps.get_model("assessments", "Action").objects.order_by("pk")
        assert list(back.values(*FIELDS))[:3] == rows
    finally:
        _migrate(latest)
        ContentType.objects.clear_cache()
