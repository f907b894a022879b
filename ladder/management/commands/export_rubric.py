"""python manage.py export_rubric SLUG [--version N] [-o FILE]: write a rubric document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ladder.models import Framework
from ladder.rubric_document import dump_document, framework_to_document


class Command(BaseCommand):
    help = (
        "Write a framework version (default: the latest) as a rubric JSON document, "
        "ready to commit to fixtures/rubrics/ and load with load_rubrics."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version N (the rubric version) replaces Django's --version (its own version).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="SLUG")
        parser.add_argument(
            "--version", dest="rubric_version", type=int, metavar="N", help="default: latest"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="default: standard output")

    def handle(self, *args, slug, rubric_version, output, **options):
        versions = Framework.objects.filter(slug=slug).order_by("-version")
        if rubric_version is not None:
            versions = versions.filter(version=rubric_version)
        framework = versions.first()
        if framework is None:
            known = ", ".join(
                f"{s} v{v}" for s, v in Framework.objects.values_list("slug", "version")
            )
            wanted = slug if rubric_version is None else f"{slug} version {rubric_version}"
            raise CommandError(f"No framework {wanted}. Known: {known or 'none'}.")

        text = dump_document(framework_to_document(framework))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            if options["verbosity"] >= 1:
                self.stderr.write(f"Wrote {slug} version {framework.version} to {output}.")
        else:
            self.stdout.write(text, ending="")
