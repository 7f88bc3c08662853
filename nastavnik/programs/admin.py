from django.contrib import admin

from nastavnik.programs.models import (
    Consent,
    Meeting,
    MentoringForm,
    NormativeDocument,
    Pair,
    PlanItem,
    Program,
    ProgramParticipant,
    RoleModelVariant,
    StageChecklistItem,
)


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ("name", "is_teacher_model")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "academic_year")


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    raw_id_fields = ("attendees",)


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ("mentor", "form", "program", "status")
    list_filter = ("status",)
    raw_id_fields = ("mentor", "mentees")
    inlines = [PlanItemInline, MeetingInline]


@admin.register(ProgramParticipant)
class ProgramParticipantAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "program", "form")
    list_filter = ("role",)
    raw_id_fields = ("person", "program")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("subject", "kind", "given_by", "organization", "given_on", "withdrawn_on")
    list_filter = ("kind",)
    raw_id_fields = ("subject", "given_by")


@admin.register(RoleModelVariant)
class RoleModelVariantAdmin(admin.ModelAdmin):
    list_display = ("name", "form")
    list_filter = ("form",)


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "date", "title", "issuer")


@admin.register(StageChecklistItem)
class StageChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("title", "program", "stage", "done")
    list_filter = ("stage", "done")
