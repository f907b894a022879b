"""ladder.loading.load_rubric, the service behind load_rubrics: one atomic, keyword-only write."""

import pytest
from django.core.exceptions import ValidationError

from ladder.loading import Outcome, load_rubric
from ladder.models import Framework
from ladder.services import create_draft_version
from tests.unit.ladder.rubric_docs import broken, minimal_doc

pytestmark = pytest.mark.django_db


def test_load_rubric_reports_each_outcome():
    first = load_rubric(document=minimal_doc(status="published"))
    assert first.outcome is Outcome.LOADED and first.framework.is_published
    assert load_rubric(document=minimal_doc(status="published")).outcome is Outcome.UNCHANGED

    draft = create_draft_version(framework=first.framework)
    draft.name = "Being edited in admin"
    draft.save()
    file_v2 = minimal_doc(version=2, status="published")
    kept = load_rubric(document=file_v2)
    assert (kept.outcome, kept.framework.pk) == (Outcome.DRAFT_KEPT, draft.pk)
    draft.refresh_from_db()
    assert (draft.name, draft.status) == ("Being edited in admin", "draft")


def test_load_rubric_raises_validation_error_with_where_what_messages_and_writes_nothing():
    with pytest.raises(ValidationError) as error:
        load_rubric(document=broken(lambda d: d["levels"][0].pop("label")))
    assert error.value.messages == ["levels[0] (value 1).label: missing label"]
    assert not Framework.objects.exists()


def test_load_rubric_refuses_different_content_for_a_published_version():
    load_rubric(document=minimal_doc(status="published"))
    edited = minimal_doc(status="published")
    edited["framework"]["target_level"] = 2
    with pytest.raises(ValidationError, match=r"already published with different wording"):
        load_rubric(document=edited)
    assert Framework.objects.get().target_level == 3


def test_load_rubric_takes_its_document_by_keyword_only():
    with pytest.raises(TypeError):
        load_rubric(minimal_doc())
