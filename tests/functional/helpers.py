"""Keyboard-only driving, accessibility checks and screenshots for the browser tests."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.functional.conftest import AXE_PATH, AXE_URL_PATH

SHOTS = Path("/tmp/coprod-shots")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TAB_LIMIT = 60

_DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "(body)";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const text = (el.getAttribute("aria-label") || label || el.innerText || el.value || "")
    .trim().replace(/\\s+/g, " ").slice(0, 60);
  const bits = [el.tagName.toLowerCase()];
  if (el.id) bits.push("#" + el.id);
  if (el.type && el.tagName !== "BUTTON") bits.push("[type=" + el.type + "]");
  if (el.name) bits.push("[name=" + el.name + "]");
  return bits.join("") + (text ? ` "${text}"` : "");
}"""


def focused(page):
    """A short description of the focused element, for messages."""
    return page.evaluate(_DESCRIBE_FOCUS)


def is_focused(locator):
    return locator.evaluate_all("els => els.includes(document.activeElement)")


def tab_to(page, locator, *, limit=TAB_LIMIT, backwards=False, what=None):
    """Press Tab (or Shift+Tab) until an element matching `locator` has focus.

    Fails, listing every element focus passed through, if it is not reached within `limit`
    presses: so reaching a control also proves it can be reached by keyboard.
    """
    key = "Shift+Tab" if backwards else "Tab"
    trail = []
    for _ in range(limit):
        page.keyboard.press(key)
        if is_focused(locator):
            return locator
        trail.append(focused(page))
    raise AssertionError(
        f"{what or locator} never got focus after {limit} presses of {key} on {page.url}.\n"
        "Focus went: " + " -> ".join(trail)
    )


def tab_to_role(page, role, name, **kwargs):
    return tab_to(
        page, page.get_by_role(role, name=name, exact=True), what=f"{role} {name!r}", **kwargs
    )


def _focus_moved_by_page(page):
    return page.evaluate(
        """() => !!(document.activeElement.closest(
            '.nhsuk-notification-banner, .nhsuk-error-summary')
            || document.activeElement.matches('input[autofocus]'))"""
    )


def start_at_main(page):
    """From a fresh page load, move to the start of the main content by keyboard.

    If the page put focus on a success banner or the error summary (NHS.UK frontend does,
    so screen readers announce them), focus is already at the top of main. Otherwise the
    first Tab must reach the skip link, and Enter jumps to main.
    """
    # The frontend moves focus to a success banner as it starts, which on a loaded machine
    # can be a moment after the page is reported loaded: wait for that move (with
    # JavaScript off it never comes), then carry on from wherever focus is.
    page.wait_for_load_state("load")
    banner = page.locator(".nhsuk-notification-banner--success[role=alert]")
    if getattr(page, "js_enabled", True) and banner.count():
        try:
            expect(banner.first).to_be_focused(timeout=3_000)
        except AssertionError:
            pass
    if _focus_moved_by_page(page):
        return
    if urlsplit(page.url).fragment == "maincontent":
        # A form posted from a page reached by the skip link keeps its #maincontent through
        # the redirect, so the browser starts tabbing from main already.
        return
    if focused(page) != "(body)" and _focus_moved_by_page(page):
        return
    assert focused(page) == "(body)", f"unexpected focus on load: {focused(page)}"
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert is_focused(skip), f"first Tab should reach the skip link, got {focused(page)}"
    assert_focus_visible(page)
    page.keyboard.press("Enter")


def choose_radio(page, name, value):
    """Tab into the radio group `name` and move to `value` with the arrow keys.

    Arrow keys check the radio they land on (which fires `change`); Space checks the first
    one when nothing is checked yet.
    """
    group = page.locator(f"input[type=radio][name={name}]")
    tab_to(page, group, what=f"radio group {name!r}")
    target = page.locator(f"input[type=radio][name={name}][value='{value}']")
    count = group.count()
    for _ in range(count + 1):
        if is_focused(target):
            if not target.is_checked():
                page.keyboard.press("Space")
            assert target.is_checked()
            return target
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never reached {name}={value}; focus is on {focused(page)}")


def type_into(page, locator, text, **kwargs):
    tab_to(page, locator, **kwargs)
    page.keyboard.type(text)


def press_button(page, name, **kwargs):
    """Tab to a button (or a link styled as one) and press Enter, waiting for the next page."""
    target = page.get_by_role("button", name=name, exact=True).or_(
        page.get_by_role("link", name=name, exact=True)
    )
    tab_to(page, target, what=f"button {name!r}", **kwargs)
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow_link(page, name, **kwargs):
    tab_to_role(page, "link", name, **kwargs)
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")


_FOCUS_STYLE = """() => {
  let el = document.activeElement;
  let style = getComputedStyle(el);
  // NHS.UK radios and checkboxes hide the input and draw focus on the label's ::before.
  if ((el.type === "radio" || el.type === "checkbox") && el.labels && el.labels.length) {
    style = getComputedStyle(el.labels[0], "::before");
  }
  return {
    tag: el.tagName, outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    background: style.backgroundColor,
  };
}"""


def _transparent(colour):
    return colour in ("transparent", "rgba(0, 0, 0, 0)") or colour.endswith(", 0)")


def assert_focus_visible(page):
    """The focused element has a visible focus indicator (outline or box-shadow)."""
    style = page.evaluate(_FOCUS_STYLE)
    outline = (
        style["outlineStyle"] != "none"
        and style["outlineWidth"] not in ("0px", "")
        and not _transparent(style["outlineColor"])
    )
    shadow = style["boxShadow"] not in ("none", "")
    assert outline or shadow, f"no visible focus on {focused(page)}: {style}"


def _origin(page):
    parts = urlsplit(page.url)
    return f"{parts.scheme}://{parts.netloc}"


def assert_accessible(page):
    """Run axe-core (WCAG 2.0-2.2 A and AA rules); fail listing every violation."""
    if not getattr(page, "js_enabled", True):
        return _assert_accessible_without_javascript(page)
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.add_script_tag(url=_origin(page) + AXE_URL_PATH)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        WCAG_TAGS,
    )
    violations = results["violations"]
    report = []
    for v in violations:
        report.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            report.append(f"    {' '.join(node['target'])}: {node['failureSummary']}")
    assert not violations, f"axe found problems on {page.url}:\n" + "\n".join(report)


def _assert_accessible_without_javascript(page):
    """axe needs timers, which do not run while JavaScript is off. So check a copy of the
    page as the browser has it (no script has touched it) in a context where the page's own
    scripts are refused but axe can run."""
    url = page.url
    html = page.content()
    context = page.context.browser.new_context(
        locale="en-GB", viewport=page.viewport_size, java_script_enabled=True
    )
    try:
        # The route added last is tried first: axe is served, every other script refused.
        context.route("**/*.js", lambda route: route.abort())
        context.route(
            f"**{AXE_URL_PATH}",
            lambda route: route.fulfill(path=AXE_PATH, content_type="text/javascript"),
        )
        context.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        copy = context.new_page()
        copy.goto(url)
        assert copy.evaluate("() => !document.body.classList.contains('nhsuk-frontend-supported')")
        copy.js_enabled = True
        assert_accessible(copy)
    finally:
        context.close()


def screenshot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def check_page(page, name):
    """Screenshot the page and run axe on it."""
    page.wait_for_load_state("load")
    screenshot(page, name)
    assert_accessible(page)


def assert_no_browser_problems(page, allow=()):
    """Nothing went wrong in the console: no CSP violation, script error or frontend refusal.

    `allow`: substrings of messages expected here (such as an autosave's 409 Conflict)."""
    problems = [p for p in getattr(page, "problems", []) if not any(a in p for a in allow)]
    assert not problems, f"browser reported problems on {page.url}:\n" + "\n".join(problems)


def check(page, name, allow=()):
    """check_page, and the browser console stayed clean."""
    check_page(page, name)
    assert_no_browser_problems(page, allow)


def path_of(page):
    return urlsplit(page.url).path


def expect_path(page, pattern):
    assert re.fullmatch(pattern, path_of(page)), f"expected {pattern}, at {page.url}"


def wait_for_autosave(page):
    """Wait until the autosave status says the answer was saved."""
    page.locator("#autosave-status").filter(has_text=re.compile(r"Saved at \d\d:\d\d")).wait_for()


def log_in_as(context, user):
    """Set up: give the browser context a logged-in session (journeys log in by keyboard)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": context.base_url}])
