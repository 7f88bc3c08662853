from django.contrib import admin

from nastavnik.roadmap.models import (
    Activity,
    ActivityComment,
    Evidence,
    OrganizationTask,
    ReminderLog,
    Roadmap,
)


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["number", "title", "responsible_text", "deadline_text", "starts_on", "ends_on", "status"]
    extra = 0
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "organization", "academic_year", "created_at"]
    list_select_related = ["municipality", "organization"]
    raw_id_fields = ["municipality", "organization", "created_by"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "roadmap", "deadline_text", "ends_on", "deadline_recognized", "status"]
    list_filter = ["status", "deadline_recognized", "cascade_to_organizations"]
    list_select_related = ["roadmap"]
    raw_id_fields = ["roadmap", "responsible_organization", "responsible_person"]


@admin.register(OrganizationTask)
class OrganizationTaskAdmin(admin.ModelAdmin):
    list_display = ["organization", "activity", "status", "completed_on"]
    list_filter = ["status"]
    list_select_related = ["organization", "activity"]
    raw_id_fields = ["activity", "organization"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "activity", "task", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["activity", "task", "uploaded_by"]


@admin.register(ActivityComment)
class ActivityCommentAdmin(admin.ModelAdmin):
    list_display = ["activity", "task", "author", "status_to", "created_at"]
    raw_id_fields = ["activity", "task", "author"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """What the reminders command sent: for answering «why did (not) I get a letter?»."""

    list_display = ["sent_at", "email", "activity", "task", "overdue"]
    list_filter = ["sent_on", "overdue"]
    search_fields = ["email"]
    raw_id_fields = ["person", "activity", "task"]
    date_hierarchy = "sent_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
