"""Playwright in Debian's Chromium against pytest-django's live server.

One Chromium for the whole run of browser tests (see _Chromium); a new context (cookies,
storage) per test. The page's own
Content Security Policy stays in force: axe-core is served from a same-origin address that
the context intercepts, so it loads as an ordinary external script.
"""

import os
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PATH = HERE / "vendor" / "axe.min.js"
AXE_URL_PATH = "/__functional-tests__/axe.min.js"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def _is_functional(item):
    return item is not None and HERE in Path(str(item.path)).parents


class _Chromium:
    """One Chromium for a run of browser tests, closed as soon as the run of them ends.

    Playwright's sync API keeps an asyncio loop running in this thread while it is started,
    and Django refuses ORM calls from a thread with a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set (the calls here really are synchronous). So the
    variable is set only while the browser is open; other tests, and the subprocesses some
    of them start (`check --deploy` rejects the variable), never see it.
    """

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.saved_env = None

    def get(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            if not Path(CHROMIUM).exists():
                # A failure, never a skip: `make test` installs Chromium, so its absence is
                # a broken set-up that a skipped browser suite would hide.
                pytest.fail(
                    f"{CHROMIUM} is not installed: run `make test` (apt-get install chromium)"
                )
            self.saved_env = os.environ.get(ASYNC_UNSAFE)
            os.environ[ASYNC_UNSAFE] = "true"
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        return self.browser

    def stop(self):
        if self.playwright is None:
            return
        try:
            self.browser.close()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = None
            if self.saved_env is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self.saved_env


_chromium = _Chromium()


def pytest_collection_modifyitems(items):
    # Every test in this folder drives the browser.
    for item in items:
        if _is_functional(item):
            item.add_marker(pytest.mark.functional)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # After this test's fixtures are torn down: close the browser if the next test is
        # not a browser test (or there is none).
        if not _is_functional(nextitem):
            _chromium.stop()


@pytest.fixture
def browser():
    """The shared Chromium (started on first use; see _Chromium)."""
    return _chromium.get()


def _new_context(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        **{"viewport": {"width": 1280, "height": 900}, **options},
    )
    context.set_default_timeout(10_000)
    context.base_url = live_server.url  # for setting cookies before any page is open
    context.route(
        f"**{AXE_URL_PATH}",
        lambda route: route.fulfill(path=AXE_PATH, content_type="text/javascript"),
    )
    return context


def _watch(page, js_enabled=True):
    """Collect console messages that point at a broken page (CSP violations, JS errors)."""
    page.problems = []
    page.js_enabled = js_enabled

    def on_console(message):
        text = message.text
        # NHS.UK frontend reports a component it cannot start (an ElementError) through
        # console.log, not as an error, so look at the text as well as the type.
        if (
            message.type in ("error", "warning")
            or "Content Security Policy" in text
            or "NHS.UK" in text
            or "ElementError" in text
        ):
            page.problems.append(f"console {message.type}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    return page


@pytest.fixture
def new_context(browser, live_server):
    """Make more contexts (a second person, or JavaScript turned off); all closed after."""
    contexts = []

    def make(**options):
        context = _new_context(browser, live_server, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context):
    """A fresh page in its own context: new_page() or new_page(java_script_enabled=False)."""

    def make(**options):
        page = new_context(**options).new_page()
        return _watch(page, js_enabled=options.get("java_script_enabled", True))

    return make


@pytest.fixture
def page(new_page):
    return new_page()
