"""The one names rule, without a database."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from assessments.models import Perspective
from assessments.names import participant_label


def _person(**kwargs):
    fields = dict(
        name="Jo Lived", number=3, perspective=Perspective.LIVED_EXPERIENCE, named=False,
        anonymised_at=None,
    )  # fmt: skip
    return SimpleNamespace(**(fields | kwargs))


def test_facilitators_see_the_name_with_the_perspective():
    assert participant_label(_person(), can_see_names=True) == "Jo Lived (lived experience)"


def test_everyone_else_sees_a_stable_number():
    assert participant_label(_person(), can_see_names=False) == "Participant 3 (lived experience)"


def test_a_person_who_agreed_is_named_to_everyone():
    assert participant_label(_person(named=True), can_see_names=False).startswith("Jo Lived")


@pytest.mark.parametrize("can_see_names", [True, False])
def test_an_anonymised_person_is_a_number_to_everyone(can_see_names):
    gone = _person(named=True, anonymised_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert participant_label(gone, can_see_names=can_see_names) == (
        "Participant 3 (lived experience)"
    )


def test_the_signature_is_keyword_only():
    with pytest.raises(TypeError):
        participant_label(_person(), True)
