"""The page shown before "Publish": what each draft changes from the published version."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from ladder.changes import changes_between
from ladder.models import Framework, FrameworkStatus
from ladder.rubric_document import framework_to_document


def _published_before(draft):
    return (
        Framework.objects.filter(slug=draft.slug, status=FrameworkStatus.PUBLISHED)
        .exclude(pk=draft.pk)
        .order_by("-version")
        .first()
    )


def confirm_publish(model_admin, request, queryset):
    drafts = []
    for framework in queryset.order_by("slug", "version"):
        if framework.is_published:
            drafts.append({"framework": framework, "already": True})
            continue
        previous = _published_before(framework)
        sections = changes_between(
            framework_to_document(previous) if previous else None,
            framework_to_document(framework),
        )
        drafts.append({"framework": framework, "previous": previous, "sections": sections})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Publish: check what changes",
        "opts": model_admin.model._meta,
        "drafts": drafts,
        "queryset": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/ladder/framework/publish_confirm.html", context)
