"""The rubric library in Django admin: staff edit drafts, published versions are read-only."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ladder.models import Criterion, Descriptor, Framework, FrameworkKind, FrameworkStatus
from tests.factories.accounts import force_login_verified
from tests.factories.ladder import make_framework
from tests.unit.ladder.rubric_docs import load_doc_via_load_rubrics, minimal_doc

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ladder_framework_changelist")


def change_url(framework):
    return reverse("admin:ladder_framework_change", args=[framework.pk])


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-12345!")
    # Signed in with their two-factor code: the admin refuses staff without it.
    force_login_verified(client, user)
    return client


@pytest.fixture
def draft(tmp_path):
    return load_doc_via_load_rubrics(tmp_path, minimal_doc())


@pytest.fixture
def published(tmp_path):
    return load_doc_via_load_rubrics(tmp_path, minimal_doc(slug="frozen", status="published"))


def editable_names(html):
    """Names of the form fields a user could type into or choose from."""
    names = set()
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit|checkbox)"', tag) and "DELETE" not in tag:
            continue
        name = re.search(r'name="([^"]+)"', tag)
        if name:
            names.add(name.group(1))
    return names


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_superuser_sees_the_framework_changelist(superuser_client, draft, published):
    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "test-principles" in response.text and "frozen" in response.text


def test_superuser_can_open_and_edit_a_draft_framework(superuser_client, draft):
    response = superuser_client.get(change_url(draft))
    assert response.status_code == 200
    names = editable_names(response.text)
    assert {"name", "short_name", "source", "levels-0-label", "criteria-0-title"} <= names


def test_criterion_page_lists_descriptors_in_level_order(superuser_client, draft):
    criterion = draft.criteria.get(code="A")
    response = superuser_client.get(reverse("admin:ladder_criterion_change", args=[criterion.pk]))
    assert response.status_code == 200
    text = response.text
    positions = [text.index(f"A looks like level {v}") for v in (1, 2, 3)]
    assert positions == sorted(positions)


def test_published_framework_change_page_has_no_editable_inputs(superuser_client, published):
    response = superuser_client.get(change_url(published))
    assert response.status_code == 200
    assert "Test principles of co-production" in response.text
    assert editable_names(response.text) == set()


def test_published_framework_cannot_be_changed_by_post(superuser_client, published):
    response = superuser_client.post(change_url(published), {"name": "Hacked"})
    assert response.status_code == 403
    assert Framework.objects.get(pk=published.pk).name == "Test principles of co-production"


def test_published_criterion_page_has_no_editable_inputs(superuser_client, published):
    criterion = published.criteria.get(code="A")
    response = superuser_client.get(reverse("admin:ladder_criterion_change", args=[criterion.pk]))
    assert response.status_code == 200
    assert editable_names(response.text) == set()


def test_admin_can_edit_a_draft_criterion_and_its_descriptors(superuser_client, draft):
    criterion = draft.criteria.get(code="A")
    url = reverse("admin:ladder_criterion_change", args=[criterion.pk])
    form = {
        "order": 1,
        "code": "A",
        "title": "Assets, renamed",
        "statement": criterion.statement,
        "statement_source": "",
        "question": "",
        "descriptors-TOTAL_FORMS": 3,
        "descriptors-INITIAL_FORMS": 3,
        "descriptors-MIN_NUM_FORMS": 0,
        "descriptors-MAX_NUM_FORMS": 1000,
    }
    for i, d in enumerate(criterion.descriptors.order_by("level__value")):
        form |= {
            f"descriptors-{i}-id": d.pk,
            f"descriptors-{i}-criterion": criterion.pk,
            f"descriptors-{i}-level": d.level_id,
            f"descriptors-{i}-descriptor": d.descriptor + " Edited.",
            # One per line, as an editor types them; blank lines and spaces are dropped.
            f"descriptors-{i}-evidence_prompts": "Show it.\r\n\r\n  Show the minutes.  ",
            f"descriptors-{i}-next_steps": "Do more.",
        }
    response = superuser_client.post(url, form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert Criterion.objects.get(pk=criterion.pk).title == "Assets, renamed"
    edited = Descriptor.objects.filter(criterion=criterion, descriptor__endswith="Edited.")
    assert edited.count() == 3
    for descriptor in edited:
        assert descriptor.evidence_prompts == ["Show it.", "Show the minutes."]
        assert descriptor.next_steps == ["Do more."]


def test_evidence_prompts_and_next_steps_are_edited_one_per_line(superuser_client, draft):
    criterion = draft.criteria.get(code="A")
    descriptor = criterion.descriptors.order_by("level__value").first()
    Descriptor.objects.filter(pk=descriptor.pk).update(
        evidence_prompts=["Minutes of the meeting", "A co-signed plan"]
    )
    page = superuser_client.get(reverse("admin:ladder_criterion_change", args=[criterion.pk]))
    assert "Minutes of the meeting\nA co-signed plan</textarea>" in page.text
    assert "One per line" in page.text
    assert '["Minutes' not in page.text  # no JSON to edit by hand


def test_a_descriptor_with_no_evidence_prompt_is_refused_with_a_clear_message(
    superuser_client, draft
):
    criterion = draft.criteria.get(code="A")
    url = reverse("admin:ladder_criterion_change", args=[criterion.pk])
    form = {
        "order": 1,
        "code": "A",
        "title": criterion.title,
        "statement": criterion.statement,
        "descriptors-TOTAL_FORMS": 3,
        "descriptors-INITIAL_FORMS": 3,
        "descriptors-MIN_NUM_FORMS": 0,
        "descriptors-MAX_NUM_FORMS": 1000,
    }
    for i, d in enumerate(criterion.descriptors.order_by("level__value")):
        form |= {
            f"descriptors-{i}-id": d.pk,
            f"descriptors-{i}-criterion": criterion.pk,
            f"descriptors-{i}-level": d.level_id,
            f"descriptors-{i}-descriptor": "Typed and kept.",
            f"descriptors-{i}-evidence_prompts": "\n \n" if i == 0 else "Show it.",
            f"descriptors-{i}-next_steps": "Do more.",
        }
    response = superuser_client.post(url, form)
    assert response.status_code == 200
    assert "Give at least one evidence prompt, one per line." in response.text
    assert "Typed and kept." in response.text
    assert not Descriptor.objects.filter(descriptor="Typed and kept.").exists()


@pytest.mark.parametrize("model", ["framework", "criterion"])
def test_delete_selected_refuses_published_rows_and_deletes_nothing(
    superuser_client, draft, published, model
):
    rows = (
        [draft, published]
        if model == "framework"
        else [
            draft.criteria.get(code="A"),
            published.criteria.get(code="A"),
        ]
    )
    url = reverse(f"admin:ladder_{model}_changelist")
    form = {"action": "delete_selected", "_selected_action": [r.pk for r in rows]}
    # Django asks has_delete_permission of each row, so the guard in ladder/signals.py is
    # never what stops it (that would be a 500).
    confirm = superuser_client.post(url, form)
    assert confirm.status_code == 200
    assert "Cannot delete" in confirm.text
    assert "have permission to delete the following types of objects" in confirm.text
    assert superuser_client.post(url, {**form, "post": "yes"}).status_code == 403
    assert all(type(r).objects.filter(pk=r.pk).exists() for r in rows)


def test_make_a_new_draft_version_action(superuser_client, published):
    response = superuser_client.post(
        CHANGELIST, {"action": "make_draft_version", "_selected_action": [published.pk]}
    )
    assert response.status_code == 302
    new = Framework.objects.get(slug="frozen", version=2)
    assert new.status == FrameworkStatus.DRAFT
    assert new.criteria.count() == 2
    assert messages_of(response) == [
        "Made draft version 2 of frozen from version 1. Edit it, then publish it."
    ]


def test_publish_action_publishes_a_valid_draft(superuser_client, draft):
    response = superuser_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk], "confirm": "yes"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.PUBLISHED
    assert messages_of(response) == ["Published 1 framework version."]


def test_publish_action_explains_why_an_incomplete_draft_was_not_published(superuser_client, draft):
    Descriptor.objects.filter(criterion__code="A", level__value=1).delete()
    response = superuser_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk], "confirm": "yes"}
    )
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT
    assert messages_of(response) == [
        "test-principles version 1 cannot be published: criteria[0] (A).levels.1.descriptor: "
        "missing descriptor: no entry for level 1"
    ]


@pytest.mark.parametrize("url_name", ["changelist", "change"])
def test_a_logged_in_user_who_is_not_staff_is_sent_to_the_admin_login(
    client, django_user_model, draft, url_name
):
    client.force_login(django_user_model.objects.create_user("member", password="pw-12345!"))
    url = CHANGELIST if url_name == "changelist" else change_url(draft)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url_name", ["changelist", "change"])
def test_an_anonymous_user_is_sent_to_the_admin_login(client, draft, url_name):
    url = CHANGELIST if url_name == "changelist" else change_url(draft)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_user_cannot_run_actions(client, draft):
    response = client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk], "confirm": "yes"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT


@pytest.mark.parametrize("kind", [FrameworkKind.PRINCIPLES, FrameworkKind.LADDER])
def test_criterion_page_reads_the_levels_once_not_per_descriptor(
    superuser_client, kind, django_assert_max_num_queries
):
    # Five principle levels or seven ladder rungs: one descriptor form each.
    framework = make_framework(kind=kind, published=False)
    criterion = framework.criteria.first()
    url = reverse("admin:ladder_criterion_change", args=[criterion.pk])
    with django_assert_max_num_queries(12):
        response = superuser_client.get(url)
    assert response.status_code == 200
    levels = framework.levels.all()
    assert response.text.count("<option") >= len(levels) * len(levels)  # every select filled


def test_publish_first_shows_what_the_draft_changes_criterion_by_criterion(
    superuser_client, published
):
    superuser_client.post(
        CHANGELIST, {"action": "make_draft_version", "_selected_action": [published.pk]}
    )
    draft = Framework.objects.get(slug="frozen", version=2)
    Criterion.objects.filter(framework=draft, code="B").update(title="Mutuality & <trust>")
    Descriptor.objects.filter(
        criterion__framework=draft, criterion__code="A", level__value=2
    ).update(descriptor="People are asked, and told what changed.")
    page = superuser_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    assert page.status_code == 200
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT  # nothing published until confirmed
    text = page.text
    assert "Compared with published version 1." in text
    assert "<h3>A Assets</h3>" in text and "Level 2: descriptor" in text
    assert "People are asked, and told what changed." in text
    assert "Mutuality &amp; &lt;trust&gt;" in text  # escaped
    assert text.index("<h3>A Assets</h3>") < text.index("Mutuality &amp; &lt;trust&gt;")
    assert reverse("rubric_preview", args=[draft.pk]) in text
    confirmed = superuser_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk], "confirm": "yes"}
    )
    assert confirmed.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.PUBLISHED


def test_publishing_the_first_version_says_every_criterion_is_new(superuser_client, draft):
    page = superuser_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    assert "every criterion is new" in page.text
    assert "A Assets (new)" in page.text


def test_the_preview_shows_a_draft_as_a_scorer_sees_it(superuser_client, draft):
    Descriptor.objects.filter(
        criterion__framework=draft, criterion__code="A", level__value=3
    ).update(descriptor="People <decide> with us")
    assert (
        reverse("rubric_preview", args=[draft.pk]) in superuser_client.get(change_url(draft)).text
    )
    page = superuser_client.get(reverse("rubric_preview", args=[draft.pk]))
    assert page.status_code == 200
    text = page.text
    assert "Preview of draft version 1" in text
    assert "How far does the programme show assets?" in text  # the question, as the legend
    assert "People &lt;decide&gt; with us" in text
    assert "3. Co-producing" in text and "Don&#x27;t know yet" in text
    assert "Save and continue" not in text  # a preview saves nothing
    assert text.count('type="radio"') >= 2 * 5


def test_the_preview_is_for_signed_in_admins_only(client, django_user_model, draft):
    url = reverse("rubric_preview", args=[draft.pk])
    assert client.get(url)["Location"].startswith(reverse("admin:login"))
    client.force_login(django_user_model.objects.create_user("member", password="pw-12345!"))
    assert client.get(url)["Location"].startswith(reverse("admin:login"))
