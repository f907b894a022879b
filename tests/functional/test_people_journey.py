"""A facilitator adds a colleague by email; the colleague sets a password and is signed in.

Keyboard only, axe-core on every new page, at desktop size and on a 390 × 844 phone.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from assessments.models import Membership, Perspective, Role
from tests.factories.assessments import MembershipFactory, OrganisationFactory, UserFactory
from tests.functional.helpers import (
    check,
    choose_radio,
    expect_path,
    follow_link,
    log_in_as,
    press_button,
    start_at_main,
    type_into,
)

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "Ladder-of-participation-2026"


def _facilitator():
    organisation = OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")
    return MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        user=UserFactory(username="fran", first_name="Fran", last_name="Okafor"),
    ).user


def _page(new_page, size):
    page = new_page()
    page.set_viewport_size(SIZES[size])
    return page


@pytest.mark.parametrize("size", SIZES)
def test_facilitator_adds_a_colleague_who_sets_a_password_by_keyboard(new_page, size):
    fran = _facilitator()
    page = _page(new_page, size)
    log_in_as(page.context, fran)

    page.goto("/programmes/")
    start_at_main(page)
    follow_link(page, "People in NHS Demo Valley ICB")
    expect_path(page, "/organisations/demo-valley/people/")
    check(page, f"people-list-{size}")

    start_at_main(page)
    press_button(page, "Add a person")
    check(page, f"people-add-{size}")

    # Send it with no email first: the error summary keeps what was typed.
    start_at_main(page)
    type_into(page, page.get_by_label("Full name"), "Priya Shah")
    choose_radio(page, "role", Role.CONTRIBUTOR)
    choose_radio(page, "perspective", Perspective.CLINICIAN)
    press_button(page, "Add person")
    assert page.title().startswith("Error:")
    check(page, f"people-add-error-{size}")
    assert page.get_by_label("Full name").input_value() == "Priya Shah"
    assert page.locator("input[name=perspective][value=clinician]").is_checked()

    start_at_main(page)  # focus starts on the error summary
    type_into(page, page.get_by_label("Email address"), "priya.shah@example.nhs.uk")
    press_button(page, "Add person")
    expect_path(page, "/organisations/demo-valley/people/")
    check(page, f"people-list-invited-{size}")
    main = page.inner_text("main")
    assert "Invitation sent to Priya Shah." in main
    assert "priya.shah@example.nhs.uk" in main.split("Invited, not joined yet")[1]

    # The colleague, in a browser of their own.
    [message] = mail.outbox
    link = re.search(r"https?://\S+/join-organisation/\S+/", message.body).group(0)
    colleague = _page(new_page, size)
    colleague.goto(link)
    check(colleague, f"people-set-password-{size}")
    start_at_main(colleague)
    name = colleague.get_by_label("Your full name")
    assert name.input_value() == "Priya Shah"
    type_into(colleague, colleague.get_by_label("Create a password"), "password")
    type_into(colleague, colleague.get_by_label("Type the password again"), "password")
    press_button(colleague, "Set password and continue")
    assert "This password is too common." in colleague.inner_text("main")
    check(colleague, f"people-set-password-error-{size}")

    start_at_main(colleague)
    type_into(colleague, colleague.get_by_label("Create a password"), PASSWORD)
    type_into(colleague, colleague.get_by_label("Type the password again"), PASSWORD)
    press_button(colleague, "Set password and continue")
    expect_path(colleague, "/programmes/")
    assert "Welcome to NHS Demo Valley ICB on Coprod" in colleague.inner_text("main")
    check(colleague, f"people-welcome-{size}")

    user = get_user_model().objects.get(username="priya.shah@example.nhs.uk")
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.perspective) == (Role.CONTRIBUTOR, Perspective.CLINICIAN)

    # The link works once: opened again, it says so and what to do next.
    colleague.goto(link)
    assert "This link has already been used." in colleague.inner_text("main")
    check(colleague, f"people-link-used-{size}", allow=["status of 410 (Gone)"])


@pytest.mark.parametrize("size", SIZES)
def test_facilitator_changes_a_role_and_removes_a_member_by_keyboard(new_page, size):
    fran = _facilitator()
    priya = MembershipFactory(
        organisation=Membership.objects.get(user=fran).organisation,
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="priya", first_name="Priya", last_name="Shah"),
    )
    page = _page(new_page, size)
    log_in_as(page.context, fran)
    page.goto("/organisations/demo-valley/people/")

    start_at_main(page)
    follow_link(page, "Change role of Priya Shah")
    check(page, f"people-change-role-{size}")
    start_at_main(page)
    choose_radio(page, "role", Role.VIEWER)
    press_button(page, "Save role")
    expect_path(page, "/organisations/demo-valley/people/")
    assert "Priya Shah is now a viewer." in page.inner_text("main")
    priya.refresh_from_db()
    assert priya.role == Role.VIEWER

    start_at_main(page)
    follow_link(page, "Remove Priya Shah")
    check(page, f"people-remove-{size}")
    start_at_main(page)
    press_button(page, "Remove Priya Shah")
    assert "Priya Shah is no longer a member of NHS Demo Valley ICB." in page.inner_text("main")
    assert not Membership.objects.filter(pk=priya.pk).exists()

    # Fran is now the only facilitator, so cannot remove herself.
    start_at_main(page)
    follow_link(page, "Remove Fran Okafor")
    start_at_main(page)
    press_button(page, "Remove Fran Okafor")
    assert "You cannot remove the only facilitator" in page.inner_text("main")
    check(page, f"people-remove-refused-{size}", allow=["status of 400 (Bad Request)"])
    assert Membership.objects.filter(user=fran).exists()
