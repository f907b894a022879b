"""ladder/signals.py: no save, raw save, queryset delete or cascade changes a published version."""

import pytest
from django.core import serializers
from django.db import transaction

from ladder.models import Criterion, Descriptor, Framework, Level, PublishedFrameworkError
from ladder.rubric_document import framework_to_document
from ladder.services import create_draft_version, publish
from tests.factories.ladder import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return make_framework(criteria=2)


@pytest.fixture
def draft(published):
    return create_draft_version(framework=published)


def refused(action):
    """Run action expecting the guard; inside a savepoint, as a refused delete rolls back."""
    with pytest.raises(PublishedFrameworkError) as error, transaction.atomic():
        action()
    return str(error.value)


def raw_save(obj):
    """Save obj as loaddata does: through a fixture's deserialized object, raw."""
    [deserialized] = serializers.deserialize("json", serializers.serialize("json", [obj]))
    deserialized.save()


def test_editing_a_published_level_criterion_or_descriptor_is_refused(published):
    before = framework_to_document(published)
    level = published.levels.get(value=2)
    level.label = "Renamed"
    criterion = published.criteria.get(code="P1")
    criterion.title = "Renamed"
    descriptor = Descriptor.objects.filter(criterion=criterion).first()
    descriptor.next_steps = ["Something else"]
    for part in (level, criterion, descriptor):
        message = refused(part.save)
        assert message == (
            f"Cannot change {part._meta.verbose_name} {part.pk}: it belongs to a published "
            "rubric version, which never changes; make a new draft version (in admin, or a "
            "rubric file with a higher version number)"
        )
    assert framework_to_document(published) == before


@pytest.mark.parametrize("model", [Framework, Level, Criterion, Descriptor])
def test_a_raw_save_cannot_change_a_published_row(published, model):
    before = framework_to_document(published)
    obj = (
        model.objects.filter(pk=published.pk).get() if model is Framework else model.objects.first()
    )
    for name in ("label", "title", "descriptor", "name"):
        if hasattr(obj, name):
            setattr(obj, name, "REWRITTEN")
    assert "Cannot change" in refused(lambda: raw_save(obj))
    assert framework_to_document(Framework.objects.get(pk=published.pk)) == before


def test_a_raw_save_may_change_a_draft(draft):
    level = draft.levels.get(value=1)
    level.label = "Edited"
    raw_save(level)
    assert Level.objects.get(pk=level.pk).label == "Edited"


def test_a_part_cannot_be_moved_out_of_a_published_version(published, draft):
    level = published.levels.get(value=5)
    level.framework = draft
    level.value = 6
    refused(level.save)
    assert Level.objects.get(pk=level.pk).framework_id == published.pk


def test_a_draft_part_cannot_be_moved_into_a_published_version(published, draft):
    criterion = draft.criteria.get(code="P2")
    criterion.framework = published
    criterion.code = "P9"
    refused(criterion.save)
    assert not published.criteria.filter(code="P9").exists()


def test_a_descriptor_cannot_point_a_draft_criterion_at_a_published_level(published, draft):
    descriptor = Descriptor.objects.filter(criterion__framework=draft).first()
    descriptor.level = published.levels.get(value=descriptor.level.value)
    refused(descriptor.save)


def test_nothing_can_be_added_to_a_published_version(published):
    assert "Cannot add level (new)" in refused(
        lambda: Level.objects.create(framework=published, value=6, label="x", meaning="x")
    )
    assert published.levels.count() == 5


def test_queryset_deletes_of_published_rows_are_refused(published):
    before = framework_to_document(published)
    refused(lambda: Framework.objects.filter(pk=published.pk).delete())
    refused(lambda: Level.objects.filter(framework=published).delete())
    refused(lambda: Criterion.objects.filter(framework=published).delete())
    refused(lambda: Descriptor.objects.filter(criterion__framework=published).delete())
    assert framework_to_document(published) == before


def test_a_cascade_that_reaches_a_published_row_is_refused(published, draft):
    # A descriptor of a published criterion on a draft level (bulk_create sends no signals):
    # deleting the draft level would cascade into the published version.
    criterion = published.criteria.get(code="P1")
    draft_level = draft.levels.get(value=1)
    [stray] = Descriptor.objects.bulk_create(
        [Descriptor(criterion=criterion, level=draft_level, descriptor="x")]
    )
    assert f"Cannot delete descriptor {stray.pk}" in refused(draft_level.delete)
    assert Descriptor.objects.filter(pk=stray.pk).exists()
    assert Level.objects.filter(pk=draft_level.pk).exists()


def test_deleting_a_draft_cascades_to_its_parts_and_leaves_the_published_version(published, draft):
    before = framework_to_document(published)
    draft.delete()
    assert not Level.objects.filter(framework_id=draft.pk).exists()
    assert not Descriptor.objects.filter(criterion__framework_id=draft.pk).exists()
    assert framework_to_document(published) == before


def test_publishing_a_draft_is_allowed_and_freezes_it(draft):
    publish(framework=draft)
    draft.refresh_from_db()
    assert draft.is_published
    draft.name = "Too late"
    refused(draft.save)
