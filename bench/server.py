"""Shared pieces of the HTTP benchmarks: the app set up and served as `make serve` does.

    with throwaway_postgres() as url:
        dev = prepare(url)                       # migrate, rubrics, seed_demo
        with gunicorn(production_env(url)) as port:   # production static, collected once
            cookie = sign_in(port)               # the demo facilitator

Everything runs in subprocesses of this repository's .venv, so the benchmark process itself
never imports Django (its CPU share is then only the load generator's own work).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.postgres import _free_port  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
RUBRICS = ["ladder-of-participation", "nef-six-principles", "nhse-ten-principles"]
DEMO_PASSWORD = "demo-coprod-2026"


def manage(env, *args, quiet=True) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        if "Unknown command" not in done.stderr:
            sys.stderr.write(done.stderr[-3000:])
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


def load_rubrics(env):
    """`load_rubrics` once the app has it; the `loaddata` form it replaces until then."""
    try:
        manage(env, "load_rubrics")
    except subprocess.CalledProcessError as error:
        if "Unknown command" not in (error.stderr or ""):
            raise
        manage(env, "loaddata", *RUBRICS)


def django(env, code: str):
    """Run Python inside the app (manage.py shell) and return what it prints as JSON last."""
    out = manage(env, "shell", "--no-imports", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


def seed(env, call: str):
    """A bench/seed.py call, e.g. "invite_scorers(10)", run inside the app; its result."""
    return django(env, f"import json; from bench import seed; print(json.dumps(seed.{call}))")


def production_env(url, static_root: Path | None = None, **extra) -> dict:
    """make serve's settings on plain HTTP, with mail written to files, not sent."""
    static_root = static_root or collected_static()
    return {
        **os.environ,
        "DATABASE_URL": url,
        "COPROD_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(Path(tempfile.gettempdir()) / "coprod-bench-mail"),
        "DEFAULT_FROM_EMAIL": "bench@example.nhs.uk",
        # Plain HTTP on 127.0.0.1: no TLS proxy in front (the cookies are sent by hand).
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        **{k: str(v) for k, v in extra.items()},
    }


def collected_static() -> Path:
    """Production static (hashed names, .gz and .br copies), collected once per content of
    the static sources: compressing plotly.js takes minutes on a busy 2-core machine."""
    import hashlib
    from importlib.metadata import version

    key = hashlib.sha1(version("django").encode())
    for folder in [
        ROOT / "static",
        *ROOT.glob(".venv/lib/python*/site-packages/plotly/package_data"),
    ]:
        for path in sorted(folder.rglob("*")):
            stat = path.stat()
            key.update(f"{path.relative_to(folder)} {stat.st_size} {stat.st_mtime_ns}".encode())
    cache = Path(tempfile.gettempdir()) / f"coprod-bench-static-{key.hexdigest()[:12]}"
    if not (cache / "staticfiles.json").exists():
        building = Path(tempfile.mkdtemp(prefix="coprod-bench-static-building-"))
        manage(production_env("sqlite:///unused", building), "collectstatic", "--noinput")
        shutil.rmtree(cache, ignore_errors=True)
        building.rename(cache)
    return cache


def prepare(url, demo=True) -> dict:
    """Migrate, load the rubrics and seed the demo (as make run does, on this database).
    Returns the development environment for later manage.py calls on it."""
    dev = {
        **os.environ,
        "DATABASE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    dev.pop("COPROD_ENV", None)
    manage(dev, "migrate", "--noinput")
    load_rubrics(dev)
    if demo:
        manage(dev, "seed_demo")
    return dev


@contextlib.contextmanager
def gunicorn(env, *args: str, port: int | None = None, log=None):
    """gunicorn -c coprod/gunicorn.py coprod.wsgi (extra CLI args override the config file),
    in its own process group; yields the port once it answers, stops the group by PID."""
    port = port or _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "coprod/gunicorn.py", *args, "coprod.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(240):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/about/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.25)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Browser:
    """One person's kept-alive connection and cookies, as a browser tab holds them."""

    RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)

    def __init__(self, port, timeout=60):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body). A kept-alive connection the server closed while idle is
        reopened and the request sent again, as browsers do; other failures raise."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except self.RETRYABLE:
                self.close()
                if not reused or attempt == 2:
                    raise
            except Exception:
                self.close()
                raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return response.status, response, data

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def form_token(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def sign_in(port, username="facilitator", password=DEMO_PASSWORD) -> str:
    """Log in over HTTP; returns the Cookie header value of the signed-in session."""
    browser = Browser(port)
    _, _, page = browser.request("GET", "/login/")
    body = f"csrfmiddlewaretoken={form_token(page)}&username={username}&password={password}"
    status, _, _ = browser.request("POST", "/login/", body=body)
    assert status == 302, f"sign-in answered {status}"
    browser.close()
    return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def stop_cleanly_on_signals():
    """Ctrl-C and SIGTERM raise in the main thread, so every `with` block stops what it
    started (gunicorn by its process group, PostgreSQL by its pg_ctl). SIGINT is set
    explicitly: a shell starting a job with & leaves it ignored."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
