from django.urls import path

from nastavnik.matching import views

app_name = "matching"

urlpatterns = [
    path("programs/<int:pk>/", views.program_matching, name="program"),
    path("programs/<int:pk>/run/", views.program_run, name="program-run"),
    path(
        "programs/<int:pk>/decisions/<int:decision_pk>/remove/",
        views.program_decision_remove,
        name="program-decision-remove",
    ),
    path("municipality/", views.municipal_matching, name="municipal"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/decide/", views.run_decide, name="run-decide"),
    path("runs/<int:pk>/decisions/<int:decision_pk>/remove/", views.decision_remove, name="decision-remove"),
    path("runs/<int:pk>/rerun/", views.run_rerun, name="run-rerun"),
    path("runs/<int:pk>/discard/", views.run_discard, name="run-discard"),
    path("runs/<int:pk>/accept/", views.run_accept, name="run-accept"),
    path("runs/<int:pk>/order.docx", views.run_order, name="run-order"),
    path("mentees/<int:pk>/choices/", views.mentee_choices, name="mentee-choices"),
    path("my-choices/", views.my_choices, name="my-choices"),
]
