"""python manage.py load_rubrics [FILE ...]: validate rubric files and load them.

Safe to run on every deploy (``make serve``) and twice in a row: see ladder/loading.py for
what happens to a version that is new, already published, or a draft in the database.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ladder.loading import Outcome, load_rubric
from ladder.management.rubric_files import (
    plural,
    read_rubric_files,
    rubric_paths,
    rubrics_dir,
    write_problems,
)
from ladder.rubric_document import Problem


class Command(BaseCommand):
    help = (
        "Load rubric files (default: every fixtures/rubrics/*.json; a bare name means that "
        "file there). Prints one line per file saying what happened. A file with any problem "
        "is refused whole, with one FILE: WHERE: WHAT line per problem, and the command exits "
        "1. A published version is never changed and a draft in the database never "
        "overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE", help="rubric JSON files")

    def handle(self, *args, files, **options):
        paths = rubric_paths(files)
        if not paths:
            raise CommandError(f"No rubric files (*.json) in {rubrics_dir()}.", returncode=1)

        counts = dict.fromkeys(Outcome, 0)
        refused = problem_count = 0
        for file in read_rubric_files(paths):
            problems = file.problems
            if not problems:
                try:
                    result = load_rubric(document=file.doc)
                except ValidationError as error:
                    problems = [Problem(*m.split(": ", 1)) for m in error.messages]
                else:
                    counts[result.outcome] += 1
                    if options["verbosity"] >= 1:
                        self.stdout.write(f"{file.name}: {result.describe()}")
                    continue
            write_problems(self.stderr, file.name, problems)
            refused += 1
            problem_count += len(problems)

        done = ", ".join(f"{n} {o.value}" for o, n in counts.items() if n)
        if refused:
            raise CommandError(
                f"{plural(problem_count, 'problem')}: refused {refused} of "
                f"{plural(len(paths), 'rubric file')} (nothing loaded from "
                f"{'it' if refused == 1 else 'them'}){'; ' + done if done else ''}.",
                returncode=1,
            )
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"{plural(len(paths), 'rubric file')}: {done}."))
