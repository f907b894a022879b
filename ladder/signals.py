"""A published framework version never changes: model signals refuse any save or delete of it.

``pre_save`` fires for ``Model.save()`` and for raw saves (``loaddata``); ``pre_delete`` for
every row a delete removes, queryset deletes and cascades included. The stored rows decide,
not the instance in memory, so publishing (a stored draft saved as published) is allowed and
moving a part out of a published version is not. ``QuerySet.update()`` and ``bulk_create()``
send no signals; they are tools for code (the draft copy, test factories), not a way in for
users or files.

Restoring a ``dumpdata`` backup inserts a published framework and then its parts, raw: parts
of a framework inserted raw earlier in the same, still open transaction are allowed.
"""

from django.db import transaction
from django.db.models.signals import pre_delete, pre_save

from ladder.models import (
    Criterion,
    Descriptor,
    Framework,
    FrameworkStatus,
    Level,
    PublishedFrameworkError,
)

PUBLISHED = FrameworkStatus.PUBLISHED


def connect():
    for model in (Framework, Level, Criterion, Descriptor):
        pre_save.connect(refuse_save, sender=model, dispatch_uid=f"ladder-frozen-save-{model}")
        pre_delete.connect(
            refuse_delete, sender=model, dispatch_uid=f"ladder-frozen-delete-{model}"
        )


def refuse_save(sender, instance, raw, using, **kwargs):
    if sender is Framework:
        if _published(_stored_frameworks(instance, using), using):
            _refuse("change", instance)
        if raw and instance.pk is not None and not _exists(instance, using):
            _remember_raw_insert(instance.pk, using)
        return
    frameworks = _stored_frameworks(instance, using) | _target_frameworks(instance, using)
    if raw:
        frameworks -= _inserted_raw_in_this_transaction(using)
    if _published(frameworks, using):
        _refuse("change" if _exists(instance, using) else "add", instance)


def refuse_delete(sender, instance, using, **kwargs):
    if _published(_stored_frameworks(instance, using), using):
        _refuse("delete", instance)


def _refuse(action, instance):
    raise PublishedFrameworkError(
        f"Cannot {action} {instance._meta.verbose_name} {instance.pk or '(new)'}: it belongs "
        "to a published rubric version, which never changes; make a new draft version (in "
        "admin, or a rubric file with a higher version number)"
    )


def _exists(instance, using):
    return (
        instance.pk is not None
        and type(instance)._default_manager.using(using).filter(pk=instance.pk).exists()
    )


def _published(framework_ids, using):
    framework_ids = {pk for pk in framework_ids if pk is not None}
    return bool(framework_ids) and (
        Framework.objects.using(using).filter(pk__in=framework_ids, status=PUBLISHED).exists()
    )


def _stored_frameworks(instance, using):
    """The frameworks the row belongs to as stored (none if it is not stored yet)."""
    if instance.pk is None:
        return set()
    if isinstance(instance, Framework):
        return {instance.pk}
    rows = type(instance)._default_manager.using(using).filter(pk=instance.pk)
    if isinstance(instance, Descriptor):
        pairs = rows.values_list("criterion__framework_id", "level__framework_id")
        return {pk for pair in pairs for pk in pair}
    return set(rows.values_list("framework_id", flat=True))


def _target_frameworks(instance, using):
    """The frameworks the row would belong to once saved."""
    if isinstance(instance, Descriptor):
        criteria = Criterion.objects.using(using).filter(pk=instance.criterion_id)
        levels = Level.objects.using(using).filter(pk=instance.level_id)
        return set(criteria.values_list("framework_id", flat=True)) | set(
            levels.values_list("framework_id", flat=True)
        )
    return {instance.framework_id}


# Frameworks inserted by a raw save, per connection. Each entry is valid while its on_commit
# callback is still pending: Django drops the callback when the transaction or savepoint
# that made the insert rolls back, so a rolled-back restore leaves nothing behind.
def _remember_raw_insert(framework_pk, using):
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return  # each raw save commits on its own: its parts come in another transaction
    registry = connection.__dict__.setdefault("ladder_raw_inserts", {})

    def forget():
        registry.pop(framework_pk, None)

    registry[framework_pk] = forget
    transaction.on_commit(forget, using=using)


def _inserted_raw_in_this_transaction(using):
    connection = transaction.get_connection(using)
    registry = connection.__dict__.get("ladder_raw_inserts", {})
    pending = [func for _, func, _ in connection.run_on_commit]
    return {pk for pk, token in registry.items() if any(token is func for func in pending)}
