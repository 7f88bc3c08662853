from django.urls import path

from nastavnik.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="program-list"),
    path("new/", views.program_create, name="program-create"),
    path("my/", views.cabinet, name="cabinet"),
    path("overview/", views.municipal_overview, name="municipal-overview"),
    path("overview.xlsx", views.municipal_overview_export, name="municipal-overview-export"),
    path("overview/bases.xlsx", views.municipal_bases_export, name="municipal-bases-export"),
    path("<int:pk>/", views.program_detail, name="program-detail"),
    path("<int:pk>/settings/", views.program_settings, name="program-settings"),
    path("<int:pk>/stage/advance/", views.program_stage_advance, name="program-stage-advance"),
    path("<int:pk>/checklist/<int:item_pk>/", views.checklist_item_update, name="checklist-item-update"),
    path("reference/", views.reference_list, name="reference-list"),
    path("reference/forms/new/", views.mentoring_form_edit, name="mentoring-form-create"),
    path("reference/forms/<int:pk>/", views.mentoring_form_edit, name="mentoring-form-edit"),
    path("reference/variants/new/", views.role_model_variant_edit, name="role-model-variant-create"),
    path("reference/variants/<int:pk>/", views.role_model_variant_edit, name="role-model-variant-edit"),
    path("reference/documents/new/", views.normative_document_edit, name="normative-document-create"),
    path("reference/documents/<int:pk>/", views.normative_document_edit, name="normative-document-edit"),
    path("<int:pk>/pairs/new/", views.pair_create, name="pair-create"),
    path("<int:pk>/pairs/", views.pair_list, name="pair-list"),
    path("<int:pk>/base/<str:base>/", views.base_list, name="base-list"),
    path("<int:pk>/base/<str:base>/add/", views.participant_create, name="participant-create"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant-remove"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair-detail"),
    path("pairs/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("pairs/<int:pk>/plan/new/", views.plan_item_create, name="plan-item-create"),
    path("pairs/<int:pk>/plan/<int:item_pk>/progress/", views.plan_item_progress, name="plan-item-progress"),
    path("pairs/<int:pk>/status/", views.pair_status, name="pair-status"),
    path("pairs/<int:pk>/complete/", views.pair_complete, name="pair-complete"),
    path("pairs/<int:pk>/feedback/", views.pair_feedback, name="pair-feedback"),
    path("<int:pk>/<str:base>.xlsx", views.base_export, name="base-export"),
    path("<int:pk>/<str:base>/import/", views.base_import, name="base-import"),
    path(
        "<int:pk>/<str:base>/import/<uuid:token>/", views.base_import_preview_view, name="base-import-preview"
    ),
    path("participants/<int:pk>/consents/", views.participant_consents, name="participant-consents"),
    path(
        "participants/<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("participants/<int:pk>/consents/<int:consent_pk>/scan/", views.consent_scan, name="consent-scan"),
]
