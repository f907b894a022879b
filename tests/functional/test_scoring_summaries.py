"""A question of a version-2 rubric on a 390 × 844 phone, in real Chromium: with plain
summaries every question is shorter than in version 1, its choices fit in two phone screens
and the whole page in about two and a half (header and footer included); the full
descriptors and the folded optional answers open by keyboard and without JavaScript, and
autosave still saves what is typed in the fold; axe finds nothing on desktop or phone."""

import pytest
from django.core.management import call_command

from assessments import services
from assessments.models import Perspective
from ladder.models import Framework
from tests.factories.assessments import ParticipantFactory
from tests.functional.helpers import check, log_in_as, tab_to, wait_for_autosave

pytestmark = pytest.mark.functional

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# What the version-2 pages measure (issue 15): 2,800-3,200 px before the statement, the
# optional answers and the full descriptors were folded; now 1,682-2,080 px (median 1,771).
LONGEST_PAGE = 2100
MEDIAN_PAGE = 1800


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
    # Every whole page (header and footer included) is about two and a half screens at most.
    too_long = {code: px for code, px in pages.items() if px > LONGEST_PAGE}
    assert not too_long, f"version-2 questions over {LONGEST_PAGE} px on a phone: {too_long}"
    assert sorted(pages.values())[len(pages) // 2] <= MEDIAN_PAGE
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
    # The full descriptors are one keypress away: Tab to their summary, Enter opens them.
    descriptions = page.locator("#id_level-descriptions")
    tab_to(page, descriptions.locator("summary"), what="Full description of each level")
    page.keyboard.press("Enter")
    assert descriptions.evaluate("d => d.open")
    first = criterion.descriptors.order_by("level__value").first().descriptor
    assert " ".join(first.split())[:60] in descriptions.inner_text()
    page.locator("#how-to-choose summary").click()
    page.locator("#about-criterion summary").click()
    check(page, "score-v2-phone-open")
    # The optional answers open by keyboard too, and what is typed there autosaves.
    fold = page.locator("#answer-more")
    assert not fold.evaluate("d => d.open")
    tab_to(page, fold.locator("> summary"), what="the optional answers")
    page.keyboard.press("Enter")
    page.get_by_role("radio").first.check()
    wait_for_autosave(page)
    evidence = page.get_by_label("What makes you say this? (optional)")
    tab_to(page, evidence, what="the evidence box")
    page.keyboard.type("Seen at the forum.")
    scores = on_v2.participants.get().scores.filter(criterion=criterion)
    for _ in range(100):  # typing saves a moment after it stops
        if scores.filter(evidence="Seen at the forum.").exists():
            break
        page.wait_for_timeout(50)
    assert scores.get().evidence == "Seen at the forum."
    check(page, "score-v2-phone-fold-open")
    # The level's name and summary are the radio's accessible name.
    radio = page.get_by_role("radio").first
    summary = page.locator(".coprod-level__summary").first.inner_text()
    assert summary in radio.evaluate("r => r.labels[0].innerText")
    radio.check()
    page.set_viewport_size(DESKTOP)
    check(page, "score-v2-desktop")


def test_without_javascript_the_folds_still_open_and_the_answer_saves(
    new_page, facilitator, programme
):
    call_command("load_rubrics", verbosity=0)
    on_v2 = _assessment(programme, facilitator, 2)
    criterion = on_v2.frameworks.get(slug="nef-six-principles").criteria.get(code="NEF1")
    page = new_page(java_script_enabled=False)
    page.set_viewport_size(PHONE)
    log_in_as(page.context, facilitator)
    page.goto(f"/assessments/{on_v2.pk}/score/{criterion.pk}/")
    for fold in ("#id_level-descriptions", "#about-criterion", "#answer-more"):
        page.locator(f"{fold} > summary").click()
        assert page.locator(fold).evaluate("d => d.open")
    check(page, "score-v2-phone-no-js")
    page.get_by_role("radio").nth(2).check()
    page.get_by_label("What makes you say this? (optional)").fill("Seen it.")
    page.get_by_label("Links to documents (optional)").fill("not a link")
    page.get_by_role("button", name="Save and come back later").click()
    # An error: the fold is open again, with everything typed still there.
    assert page.locator("#answer-more").evaluate("d => d.open")
    assert page.get_by_label("What makes you say this? (optional)").input_value() == "Seen it."
    assert page.locator("#id_level_2").is_checked()
    page.get_by_label("Links to documents (optional)").fill("https://example.org/minutes")
    page.get_by_role("button", name="Save and come back later").click()
    score = on_v2.participants.get().scores.get(criterion=criterion)
    assert (score.level.value, score.evidence, score.links) == (
        3,
        "Seen it.",
        "https://example.org/minutes",
    )


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
