"""An admin previews a draft rubric as a scorer will see it: the same NHS.UK page, axe-clean
at desktop size and on a 390 × 844 phone (issue 16, part 4)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories.accounts import force_login_verified
from tests.factories.ladder import make_framework
from tests.functional.helpers import check

pytestmark = pytest.mark.functional

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _admin_session(context):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-12345!")
    client = Client()
    force_login_verified(client, admin)  # the admin asks for two-factor
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": context.base_url}])


@pytest.mark.parametrize("size", SIZES)
def test_a_draft_previews_as_the_scoring_page_and_is_accessible(new_page, size):
    from ladder.models import FrameworkKind

    draft = make_framework(kind=FrameworkKind.LADDER, published=False)
    page = new_page()
    page.set_viewport_size(SIZES[size])
    _admin_session(page.context)
    page.goto(f"/admin/ladder/framework/{draft.pk}/preview/")
    assert "Preview of draft version" in page.inner_text("main")
    assert page.locator("input[type=radio]").count() >= draft.criteria.count() * 7
    check(page, f"rubric-preview-{size}")
