"""Requests per second with a new database connection per request vs persistent ones.

    .venv/bin/python bench/connections.py [--seconds 15] [--rounds 3] [--clients 16]

Starts a throwaway PostgreSQL (bench/postgres.py), seeds the demo, builds production static
once, then for each round starts gunicorn as `make serve` does (coprod/gunicorn.py,
production settings) twice — CONN_MAX_AGE=0, then CONN_MAX_AGE=60 — and drives it with
`--clients` threads signed in as the demo facilitator, each fetching the programme list and
the assessment page in turn over a kept-alive HTTP connection. Prints requests/s, p50 and
p95 per run, the medians side by side, and the load generator's own CPU share (it shares
the machine's cores with the server).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.postgres import throwaway_postgres  # noqa: E402
from bench.server import (  # noqa: E402
    django,
    gunicorn,
    prepare,
    production_env,
    sign_in,
    stop_cleanly_on_signals,
)


def drive(port, cookie, paths, clients, seconds):
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset):
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad, i = [], 0, offset
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                conn.request("GET", paths[i % len(paths)], headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                bad += response.status != 200
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.monotonic() - started)
            i += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    cpu_before, wall_before = time.process_time(), time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - wall_before
    cpu_share = (time.process_time() - cpu_before) / wall / os.cpu_count()
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": errors,
        "cpu": cpu_share,
    }


def run_server(env, paths, clients, seconds):
    with gunicorn(env) as port:
        cookie = sign_in(port)
        drive(port, cookie, paths, clients, 2)  # warm up: imports, templates, connections
        return drive(port, cookie, paths, clients, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    stop_cleanly_on_signals()
    with throwaway_postgres() as url:
        dev = prepare(url)
        out = django(
            dev,
            "from assessments.models import Assessment as A; a = A.objects.first(); "
            "print([a.pk, a.programme_id])",
        )
        paths = ["/programmes/", f"/programmes/{out[1]}/", f"/assessments/{out[0]}/"]
        results = {"0": [], "60": []}
        print(f"{args.clients} clients, {args.seconds:g} s per run, pages: {', '.join(paths)}")
        print(
            f"{'round':>5} {'CONN_MAX_AGE':>12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'errors':>6} {'loadgen CPU':>11}"
        )
        for n in range(1, args.rounds + 1):
            for age in results:
                env = production_env(url, CONN_MAX_AGE=age)
                r = run_server(env, paths, args.clients, args.seconds)
                results[age].append(r)
                print(
                    f"{n:>5} {age:>12} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                    f"{r['errors']:>6} {r['cpu']:>10.0%}",
                    flush=True,
                )
        before = statistics.median(r["rps"] for r in results["0"])
        after = statistics.median(r["rps"] for r in results["60"])
        print(
            f"median req/s: per-request connections {before:.1f}, persistent {after:.1f} "
            f"({after / before:.2f}x)"
        )


if __name__ == "__main__":
    main()
