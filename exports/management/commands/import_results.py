"""python manage.py import_results FILE --user USERNAME"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from exports.checking import MAX_BYTES
from exports.importing import ImportRefused, import_results

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = (
        "Import an assessment's results from a coprod-results/1 JSON file, as USERNAME (a "
        "facilitator of the organisation with the file's ODS code). A file with any problem "
        "is refused whole: one FILE: WHERE: WHAT line each, exit code 1, nothing saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="The facilitator importing it.")

    def handle(self, *args, file, user, **options):
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {user!r}.")
        path = Path(file)
        try:
            with open(path, "rb") as stream:
                raw = stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{file}: file: cannot be read: {exc.strerror or exc}") from exc
        try:
            assessment = import_results(raw=raw, user=account)
        except ImportRefused as refused:
            for problem in refused.problems[:SHOWN_PROBLEMS]:
                self.stderr.write(problem.line(file))
            hidden = len(refused.problems) - SHOWN_PROBLEMS
            if hidden > 0:
                self.stderr.write(f"{file}: (document): {hidden:,} more problems not shown")
            count = len(refused.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''}: {file} was not imported "
                "(nothing was saved).",
                returncode=1,
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file} as assessment {assessment.pk} “{assessment.title}” in "
                f"{assessment.programme.name} ({assessment.programme.organisation.name})."
            )
        )
