"""python manage.py check_rubrics [FILE ...]: validate rubric files without loading them."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ladder.rubric_document import Problem, parse_rubric_bytes, validate_rubric


def rubrics_dir():
    return Path(settings.BASE_DIR) / "fixtures" / "rubrics"


def check_file(path: Path) -> list[Problem]:
    """Every problem with one rubric file (a missing or unreadable file is a problem too)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [Problem("file", "no such file")]
    except OSError as exc:
        return [Problem("file", f"cannot be read: {exc.strerror or exc}")]
    doc, problems = parse_rubric_bytes(raw, str(path))
    if doc is None:
        return problems
    return problems + validate_rubric(doc)


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Command(BaseCommand):
    help = (
        "Check rubric files (default: every fixtures/rubrics/*.json). Prints one "
        "FILE: WHERE: WHAT line per problem; exits 1 if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE", help="rubric JSON files")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or sorted(rubrics_dir().glob("*.json"))
        if not paths:
            raise CommandError(f"No rubric files (*.json) in {rubrics_dir()}.", returncode=1)

        bad_files = problem_count = 0
        for path in paths:
            problems = check_file(path)
            name = display_name(path)
            for problem in problems:
                self.stderr.write(problem.line(name))
            if problems:
                bad_files += 1
                problem_count += len(problems)
            elif options["verbosity"] >= 2:
                self.stdout.write(f"{name}: ok")

        checked = f"{len(paths)} rubric file{'s' if len(paths) != 1 else ''}"
        if problem_count:
            raise CommandError(
                f"{problem_count} problem{'s' if problem_count != 1 else ''} in "
                f"{bad_files} of {checked}.",
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(f"Checked {checked}: all valid."))
