"""Writes that touch several ladder models: new draft versions and publishing.

Keyword-only functions, each inside one transaction.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ladder.models import Criterion, Descriptor, Framework, FrameworkStatus, Level
from ladder.rubric_document import framework_to_document
from ladder.rubric_validation import validate_rubric


@transaction.atomic
def create_draft_version(*, framework: Framework) -> Framework:
    """Copy a framework version (levels, criteria, descriptors) into a new draft version.

    The new version number is one more than the highest existing version of the slug. The
    copied version is left exactly as it was.
    """
    source = Framework.objects.select_for_update().get(pk=framework.pk)
    highest = Framework.objects.filter(slug=source.slug).aggregate(v=Max("version"))["v"]

    draft = Framework.objects.get(pk=source.pk)
    draft.pk = None
    draft._state.adding = True
    draft.version = highest + 1
    draft.status = FrameworkStatus.DRAFT
    draft.published_at = None
    # A new version is not checked yet, whoever checked the one it was copied from.
    draft.checked_by, draft.checked_on = "", None
    draft.save()

    new_levels = {}
    for level in source.levels.order_by("value"):
        old_pk = level.pk
        level.pk = None
        level._state.adding = True
        level.framework = draft
        new_levels[old_pk] = level
    Level.objects.bulk_create(new_levels.values())

    new_criteria = {}
    for criterion in source.criteria.order_by("order"):
        old_pk = criterion.pk
        criterion.pk = None
        criterion._state.adding = True
        criterion.framework = draft
        # "replaces" names codes of the version before the source, not of the source.
        criterion.replaces = []
        new_criteria[old_pk] = criterion
    Criterion.objects.bulk_create(new_criteria.values())

    Descriptor.objects.bulk_create(
        Descriptor(
            criterion=new_criteria[d.criterion_id],
            level=new_levels[d.level_id],
            summary=d.summary,
            descriptor=d.descriptor,
            evidence_prompts=list(d.evidence_prompts),
            next_steps=list(d.next_steps),
        )
        for d in Descriptor.objects.filter(criterion__framework=source)
    )
    return draft


@transaction.atomic
def publish(*, framework: Framework) -> Framework:
    """Publish a draft version, after checking it is a complete, valid rubric.

    Raises ValidationError listing every problem (as ``WHERE: WHAT``) if it is not.
    """
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.is_published:
        raise ValidationError(
            f"{framework.slug} version {framework.version} is already published.",
            code="already_published",
        )
    problems = validate_rubric(framework_to_document(framework))
    if problems:
        raise ValidationError(
            [
                ValidationError(
                    f"{framework.slug} version {framework.version} cannot be published: {problem}",
                    code="invalid_rubric",
                )
                for problem in problems
            ]
        )
    framework.status = FrameworkStatus.PUBLISHED
    framework.published_at = timezone.now()
    framework.save(update_fields=["status", "published_at"])
    return framework
