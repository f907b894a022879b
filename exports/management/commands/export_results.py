"""python manage.py export_results ASSESSMENT_ID --format xlsx|csv|json [-o FILE] [--user NAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from assessments.access import Access, role_in
from assessments.models import Assessment
from exports.files import FORMATS, export_file


class Command(BaseCommand):
    help = (
        "Write an assessment's results: an Excel workbook (xlsx), CSV files in a zip (csv) or "
        "the JSON document that import_results reads (json). People are named only with "
        "--user naming a facilitator of the organisation; otherwise they are pseudonymous."
    )

    def add_arguments(self, parser):
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="fmt")
        parser.add_argument("-o", "--output", help="Where to write (default: a name from it).")
        parser.add_argument(
            "--user", help="Export as this user: refused unless they may read the results."
        )

    def handle(self, *args, assessment_id, fmt, output=None, user=None, **options):
        assessment = (
            Assessment.objects.select_related("programme__organisation")
            .filter(pk=assessment_id)
            .first()
        )
        can_see_names = False
        if assessment is not None and user is not None:
            account = get_user_model().objects.filter(username=user).first()
            role = role_in(account, assessment.programme.organisation_id) if account else None
            access = Access(assessment=assessment, role=role)  # the pages' gate
            can_see_names = access.can_facilitate
            if not access.can_read_results:
                assessment = None  # the same answer as for no such assessment
        if assessment is None:
            raise CommandError(
                f"No assessment with id {assessment_id}"
                + (f" that {user} may read" if user else "")
                + ". The id is the number in its web address, e.g. /assessments/12/."
            )
        content, _, filename = export_file(assessment, fmt, can_see_names=can_see_names)
        target = Path(output or filename)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        target.write_bytes(content)
        names = "with names" if can_see_names else "pseudonymous"
        self.stdout.write(f"Wrote {target} ({len(content):,} bytes, {names}).")
