"""Django admin for the rubric library.

Draft versions are edited here; published versions are shown read-only (they are frozen, see
models.py). Two actions: make a new draft version of a framework, and publish a draft.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from ladder import services
from ladder.admin_forms import DescriptorForm, FrameworkForm
from ladder.admin_publish import confirm_publish
from ladder.models import Criterion, Descriptor, Framework, FrameworkStatus, Level


def _v2(obj):
    """Whether obj (a framework or one of its parts) is in the coprod-rubric/2 format, whose
    fields (summaries, guidance, review, replaces) a version-1 rubric does not have."""
    if obj is None:
        return False
    framework = obj if isinstance(obj, Framework) else obj.framework
    return framework.format == 2


def _published(obj):
    """Whether obj (a framework or one of its parts) belongs to a published version."""
    if obj is None:
        return False
    framework = obj if isinstance(obj, Framework) else obj.framework
    return framework.is_published


class FrozenWhenPublishedInline:
    """Inline rows can be viewed but not added, changed or deleted under a published parent."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)


class LevelInline(FrozenWhenPublishedInline, admin.TabularInline):
    model = Level
    fields = ["value", "label", "band", "meaning"]
    ordering = ["value"]


class CriterionInline(FrozenWhenPublishedInline, admin.TabularInline):
    model = Criterion
    fields = ["order", "code", "title"]
    ordering = ["order"]
    show_change_link = True


class DescriptorInline(FrozenWhenPublishedInline, admin.StackedInline):
    model = Descriptor
    form = DescriptorForm  # evidence prompts and next steps one per line, not JSON
    fields = ["level", "descriptor", "evidence_prompts", "next_steps"]
    ordering = ["level__value"]

    def get_fields(self, request, obj=None):
        # obj is the criterion: a version-2 level leads with its plain summary.
        return ["level", "summary", *self.fields[1:]] if _v2(obj) else self.fields

    def get_queryset(self, request):
        # Each inline's heading shows str(descriptor), which names its criterion and level.
        return super().get_queryset(request).select_related("criterion", "level")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "level":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        criterion_id = request.resolver_match.kwargs.get("object_id")
        kwargs["queryset"] = Level.objects.filter(framework__criteria=criterion_id)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Each inline form would otherwise query the levels again when it renders its
        # select (a criterion has five to seven): read them once per request.
        if not hasattr(request, "_coprod_level_choices"):
            request._coprod_level_choices = list(field.choices)
        field.choices = request._coprod_level_choices
        return field


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["slug", "version", "status", "kind", "name", "published_at", "checked"]
    list_display_links = ["slug", "version"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["slug", "name"]
    ordering = ["order", "slug", "version"]
    form = FrameworkForm  # a grid's layout as plain fields, not JSON
    readonly_fields = ["status", "published_at", "preview", "format", "review"]
    fields = [
        "slug",
        "version",
        "status",
        "published_at",
        "preview",
        "kind",
        "name",
        "short_name",
        "criterion_label",
        "order",
        "target_level",
        "source",
        "description",
    ]
    v2_fieldsets = [
        (
            "How to choose a level",
            {
                "fields": [
                    "guidance_choosing",
                    "guidance_not_applicable",
                    "guidance_dont_know",
                    "guidance_placing",
                ]
            },
        ),
        (
            "Review",
            {
                "fields": [
                    "review",
                    "written_by",
                    "written_on",
                    "checked_by",
                    "checked_on",
                    "review_due",
                ]
            },
        ),
    ]
    inlines = [LevelInline, CriterionInline]
    actions = ["make_draft_version", "publish"]

    grid_fieldset = ("Grid", {"fields": ["grid_across", "grid_down", "grid_cells"]})

    # A published grid is shown read-only: these stand in for the form's fields.
    @admin.display(description="Drawn across")
    def grid_across(self, obj):
        return obj.grid.get("across", "")

    @admin.display(description="Drawn down")
    def grid_down(self, obj):
        return obj.grid.get("down", "")

    @admin.display(description="Cells")
    def grid_cells(self, obj):
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 - a constant
            "{}-{}: {} | {}",
            ((c["across"], c["down"], c["name"], c["meaning"]) for c in obj.grid.get("cells", [])),
        )

    def get_fieldsets(self, request, obj=None):
        fields = [*self.fields, "format"] if obj is not None else self.fields
        if not _v2(obj):
            return [(None, {"fields": fields})]
        main = [(None, {"fields": [*fields, "offered_by_default"]})]
        grid = [self.grid_fieldset] if obj.is_grid else []
        return main + grid + self.v2_fieldsets

    @admin.display(description="checked by")
    def checked(self, obj):
        return obj.checked_by_text if obj.format == 2 else "—"

    @admin.display(description="review")
    def review(self, obj):
        """One line an admin reads at a glance; "not yet checked" rather than a blank."""
        written = f"Written by {obj.written_by or 'no one named'}"
        if obj.written_on:
            written += f" on {obj.written_on:%-d %B %Y}"
        due = f"review due {obj.review_due:%-d %B %Y}" if obj.review_due else "no review date"
        checked = f"checked by: {obj.checked_by_text}"
        if obj.checked_on:
            checked += f" on {obj.checked_on:%-d %B %Y}"
        return f"{written}; {checked}; {due}."

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)

    @admin.display(description="Preview")
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "Save it first, then preview it."
        # By URL name: the preview renders the scoring form, which ladder does not import.
        url = reverse("rubric_preview", args=[obj.pk])
        return format_html('<a href="{}">See it as a scorer will</a>', url)

    @admin.action(description="Make a new draft version")
    def make_draft_version(self, request, queryset):
        for framework in queryset:
            draft = services.create_draft_version(framework=framework)
            self.message_user(
                request,
                f"Made draft version {draft.version} of {draft.slug} from version "
                f"{framework.version}. Edit it, then publish it.",
                messages.SUCCESS,
            )

    @admin.action(description="Publish")
    def publish(self, request, queryset):
        # First the differences from the published version, criterion by criterion; the
        # confirmation page posts back with "confirm" to publish.
        if "confirm" not in request.POST:
            return confirm_publish(self, request, queryset)
        published = 0
        for framework in queryset:
            try:
                services.publish(framework=framework)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, message, messages.ERROR)
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext(
                    "Published %d framework version.",
                    "Published %d framework versions.",
                    published,
                )
                % published,
                messages.SUCCESS,
            )


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework", "order"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    ordering = ["framework__order", "framework__slug", "framework__version", "order"]
    fields = ["framework", "order", "code", "title", "statement", "statement_source", "question"]
    inlines = [DescriptorInline]

    def get_fields(self, request, obj=None):
        return [*self.fields, "guidance", "replaces"] if _v2(obj) else self.fields

    def get_readonly_fields(self, request, obj=None):
        # A criterion never moves to another framework version.
        return ["framework"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "framework":
            kwargs["queryset"] = Framework.objects.filter(status=FrameworkStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)
