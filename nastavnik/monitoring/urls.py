from django.urls import path

from nastavnik.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.municipal_monitoring, name="municipal-monitoring"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire-list"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire-create"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire-detail"),
    path("questionnaires/<int:pk>/settings/", views.questionnaire_settings, name="questionnaire-settings"),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire-copy"),
    path("questionnaires/<int:pk>/sections/new/", views.section_edit, name="section-create"),
    path("questionnaires/<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section-edit"),
    path(
        "questionnaires/<int:pk>/sections/<int:section_pk>/delete/",
        views.section_delete,
        name="section-delete",
    ),
    path("questionnaires/<int:pk>/questions/new/", views.question_edit, name="question-create"),
    path("questionnaires/<int:pk>/questions/<int:question_pk>/", views.question_edit, name="question-edit"),
    path(
        "questionnaires/<int:pk>/questions/<int:question_pk>/move/", views.question_move, name="question-move"
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question-delete",
    ),
    path("surveys/", views.survey_list, name="survey-list"),
    path("programs/<int:program_pk>/surveys/new/", views.survey_create, name="survey-create"),
    path("programs/<int:pk>/", views.program_monitoring, name="program-monitoring"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/links/", views.survey_links, name="survey-links"),
    path("surveys/<int:pk>/invite/", views.survey_invite_newcomers, name="survey-invite-newcomers"),
    path("surveys/<int:pk>/deadline/", views.survey_deadline, name="survey-deadline"),
    path("surveys/<int:pk>/responses/", views.survey_responses, name="survey-responses"),
    path("surveys/<int:pk>.xlsx", views.survey_export, name="survey-export"),
    path("my/", views.my_surveys, name="my-surveys"),
    path("my/<int:pk>/", views.answer_in_cabinet, name="answer-in-cabinet"),
    path("a/<str:token>/", views.answer_by_link, name="answer-by-link"),
    path("thanks/", views.answer_thanks, name="answer-thanks"),
]
