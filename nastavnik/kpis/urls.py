from django.urls import path

from nastavnik.kpis import views

app_name = "kpis"

urlpatterns = [
    path("", views.kpi_index, name="index"),
    path("region/<int:pk>/", views.kpi_region, name="region"),
    path("region/<int:pk>/targets/", views.targets_edit, name="targets-edit"),
    path("municipality/<int:pk>/", views.kpi_municipality, name="municipality"),
    path("organization/<int:pk>/", views.kpi_organization, name="organization"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/download/<str:kind>/", views.report_download, name="report-download"),
]
