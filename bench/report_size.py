"""How big the report page's HTML is, and how many queries it takes, as participants grow.

    .venv/bin/python bench/report_size.py [--people 10 40]

Uses a throwaway SQLite database and the bench's full three-framework assessment
(bench/demo_assessment.py: everyone scores every criterion with evidence), once per size.
Prints the bytes of the report page and of each framework's evidence page, and their
queries, as the facilitator and as a senate panel member would get them. Aim (issue 13):
the report page <= 200 KB with 40 participants, <= 12 queries whatever the size.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[10, 40])
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="coprod-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import NoReverseMatch, reverse

    from bench import demo_assessment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    facilitator = get_user_model().objects.create_user("bench-facilitator")
    client = Client()
    client.force_login(facilitator)

    print(f"{'people':>6}  {'page':<34} {'bytes':>9} {'queries':>7}")
    for people in args.people:
        assessment = demo_assessment.build(people=people)
        assessment.programme.organisation.memberships.get_or_create(
            user=facilitator, defaults={"role": "facilitator"}
        )
        urls = [("report page", reverse("report", args=[assessment.pk]))]
        for framework in assessment.frameworks.all():
            try:
                url = reverse("report_evidence", args=[assessment.pk, framework.pk])
            except NoReverseMatch:  # before the evidence pages existed
                break
            urls.append((f"evidence: {framework.short_name}", url))
        for name, url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            print(f"{people:>6}  {name:<34} {len(response.content):>9,} {len(queries):>7}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
