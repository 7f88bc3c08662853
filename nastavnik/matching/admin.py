from django.contrib import admin

from nastavnik.matching.models import MatchingDecision, MatchingRun, MatchingSettings, MenteeChoice


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "objective", "allow_cross_organization", "updated_at")
    raw_id_fields = ("program", "municipality")


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    """Runs are read here; they are made and decided on the matching pages, through the services."""

    list_display = (
        "pk",
        "program",
        "municipality",
        "status",
        "matched",
        "unmatched",
        "total_score",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("program", "municipality")
    readonly_fields = [f.name for f in MatchingRun._meta.fields] + ["organizations"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(MatchingDecision)
class MatchingDecisionAdmin(admin.ModelAdmin):
    list_display = ("kind", "mentee", "mentor", "run", "program", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("mentee", "mentor", "run", "program", "created_by")


@admin.register(MenteeChoice)
class MenteeChoiceAdmin(admin.ModelAdmin):
    list_display = ("mentee", "rank", "mentor")
    raw_id_fields = ("mentee", "mentor")
