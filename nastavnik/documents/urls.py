from django.urls import path

from nastavnik.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("new/", views.document_create, name="document-create"),
    path("<int:pk>/edit/", views.document_update, name="document-update"),
    path("<int:pk>/file/", views.document_file, name="document-file"),
    path("local-acts/", views.checklist_matrix, name="checklist-matrix"),
    path("local-acts/<int:organization_pk>/", views.checklist_detail, name="checklist-detail"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_create, name="agreement-create"),
    path("agreements/<int:pk>/edit/", views.agreement_update, name="agreement-update"),
    path("media-plan/", views.media_list, name="media-list"),
    path("media-plan/new/", views.media_create, name="media-create"),
    path("media-plan/<int:pk>/edit/", views.media_update, name="media-update"),
    path("working-groups/", views.working_group_list, name="working-group-list"),
    path("working-groups/new/", views.working_group_create, name="working-group-create"),
    path("working-groups/<int:pk>/", views.working_group_detail, name="working-group-detail"),
    path("working-groups/<int:pk>/edit/", views.working_group_update, name="working-group-update"),
    path(
        "working-groups/members/<int:pk>/remove/",
        views.working_group_member_remove,
        name="working-group-member-remove",
    ),
    path("orders/", views.order_list, name="order-list"),
    path("orders/roadmap/<int:roadmap_pk>/", views.order_roadmap, name="order-roadmap"),
    path(
        "orders/curators/municipality/<int:municipality_pk>/",
        views.order_curators_municipality,
        name="order-curators-municipality",
    ),
    path(
        "orders/curators/organization/<int:organization_pk>/",
        views.order_curators_organization,
        name="order-curators-organization",
    ),
    path("orders/working-group/<int:pk>/", views.order_working_group, name="order-working-group"),
    path("templates/default/<str:kind>/", views.template_default, name="template-default"),
    path("templates/upload/", views.template_upload, name="template-upload"),
    path("templates/<int:pk>/reset/", views.template_reset, name="template-reset"),
]
