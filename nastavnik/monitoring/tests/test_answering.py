"""Sending a survey and answering it: through the personal link (once) and in the cabinet."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nastavnik.monitoring import services
from nastavnik.monitoring.models import Answer, Invitation, Question, Questionnaire, Response, Survey
from nastavnik.monitoring.tests.helpers import Kind, questionnaire_with
from nastavnik.people.models import Person, User


def send(world, user, questionnaire=None, **extra):
    data = {
        "program": world.program,
        "questionnaire": questionnaire or world.mentee_entry,
        "title": "Анкета на входе",
        "recipients": Survey.Recipients.MENTEES,
        "stage": Survey.Stage.ENTRY,
        "deadline": datetime.date.today() + datetime.timedelta(days=14),
        "user": user,
    }
    data.update(extra)
    return services.survey_create(**data)


def link_path(invitation):
    return reverse("monitoring:answer-by-link", args=[services.invitation_token(invitation)])


def filled(invitation, **overrides) -> dict:
    """A complete set of answers for the questions this recipient is asked."""
    data = {}
    for question in services.questions_to_ask(invitation):
        name = f"q{question.pk}"
        if question.kind == "scale":
            data[name] = "6"
        elif question.kind == "yes_no":
            data[name] = "1"
        elif question.kind == "single":
            data[name] = str(question.options.all()[0].pk)
        elif question.kind == "multiple":
            data[name] = [str(o.pk) for o in question.options.all()[:2]]
        else:
            data[name] = "Хочу лучше понимать математику"
    data.update(overrides)
    return data


def test_it_invites_each_mentee_with_a_token_stored_only_as_a_hash(cast, world):
    survey = send(world, cast.curator_a)
    invitation = Invitation.objects.get(survey=survey)
    assert invitation.person == cast.mentee_a.person
    token = services.invitation_token(invitation)
    assert len(token) == 64
    assert token not in {invitation.token_hash, invitation.nonce}
    assert invitation.token_hash == services.token_hash(token)


def test_the_link_works_without_login_and_only_once(client, cast, world):
    survey = send(world, cast.curator_a)
    invitation = survey.invitations.get()
    path = link_path(invitation)
    page = client.get(path)
    assert page.status_code == 200
    assert "Насколько вам интересно учиться?" in page.content.decode()
    answered = client.post(path, filled(invitation))
    assert answered.status_code == 302 and answered["Location"] == reverse("monitoring:answer-thanks")
    response = Response.objects.get(survey=survey)
    assert response.person == cast.mentee_a.person and response.version == survey.version
    assert response.form == world.form
    invitation.refresh_from_db()
    assert invitation.is_used and invitation.used_at is not None
    again = client.get(path)
    assert again.status_code == 410
    assert "ссылка больше не действует" in again.content.decode()
    assert client.post(path, filled(invitation)).status_code == 410
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_wrong_token_is_404(client, cast, world):
    send(world, cast.curator_a)
    assert client.get(reverse("monitoring:answer-by-link", args=["0" * 64])).status_code == 404


def test_it_stops_taking_answers_after_the_deadline(client, cast, world):
    survey = send(world, cast.curator_a)
    Survey.objects.filter(pk=survey.pk).update(deadline=datetime.date(2020, 1, 1))
    page = client.get(link_path(survey.invitations.get()))
    assert page.status_code == 410 and "Срок ответа истёк 01.01.2020" in page.content.decode()


def test_it_says_in_russian_which_question_is_missing(client, cast, world):
    survey = send(world, cast.curator_a)
    invitation = survey.invitations.get()
    question = Question.objects.get(section__version=survey.version, key="mentee-motivation")
    data = filled(invitation)
    data.pop(f"q{question.pk}")
    page = client.post(link_path(invitation), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Насколько вам интересно учиться? — ответьте на этот вопрос." in html
    assert html.count("Насколько вам интересно учиться?") == 2  # the summary and the legend only
    assert '_error">Ответьте на этот вопрос.</p>' in html  # under the question itself
    assert not Response.objects.exists()
    data[f"q{question.pk}"] = "11"
    assert (
        "Насколько вам интересно учиться? — выберите один из предложенных ответов."
        in client.post(link_path(invitation), data).content.decode()
    )


def test_a_percent_sign_in_a_question_does_not_break_its_error_messages(client, cast, world):
    version = questionnaire_with(
        [("online", Kind.SINGLE, False, ["до 50 %", "больше"]), ("why", Kind.SHORT_TEXT, False)]
    )
    Question.objects.filter(section__version=version, key="online").update(text="Какой % встреч был онлайн?")
    Question.objects.filter(section__version=version, key="why").update(text="Почему 100 %?")
    survey = send(world, cast.curator_a, questionnaire=version.questionnaire)
    invitation = survey.invitations.get()
    online = Question.objects.get(section__version=version, key="online")
    why = Question.objects.get(section__version=version, key="why")
    page = client.post(link_path(invitation), {f"q{online.pk}": "999999", f"q{why.pk}": "я" * 301})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Какой % встреч был онлайн? — выберите один из предложенных ответов." in html
    assert "Почему 100 %? — ответ длиннее 300 знаков, сейчас 301." in html
    assert not Response.objects.exists()


def test_the_service_refuses_values_outside_the_question(cast, world):
    survey = send(world, cast.curator_a)
    invitation = survey.invitations.get()
    question = Question.objects.get(section__version=survey.version, key="mentee-motivation")
    values = {q.pk: None for q in services.questions_to_ask(invitation)}
    values[question.pk] = 12
    with pytest.raises(ValidationError) as error:
        services.response_submit(invitation=invitation, values=values)
    assert error.value.message_dict[str(question.pk)] == ["Выберите оценку от 1 до 10."]


def test_a_minor_is_never_asked_for_personal_data(cast, world):
    survey = send(world, cast.curator_a)
    personal = Question.objects.get(section__version=survey.version, key="mentee-contact")
    assert personal.asks_personal_data
    minor = survey.invitations.get()
    assert personal not in services.questions_to_ask(minor)
    adult = Invitation.objects.create(survey=survey, person=cast.mentor_a.person, nonce="x", token_hash="y")
    assert personal in services.questions_to_ask(adult)


def test_an_anonymous_response_has_no_path_to_the_person(client, cast, world):
    survey = send(world, cast.curator_a, is_anonymous=True)
    invitation = survey.invitations.get()
    client.post(link_path(invitation), filled(invitation))
    response = Response.objects.get(survey=survey)
    assert response.person_id is None

    # The only way from a response to a person is its ``person`` field, empty here; nothing leads from a
    # response or an answer to an invitation, nor from an invitation to a response.
    def targets(model):
        return {
            f.name: f.related_model for f in model._meta.get_fields() if f.is_relation and f.related_model
        }

    assert [name for name, to in targets(Response).items() if to in (Person, Invitation, User)] == ["person"]
    assert not [name for name, to in targets(Answer).items() if to in (Person, Invitation, User)]
    assert Response not in targets(Invitation).values() and Answer not in targets(Invitation).values()
    assert response.form == world.mentee_entry.form  # the questionnaire's form, never looked up by person
    invitation.refresh_from_db()
    assert invitation.is_used and invitation.used_at is None  # no time to match against
    assert response.submitted_on is not None and not hasattr(response, "submitted_at")
    # Personal-data questions are not asked in an anonymous survey at all.
    assert not Answer.objects.filter(response=response, question__asks_personal_data=True).exists()


def test_the_mentee_answers_in_the_cabinet(client, cast, world):
    survey = send(world, cast.curator_a)
    invitation = survey.invitations.get()
    client.force_login(cast.mentee_a)
    mine = client.get(reverse("monitoring:my-surveys")).content.decode()
    assert "Анкета на входе" in mine and "ждёт ответа" in mine
    path = reverse("monitoring:answer-in-cabinet", args=[invitation.pk])
    assert client.post(path, filled(invitation))["Location"] == reverse("monitoring:my-surveys")
    assert "заполнена" in client.get(reverse("monitoring:my-surveys")).content.decode()
    assert client.get(path).status_code == 410


def test_nobody_else_opens_the_cabinet_invitation(client, cast, world):
    invitation = send(world, cast.curator_a).invitations.get()
    path = reverse("monitoring:answer-in-cabinet", args=[invitation.pk])
    for persona in ("mentor_a", "curator_a", "parent_a", "coordinator", "outsider"):
        client.force_login(getattr(cast, persona))
        assert client.get(path).status_code == 404, persona
        assert client.post(path, filled(invitation)).status_code == 404, persona
    assert not Response.objects.exists()


def test_a_questionnaire_for_one_form_goes_to_that_forms_participants(cast, world, person_factory):
    from nastavnik.programs.models import MentoringForm, ProgramParticipant

    teacher_form = MentoringForm.objects.get(name="педагог – молодой специалист")
    young = person_factory(last_name="Молодая")
    ProgramParticipant.objects.create(program=world.program, person=young, role="mentee", form=teacher_form)
    unknown = person_factory(last_name="Безформы")
    ProgramParticipant.objects.create(program=world.program, person=unknown, role="mentee")
    pupils = send(world, cast.curator_a)
    assert set(pupils.invitations.values_list("person__last_name", flat=True)) == {
        cast.mentee_a.person.last_name,
        "Безформы",
    }
    teachers = send(
        world,
        cast.curator_a,
        questionnaire=Questionnaire.objects.get(builtin_key="mentee_entry-teacher-young"),
    )
    assert set(teachers.invitations.values_list("person__last_name", flat=True)) == {"Молодая", "Безформы"}


def test_the_answer_pages_are_never_cached(client, cast, world):
    invitation = send(world, cast.curator_a).invitations.get()
    assert "no-store" in client.get(link_path(invitation))["Cache-Control"]
    client.force_login(cast.mentee_a)
    page = client.get(reverse("monitoring:answer-in-cabinet", args=[invitation.pk]))
    assert "no-store" in page["Cache-Control"]
