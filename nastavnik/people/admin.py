from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from nastavnik.people.models import LegalRepresentation, Person, User


@admin.register(User)
class NastavnikUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Наставник", {"fields": ("person",)}))
    raw_id_fields = ("person",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "patronymic", "birth_date", "email")
    search_fields = ("last_name", "first_name", "email")


@admin.register(LegalRepresentation)
class LegalRepresentationAdmin(admin.ModelAdmin):
    raw_id_fields = ("child", "representative")
