"""The checks the journeys rely on do catch problems (so a passing journey means something)."""

import pytest

from tests.functional.helpers import assert_accessible, assert_focus_visible, tab_to

pytestmark = pytest.mark.functional


def test_assert_accessible_lists_each_violation(page, db):
    page.goto("/about/")
    assert_accessible(page)
    page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.src = "/static/none.png";
          img.id = "no-alt";
          document.querySelector("main").append(img);
        }"""
    )
    with pytest.raises(AssertionError, match=r"image-alt \(critical\).*\n.*#no-alt"):
        assert_accessible(page)


def test_tab_to_fails_clearly_when_a_control_cannot_be_reached(page, db):
    page.goto("/about/")
    with pytest.raises(AssertionError, match="never got focus after 5 presses of Tab"):
        tab_to(page, page.get_by_role("heading", name="About the rubrics"), limit=5)


def test_assert_focus_visible_fails_when_the_focus_style_is_removed(page, db):
    page.goto("/about/")
    tab_to(page, page.get_by_role("link", name="Accessibility statement"))
    assert_focus_visible(page)
    page.evaluate(
        """() => { const el = document.activeElement;
                   el.style.setProperty("box-shadow", "none", "important");
                   el.style.setProperty("outline", "none", "important"); }"""
    )
    with pytest.raises(AssertionError, match="no visible focus"):
        assert_focus_visible(page)
