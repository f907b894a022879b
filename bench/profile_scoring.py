"""Where one scorer's requests spend their time: the load bench's loop, in-process, profiled.

    .venv/bin/python bench/profile_scoring.py [--loops 40] [--postgres] [--top 30]

An invited guest (a real link, redeemed) walks the questions as bench/load.py's scorers do:
open the question (GET), autosave twice, Save and continue. Prints the median wall and CPU
time (unprofiled) and SQL queries of each step, the scoring page's bare template render
(its own template and the context the view gave it) and the ratio to the whole request,
then the mean CPU time of the GET's parts (session, access query, ORM queries and their SQL
compiling, form, render) and cProfile's top functions of another loop by own and cumulative
time (`--top`).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AUTOSAVE = {"X-Coprod-Autosave": "1"}


def version_of(page: bytes) -> str:
    return re.search(rb'name="version" value="(\d+)"', page).group(1).decode()


def guest_client(link: str):
    from django.test import Client

    client = Client()
    client.get(link, follow=True)
    response = client.post("/join/", {"name": "Profiled scorer"})
    assert response.status_code == 302, response.status_code
    return client


def loop(client, assessment, criteria, loops, timings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    @contextlib.contextmanager
    def timed(step):
        # CPU time too: on a shared machine it moves far less than wall time.
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.thread_time()
            yield
            row = (time.perf_counter() - wall, time.thread_time() - cpu, len(queries))
        timings.setdefault(step, []).append(row)
        for query in queries:
            timings.setdefault("sql", []).append((float(query["time"]), step, query["sql"]))

    for n in range(loops):
        criterion = criteria[n % len(criteria)]
        path = f"/assessments/{assessment}/score/{criterion}/"
        with timed("open"):
            page = client.get(path)
        assert page.status_code == 200, page.status_code
        form = {"version": version_of(page.content), "level": "2", "confidence": "low"}
        for i in range(2):
            form["evidence"] = f"Autosaved {n}.{i}: we were asked late."
            with timed("autosave"):
                answer = client.post(path, form, headers=AUTOSAVE)
            assert answer.status_code == 200, answer.content
            form["version"] = str(answer.json()["version"])
        with timed("save"):
            saved = client.post(path, {**form, "save": "1"})
        assert saved.status_code == 302, saved.status_code


def _unrendered(value):
    from django.forms import BaseForm

    if not isinstance(value, BaseForm):
        return value
    form = copy.copy(value)
    form._bound_fields_cache = {}
    return form


def bare_render(client, path, runs=200):
    """(template ms, whole request ms, ratio) of the scoring page: medians of CPU time (on a
    shared machine wall time mostly measures the neighbours), and the median of each
    render-and-request pair's own ratio: the machine's speed changes from one second to the
    next (the same code measured 2.3x and 2.6x a minute apart), and the two halves of a pair
    are taken within milliseconds, so the pair's ratio cancels it."""
    from django.template import Context
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        response = client.get(path)
    finally:
        teardown_test_environment()
    template, context = response.templates[0], response.context
    flat = (context[0] if isinstance(context, list) else context).flatten()
    renders, requests = [], []
    for _ in range(runs):
        # A form as the view hands it over, never rendered: a rendered one keeps its bound
        # fields and their radios (cached), which would take the template's own work of
        # building them out of the bare figure and put it on the view's side.
        fresh = {key: _unrendered(value) for key, value in flat.items()}
        started = time.thread_time()
        template.render(Context(fresh))
        renders.append(time.thread_time() - started)
        started = time.thread_time()
        client.get(path)
        requests.append(time.thread_time() - started)
    ratios = [request / render for render, request in zip(renders, requests, strict=True)]
    return (
        statistics.median(renders) * 1000,
        statistics.median(requests) * 1000,
        statistics.median(ratios),
    )


@contextlib.contextmanager
def _timing(spent, targets):
    """Wrap each (owner, attribute, label) so that its CPU time is added to spent[label]; the
    real function still runs. Nested calls of one label are counted once (outermost)."""
    saved, depth = [], {}

    def wrapped(original, label):
        def timed(*args, **kwargs):
            depth[label] = depth.get(label, 0) + 1
            started = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                depth[label] -= 1
                if not depth[label]:
                    spent[label] = spent.get(label, 0.0) + time.thread_time() - started

        return timed

    for owner, name, label in targets:
        original = getattr(owner, name)
        saved.append((owner, name, original))
        setattr(owner, name, wrapped(original, label))
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def where_the_time_goes(client, path, runs=200):
    """Mean CPU ms of the scoring GET's parts: what a request costs beside its template."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models.query import QuerySet
    from django.db.models.sql.compiler import SQLCompiler

    from assessments import views_scoring

    spent: dict = {}
    targets = [
        (SessionStore, "load", "session read (query and decoding)"),
        (views_scoring, "_scorer", "access: the guest's participant and assessment"),
        (QuerySet, "_fetch_all", "running the 3 ORM queries (session, guest, score)"),
        (SQLCompiler, "as_sql", "... of which compiling their SQL"),
        (views_scoring, "ScoreForm", "the form built"),
        (views_scoring, "render", "render(): context processors and template"),
    ]
    with _timing(spent, targets):
        started = time.thread_time()
        for _ in range(runs):
            client.get(path)
        whole = time.thread_time() - started
    print(f"the scoring GET's parts, mean CPU ms of {runs} (timing adds a little to each):")
    print(f"  {'the whole request (test client)':<52} {whole / runs * 1000:6.2f}")
    for _owner, _name, label in targets:
        print(f"  {label:<52} {spent.get(label, 0.0) / runs * 1000:6.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=40)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--top", type=int, default=30, help="0: no profile, timings only")
    parser.add_argument(
        "--fill", type=int, default=0, help="first add this many assessments (bench/seed.fill)"
    )
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest queries")
    args = parser.parse_args()
    os.environ.pop("DEBUG", None)
    from bench.pages import setup_django

    with contextlib.ExitStack() as stack:
        setup_django(args.postgres, stack)
        from django.conf import settings
        from django.db import connection

        from assessments.demo import build_demo
        from bench import seed

        build_demo()
        if args.fill:
            seed.fill(args.fill)
        info = seed.invite_scorers(1)
        client = guest_client(info["scorers"][0]["link"])
        assessment, criteria = info["assessment"], info["criteria"]
        loop(client, assessment, criteria, 3, {})  # warm up: templates compiled, caches filled
        timings: dict = {}
        loop(client, assessment, criteria, args.loops, timings)
        profiler = cProfile.Profile()
        if args.top:
            profiler.enable()
            loop(client, assessment, criteria, args.loops, {})
            profiler.disable()
        print(f"DEBUG={settings.DEBUG}, {connection.vendor}, unprofiled, median of {args.loops}")
        print(f"{'step':<9} {'wall ms':>8} {'CPU ms':>7} {'queries':>7}")
        slow = sorted(timings.pop("sql", []), reverse=True)
        for step, rows in timings.items():
            print(
                f"{step:<9} {statistics.median(r[0] for r in rows) * 1000:>8.1f} "
                f"{statistics.median(r[1] for r in rows) * 1000:>7.1f} {max(r[2] for r in rows):>7}"
            )
        seen = set()
        for seconds, step, sql in slow:
            if len(seen) >= args.slowest:
                break
            if sql[:120] not in seen:
                seen.add(sql[:120])
                print(f"{seconds * 1000:7.1f} ms  {step:<8} {sql[:400]}")
        path = f"/assessments/{assessment}/score/{criteria[0]}/"
        render, request, ratio = bare_render(client, path)
        print(
            f"scoring page GET, CPU: request {request:.1f} ms, bare render of its template "
            f"{render:.1f} ms, ratio {ratio:.2f} (median of pairs; target <= 2)"
        )
        where_the_time_goes(client, path)
        if not args.top:
            return
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
