from django.contrib import admin

from nastavnik.programs.models import MentoringForm, Pair, Program


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
