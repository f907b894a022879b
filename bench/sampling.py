"""What the server side was doing during a load run (bench/load.py --sample): the share of
the two cores each kind of process used, and what PostgreSQL's active backends waited on.

A slow run of load.py says only that answers were slow; this says whether the time went to
the app (gunicorn), to the database, to something else on the machine, or to waiting on a
lock, so that a fix aims at the cause.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_by_process() -> dict[int, tuple[str, float]]:
    """Every process on the machine: (kind, CPU seconds so far), its own and that of the
    children it has reaped (PostgreSQL's backends that ended count under the postmaster)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        fields = text[text.rindex(")") + 2 :].split()
        seconds = sum(int(f) for f in fields[11:15]) / TICKS  # utime stime cutime cstime
        found[int(stat.parent.name)] = (
            _kind(text[text.index("(") + 1 : text.rindex(")")], cmdline),
            seconds,
        )
    return found


def _used(before, after) -> collections.Counter:
    """CPU seconds by kind between two readings (a process new since counts whole)."""
    used: collections.Counter = collections.Counter()
    for pid, (kind, seconds) in after.items():
        used[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    return used


def _kind(comm: str, cmdline: bytes) -> str:
    if "gunicorn" in comm or b"gunicorn" in cmdline:
        return "gunicorn"
    if comm.startswith("kworker"):
        return "kernel workers"  # their names change with the work they do
    if comm.startswith("postgres") or cmdline.startswith(b"postgres"):
        title = cmdline.replace(b"\0", b" ").decode(errors="replace")
        return "postgres: autovacuum" if "autovacuum" in title else "postgres"
    return comm


def _sockets(pid: int) -> int:
    """Open sockets of a process: a worker's kept-alive clients, its database connections
    (one per thread) and the listener."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return 0
    return sum(link.startswith("socket:") for link in links)


def superuser(url: str) -> str:
    """The throwaway server's superuser on the same database: it sees every backend."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"postgres@{parts.hostname}:{parts.port}"))


class Sampler(threading.Thread):
    """Samples pg_stat_activity twice a second between start() and finish()."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.done = url, threading.Event()
        self.samples = 0
        self.active: list[int] = []
        self.waits: collections.Counter = collections.Counter()
        self.errors = 0

    def run(self):
        import psycopg

        self.cpu_from, self.wall_from = _cpu_by_process(), time.monotonic()
        with psycopg.connect(self.url, autocommit=True) as db:
            while not self.done.wait(0.5):
                try:
                    rows = db.execute(
                        "SELECT backend_type, wait_event_type, wait_event FROM pg_stat_activity"
                        " WHERE state = 'active' AND pid <> pg_backend_pid()"
                    ).fetchall()
                except psycopg.Error:
                    self.errors += 1  # a restart (--restart-db): the next sample reconnects
                    continue
                self.samples += 1
                self.active.append(len(rows))
                for backend, kind, event in rows:
                    name = f"{kind}:{event}" if kind else "on CPU"
                    if backend != "client backend":
                        name = f"{backend} {name}"
                    self.waits[name] += 1

    def finish(self):
        self.done.set()
        self.join(timeout=5)
        self.cpu_to, self.wall_to = _cpu_by_process(), time.monotonic()
        self.sockets = {
            pid: _sockets(pid) for pid, (kind, _) in self.cpu_to.items() if kind == "gunicorn"
        }

    def print(self):
        wall = self.wall_to - self.wall_from
        cores = os.cpu_count()
        used = _used(self.cpu_from, self.cpu_to)
        print(f"server side, sampled over {wall:.0f} s (--sample):")
        for kind, seconds in sorted(used.items(), key=lambda kv: -kv[1])[:6]:
            print(f"  CPU {kind:<22} {100 * seconds / wall / cores:5.1f} % of {cores} cores")
        # Each gunicorn process on its own: a worker holds the connections it accepted
        # (kept alive), and one process uses at most one core (the GIL).
        per_worker = sorted(
            (
                (seconds - self.cpu_from.get(pid, (kind, 0.0))[1], self.sockets.get(pid, 0))
                for pid, (kind, seconds) in self.cpu_to.items()
                if kind == "gunicorn"
            ),
            reverse=True,
        )
        shares = ", ".join(f"{100 * s / wall:.0f} % ({n} sockets)" for s, n in per_worker)
        print(f"  gunicorn by process, share of one core: {shares}")
        if not self.samples:
            print("  pg_stat_activity: no samples")
            return
        mean = sum(self.active) / self.samples
        print(
            f"  pg_stat_activity: {self.samples} samples, active backends mean {mean:.1f}, "
            f"max {max(self.active)}; each backend state, share of all seen:"
        )
        total = sum(self.waits.values())
        for name, count in self.waits.most_common(8):
            print(f"    {name:<40} {100 * count / total:5.1f} %")
