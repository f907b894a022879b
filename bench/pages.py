"""SQL queries, server time and response size of every main page, at demo and large size.

    .venv/bin/python bench/pages.py [--runs 5] [--pdf-runs 1] [--postgres] [--only demo|large]
        [--sql "autosave POST"]   # also print that page's SQL

In-process: Django's test client and CaptureQueriesContext on a throwaway SQLite database
(`--postgres`: a throwaway PostgreSQL server, bench/postgres.py). Demo size is `seed_demo`
(one assessment, six participants, 21 criteria). Large size adds, through the app's models
and services (bench/seed.py): 200 programmes in the demo organisation, one programme with
6 rounds (assessments) of 40 participants x 21 criteria, all scored, and 100 other
organisations; the assessment pages are then those of the last round.

Time is the median of `--runs` requests after one warm-up (templates compiled, caches
filled), measured around the test client call, so it is the app's own work without
gunicorn or the network. Queries and bytes are from the last request.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(postgres: bool, stack: contextlib.ExitStack):
    if postgres:
        from bench.postgres import throwaway_postgres

        os.environ["DATABASE_URL"] = stack.enter_context(throwaway_postgres())
    else:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="coprod-pages-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/pages.sqlite3"
    os.environ.pop("COPROD_ENV", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")
    import django

    django.setup()
    from django.core.management import call_command, get_commands

    from bench.server import RUBRICS

    call_command("migrate", verbosity=0)
    if "load_rubrics" in get_commands():
        call_command("load_rubrics", verbosity=0)
    else:  # until the rename lands
        call_command("loaddata", *RUBRICS, verbosity=0)


def pages(assessment, facilitator):
    """(name, who, method, url, data) for every main page and POST."""
    from django.urls import reverse

    from assessments import services
    from assessments.models import Perspective, Score
    from bench.seed import journey
    from ladder import services as ladder_services
    from ladder.models import Criterion, Framework

    pk = assessment.pk
    participant = services.join_as_member(
        assessment=assessment, user=facilitator, perspective=Perspective.NHS_STAFF
    )
    criteria = journey(assessment)
    scored = criteria[len(criteria) // 2]
    framework = Framework.objects.filter(status="published").order_by("order").last()
    draft = Framework.objects.filter(slug=framework.slug, status="draft").first()
    draft = draft or ladder_services.create_draft_version(framework=framework)
    admin_criterion = Criterion.objects.filter(framework=draft).order_by("order").first()

    def autosave_data():
        score = Score.objects.filter(participant=participant, criterion_id=scored).first()
        version = score.version if score else 0
        return {"level": "2", "evidence": f"Autosaved text {version}.", "version": version}

    return [
        ("home", "facilitator", "get", reverse("home"), None),
        ("programme list", "facilitator", "get", reverse("programme_list"), None),
        ("programme detail", "facilitator", "get", assessment.programme.get_absolute_url(), None),
        ("assessment detail", "facilitator", "get", assessment.get_absolute_url(), None),
        ("task list", "facilitator", "get", reverse("task_list", args=[pk]), None),
        ("scoring page", "facilitator", "get", reverse("score_criterion", args=[pk, scored]), None),
        (
            "autosave POST",
            "facilitator",
            "autosave",
            reverse("score_criterion", args=[pk, scored]),
            autosave_data,
        ),
        (
            "consensus overview",
            "facilitator",
            "get",
            reverse("consensus_overview", args=[pk]),
            None,
        ),
        (
            "consensus criterion",
            "facilitator",
            "get",
            reverse("consensus_criterion", args=[pk, criteria[0]]),
            None,
        ),
        ("action plan", "facilitator", "get", reverse("action_plan", args=[pk]), None),
        ("report page", "facilitator", "get", reverse("report", args=[pk]), None),
        ("report PDF", "facilitator", "get", reverse("report_pdf", args=[pk]), None),
        (
            "admin criterion (draft)",
            "admin",
            "get",
            reverse("admin:ladder_criterion_change", args=[admin_criterion.pk]),
            None,
        ),
    ]


def _sign_in_with_two_factor(client, user):
    """Signed in as if the admin had typed their code: the admin refuses staff without it
    (accounts.admin_site), and a redirect to the set-up page would be measured instead."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def measure(assessment, runs, pdf_runs, show_sql=()):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    facilitator = User.objects.get(username="facilitator")
    clients = {"facilitator": Client(), "admin": Client()}
    clients["facilitator"].force_login(facilitator)
    _sign_in_with_two_factor(clients["admin"], User.objects.get(username="admin"))
    results = {}
    for name, who, method, url, data in pages(assessment, facilitator):

        def call(client=clients[who], method=method, url=url, data=data):
            if method == "autosave":
                # The form data is read from the database before the request is timed.
                payload = data()
                return lambda: client.post(url, payload, headers={"X-Coprod-Autosave": "1"})
            return lambda: client.get(url)

        call()()  # warm up
        times = []
        for _ in range(pdf_runs if name == "report PDF" else runs):
            request = call()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = request()
                times.append(time.perf_counter() - started)
            count = len(queries)  # now: the next request's request_started clears the log
            sql = [q["sql"] for q in queries.captured_queries]
            assert response.status_code < 400, f"{name}: {url} answered {response.status_code}"
        if name in show_sql:
            print(f"-- {count} queries of {name} ({assessment.participants.count()} participants)")
            for line in sql:
                print(f"   {line[:160]}")
        if response.status_code != 200:
            name = f"{name} ({response.status_code})"
        bare = bare_render_ms(call, runs) if name != "report PDF" else None
        results[name] = (
            count,
            statistics.median(times) * 1000,
            len(response.content),
            bare,
        )
    return results


def bare_render_ms(call, runs):
    """Median time to render the page's own template alone, from the context the view gave it
    (captured with Django's test instrumentation, which is switched on only for that one
    request: it copies every context and would slow the timed requests)."""
    from django.template import Context
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        response = call()()
    finally:
        teardown_test_environment()
    if not response.templates:
        return None
    template, context = response.templates[0], response.context
    flat = (context[0] if isinstance(context, list) else context).flatten()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        template.render(Context(flat))
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf-runs", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--only", choices=["demo", "large"])
    parser.add_argument("--sql", action="append", default=[], help='e.g. "autosave POST"')
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        setup_django(args.postgres, stack)
        from django.db import connection

        from assessments.demo import build_demo
        from assessments.models import Assessment
        from bench import seed

        build_demo()
        sizes = {}
        if args.only != "large":
            sizes["demo"] = measure(seed.demo_assessment(), args.runs, args.pdf_runs, args.sql)
        if args.only != "demo":
            started = time.perf_counter()
            built = seed.build_large()
            print(f"(large size built in {time.perf_counter() - started:.0f} s)")
            large = Assessment.objects.get(pk=built["assessment"])
            sizes["large"] = measure(large, args.runs, args.pdf_runs, args.sql)
        print(
            f"{connection.vendor}, median of {args.runs} runs (PDF {args.pdf_runs}), "
            "in-process test client"
        )
        print("render ms: the page's template alone with the same context; x: request / render")
        head = "".join(
            f" | {size + ' queries':>13} {'ms':>6} {'KB':>6} {'render':>6} {'x':>4}"
            for size in sizes
        )
        print(f"{'page':<24}{head}")
        for name in next(iter(sizes.values())):
            row = "".join(
                f" | {q:>13} {ms:>6.0f} {size / 1024:>6.1f} "
                + (f"{bare:>6.0f} {ms / bare:>4.1f}" if bare else f"{'-':>6} {'-':>4}")
                for q, ms, size, bare in (sizes[s][name] for s in sizes)
            )
            print(f"{name:<24}{row}")


if __name__ == "__main__":
    main()
