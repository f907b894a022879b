"""Scoring that everyone can do (issue 15): a guest leaves and comes back by the same link
and by the home page, asks for a fresh link in another browser, and a facilitator records
answers on someone's behalf, which the report marks. axe at desktop and phone size on each
new or changed page (screenshots in /tmp/coprod-shots)."""

import re

import pytest
from django.core import mail

from assessments import services
from assessments.models import Perspective
from tests.factories.assessments import ParticipantFactory
from tests.functional.helpers import (
    check,
    choose_radio,
    expect_path,
    log_in_as,
    press_button,
    start_at_main,
    type_into,
    wait_for_autosave,
)

pytestmark = pytest.mark.functional

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _both(page, name, allow=()):
    """axe and a screenshot at desktop and at phone size."""
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        check(page, f"everyone-{name}-{size}", allow)
    page.set_viewport_size(DESKTOP)


def _invite(assessment, facilitator, live_server):
    services.invite_participant(
        assessment=assessment,
        name="Sam Rivers",
        email="sam@example.org",
        perspective=Perspective.LIVED_EXPERIENCE,
        invited_by=facilitator,
        build_link=lambda token: f"{live_server.url}/join/{token}/",
    )
    return _last_link()


def _last_link():
    return re.search(r"https?://\S+/join/\S+/", mail.outbox[-1].body).group(0)


def test_a_guest_leaves_and_comes_back_by_the_same_link_and_the_home_page(
    new_page, facilitator, assessment, live_server
):
    link = _invite(assessment, facilitator, live_server)
    page = new_page()
    page.goto(link)
    assert page.get_by_text("There are 5 questions").is_visible()
    _both(page, "welcome")
    press_button(page, "Start scoring")
    expect_path(page, rf"/assessments/{assessment.pk}/score/")
    press_button(page, "Start scoring")
    start_at_main(page)
    choose_radio(page, "level", "2")
    wait_for_autosave(page)
    press_button(page, "Save and come back later")

    page.goto(f"{live_server.url}/about/")  # they leave
    page.goto(link)  # and open the same (used) link again
    expect_path(page, rf"/assessments/{assessment.pk}/score/")
    assert page.get_by_text("Welcome back").is_visible()
    assert page.get_by_text("You have answered 1 of 5 questions").is_visible()
    _both(page, "welcome-back")
    page.goto(f"{live_server.url}/")  # the home page carries on too
    expect_path(page, rf"/assessments/{assessment.pk}/score/")

    # On a phone, the usual browser does not share the mail app's session.
    other = new_page()
    other.goto(link)
    expect_path(other, r"/join/link-not-working/")
    _both(other, "link-not-working", allow=["status of 410"])
    start_at_main(other)
    type_into(other, other.get_by_label("Your email address"), "sam@example.org")
    press_button(other, "Email me a new link")
    assert other.get_by_role("heading", name="Check your email").is_visible()
    _both(other, "fresh-link-sent", allow=["status of 410"])  # the page before
    other.goto(_last_link())
    press_button(other, "Start scoring")
    assert other.get_by_text("You have answered 1 of 5 questions").is_visible()


def test_assisted_scoring_is_marked_in_the_report(
    new_context, facilitator, viewer, assessment, live_server
):
    facilitator.first_name, facilitator.last_name = "Fay", "Facilitator"
    facilitator.save()
    guest = ParticipantFactory(
        assessment=assessment, name="Jo Phone", perspective=Perspective.LIVED_EXPERIENCE
    )
    context = new_context()
    log_in_as(context, facilitator)
    page = context.new_page()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    start_at_main(page)
    press_button(page, "Record answers for Jo Phone (lived experience)")
    assert page.get_by_text("You are recording answers for Jo Phone").is_visible()
    _both(page, "record-task-list")
    press_button(page, "Start scoring")
    _both(page, "record-question")
    start_at_main(page)
    choose_radio(page, "level", "2")
    wait_for_autosave(page)
    type_into(
        page, page.get_by_label("What makes you say this? (optional)"), "Told me on the phone."
    )
    press_button(page, "Save and come back later")
    expect_path(page, rf"/assessments/{assessment.pk}/record/{guest.pk}/")

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/participants/{guest.pk}/fresh-link/")
    _both(page, "fresh-link-make")
    press_button(page, "Make a new link")
    assert "/join/" in page.get_by_label("Copy this link").input_value()
    _both(page, "fresh-link-shown")

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/submit/")
    assert page.get_by_text("have no agreed level").first.is_visible()
    _both(page, "submit-with-care")

    viewers = new_context()
    log_in_as(viewers, viewer)
    report = viewers.new_page()
    report.goto(f"{live_server.url}/assessments/{assessment.pk}/report/")
    report.get_by_role("link", name=re.compile(r"^1 item")).first.click()  # its evidence page
    mark = "recorded by a facilitator on behalf of Participant 1 (lived experience)"
    assert mark in report.content()
    _both(report, "report-with-mark")
    report.goto(f"{live_server.url}/assessments/{assessment.pk}/consensus/")
    assert report.get_by_role("heading", name="You do not have permission to do this").is_visible()
    _both(report, "not-allowed")


def test_the_action_form_offers_only_the_chosen_criterions_levels(
    new_context, facilitator, assessment, live_server
):
    from ladder.models import Level
    from tests.factories.scenarios import score_assessment

    score_assessment(assessment=assessment)
    principles = assessment.frameworks.get(kind="principles")
    criterion = principles.criteria.first()
    context = new_context()
    log_in_as(context, facilitator)
    page = context.new_page()
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/actions/new/")
    page.get_by_label("Which principle or stage is this action for?").select_option(
        str(criterion.pk)
    )
    offered = page.locator("select[name=target_level] option:not([hidden])[data-framework]")
    ids = {int(v) for v in offered.evaluate_all("os => os.map(o => o.value)")}
    assert ids == set(Level.objects.filter(framework=principles).values_list("pk", flat=True))
    _both(page, "action-form")
