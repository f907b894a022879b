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
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.postgres import _free_port, throwaway_postgres  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def production_env(url, static_root, **extra):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "COPROD_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(static_root.parent / "mail"),
        "DEFAULT_FROM_EMAIL": "bench@example.nhs.uk",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        **extra,
    }


def sign_in(port) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read()
    cookies = {
        c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0]
        for h, c in response.getheaders()
        if h.lower() == "set-cookie"
    }
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = f"csrfmiddlewaretoken={token}&username=facilitator&password=demo-coprod-2026"
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = conn.getresponse()
    response.read()
    assert response.status == 302, f"sign-in answered {response.status}"
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


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


def run_server(env, port, cookie_paths, clients, seconds):
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "coprod/gunicorn.py", "coprod.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/about/")
                break
            except OSError:
                time.sleep(0.5)
        cookie = sign_in(port)
        paths = cookie_paths
        drive(port, cookie, paths, clients, 2)  # warm up: imports, templates, connections
        return drive(port, cookie, paths, clients, seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    with throwaway_postgres() as url, tempfile.TemporaryDirectory() as tmp:
        dev = {**os.environ, "DATABASE_URL": url}
        manage(dev, "migrate", "--noinput")
        manage(dev, "load_rubrics")
        manage(dev, "seed_demo")
        static_root = Path(tmp) / "static"
        manage(production_env(url, static_root), "collectstatic", "--noinput")
        out = subprocess.run(
            [
                PYTHON,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from assessments.models import Assessment as A; a = A.objects.first(); "
                "print(a.pk, a.programme_id)",
            ],
            cwd=ROOT,
            env=dev,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        paths = ["/programmes/", f"/programmes/{out[1]}/", f"/assessments/{out[0]}/"]
        results = {"0": [], "60": []}
        print(f"{args.clients} clients, {args.seconds:g} s per run, pages: {', '.join(paths)}")
        print(
            f"{'round':>5} {'CONN_MAX_AGE':>12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'errors':>6} {'loadgen CPU':>11}"
        )
        for n in range(1, args.rounds + 1):
            for age in results:
                env = production_env(url, static_root, CONN_MAX_AGE=age)
                r = run_server(env, _free_port(), paths, args.clients, args.seconds)
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
