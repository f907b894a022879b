"""In real Chromium: the schema browser (Swagger UI from sidecar) draws under the app's CSP
with a clean console; the token, portfolio, benchmark and sharing pages pass axe at desktop
and phone sizes. Screenshots go to /tmp/coprod-shots."""

import pytest

from assessments.models import Role
from ladder.models import FrameworkKind
from tests.factories.assessments import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.ladder import make_framework
from tests.functional.conftest import _watch
from tests.functional.helpers import assert_no_browser_problems, check, log_in_as
from tests.integration.test_portfolio import agree

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def world(db):
    principles = make_framework(kind=FrameworkKind.PRINCIPLES, criteria=6, order=2)
    ladder = make_framework(kind=FrameworkKind.LADDER, criteria=5, order=1)
    organisation = OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")
    facilitator = MembershipFactory(
        organisation=organisation,
        role=Role.FACILITATOR,
        user=UserFactory(username="facilitator", first_name="Fran", last_name="Facilitator"),
    ).user
    names = ["Town centre urgent care", "Community mental health", "Maternity voices"]
    programmes = []
    for i, name in enumerate(names):
        programme = ProgrammeFactory(organisation=organisation, name=name)
        a = AssessmentFactory(programme=programme, frameworks=[ladder, principles])
        agree(a, [(i + k) % 5 + 1 for k in range(6)], framework=principles)
        agree(a, [(i + k) % 7 + 1 for k in range(5)], framework=ladder)
        programmes.append(programme)
    for n in range(5):
        other = OrganisationFactory(benchmark_opt_in=True)
        a = AssessmentFactory(
            programme=ProgrammeFactory(organisation=other), frameworks=[principles]
        )
        agree(a, [(n + k) % 5 + 1 for k in range(6)], framework=principles)
    return organisation, facilitator, programmes


def _page_as(new_context, user, size):
    context = new_context()
    log_in_as(context, user)
    page = _watch(context.new_page())
    page.set_viewport_size(SIZES[size])
    return page


def assert_no_page_overflow(page):
    """A wide table scrolls in its own region; the page itself never scrolls sideways."""
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url} is {wide}px wider than the window"


def test_schema_browser_draws_under_the_csp_with_a_clean_console(page, db):
    response = page.goto("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.get_by_text("/api/programmes/", exact=True).first.is_visible()
    assert page.get_by_text("/api/assessments/{id}/results/", exact=True).first.is_visible()
    page.screenshot(path="/tmp/coprod-shots/api-docs.png", full_page=False)
    assert_no_browser_problems(page)


@pytest.mark.parametrize("size", SIZES)
def test_token_page_passes_axe_and_shows_a_new_token_once(size, new_context, world):
    _, facilitator, _ = world
    page = _page_as(new_context, facilitator, size)
    page.goto("/account/")
    page.get_by_role("link", name="Manage API tokens").click()
    check(page, f"api-tokens-empty-{size}")
    page.get_by_role("button", name="Make a new token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("coprod_")
    check(page, f"api-tokens-new-{size}")
    page.goto("/account/api-tokens/")
    assert token not in page.content()
    page.get_by_role("button", name="Revoke").click()
    assert page.get_by_text("Token revoked").is_visible()
    check(page, f"api-tokens-revoked-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_portfolio_benchmark_and_sharing_pass_axe(size, new_context, world):
    organisation, facilitator, programmes = world
    page = _page_as(new_context, facilitator, size)
    page.goto(f"/portfolio/{organisation.slug}/")
    assert page.get_by_role("table").get_by_text("Doing with").first.is_visible()
    assert_no_page_overflow(page)
    check(page, f"portfolio-{size}")
    # A sort link works without script: highest P1 first.
    page.get_by_role("link", name="P1").first.click()
    first = page.locator("tbody tr").first.locator("th")
    assert first.inner_text().strip()
    check(page, f"portfolio-sorted-{size}")
    page.goto(f"/programmes/{programmes[0].pk}/benchmark/")
    assert page.locator("svg circle").count() >= 1
    assert_no_page_overflow(page)
    check(page, f"benchmark-{size}")
    page.goto(f"/organisations/{organisation.slug}/benchmark-sharing/")
    check(page, f"benchmark-sharing-{size}")
