from django.contrib import admin

from nastavnik.programs.models import Consent, MentoringForm, Pair, Program, ProgramParticipant


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ("name", "is_teacher_model")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "academic_year")


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ("mentor", "form", "program", "status")
    raw_id_fields = ("mentor", "mentees")


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
