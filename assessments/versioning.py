"""The one way to change a row that people edit in forms: lock it, compare its version.

Every edit form carries the version it was shown. A write locks the row (SELECT ... FOR
UPDATE, so two saves at the same moment queue), compares that version with the stored one,
and either saves with the version bumped or raises `Conflict`. Views answer `Conflict` by
showing what is stored now beside what the person typed, which is kept.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

CHANGED_MEANWHILE = "changed_meanwhile"
"""The `ValidationError` code of `Conflict`: someone else saved (or removed) the row first."""


class Versioned(models.Model):
    """A row guarded by `version`: each save through `save_versioned` adds one."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Conflict(ValidationError):
    """Someone else saved first. `current` is what is stored now; None if it was removed
    (or, for a first save, if there is still nothing)."""

    def __init__(self, current, message="Someone else saved this while you were editing."):
        super().__init__(message, code=CHANGED_MEANWHILE)
        self.current = current
        self.args = (current, message)  # so copy and pickle rebuild it with this signature

    def __str__(self):
        return self.message

    @property
    def removed(self) -> bool:
        return self.current is None


def save_versioned(
    queryset,
    *,
    expected_version: int,
    fields: dict,
    create: dict | None = None,
    read_first: bool = False,
):
    """Write `fields` to the one row of `queryset`, if nobody saved it since the form showed
    `expected_version` (0: the form was shown when there was no row yet).

    Call inside `transaction.atomic()`: the row stays locked until the transaction ends.
    Without a row, `create` (the new row's identity, e.g. participant and criterion) makes
    one (the model needs a unique constraint on that identity: it is what refuses a second
    first save); two first saves at once leave one row and a Conflict for the second. Without a
    row and without `create` (an action removed meanwhile) it raises Conflict(None).

    `read_first`: the caller answers a race on the insert itself (save_score runs the whole
    save again on IntegrityError), so a first save reads, then inserts without a savepoint
    (one query fewer than the savepoint's two); run again, the read finds the winner's row
    and the version check answers. SQLite lets one write at a time: no race there.
    """
    if not transaction.get_connection(queryset.db).in_atomic_block:
        # Django only refuses this itself where the database has SELECT ... FOR UPDATE.
        raise transaction.TransactionManagementError("save_versioned needs transaction.atomic()")
    if expected_version == 0 and create is not None and not read_first:
        # A first save: insert straight away. The unique key refuses it if someone saved
        # first, and that is answered as the Conflict it is (one query fewer per question).
        current = None
    else:
        current = queryset.select_for_update().first()
        if (current.version if current else 0) != expected_version:
            raise Conflict(current)
    if current is None:
        if create is None:
            raise Conflict(None)
        if read_first:
            return queryset.model.objects.create(**create, **fields)
        try:
            with transaction.atomic():  # a savepoint: the outer transaction survives
                return queryset.model.objects.create(**create, **fields)
        except IntegrityError:
            winner = queryset.first()
            if winner is None:  # not the race on the unique key: a real fault
                raise
            raise Conflict(winner) from None
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    return current
