"""New draft versions, publishing, and the freeze on published versions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from ladder.models import (
    Criterion,
    Descriptor,
    Framework,
    FrameworkStatus,
    Level,
    PublishedFrameworkError,
)
from ladder.rubric_document import framework_to_document
from ladder.services import create_draft_version, publish
from tests.unit.ladder.rubric_docs import minimal_doc

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(load_doc):
    return load_doc(minimal_doc(status="published"))


@pytest.fixture
def draft(load_doc):
    return load_doc(minimal_doc(status="draft"))


def rows(framework):
    """Every stored value of a framework version, for before/after comparisons."""
    return {
        "framework": Framework.objects.filter(pk=framework.pk).values().get(),
        "levels": list(Level.objects.filter(framework=framework).values().order_by("pk")),
        "criteria": list(Criterion.objects.filter(framework=framework).values().order_by("pk")),
        "descriptors": list(
            Descriptor.objects.filter(criterion__framework=framework).values().order_by("pk")
        ),
    }


def test_create_draft_version_copies_everything_into_the_next_version(published):
    draft = create_draft_version(framework=published)
    assert (draft.slug, draft.version, draft.status, draft.published_at) == (
        published.slug,
        2,
        FrameworkStatus.DRAFT,
        None,
    )
    expected = framework_to_document(published)
    expected["framework"].update(version=2, status="draft")
    assert framework_to_document(draft) == expected


def test_create_draft_version_numbers_after_the_highest_existing_version(published):
    create_draft_version(framework=published)
    third = create_draft_version(framework=published)
    assert third.version == 3


def test_editing_a_new_draft_leaves_the_published_version_rows_unchanged(published):
    before = rows(published)
    draft = create_draft_version(framework=published)
    descriptor = Descriptor.objects.get(
        criterion__framework=draft, criterion__code="A", level__value=2
    )
    descriptor.descriptor = "New wording."
    descriptor.save()
    level = draft.levels.get(value=1)
    level.label = "Telling"
    level.save()
    draft.criteria.get(code="B").delete()
    draft.name = "Renamed"
    draft.save()

    assert rows(published) == before
    assert (
        Descriptor.objects.get(
            criterion__framework=published, criterion__code="A", level__value=2
        ).descriptor
        != "New wording."
    )


def test_publish_publishes_a_valid_draft_and_stamps_the_time(draft):
    publish(framework=draft)
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.PUBLISHED
    assert draft.published_at is not None


def test_publish_refuses_an_incomplete_draft_and_names_the_gap(draft):
    Descriptor.objects.filter(criterion__code="B", level__value=3).delete()
    with pytest.raises(ValidationError) as error:
        publish(framework=draft)
    assert error.value.messages == [
        "test-principles version 1 cannot be published: "
        "criteria[1] (B).levels.3.descriptor: missing descriptor: no entry for level 3"
    ]
    draft.refresh_from_db()
    assert draft.status == FrameworkStatus.DRAFT


def test_publish_refuses_an_already_published_version(published):
    with pytest.raises(ValidationError, match="already published"):
        publish(framework=published)


def test_a_published_framework_refuses_save_and_delete(published):
    published.name = "Changed"
    with pytest.raises(PublishedFrameworkError):
        published.save()
    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        published.delete()
    published.status = FrameworkStatus.DRAFT
    with pytest.raises(PublishedFrameworkError):
        published.save()
    assert Framework.objects.get(pk=published.pk).name == "Test principles of co-production"


@pytest.mark.parametrize("model", [Level, Criterion, Descriptor])
def test_parts_of_a_published_framework_refuse_save_and_delete(published, model):
    part = model.objects.first()
    with pytest.raises(PublishedFrameworkError):
        part.save()
    # A refused delete rolls back what the delete had begun, as any error in it does.
    with pytest.raises(PublishedFrameworkError), transaction.atomic():
        part.delete()
    assert model.objects.filter(pk=part.pk).exists()


def test_a_published_framework_refuses_new_parts(published):
    with pytest.raises(PublishedFrameworkError):
        Level.objects.create(
            framework=published, value=4, label="x", meaning="x", band="doing_with"
        )


def test_publish_freezes_a_draft_that_was_editable(draft):
    level = draft.levels.get(value=1)
    level.label = "Still editable"
    level.save()
    publish(framework=draft)
    level.label = "Too late"
    with pytest.raises(PublishedFrameworkError):
        level.save()
    assert Level.objects.get(pk=level.pk).label == "Still editable"
