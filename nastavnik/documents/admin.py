from django.contrib import admin

from nastavnik.documents.models import (
    Document,
    DocumentTemplate,
    LocalActChecklistItem,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
    WorkingGroupMember,
)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "number", "date", "municipality", "organization"]
    list_filter = ["kind"]
    search_fields = ["title", "number"]
    raw_id_fields = ["proves_activity", "proves_task", "appointments"]


class WorkingGroupMemberInline(admin.TabularInline):
    model = WorkingGroupMember
    raw_id_fields = ["person"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "organization"]
    inlines = [WorkingGroupMemberInline]


@admin.register(LocalActChecklistItem)
class LocalActChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["organization", "element", "document"]
    list_filter = ["element"]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(admin.ModelAdmin):
    list_display = ["organization", "partner", "partner_name", "partner_type", "status", "ends_on"]
    list_filter = ["partner_type", "status"]


@admin.register(MediaPlanItem)
class MediaPlanItemAdmin(admin.ModelAdmin):
    list_display = ["topic", "channel", "planned_on", "published_on"]
    list_filter = ["channel"]


admin.site.register(DocumentTemplate)
