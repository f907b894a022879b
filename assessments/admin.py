"""Django admin for organisations and their members.

A site admin creates an organisation here and adds its first facilitator; from then on the
organisation's facilitators manage their own people on the People page (people/).
"""

from django.contrib import admin

from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["user", "role", "perspective"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "perspective"]
    list_filter = ["role", "organisation__kind", "organisation"]
    search_fields = [
        "user__username",
        "user__email",
        "user__first_name",
        "user__last_name",
        "organisation__name",
        "organisation__ods_code",
    ]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
