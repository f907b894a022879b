# Action moves to the plans app. Only Django's record of the model moves here: the table and
# every row stay, and plans.0001_initial takes them over (renaming the table to plans_action).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_organisation_ods_code"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Action")],
            database_operations=[],
        ),
    ]
