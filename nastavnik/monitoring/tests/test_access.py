"""Who sees what: pages per persona, individual answers only for the school's curator and head, audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nastavnik.core.models import AuditEvent
from nastavnik.monitoring import services
from nastavnik.monitoring.models import Questionnaire, Survey
from nastavnik.monitoring.tests.helpers import program_in
from nastavnik.monitoring.tests.test_answering import filled, link_path, send

STAFF_OF_A = ("coordinator", "regional_admin", "curator_a", "head_a", "responsible_a")
NOT_STAFF_OF_A = ("curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider")


@pytest.fixture
def answered(client, cast, world):
    survey = send(world, cast.curator_a)
    invitation = survey.invitations.get()
    client.post(link_path(invitation), filled(invitation))
    client.logout()
    return survey


@pytest.mark.parametrize("persona", STAFF_OF_A)
def test_the_schools_staff_and_district_see_the_survey_results(client, cast, answered, persona):
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("monitoring:survey-detail", args=[answered.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ответили 1 из 1" in html
    assert "Индекс удовлетворённости" not in html  # an entry questionnaire has no satisfaction items
    assert "<svg" in html and ">Насколько вам интересно учиться?</caption>" in html


@pytest.mark.parametrize("persona", NOT_STAFF_OF_A)
def test_others_get_404_for_the_survey(client, cast, answered, persona):
    client.force_login(getattr(cast, persona))
    for name in ("survey-detail", "survey-responses", "survey-links"):
        assert client.get(reverse(f"monitoring:{name}", args=[answered.pk])).status_code == 404, name
    assert client.get(reverse("monitoring:program-monitoring", args=[answered.program_id])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("curator_a", True),
        ("head_a", True),
        ("coordinator", False),
        ("regional_admin", False),
        ("responsible_a", False),
    ],
)
def test_only_the_curator_and_head_see_who_answered_what(client, cast, answered, persona, allowed):
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("monitoring:survey-responses", args=[answered.pk]))
    assert page.status_code == (200 if allowed else 404)
    if allowed:
        assert cast.mentee_a.person.full_name in page.content.decode()
        assert AuditEvent.objects.filter(
            user=getattr(cast, persona), object_id=str(answered.pk), description__contains="ответы"
        ).exists()
    detail = client.get(reverse("monitoring:survey-detail", args=[answered.pk])).content.decode()
    assert (cast.mentee_a.person.full_name in detail) is allowed


def test_an_anonymous_surveys_answers_are_not_listed_even_for_the_curator(client, cast, world):
    survey = send(world, cast.curator_a, is_anonymous=True)
    invitation = survey.invitations.get()
    client.post(link_path(invitation), filled(invitation))
    client.force_login(cast.curator_a)
    assert client.get(reverse("monitoring:survey-responses", args=[survey.pk])).status_code == 404
    assert (
        "Ответили 1 из 1"
        in client.get(reverse("monitoring:survey-detail", args=[survey.pk])).content.decode()
    )


def test_the_curator_sees_the_personal_links_and_it_is_audited(client, cast, world):
    survey = send(world, cast.curator_a)
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:survey-links", args=[survey.pk])).content.decode()
    assert services.invitation_token(survey.invitations.get()) in page
    assert AuditEvent.objects.filter(user=cast.curator_a, description="личные ссылки на анкету").exists()
    client.force_login(cast.coordinator)
    assert client.get(reverse("monitoring:survey-links", args=[survey.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("curator_a", True),
        ("head_a", True),
        ("coordinator", True),
        ("responsible_a", False),
        ("curator_b", False),
        ("mentor_a", False),
        ("outsider", False),
    ],
)
def test_who_may_send_a_survey(client, cast, world, persona, allowed):
    client.force_login(getattr(cast, persona))
    path = reverse("monitoring:survey-create", args=[world.program.pk])
    data = {
        "questionnaire": world.mentee_entry.pk,
        "title": "Входная анкета",
        "recipients": "mentees",
        "stage": "entry",
        "deadline": "2099-05-01",
    }
    answer = client.post(path, data)
    if allowed:
        survey = Survey.objects.get(title="Входная анкета")
        assert answer.status_code == 302 and answer["Location"] == survey.get_absolute_url()
        assert survey.invitations.count() == 1
    else:
        assert answer.status_code == 404 and not Survey.objects.exists()


def test_a_survey_of_nobody_is_refused_in_russian(client, cast, world):
    client.force_login(cast.curator_a)
    world.program.curators.clear()
    page = client.post(
        reverse("monitoring:survey-create", args=[world.program.pk]),
        {
            "questionnaire": Questionnaire.objects.get(builtin_key="curator").pk,
            "title": "К",
            "recipients": "curators",
            "stage": "interim",
            "deadline": "2000-01-01",
        },
    ).content.decode()
    assert "Срок ответа не может быть в прошлом." in page
    page = client.post(
        reverse("monitoring:survey-create", args=[world.program.pk]),
        {
            "questionnaire": Questionnaire.objects.get(builtin_key="curator").pk,
            "title": "К",
            "recipients": "curators",
            "stage": "interim",
            "deadline": "2099-01-01",
        },
    ).content.decode()
    assert "В программе нет участников, которых можно опросить" in page


def test_the_survey_list_costs_the_same_for_many_surveys(client, cast, world, django_assert_num_queries):
    client.force_login(cast.coordinator)
    send(world, cast.curator_a)
    path = reverse("monitoring:survey-list")
    client.get(path)
    with django_assert_num_queries(8) as few:
        client.get(path)
    for index in range(4):
        send(world, cast.curator_a, title=f"Ещё {index}")
        program_in(cast.school_a, title=f"Ещё программа {index}")
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(path)
    assert page.content.decode().count("0 из 1") == 5


def test_the_questionnaire_list_is_for_staff_only(client, cast):
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:questionnaire-list")).content.decode()
    assert "SWOT-анализ программы наставничества" in page
    for persona in ("mentor_a", "mentee_a", "outsider", "expert"):
        client.force_login(getattr(cast, persona))
        assert client.get(reverse("monitoring:questionnaire-list")).status_code == 404


def test_an_anonymous_surveys_results_wait_for_three_answers(client, cast, world, person_factory):
    from nastavnik.programs.models import ProgramParticipant

    for name in ("Первый", "Второй"):
        ProgramParticipant.objects.create(
            program=world.program, person=person_factory(last_name=name), role="mentee"
        )
    survey = send(world, cast.curator_a, is_anonymous=True)
    invitations = list(survey.invitations.order_by("pk"))
    client.post(link_path(invitations[0]), filled(invitations[0]))
    client.force_login(cast.curator_a)
    path = reverse("monitoring:survey-detail", args=[survey.pk])
    html = client.get(path).content.decode()
    assert "Результаты анонимного опроса появятся, когда ответят не меньше 3 участников" in html
    assert "<svg" not in html
    client.logout()
    for invitation in invitations[1:]:
        client.post(link_path(invitation), filled(invitation))
    client.force_login(cast.curator_a)
    html = client.get(path).content.decode()
    assert "Ответили 3 из 3" in html and "<svg" in html


def test_my_surveys_cost_the_same_for_many_invitations(client, cast, world, django_assert_num_queries):
    client.force_login(cast.mentee_a)
    send(world, cast.curator_a)
    path = reverse("monitoring:my-surveys")
    client.get(path)
    with django_assert_num_queries(6):
        client.get(path)
    for index in range(5):
        send(world, cast.curator_a, title=f"Ещё {index}")
    with django_assert_num_queries(6):
        html = client.get(path).content.decode()
    assert html.count("ждёт ответа") == 6


def _count(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_the_survey_page_costs_the_same_for_more_answers(client, cast, world, person_factory):
    from nastavnik.programs.models import ProgramParticipant

    for index in range(4):
        ProgramParticipant.objects.create(
            program=world.program, person=person_factory(last_name=f"Ученик{index}"), role="mentee"
        )
    survey = send(world, cast.curator_a)
    invitations = list(survey.invitations.order_by("pk"))
    client.post(link_path(invitations[0]), filled(invitations[0]))
    client.force_login(cast.curator_a)
    paths = [
        reverse(f"monitoring:{name}", args=[survey.pk])
        for name in ("survey-detail", "survey-responses", "survey-links")
    ]
    before = [_count(client, path) for path in paths]
    client.logout()
    for invitation in invitations[1:]:
        client.post(link_path(invitation), filled(invitation))
    client.force_login(cast.curator_a)
    assert [_count(client, path) for path in paths] == before


def test_the_questionnaire_list_costs_the_same_for_more_questionnaires(client, cast):
    from nastavnik.monitoring.models import Questionnaire

    client.force_login(cast.coordinator)
    path = reverse("monitoring:questionnaire-list")
    before = _count(client, path)
    for questionnaire in Questionnaire.objects.all()[:5]:
        services.questionnaire_copy(questionnaire=questionnaire, municipality=cast.municipality)
    assert _count(client, path) == before


@pytest.mark.parametrize("persona", ["curator_a", "coordinator"])
def test_the_survey_list_leads_to_the_programs_monitoring(client, cast, world, persona):
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("monitoring:survey-list")).content.decode()
    assert "Программ пока нет." not in page
    assert reverse("monitoring:program-monitoring", args=[world.program.pk]) in page
    municipal = reverse("monitoring:municipal-monitoring")
    assert (f'href="{municipal}"' in page) == (persona == "coordinator")


def test_the_survey_list_shows_no_other_schools_programs(client, cast, world):
    client.force_login(cast.curator_b)
    page = client.get(reverse("monitoring:survey-list")).content.decode()
    assert reverse("monitoring:program-monitoring", args=[world.program.pk]) not in page
    assert "Программ пока нет." in page


def test_the_survey_lists_tell_surveys_of_different_forms_apart(client, cast, world):
    send(world, cast.curator_a)
    client.force_login(cast.curator_a)
    for path in (
        reverse("monitoring:survey-list"),
        reverse("monitoring:program-monitoring", args=[world.program.pk]),
    ):
        assert "наставляемые (ученик – ученик)" in client.get(path).content.decode(), path


def _create(client, world, questionnaire, **overrides):
    data = {
        "questionnaire": questionnaire.pk,
        "title": "Опрос",
        "recipients": "mentees",
        "stage": "entry",
        "deadline": "2099-01-01",
    }
    data.update(overrides)
    return client.post(reverse("monitoring:survey-create", args=[world.program.pk]), data)


def test_a_questionnaire_goes_only_to_those_it_is_for(client, cast, world):
    client.force_login(cast.curator_a)
    # The form's default group is the mentors: a mentee questionnaire sent to them is refused.
    page = _create(client, world, world.mentee_entry, recipients="mentors").content.decode()
    assert "предназначена для группы «наставляемые»: выберите эту группу или другую анкету." in page
    # The summary above the form names the field and leads to it.
    assert '<li><a href="#id_recipients">Кого опрашиваем — Анкета' in page
    page = _create(client, world, world.mentee_entry, stage="completion").content.decode()
    assert "её нельзя рассылать на этапе «по завершении программы»" in page
    page = _create(client, world, world.mentee_completion, stage="entry").content.decode()
    assert "её нельзя рассылать на этапе «на входе в программу»" in page
    assert not Survey.objects.exists()
    # An interim survey may use either; the right group and stage go through.
    assert _create(client, world, world.mentee_completion, stage="interim").status_code == 302
    assert _create(client, world, world.mentee_entry, title="").status_code == 302
    assert Survey.objects.count() == 2
    assert Survey.objects.filter(title=world.mentee_entry.title).exists()  # named after the questionnaire


def test_a_questionnaire_without_questions_is_not_sent(client, cast, world):
    from nastavnik.monitoring.tests.helpers import questionnaire_with

    empty = questionnaire_with([], municipality=cast.school_a.municipality).questionnaire
    client.force_login(cast.curator_a)
    page = _create(client, world, empty).content.decode()
    assert "нет ни одного вопроса: сначала добавьте вопросы" in page
    assert not Survey.objects.exists()


def test_another_municipalitys_questionnaire_is_not_offered(client, cast, world):
    from nastavnik.monitoring.tests.helpers import Kind, questionnaire_with

    elsewhere = questionnaire_with(
        [("q", Kind.SCALE, False)], municipality=cast.school_elsewhere.municipality, title="Чужая анкета"
    ).questionnaire
    client.force_login(cast.regional_admin)
    assert (
        "Чужая анкета"
        not in client.get(reverse("monitoring:survey-create", args=[world.program.pk])).content.decode()
    )
    assert _create(client, world, elsewhere).status_code == 200
    with pytest.raises(ValidationError, match="другого муниципалитета"):
        services.survey_create(
            program=world.program,
            questionnaire=elsewhere,
            title="Опрос",
            recipients="mentees",
            stage="entry",
            deadline=datetime.date(2099, 1, 1),
        )
    assert not Survey.objects.exists()


def test_the_survey_form_tells_a_copy_from_the_built_in_questionnaire(client, cast, world):
    services.questionnaire_copy(questionnaire=world.mentee_entry, municipality=cast.municipality)
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:survey-create", args=[world.program.pk])).content.decode()
    title = world.mentee_entry.title
    assert f"{title} (встроенная)" in page and f"{title} ({cast.municipality.name})" in page


def test_the_curator_invites_those_who_joined_after_the_survey_was_sent(client, cast, world, person_factory):
    from nastavnik.programs.models import ProgramParticipant

    survey = send(world, cast.curator_a)
    late = person_factory(last_name="Опоздавший")
    ProgramParticipant.objects.create(program=world.program, person=late, role="mentee", form=world.form)
    client.force_login(cast.curator_a)
    detail = client.get(reverse("monitoring:survey-detail", args=[survey.pk])).content.decode()
    assert "Пригласить новых участников" in detail
    path = reverse("monitoring:survey-invite-newcomers", args=[survey.pk])
    page = client.post(path, follow=True).content.decode()
    assert "Приглашены новые участники: 1." in page and "Ответили 0 из 2" in page
    invitation = survey.invitations.get(person=late)
    assert client.get(link_path(invitation)).status_code == 200
    assert "Новых участников нет" in client.post(path, follow=True).content.decode()
    assert survey.invitations.count() == 2


@pytest.mark.parametrize("persona", ["curator_b", "responsible_a", "mentee_a", "outsider"])
def test_others_cannot_invite_to_the_survey(client, cast, world, person_factory, persona):
    from nastavnik.programs.models import ProgramParticipant

    survey = send(world, cast.curator_a)
    ProgramParticipant.objects.create(program=world.program, person=person_factory(), role="mentee")
    client.force_login(getattr(cast, persona))
    assert client.post(reverse("monitoring:survey-invite-newcomers", args=[survey.pk])).status_code == 404
    assert survey.invitations.count() == 1


def test_nobody_is_invited_to_a_closed_survey(client, cast, world, person_factory):
    from nastavnik.programs.models import ProgramParticipant

    survey = send(world, cast.curator_a)
    Survey.objects.filter(pk=survey.pk).update(deadline=datetime.date(2020, 1, 1))
    ProgramParticipant.objects.create(program=world.program, person=person_factory(), role="mentee")
    client.force_login(cast.curator_a)
    assert (
        "Пригласить новых участников"
        not in client.get(reverse("monitoring:survey-detail", args=[survey.pk])).content.decode()
    )
    page = client.post(reverse("monitoring:survey-invite-newcomers", args=[survey.pk]), follow=True)
    assert "Срок ответа истёк: новых участников в этот опрос не пригласить." in page.content.decode()
    assert survey.invitations.count() == 1


def test_the_curator_moves_the_deadline_and_the_links_work_again(client, cast, world):
    survey = send(world, cast.curator_a)
    Survey.objects.filter(pk=survey.pk).update(deadline=datetime.date(2020, 1, 1))
    invitation = survey.invitations.get()
    assert client.get(link_path(invitation)).status_code == 410
    client.force_login(cast.curator_a)
    detail = client.get(reverse("monitoring:survey-detail", args=[survey.pk])).content.decode()
    assert 'value="2020-01-01"' in detail  # the date field shows the current deadline
    path = reverse("monitoring:survey-deadline", args=[survey.pk])
    page = client.post(path, {"deadline": "2019-05-01"}, follow=True).content.decode()
    assert "Срок ответа не может быть в прошлом." in page
    later = datetime.date.today() + datetime.timedelta(days=10)
    page = client.post(path, {"deadline": later.isoformat()}, follow=True).content.decode()
    assert f"Срок ответа теперь — {later:%d.%m.%Y}." in page
    assert (
        client.post(path, {"deadline": ""}, follow=True).content.decode().count("Укажите новый срок ответа.")
        == 1
    )
    client.logout()
    assert client.get(link_path(invitation)).status_code == 200


@pytest.mark.parametrize("persona", ["curator_b", "responsible_a", "mentee_a", "outsider"])
def test_others_cannot_move_the_deadline(client, cast, world, persona):
    survey = send(world, cast.curator_a)
    client.force_login(getattr(cast, persona))
    path = reverse("monitoring:survey-deadline", args=[survey.pk])
    assert client.post(path, {"deadline": "2099-01-01"}).status_code == 404
    survey.refresh_from_db()
    assert survey.deadline != datetime.date(2099, 1, 1)


def test_the_links_page_is_never_cached(client, cast, world):
    survey = send(world, cast.curator_a)
    client.force_login(cast.curator_a)
    assert "no-store" in client.get(reverse("monitoring:survey-links", args=[survey.pk]))["Cache-Control"]


def test_the_survey_list_is_paged(client, cast, world, monkeypatch):
    from nastavnik.monitoring import views

    monkeypatch.setattr(views, "SURVEYS_PER_PAGE", 2)
    for index in range(5):
        send(world, cast.curator_a, title=f"Опрос номер {index}")
    client.force_login(cast.curator_a)
    first = client.get(reverse("monitoring:survey-list")).content.decode()
    assert "Опрос номер 4" in first and "Опрос номер 3" in first and "Опрос номер 2" not in first
    assert "страница 1 из 3, всего опросов: 5" in first
    last = client.get(reverse("monitoring:survey-list") + "?page=3").content.decode()
    assert "Опрос номер 0" in last and "Опрос номер 1" not in last
