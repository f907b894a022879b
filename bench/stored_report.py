"""Downloading a stored report version beside rendering the report afresh.

    .venv/bin/python bench/stored_report.py [--runs N]

Uses a throwaway SQLite database and the full assessment of bench/demo_assessment.py.
Cuts one version and renders it once as the worker does (reports.tasks), then times, with
Django's test client signed in as a facilitator of the organisation (the app's own work,
no network):
  - stored: GET .../report/versions/1.pdf (the access check and the stored bytes), and
  - fresh:  GET .../report.pdf (queries, charts, template, WeasyPrint in the request).
Prints the median of N runs of each, side by side. Aim: stored <= 100 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="coprod-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from assessments.models import Membership, Role
    from bench import demo_assessment
    from reports import versions
    from reports.models import VersionReason
    from reports.tasks import render_report_version

    assessment = demo_assessment.build()
    user = get_user_model().objects.create_user("bench-facilitator", password="x")
    Membership.objects.create(
        user=user, organisation=assessment.programme.organisation, role=Role.FACILITATOR
    )
    version = versions.cut_version(assessment=assessment, reason=VersionReason.REQUESTED)
    render_report_version.call(version.pk)
    version.refresh_from_db()

    client = Client()
    client.force_login(user)
    stored_url = reverse("report_version_download", args=[assessment.pk, version.number])
    fresh_url = reverse("report_pdf", args=[assessment.pk])

    def timed(url, runs):
        assert client.get(url).status_code == 200  # warm up: imports, fonts, caches
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        return statistics.median(times), len(response.content)

    stored, stored_bytes = timed(stored_url, args.runs * 4)
    fresh, fresh_bytes = timed(fresh_url, args.runs)
    print(f"stored report version vs fresh render ({fresh_bytes:,}-byte PDF), median")
    print(f"  {'':22}{'stored':>12}{'fresh':>12}")
    print(f"  {'time':22}{stored * 1000:>10.1f}ms{fresh * 1000:>10.0f}ms")
    print(f"  {'bytes':22}{stored_bytes:>12,}{fresh_bytes:>12,}")
    print(f"  {'runs':22}{args.runs * 4:>12}{args.runs:>12}")
    print(f"  fresh / stored        {fresh / stored:.0f} x")
    print("  target (stored <= 100 ms): " + ("met" if stored <= 0.1 else "NOT met"))
    tmp.cleanup()


if __name__ == "__main__":
    main()
