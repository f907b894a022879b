"""python manage.py recover_report_renders [--older-than SECONDS]

django-tasks-db leaves a task whose worker died (killed, out of memory, machine restarted)
RUNNING for ever and never runs it again. This queues again every report version left
"rendering" for longer than REPORT_RENDER_TIMEOUT (a live worker's render is far quicker),
or marks it failed when its attempts are used up. `make worker` runs it before each start.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.versions import recover_stuck


class Command(BaseCommand):
    help = "Queue again the report renders a dead worker left behind."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.REPORT_RENDER_TIMEOUT,
            help="Seconds a version must have been rendering (default: REPORT_RENDER_TIMEOUT).",
        )

    def handle(self, *args, older_than, **options):
        recovered = recover_stuck(older_than=timedelta(seconds=older_than))
        for version in recovered:
            self.stdout.write(
                f"Version {version.number} of assessment {version.assessment_id}: "
                f"{version.get_status_display().lower()} (attempt {version.attempts} died)."
            )
        self.stdout.write(f"{len(recovered)} stuck render(s) recovered.")
