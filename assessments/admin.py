from django.contrib import admin

from .history_admin import ReadOnlyHistoryAdmin
from .models import Consensus, Score


@admin.register(Score)
class ScoreAdmin(ReadOnlyHistoryAdmin):
    list_display = ["participant", "criterion", "answer", "level", "updated_at"]
    list_select_related = ["participant", "criterion", "level"]
    list_filter = ["participant__assessment__programme__organisation"]


@admin.register(Consensus)
class ConsensusAdmin(ReadOnlyHistoryAdmin):
    list_display = ["assessment", "criterion", "answer", "level", "updated_at"]
    list_select_related = ["assessment", "criterion", "level"]
