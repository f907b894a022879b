# Takes over the table assessments.Action used (assessments.0004 dropped the model from its
# state without touching the database), then renames it to plans_action. No row is copied,
# so none can be lost; ids, versions and foreign keys stay as they were.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the content type (and any permissions granted on it) under its new app label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="plans", model="action").exists():
        ContentType.objects.using(db).filter(app_label="assessments", model="action").update(
            app_label="plans"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="assessments", model="action").exists():
        ContentType.objects.using(db).filter(app_label="plans", model="action").update(
            app_label="assessments"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("assessments", "0004_move_action_to_plans"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ladder", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Action",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("what", models.TextField()),
                        ("owner", models.CharField(blank=True, max_length=120)),
                        ("due_date", models.DateField(blank=True, null=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("not_started", "Not started"),
                                    ("in_progress", "In progress"),
                                    ("done", "Done"),
                                ],
                                default="not_started",
                                max_length=20,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "assessment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="actions",
                                to="assessments.assessment",
                            ),
                        ),
                        (
                            "criterion",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="ladder.criterion",
                            ),
                        ),
                        (
                            "target_level",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="ladder.level",
                            ),
                        ),
                    ],
                    options={
                        "ordering": [
                            "criterion__framework__order",
                            "criterion__order",
                            "created_at",
                            "pk",
                        ],
                        "db_table": "assessments_action",
                    },
                ),
            ],
            database_operations=[],
        ),
        # From the old name to the default one, plans_action (a RENAME on SQLite and
        # PostgreSQL alike; nothing else points at this table).
        migrations.AlterModelTable(name="action", table=None),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
