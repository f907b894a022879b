"""A workshop of N people scoring at once, against the app as `make serve` runs it.

    .venv/bin/python bench/load.py [--scorers 100] [--seconds 60] [--think 1.0]
        [--assessments 100000] [--restart-db] [--workers W] [--threads T] [--worker-class sync]
        [--sample]

Starts a throwaway PostgreSQL (bench/postgres.py), migrates, loads the rubrics, seeds the
demo, collects production static and starts gunicorn -c coprod/gunicorn.py with production
settings on 127.0.0.1 (bench/server.py). `--assessments N` first fills the database with N
more assessments across many organisations (bulk COPY, bench/seed.py). N guests are invited
to the demo assessment through the app's own service (real single-use links). Each scorer
redeems their link (the welcome form), then loops over the questions: open the page (GET),
autosave twice (POST with X-Coprod-Autosave, carrying the version the last answer gave, as
static/js/autosave.js does), Save and continue (POST), with about `--think` seconds between
steps. A save that fails is tried again: an autosave after 1, 2, 4 ... s as
static/js/autosave.js does (the server takes a retry of a save that did arrive as saved),
a failed Save is pressed again, a conflict page is saved again with the version it shows.
Everyone joins first; the warm-up and the measured window follow.

Prints requests/s, p50/p95/p99 per step and overall, errors, the closed-loop limit
N / (think + mean latency) and the share of it reached, the load generator's own CPU share,
and lost saves: each scorer's last acknowledged text per question compared with the database
at the end (a text sent after it, whose answer never came, also counts as kept).

Why plain threads: one thread per scorer is the model of the thing measured (a person with
one browser tab and a kept-alive connection, blocked while waiting); the standard library
has no asyncio HTTP client, so asyncio would only run http.client in a thread pool anyway.
Most threads sleep (think time); at about 100 requests/s the client costs a few per cent of
one core, printed below, which leaves the two cores to the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.postgres import throwaway_postgres  # noqa: E402
from bench.sampling import Sampler, superuser  # noqa: E402
from bench.server import (  # noqa: E402
    Browser,
    form_token,
    gunicorn,
    prepare,
    production_env,
    seed,
    stop_cleanly_on_signals,
)

AUTOSAVE = {"X-Coprod-Autosave": "1"}
KINDS = ["redeem", "open", "autosave", "save"]


class Scorer(threading.Thread):
    def __init__(self, n, scorer, info, port, args, stop):
        super().__init__(daemon=True)
        self.n, self.link, self.pid = n, scorer["link"], scorer["participant"]
        self.assessment, self.criteria = info["assessment"], info["criteria"]
        self.browser, self.args, self.stop = Browser(port), args, stop
        self.rng = random.Random(n)
        self.samples: list[tuple[str, float, float, bool]] = []  # kind, start, seconds, ok
        self.acked: dict[int, str] = {}  # criterion -> last text the app said it saved
        self.after: dict[int, set[str]] = {}  # texts sent since then whose answer never came
        self.conflicts = self.edits = self.saves = self.retries = 0
        self.joined = threading.Event()

    def think(self):
        # Spread around the mean so 100 people do not click in lockstep.
        self.stop.wait(self.args.think * self.rng.uniform(0.7, 1.3))

    def call(self, kind, method, path, fields=None, headers=None):
        body = urlencode(fields) if fields is not None else None
        started = time.monotonic()
        try:
            status, response, data = self.browser.request(method, path, body, headers)
        except (OSError, http.client.HTTPException):  # refused, reset, timed out, garbled
            status, response, data = None, None, b""
        ok = status in (200, 302, 409)  # 409: a conflict, answered as designed
        self.samples.append((kind, started, time.monotonic() - started, ok))
        return status, response, data

    def text(self, criterion):
        self.edits += 1
        text = f"Scorer {self.n} on {criterion}, edit {self.edits}: we were asked late."
        self.after.setdefault(criterion, set()).add(text)
        return text

    def ack(self, criterion, text):
        self.saves += 1
        self.acked[criterion] = text
        self.after[criterion] = set()

    def autosave(self, path, form) -> dict:
        """As static/js/autosave.js: a failure (no answer, or the server's 5xx) is sent
        again, the same, after 1 s, then 2 s, 4 s ... up to 30 s."""
        wait = 1.0
        while True:
            status, _, data = self.call("autosave", "POST", path, form, AUTOSAVE)
            if status is not None and status < 500:
                try:
                    return json.loads(data)
                except ValueError:
                    return {}
            self.retries += 1
            if self.stop.wait(wait):
                return {}
            wait = min(wait * 2, 30)

    def run(self):
        while not self.stop.is_set():
            # The emailed link keeps its token in the session and goes on to the welcome
            # page (/join/), whose form uses it up.
            status, response, page = self.call("redeem", "GET", self.link)
            welcome = response.getheader("Location", "/join/") if status == 302 else self.link
            if status == 302:
                status, _, page = self.call("redeem", "GET", welcome)
            if status == 200:
                fields = {"csrfmiddlewaretoken": form_token(page), "name": f"Scorer {self.n}"}
                status, _, _ = self.call("redeem", "POST", welcome, fields)
                if status == 302:
                    self.joined.set()
                    break
            self.think()
        index = self.n % len(self.criteria)
        while not self.stop.is_set():
            criterion = self.criteria[index]
            path = f"/assessments/{self.assessment}/score/{criterion}/"
            status, _, page = self.call("open", "GET", path)
            if status != 200:
                self.think()
                continue
            form = {
                "csrfmiddlewaretoken": form_token(page),
                "version": values(page, "version")[0],
                "level": self.rng.choice(values(page, "level")),
                "confidence": self.rng.choice(["low", "medium", "high"]),
                "links": "",
            }
            for _ in range(2):
                self.think()
                if self.stop.is_set():
                    return
                form["evidence"] = self.text(criterion)
                answer = self.autosave(path, form)
                if answer.get("saved"):
                    form["version"] = str(answer["version"])
                    self.ack(criterion, form["evidence"])
                self.conflicts += bool(answer.get("conflict"))
            while not self.stop.is_set():
                self.think()
                if self.stop.is_set():
                    break
                form["evidence"] = self.text(criterion)
                status, response, data = self.call("save", "POST", path, {**form, "save": "1"})
                if status == 302:
                    self.ack(criterion, form["evidence"])
                    index = (index + 1) % len(self.criteria)
                    break
                if status == 200:  # the conflict page, carrying the stored version: save again
                    self.conflicts += 1
                    form["version"] = (values(data, "version") or [form["version"]])[0]
            self.think()
        self.browser.close()

    def lost(self, stored: dict) -> int:
        return sum(
            stored.get(str(c)) != text and stored.get(str(c)) not in self.after.get(c, ())
            for c, text in self.acked.items()
        )


def values(page: bytes, name: str) -> list[str]:
    """The values of the form inputs called `name` on a page (attributes in any order)."""
    tags = re.findall(rb'<input[^>]*name="' + name.encode() + rb'"[^>]*>', page)
    return [re.search(rb'value="([^"]*)"', tag).group(1).decode() for tag in tags]


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * q))] * 1000


def report(scorers, measured_from, measured_to, args, cpu, restart):
    everything = [s for scorer in scorers for s in scorer.samples]
    # Redeeming is shown whenever it happened; the loop only for requests sent between the
    # warm-up and the stop (a scorer stopped mid-pause sends at once: no think time).
    samples = [s for s in everything if s[0] == "redeem" or measured_from <= s[1] < measured_to]
    wall = measured_to - measured_from
    print(
        f"{'step':<9} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'mean ms':>8}"
    )
    # "loop": the scoring loop's requests together (the targets'); redeeming is the start's
    # burst, everyone opening their link in the same seconds, shown on its own line.
    for kind in [*KINDS, "loop"]:
        mine = [s for s in samples if s[0] == kind or (kind == "loop" and s[0] != "redeem")]
        if not mine:
            continue
        times = sorted(s[2] for s in mine)
        print(
            f"{kind:<9} {len(mine):>8} {sum(not s[3] for s in mine):>6} "
            f"{percentile(times, 0.5):>8.0f} {percentile(times, 0.95):>8.0f} "
            f"{percentile(times, 0.99):>8.0f} {statistics.mean(times) * 1000:>8.0f}"
        )
    # The scoring loop only: redeeming a link is two requests with no think time between.
    loop = [s[2] for s in samples if s[0] != "redeem"]
    mean = statistics.mean(loop)
    rps = len(loop) / wall
    limit = len(scorers) / (args.think + mean)
    print(
        f"scoring loop: {rps:.1f} req/s over {wall:.1f} s; closed-loop limit N/(think + mean "
        f"latency) = {len(scorers)}/({args.think:g} + {mean:.3f}) = {limit:.1f} req/s; "
        f"reached {rps / limit:.0%}"
    )
    # In a closed loop latency grows until the two match (Little's law), so the share above
    # checks the load generator keeps its pace; what the server costs is the gap between
    # the limit and N / think, the rate were every answer instant.
    print(f"N / think = {len(scorers) / args.think:.1f} req/s if every answer were instant")
    saves = sum(s.saves for s in scorers)
    questions = sum(len(s.acked) for s in scorers)
    conflicts = sum(s.conflicts for s in scorers)
    retries = sum(s.retries for s in scorers)
    print(
        f"saves acknowledged {saves} (on {questions} questions), conflicts {conflicts}, "
        f"autosaves sent again after a failure {retries}, "
        f"load generator CPU {cpu:.1%} of {os.cpu_count()} cores"
    )
    if restart:
        print(f"PostgreSQL restarted at {restart[0]:.1f} s, down {restart[1]:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between steps")
    parser.add_argument(
        "--warmup", type=float, default=5, help="seconds of scoring before measuring"
    )
    parser.add_argument("--assessments", type=int, default=0, help="fill the database first")
    parser.add_argument("--restart-db", action="store_true", help="restart PostgreSQL midway")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default 2 x cores)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (default 4)")
    parser.add_argument("--worker-class", help="e.g. sync (coprod/gunicorn.py uses gthread)")
    parser.add_argument(
        "--sample", action="store_true", help="CPU by process and PostgreSQL's waits (sampling.py)"
    )
    args = parser.parse_args()
    stop_cleanly_on_signals()

    with throwaway_postgres() as url, tempfile.TemporaryDirectory(prefix="coprod-load-") as tmp:
        tmp = Path(tmp)
        started = time.monotonic()
        dev = prepare(url)
        if args.assessments:
            filling = time.monotonic()
            filled = seed(dev, f"fill({args.assessments})")
            filled["seconds"] = time.monotonic() - filling
            print(
                f"filled: {filled['assessments']:,} assessments, {filled['programmes']:,} "
                f"programmes, {filled['organisations']:,} organisations "
                f"in {filled['seconds']:.0f} s"
            )
        info = seed(dev, f"invite_scorers({args.scorers})")
        print(
            f"set up in {time.monotonic() - started:.0f} s: {args.scorers} invited scorers, "
            f"{len(info['criteria'])} questions"
        )
        overrides = {}
        if args.workers:
            overrides["WEB_CONCURRENCY"] = args.workers
        if args.threads:
            overrides["GUNICORN_THREADS"] = args.threads
        cli = ["--worker-class", args.worker_class] if args.worker_class else []
        env = production_env(url, **overrides)
        log = open(tmp / "gunicorn.log", "w")
        with gunicorn(env, *cli, log=log) as port:
            workers = args.workers or 2 * os.cpu_count()
            threads = "" if args.worker_class == "sync" else f" x {args.threads or 4} threads"
            print(
                f"gunicorn {args.worker_class or 'gthread'}, {workers} workers{threads}; "
                f"{args.scorers} scorers for {args.seconds:g} s after {args.warmup:g} s of "
                f"warm-up, think {args.think:g} s"
            )
            stop = threading.Event()
            scorers = [
                Scorer(n + 1, s, info, port, args, stop) for n, s in enumerate(info["scorers"])
            ]
            restart = []

            def restart_db():
                if not stop.wait(args.warmup + args.seconds / 2):
                    restart.extend([time.monotonic() - measured_from, url.restart()])

            for scorer in scorers:
                scorer.start()
            try:
                # Everyone in first (a burst of welcome forms is not the scoring workload),
                # then the warm-up, then the measured window.
                joining = time.monotonic()
                for scorer in scorers:
                    scorer.joined.wait(timeout=max(0, joining + 300 - time.monotonic()))
                print(
                    f"all {sum(s.joined.is_set() for s in scorers)} joined in "
                    f"{time.monotonic() - joining:.1f} s"
                )
                if args.restart_db:
                    threading.Thread(target=restart_db, daemon=True).start()
                stop.wait(args.warmup)
                sampler = Sampler(superuser(url)) if args.sample else None
                if sampler:
                    sampler.start()
                cpu0, measured_from = time.process_time(), time.monotonic()
                stop.wait(args.seconds)
                cpu = (time.process_time() - cpu0) / args.seconds / os.cpu_count()
                measured_to = time.monotonic()
                if sampler:
                    sampler.finish()
            finally:
                stop.set()  # on Ctrl-C too: the with blocks then stop gunicorn and PostgreSQL
                deadline = time.monotonic() + 90  # a request in flight may take its timeout
                for scorer in scorers:
                    scorer.join(timeout=max(0, deadline - time.monotonic()))
        report(scorers, measured_from, measured_to, args, cpu, restart)
        if args.sample:
            sampler.print()
        errors = sum(not s[3] for scorer in scorers for s in scorer.samples)
        print(f"errors over the whole run, warm-up included: {errors}")
        pids = [s.pid for s in scorers]
        stored = seed(dev, f"saved_evidence({pids})")
        lost = sum(s.lost(stored.get(str(s.pid), {})) for s in scorers)
        print(
            f"lost saves: {lost} (a question whose last acknowledged text is not in the database)"
        )
        log.close()
        tracebacks = (tmp / "gunicorn.log").read_text().count("Traceback")
        print(f"server tracebacks in gunicorn's log: {tracebacks}")


if __name__ == "__main__":
    main()
