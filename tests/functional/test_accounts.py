"""Account pages in the browser: the idle warning and "Stay signed in", and axe-core on every
new page at desktop and phone size (screenshots in /tmp/coprod-shots)."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts import idle
from accounts.two_factor import NEW_CODES_KEY
from assessments import services
from assessments.models import Score
from tests.factories.accounts import confirmed_device
from tests.functional.helpers import (
    check,
    choose_radio,
    focused,
    is_focused,
    log_in_as,
    press_button,
    start_at_main,
    type_into,
)

pytestmark = pytest.mark.functional

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery staple"


def _session(page):
    key = next(
        c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME
    )
    return SessionStore(session_key=key)


def test_the_idle_warning_appears_and_stay_signed_in_keeps_the_session(page, settings, facilitator):
    # One minute of idleness, warned 45 seconds before: the warning comes within seconds
    # (and not before the page has loaded on a busy machine).
    settings.MEMBER_IDLE_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 45
    log_in_as(page.context, facilitator)
    page.goto("/programmes/")
    create = page.get_by_role("link", name="Create a programme")
    create.focus()
    assert is_focused(create), "the warning came before the page was ready"
    before = _session(page)[idle.LAST_SEEN_KEY]

    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    dialog.wait_for(timeout=30_000)
    stay = dialog.get_by_role("button", name="Stay signed in")
    assert is_focused(stay), f"focus should be on Stay signed in, is on {focused(page)}"
    assert re.search(r"we will sign you out at \d\d:\d\d", dialog.inner_text())
    check(page, "accounts-session-warning")
    page.set_viewport_size(PHONE)
    check(page, "accounts-session-warning-phone")
    page.set_viewport_size(DESKTOP)

    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#session-status")).to_have_text("You are still signed in.")
    # Focus goes back where the person was.
    assert is_focused(create), focused(page)
    assert _session(page)[idle.LAST_SEEN_KEY] > before
    # Still signed in: the page loads, not the login page.
    page.goto("/account/")
    assert page.get_by_role("heading", name="Your account").is_visible()


def test_an_answer_typed_after_the_session_ended_is_saved_after_signing_in_again(
    page, monkeypatch, facilitator, assessment
):
    services.join_as_member(assessment=assessment, user=facilitator, perspective="nhs_staff")
    criterion = assessment.frameworks.order_by("order").first().criteria.order_by("order")[0]
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{assessment.pk}/score/{criterion.pk}/")
    # The person leaves the page open for 45 minutes (the live server shares this clock).
    real_now = idle.now
    monkeypatch.setattr(idle, "now", lambda: real_now() + 45 * 60)

    start_at_main(page)
    evidence = "Carers co-chair the steering group."
    type_into(page, page.get_by_label("What makes you say this? (optional)"), evidence)
    choose_radio(page, "level", "4")
    # The autosave is refused: the page says so, and the warning says they are signed out.
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("This was not saved")
    dialog = page.get_by_role("dialog", name="You have been signed out")
    dialog.wait_for()
    check(page, "accounts-signed-out-dialog", allow=("401",))
    close = dialog.get_by_role("button", name="Close")
    assert is_focused(close), focused(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    press_button(page, "Save and continue")
    assert "Sign in again and you can save what you typed" in page.inner_text("main")
    page.get_by_label("Username").fill("facilitator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Save what you typed before you were signed out"
    )
    assert evidence in page.inner_text("main")
    check(page, "accounts-restore-after-expiry", allow=("401",))
    page.get_by_role("button", name="Save what you typed").click()
    page.wait_for_load_state()
    score = Score.objects.get(criterion=criterion)
    assert score.level.value == 4 and score.evidence == evidence


def _pages_for(page, user, assessment_url):
    """Each new page: a name for the screenshot and a way to get there."""

    def stash():
        session = _session(page)
        session[idle.STASH_KEY] = {
            "user_id": user.pk,
            "path": assessment_url,
            "fields": [["evidence", "We met carers at the library every month."], ["level", "3"]],
            "at": idle.now(),
        }
        session.save()
        page.goto("/account/your-unsaved-answer/")

    def backup_codes():
        confirmed_device(user)
        session = _session(page)
        session[NEW_CODES_KEY] = [StaticToken.random_token() for _ in range(10)]
        session.save()
        page.goto("/account/two-factor/backup-codes/")

    return [
        ("account", lambda: page.goto("/account/")),
        ("password-change", lambda: page.goto("/account/password/")),
        ("two-factor-setup", lambda: page.goto("/account/two-factor/")),
        ("restore-post", stash),
        ("backup-codes", backup_codes),
        ("two-factor-on", lambda: page.goto("/account/two-factor/")),
    ]


def test_new_account_pages_pass_axe_at_desktop_and_phone_size(new_page, facilitator, assessment):
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page()
        page.set_viewport_size(viewport)
        log_in_as(page.context, facilitator)
        for name, go in _pages_for(page, facilitator, f"/assessments/{assessment.pk}/"):
            go()
            check(page, f"accounts-{name}-{size_name}")
        TOTPDevice.objects.filter(user=facilitator).delete()  # set up afresh at the next size

        anonymous = new_page()
        anonymous.set_viewport_size(viewport)
        for name, url in (
            ("password-reset", "/password-reset/"),
            ("password-reset-sent", "/password-reset/sent/"),
            ("password-reset-invalid", "/password-reset/MQ/not-a-token/"),
            ("password-reset-complete", "/password-reset/done/"),
        ):
            anonymous.goto(url)
            check(anonymous, f"accounts-{name}-{size_name}")


def test_the_code_step_and_the_lockout_page_pass_axe_at_both_sizes(new_page, settings, teammate):
    settings.AXES_FAILURE_LIMIT = 2
    confirmed_device(teammate)
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page()
        page.set_viewport_size(viewport)
        page.goto("/login/")
        page.get_by_label("Username").fill("teammate")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Enter the code from your authenticator app"
        )
        check(page, f"accounts-login-code-{size_name}")
        page.get_by_role("button", name="Continue").click()
        assert page.title().startswith("Error:")
        check(page, f"accounts-login-code-error-{size_name}")

        locked = new_page()
        locked.set_viewport_size(viewport)
        for _ in range(2):
            locked.goto("/login/")
            locked.get_by_label("Username").fill(f"someone-{size_name}")
            locked.get_by_label("Password").fill("wrong")
            locked.get_by_role("button", name="Log in").click()
        expect(locked.get_by_role("heading", level=1)).to_contain_text("Try again after")
        # The 429 itself is reported by the console: it is the page we mean to show.
        check(locked, f"accounts-locked-out-{size_name}", allow=("429",))
