from django.urls import path

from nastavnik.expertise import views

app_name = "expertise"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("new/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/criteria/", views.criteria_edit, name="criteria-edit"),
    path("<int:pk>/experts/", views.expert_appoint, name="expert-appoint"),
    path("<int:pk>/assignments/", views.assignment_create, name="assignment-create"),
    path(
        "<int:pk>/assignments/<int:assignment_pk>/remove/", views.assignment_remove, name="assignment-remove"
    ),
    path("<int:pk>/results/", views.round_results, name="round-results"),
    path("<int:pk>/results.xlsx", views.round_results_export, name="round-results-export"),
    path(
        "<int:pk>/programs/<int:program_pk>/publication/", views.publication_toggle, name="publication-toggle"
    ),
    path("assignments/<int:pk>/", views.assignment_score, name="assignment-score"),
]
