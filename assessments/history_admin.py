"""Read-only admin of what has history (scores, agreed levels, actions), for its history
view: site admins can see who changed what, never change it nor the history."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Changes go through the services (version checks, attribution), never the admin; and
    SIMPLE_HISTORY_REVERT_DISABLED keeps history's revert off too."""

    history_list_display = ["recorded_by"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's page of an old version saves a posted form (a revert) whatever
        # the revert setting says; history here is to read.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
