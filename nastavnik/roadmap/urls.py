from django.urls import path

from nastavnik.roadmap import views

app_name = "roadmap"

urlpatterns = [
    path("", views.roadmap_list, name="roadmap-list"),
    path("template/", views.roadmap_template_load, name="roadmap-template-load"),
    path("import/", views.roadmap_import, name="roadmap-import"),
    path("import/<uuid:token>/", views.roadmap_import_preview_view, name="roadmap-import-preview"),
    path("<int:pk>/", views.roadmap_detail, name="roadmap-detail"),
    path("<int:pk>/edit/", views.roadmap_update, name="roadmap-update"),
    path("<int:pk>/matrix/", views.roadmap_matrix, name="roadmap-matrix"),
    path("<int:pk>/timeline/", views.roadmap_timeline, name="roadmap-timeline"),
    path("<int:pk>/progress.xlsx", views.roadmap_progress_report, name="roadmap-progress-report"),
    path("<int:pk>/export.<str:fmt>", views.roadmap_export, name="roadmap-export"),
    path("<int:roadmap_pk>/activities/new/", views.activity_form, name="activity-create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", views.activity_form, name="activity-update"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("activities/<int:pk>/status/", views.work_status, {"kind": "activity"}, name="activity-status"),
    path(
        "activities/<int:pk>/evidence/", views.work_evidence, {"kind": "activity"}, name="activity-evidence"
    ),
    path("activities/<int:pk>/comment/", views.work_comment, {"kind": "activity"}, name="activity-comment"),
    path("tasks/<int:pk>/status/", views.work_status, {"kind": "task"}, name="task-status"),
    path("tasks/<int:pk>/evidence/", views.work_evidence, {"kind": "task"}, name="task-evidence"),
    path("tasks/<int:pk>/comment/", views.work_comment, {"kind": "task"}, name="task-comment"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence-file"),
]
