"""A question of a version-2 rubric on a 390 × 844 phone, in real Chromium: with plain
summaries every question is shorter than in version 1 and its choices fit in two phone
screens; the full descriptor opens by keyboard and without JavaScript; axe finds nothing on
desktop or phone."""

import pytest
from django.core.management import call_command

from assessments import services
from assessments.models import Perspective
from ladder.models import Framework
from tests.factories.assessments import ParticipantFactory
from tests.functional.helpers import check, log_in_as, tab_to

pytestmark = pytest.mark.functional

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _assessment(programme, facilitator, version):
    frameworks = list(Framework.objects.published().filter(version=version))
    assessment = services.create_assessment(
        programme=programme, title=f"On version {version}", frameworks=frameworks
    )
    ParticipantFactory(assessment=assessment, user=facilitator, perspective=Perspective.NHS_STAFF)
    return assessment


def _heights(page, assessment):
    """{criterion code: (the page's document.body.scrollHeight, the choices' height)}."""
    heights = {}
    for framework in assessment.frameworks.all():
        for criterion in framework.criteria.all():
            page.goto(f"/assessments/{assessment.pk}/score/{criterion.pk}/")
            heights[criterion.code] = page.evaluate(
                """() => [document.body.scrollHeight, Math.round(document.querySelector(
                    "#div_id_level fieldset").getBoundingClientRect().height)]"""
            )
    return heights


def test_every_version_2_question_is_shorter_and_its_choices_fit_two_phone_screens(
    new_page, facilitator, programme, capsys
):
    call_command("load_rubrics", verbosity=0)
    on_v1 = _assessment(programme, facilitator, 1)
    on_v2 = _assessment(programme, facilitator, 2)
    page = new_page()
    page.set_default_timeout(30_000)  # 44 pages, on a machine that may be busy
    page.set_viewport_size(PHONE)
    log_in_as(page.context, facilitator)

    v1, v2 = _heights(page, on_v1), _heights(page, on_v2)
    pages = {code: px for code, (px, _) in v2.items()}
    choices = {code: px for code, (_, px) in v2.items()}
    with capsys.disabled():
        for name, found in (("version 1", v1), ("version 2", v2)):
            longest = max(found, key=lambda code: found[code][0])
            median = sorted(px for px, _ in found.values())[len(found) // 2]
            print(
                f"\n{name} on a 390 x 844 phone: longest page {found[longest][0]} px "
                f"({longest}), median {median} px; "
                f"longest choices {max(px for _, px in found.values())} px"
            )
    # The choices (question, levels, "not applicable", "don't know yet") fit in two screens.
    too_tall = {code: px for code, px in choices.items() if px > 2 * PHONE["height"]}
    assert not too_tall, f"choices taller than two 390 × 844 screens: {too_tall}"
    # Every question kept from version 1 is shorter than it was, the longest by a sixth.
    longer = {
        code: (v1[code][0], px) for code, px in pages.items() if code in v1 and px >= v1[code][0]
    }
    assert not longer, f"no shorter than in version 1 (was, now): {longer}"
    assert max(pages.values()) < max(px for px, _ in v1.values()) * 5 / 6
    assert max(px for _, px in v1.values()) > 2 * PHONE["height"]  # the measure can fail

    # The longest version-2 question, looked at and checked on the phone and on a desktop.
    code = max(pages, key=pages.get)
    criterion = on_v2.frameworks.get(criteria__code=code).criteria.get(code=code)
    page.goto(f"/assessments/{on_v2.pk}/score/{criterion.pk}/")
    check(page, "score-v2-phone")
    # The full descriptor is one keypress away: Tab to its summary, Enter opens it.
    toggle = page.locator(".coprod-level__details summary").first
    tab_to(page, toggle, what="the first level's Full description")
    page.keyboard.press("Enter")
    assert page.locator(".coprod-level__details").first.evaluate("d => d.open")
    page.locator("#how-to-choose summary").click()
    check(page, "score-v2-phone-open")
    # The level's name and summary are the radio's accessible name.
    radio = page.get_by_role("radio").first
    summary = page.locator(".coprod-level__summary").first.inner_text()
    assert summary in radio.evaluate("r => r.labels[0].innerText")
    radio.check()
    page.set_viewport_size(DESKTOP)
    check(page, "score-v2-desktop")


def test_without_javascript_a_full_description_still_opens_and_the_answer_saves(
    new_page, facilitator, programme
):
    call_command("load_rubrics", verbosity=0)
    on_v2 = _assessment(programme, facilitator, 2)
    criterion = on_v2.frameworks.get(slug="nef-six-principles").criteria.get(code="NEF1")
    page = new_page(java_script_enabled=False)
    page.set_viewport_size(PHONE)
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{on_v2.pk}/score/{criterion.pk}/")
    details = page.locator(".coprod-level__details").nth(2)
    details.locator("summary").click()
    assert details.evaluate("d => d.open")
    check(page, "score-v2-phone-no-js")
    page.get_by_role("radio").nth(2).check()
    page.get_by_role("button", name="Save and come back later").click()
    assert on_v2.participants.get().scores.get(criterion=criterion).level.value == 3


def test_the_report_s_method_note_on_a_phone(new_page, facilitator, programme):
    call_command("load_rubrics", verbosity=0)
    on_v2 = _assessment(programme, facilitator, 2)
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{on_v2.pk}/report/")
    assert "checked by: not yet checked" in page.locator("#rubric-review").inner_text()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > 391).slice(0, 8)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone: {wide}"
    page.locator("#method").scroll_into_view_if_needed()
    check(page, "report-v2-method-phone")
