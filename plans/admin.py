from django.contrib import admin

from assessments.history_admin import ReadOnlyHistoryAdmin

from .models import Action


@admin.register(Action)
class ActionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["what", "assessment", "criterion", "status", "updated_at"]
    list_select_related = ["assessment", "criterion"]
