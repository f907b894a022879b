"""python manage.py export_report ASSESSMENT_ID -o FILE.pdf"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from reports.pdf import pdf_filename, render_pdf


class Command(BaseCommand):
    help = "Write an assessment's report as a PDF (the same file the report page offers)."

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument(
            "-o", "--output", help="Where to write the PDF (default: a name from the programme)."
        )

    def handle(self, *args, assessment_id, output=None, **options):
        assessment = (
            Assessment.objects.select_related("programme__organisation")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(
                f"No assessment with id {assessment_id}. The id is the number in its web address, "
                "e.g. /assessments/12/."
            )
        target = Path(output or pdf_filename(assessment))
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        target.write_bytes(render_pdf(assessment))
        self.stdout.write(f"Wrote {target} ({target.stat().st_size:,} bytes).")
