from django.contrib import admin

from nastavnik.organizations.models import Municipality, Organization, Region, RoleAssignment


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_demo")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "status")
    list_filter = ("kind", "status", "municipality")
    search_fields = ("name", "short_name", "inn")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "organization", "municipality", "region", "ended_on")
    list_filter = ("role",)
    raw_id_fields = ("person",)
