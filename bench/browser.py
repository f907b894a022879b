"""Cold and warm load of the report page and a scoring page in Chromium, against the app as
`make serve` runs it (gunicorn, production static: compression and caching count).

    .venv/bin/python bench/browser.py [--runs 3] [--large]

Starts a throwaway PostgreSQL, seeds the demo (`--large`: bench/pages.py's large size, and
the pages of its 40-participant assessment), starts gunicorn with production settings
(bench/server.py) and signs in as the demo facilitator over HTTP. Then, per page and run, in
Debian's Chromium (Playwright, flags as tests/functional/conftest.py): a new browser context
(empty cache) opens the page: cold; it opens about:blank and the page again: warm.

Prints the median of `--runs` of: time to the load event (Navigation Timing), bytes over
the network (Chrome DevTools Protocol encodedDataLength: headers plus body as sent, so
compression counts; 0 for what came from cache), requests, and how many came from cache;
then the largest transfers of a cold load, with their content-encoding.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.postgres import throwaway_postgres  # noqa: E402
from bench.server import (  # noqa: E402
    gunicorn,
    prepare,
    production_env,
    seed,
    sign_in,
    stop_cleanly_on_signals,
)

CHROMIUM = "/usr/bin/chromium"
# The flags the browser tests use on this machine (tests/functional/conftest.py).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Traffic:
    """What the page fetched, from the DevTools Network domain."""

    def __init__(self, cdp):
        self.reset()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", lambda e: self._count("cached"))
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def reset(self):
        self.requests = self.cached = self.bytes = 0
        self.urls, self.encodings, self.sizes = {}, {}, {}

    def _sent(self, event):
        self.requests += 1
        path = urlsplit(event["request"]["url"]).path
        self.urls[event["requestId"]] = path.rsplit("/", 1)[-1] or path  # a file, or the page

    def _count(self, what):
        setattr(self, what, getattr(self, what) + 1)

    def _response(self, event):
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.cached += 1
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "none")

    def _finished(self, event):
        size = event.get("encodedDataLength", 0)
        self.bytes += size
        name = self.urls.get(event["requestId"], "?")
        self.sizes[name] = (size, self.encodings.get(event["requestId"], "?"))


def load(page, traffic, url):
    traffic.reset()
    response = page.goto(url, wait_until="load")
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_timeout(200)  # let the last loadingFinished events arrive
    ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    return {
        "ms": ms,
        "kb": traffic.bytes / 1024,
        "requests": traffic.requests,
        "cached": traffic.cached,
        "largest": sorted(traffic.sizes.items(), key=lambda item: -item[1][0])[:4],
    }


def measure(browser, base, cookies, url, runs):
    cold, warm = [], []
    for _ in range(runs):
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": k, "value": v, "url": base} for k, v in cookies.items()])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        traffic = Traffic(cdp)
        cold.append(load(page, traffic, url))
        page.goto("about:blank")
        warm.append(load(page, traffic, url))
        context.close()
    medians = [
        {k: statistics.median(r[k] for r in rows) for k in rows[0] if k != "largest"}
        for rows in (cold, warm)
    ]
    return medians, cold[-1]["largest"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="40 participants x 21 criteria")
    args = parser.parse_args()
    stop_cleanly_on_signals()
    from playwright.sync_api import sync_playwright

    with throwaway_postgres() as url:
        dev = prepare(url)
        target = seed(dev, f"facilitator_pages({args.large})")
        pk = target["assessment"]
        pages = {
            "report page": f"/assessments/{pk}/report/",
            "scoring page": f"/assessments/{pk}/score/{target['criterion']}/",
        }
        with gunicorn(production_env(url)) as port, sync_playwright() as playwright:
            base = f"http://127.0.0.1:{port}"
            cookies = dict(c.split("=", 1) for c in sign_in(port).split("; "))
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            measure(browser, base, cookies, pages["scoring page"], 1)  # warm up the server
            print(
                f"Chromium, gunicorn with production static, {'large' if args.large else 'demo'} "
                f"size, median of {args.runs} runs"
            )
            print(
                f"{'page':<14} {'':<5} {'load ms':>8} {'KB over network':>16} "
                f"{'requests':>9} {'from cache':>11}"
            )
            largest = {}
            for name, path in pages.items():
                medians, largest[name] = measure(browser, base, cookies, path, args.runs)
                for label, r in zip(("cold", "warm"), medians, strict=True):
                    print(
                        f"{name:<14} {label:<5} {r['ms']:>8.0f} {r['kb']:>16.1f} "
                        f"{r['requests']:>9.0f} {r['cached']:>11.0f}"
                    )
            browser.close()
            print("largest transfers of a cold load (KB over the network, content-encoding):")
            for name, items in largest.items():
                listed = ", ".join(f"{u[:40]} {b / 1024:.1f} ({e})" for u, (b, e) in items)
                print(f"  {name}: {listed}")


if __name__ == "__main__":
    main()
