"""python manage.py check_rubrics [FILE ...]: validate rubric files without loading them.

When a migrated database is there, each file is also compared with it: a file whose version
is published there with different content is a problem (load_rubrics would refuse it).
"""

from django.core.management.base import BaseCommand, CommandError

from ladder.loading import rubric_tables_exist, stored_version_problems
from ladder.management.rubric_files import (
    plural,
    read_rubric_files,
    rubric_paths,
    rubrics_dir,
    write_problems,
)


class Command(BaseCommand):
    help = (
        "Check rubric files (default: every fixtures/rubrics/*.json), and compare them with "
        "the published versions in the database if it is migrated. Prints one "
        "FILE: WHERE: WHAT line per problem; exits 1 if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE", help="rubric JSON files")

    def handle(self, *args, files, **options):
        paths = rubric_paths(files)
        if not paths:
            raise CommandError(f"No rubric files (*.json) in {rubrics_dir()}.", returncode=1)
        compare = rubric_tables_exist()

        bad_files = problem_count = 0
        for file in read_rubric_files(paths):
            if compare and not file.problems:
                file.problems += stored_version_problems(file.doc)
            write_problems(self.stderr, file.name, file.problems)
            if file.problems:
                bad_files += 1
                problem_count += len(file.problems)
            elif options["verbosity"] >= 2:
                self.stdout.write(f"{file.name}: ok")

        checked = plural(len(paths), "rubric file")
        if problem_count:
            raise CommandError(
                f"{plural(problem_count, 'problem')} in {bad_files} of {checked}.", returncode=1
            )
        against = (
            "None differs from a version published in the database."
            if compare
            else "No migrated database to compare them with."
        )
        self.stdout.write(self.style.SUCCESS(f"Checked {checked}: all valid. {against}"))
