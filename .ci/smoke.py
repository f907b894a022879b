"""Production smoke test: `make serve` against a real PostgreSQL, driven over HTTP.

Run by .ci/run with DATABASE_URL pointing at an empty database. It seeds the demo under
development settings, renders the demo PDF there for comparison, starts `make serve`
(production settings, collectstatic, gunicorn), signs in as the demo facilitator, fetches
every page reachable from the home page (no 5xx), checks the static files are hashed,
compressed and cached for a long time, downloads the PDF over HTTP and checks it is the
styled one, then stops what it started by PID. Prints its figures; exits 1 on a failure.
"""

from __future__ import annotations

import gzip
import http.client
import io
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from html import unescape
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The stylesheet's @page box (pdf.css @bottom-right): missing if the stylesheet was lost.
FOOTER = "Page 1 of "
# Links a crawler must not follow: they change state or leave the signed-in journey.
SKIP = re.compile(r"/(logout|sign-out|admin)/|/remove/|/done/|/resend/|/submit/|/join/")


def fail(message: str) -> None:
    print(f"SMOKE FAILED: {message}", flush=True)
    raise SystemExit(1)


def manage(*args: str, env: dict | None = None) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        fail(f"manage.py {' '.join(args)}: {result.stdout}{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies (whatever their Secure flag), CSRF, gzip."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response, data

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        fail("no CSRF token on the login page")
    return match.group(1).decode()


def links(html: bytes) -> set[str]:
    found = set()
    for href in re.findall(rb'href="([^"#]+)', html):
        url = unescape(href.decode())
        if url.startswith("/") and not url.startswith("//"):
            found.add(url)
    return found


def start_server(port: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "DEFAULT_FROM_EMAIL": "coprod-smoke@example.nhs.uk",
        "SECURE_SSL_REDIRECT": "0",  # no TLS proxy in front of it here
        "STATIC_ROOT": str(workdir / "static"),
        "BIND": f"127.0.0.1:{port}",
        "GUNICORN_PIDFILE": str(workdir / "gunicorn.pid"),
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
    }
    log = open(workdir / "serve.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, stopped as one
    )


def wait_until_up(port: int, server: subprocess.Popen, workdir: Path) -> float:
    started = time.monotonic()
    while time.monotonic() - started < 300:
        if server.poll() is not None:
            log = (workdir / "serve.log").read_text()
            fail(f"make serve exited with {server.returncode}:\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.5)
    fail("make serve did not answer within 300 s")


def stop_server(server: subprocess.Popen, workdir: Path) -> None:
    pidfile = workdir / "gunicorn.pid"
    if pidfile.exists():
        os.kill(int(pidfile.read_text()), signal.SIGTERM)
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def check_static(browser: Browser, html: bytes) -> int:
    assets = set(re.findall(rb'(?:href|src|data-nhsuk-frontend)="(/static/[^"]+)"', html))
    if not assets:
        fail("the home page names no static files")
    for asset in sorted(assets):
        path = asset.decode()
        if not re.search(r"\.[0-9a-f]{12}\.\w+$", path):
            fail(f"{path} is not a hashed name (manifest storage not in use)")
        response, data = browser.get(path, headers={"Accept-Encoding": "br, gzip"})
        cache = response.getheader("Cache-Control", "")
        if response.status != 200 or "max-age=315360000" not in cache or "immutable" not in cache:
            fail(f"{path}: {response.status}, Cache-Control {cache!r}")
        if path.endswith((".css", ".js")) and response.getheader("Content-Encoding") != "br":
            fail(f"{path} not served brotli-compressed")
    return len(assets)


def pdf_facts(data: bytes) -> tuple[int, set[str], str]:
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), fonts, text


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        fail("set DATABASE_URL to an empty PostgreSQL database")
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="coprod-smoke-"))
    manage("migrate", "--noinput")
    manage("load_rubrics")
    manage("seed_demo")
    assessment_id = manage(
        "shell",
        "--no-imports",
        "-c",
        "from assessments.models import Assessment; print(Assessment.objects.first().pk)",
    ).strip()
    manage("export_report", assessment_id, "-o", str(workdir / "development.pdf"))
    dev_pages, dev_fonts, _ = pdf_facts((workdir / "development.pdf").read_bytes())

    port = free_port()
    server = start_server(port, workdir)
    try:
        startup = wait_until_up(port, server, workdir)
        browser = Browser(port)
        response, html = browser.get("/login/")
        if response.status != 200:
            fail(f"/login/ answered {response.status}")
        response, _ = browser.request(
            "POST",
            "/login/",
            form={
                "csrfmiddlewaretoken": csrf_token(html),
                "username": "facilitator",
                "password": "demo-coprod-2026",
            },
        )
        if response.status != 302:
            fail(f"signing in as the demo facilitator answered {response.status}")

        seen: dict[str, int] = {}
        queue = ["/"]
        home_html = b""
        while queue and len(seen) < 200:
            path = queue.pop(0)
            if path in seen or SKIP.search(path) or path.startswith("/static/"):
                continue
            response, data = browser.get(path)
            seen[path] = response.status
            if response.status >= 500:
                fail(f"{path} answered {response.status}")
            if response.status == 200 and not home_html:
                home_html = data  # the first page signed in: its static files are checked
            location = response.getheader("Location")
            if response.status in (301, 302, 303) and location and location.startswith("/"):
                queue.append(location)
            if response.getheader("Content-Type", "").startswith("text/html"):
                queue.extend(sorted(links(data) - seen.keys()))
        wanted = ["/programmes/", f"/assessments/{assessment_id}/report/", "/about/"]
        missing = [path for path in wanted if path not in seen]
        if missing:
            fail(f"pages not reached from the home page: {missing}")
        static_count = check_static(browser, home_html)

        response, body = browser.get("/no-such-page/")
        if response.status != 404 or b"Page not found" not in body or b"nhsuk-header" not in body:
            fail(f"/no-such-page/ answered {response.status} without the NHS-styled 404 page")

        started = time.monotonic()
        response, data = browser.get(f"/assessments/{assessment_id}/report.pdf")
        pdf_seconds = time.monotonic() - started
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        if response.status != 200 or not data.startswith(b"%PDF"):
            fail(f"the report PDF answered {response.status}")
        pages, fonts, text = pdf_facts(data)
        if pages != dev_pages:
            fail(f"production PDF has {pages} pages, development {dev_pages}: stylesheet lost?")
        if fonts != dev_fonts or any("Serif" in font for font in fonts):
            fail(
                f"production PDF fonts {sorted(fonts)} differ from development {sorted(dev_fonts)}"
            )
        if FOOTER not in text:
            fail("production PDF has no page footer: stylesheet lost?")
    finally:
        stop_server(server, workdir)

    statuses = sorted(set(seen.values()))
    print(
        f"smoke: make serve up in {startup:.1f} s; {len(seen)} pages fetched (statuses "
        f"{statuses}); {static_count} static files hashed, brotli, cached a year; PDF "
        f"{pages} pages in {pdf_seconds:.1f} s over HTTP, as in development, fonts "
        f"{', '.join(sorted(fonts))}; {time.monotonic() - began:.0f} s in all",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
