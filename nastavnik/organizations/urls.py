from django.urls import path

from nastavnik.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    path("new/", views.organization_create, name="organization-create"),
    path("export.xlsx", views.organization_export, name="organization-export"),
    path("import/", views.organization_import, name="organization-import"),
    path("import/<uuid:token>/", views.organization_import_preview_view, name="organization-import-preview"),
    path("<int:pk>/", views.organization_detail, name="organization-detail"),
    path("<int:pk>/edit/", views.organization_update, name="organization-update"),
    path("<int:pk>/appoint/", views.role_appoint, name="role-appoint"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role-revoke"),
]
