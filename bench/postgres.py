"""A throwaway PostgreSQL server for benchmarks: initdb in a temporary folder, 127.0.0.1.

    with throwaway_postgres() as url:   # postgres://coprod:coprod@127.0.0.1:PORT/coprod
        ...
        url.restart()                     # stop (fast) and start again on the same port

Uses Debian's postgresql binaries (make test's CI installs them; `apt-get install postgresql`
otherwise). Runs the server as the postgres user when started as root. Stops it and removes
its folder on exit, by its own pg_ctl, whatever happened.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is not installed: sudo apt-get install postgresql")
    return Path(found[-1]).parent


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.getuid() == 0 else args


class _URL(str):
    """The database URL, which can also restart its server (bench/load.py --restart-db)."""

    def restart(self) -> float:
        """Stop (fast: every connection is dropped and open transactions roll back, as in a
        failover) and start again on the same port; returns the seconds it was down."""
        started = time.monotonic()
        subprocess.run(_as_postgres([*self.pg_ctl, "-m", "fast", "stop"]), **_QUIET)
        subprocess.run(_as_postgres([*self.pg_ctl, *self.start_args, "start"]), **_QUIET)
        return time.monotonic() - started


_QUIET = {"stdout": subprocess.DEVNULL, "check": True}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def throwaway_postgres():
    pgbin = _bin()
    folder = Path(tempfile.mkdtemp(prefix="coprod-bench-pg-"))
    data = folder / "data"
    if os.getuid() == 0:
        shutil.chown(folder, "postgres")
    port = _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run(
        _as_postgres([str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        **quiet,
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=200"
    pg_ctl = [str(pgbin / "pg_ctl"), "-D", str(data)]
    start_args = ["-l", str(folder / "server.log"), "-w", "-o", options]
    subprocess.run(_as_postgres([*pg_ctl, *start_args, "start"]), **quiet)
    try:
        psql = [str(pgbin / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc"]
        subprocess.run([*psql, "CREATE ROLE coprod LOGIN PASSWORD 'coprod'"], **quiet)
        subprocess.run([*psql, "CREATE DATABASE coprod OWNER coprod"], **quiet)
        url = _URL(f"postgres://coprod:coprod@127.0.0.1:{port}/coprod")
        url.pg_ctl, url.start_args = pg_ctl, start_args
        yield url
    finally:
        subprocess.run(_as_postgres([*pg_ctl, "-m", "fast", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)
