"""Built-in questionnaires, editing by the district, and versions that keep what was answered."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from nastavnik.monitoring import services
from nastavnik.monitoring.builtin import questionnaires_seed
from nastavnik.monitoring.models import Question, Questionnaire, Response
from nastavnik.monitoring.tests.test_answering import filled, link_path, send
from nastavnik.programs.models import MentoringForm


@pytest.mark.django_db
def test_the_built_in_questionnaires_are_seeded_once():
    forms = MentoringForm.objects.count()
    assert Questionnaire.objects.filter(municipality__isnull=True).count() == 4 * forms + 2
    assert questionnaires_seed() == 0
    out = io.StringIO()
    call_command("monitoring_questionnaires_ensure", stdout=out)
    assert "Добавлено встроенных анкет: 0" in out.getvalue()
    assert Questionnaire.objects.filter(municipality__isnull=True).count() == 4 * forms + 2
    Questionnaire.objects.filter(builtin_key="swot").delete()
    assert questionnaires_seed() == 1


@pytest.mark.django_db
def test_entry_and_completion_share_their_rated_items():
    for role in ("mentor", "mentee"):
        for code in ("pupil-pupil", "teacher-young", "employer-student"):
            keys = {}
            for stage in ("entry", "completion"):
                questionnaire = Questionnaire.objects.get(builtin_key=f"{role}_{stage}-{code}")
                keys[stage] = set(
                    Question.objects.filter(
                        section__version__questionnaire=questionnaire, kind="scale", is_satisfaction=False
                    ).values_list("key", flat=True)
                )
            assert keys["entry"] == keys["completion"] and len(keys["entry"]) == 5
    swot = Questionnaire.objects.get(builtin_key="swot")
    assert list(
        Question.objects.filter(section__version__questionnaire=swot).values_list("key", flat=True)
    ) == [
        "swot-strengths",
        "swot-weaknesses",
        "swot-opportunities",
        "swot-threats",
    ]
    assert Questionnaire.objects.get(builtin_key="curator").purpose == "curator"


def test_editing_an_answered_questionnaire_makes_a_new_version(client, cast, world):
    own = services.questionnaire_copy(questionnaire=world.mentee_entry, municipality=cast.municipality)
    survey = send(world, cast.curator_a, questionnaire=own)
    invitation = survey.invitations.get()
    client.post(link_path(invitation), filled(invitation))
    old_version = survey.version
    question = Question.objects.get(section__version=old_version, key="mentee-motivation")

    client.force_login(cast.coordinator)
    page = client.post(
        reverse("monitoring:question-edit", args=[own.pk, question.pk]),
        {
            "section": question.section_id,
            "text": "Насколько вам нравится учиться?",
            "kind": "scale",
            "key": "mentee-motivation",
            "required": "on",
        },
    )
    assert page.status_code == 302
    versions = list(own.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert (
        Question.objects.get(section__version=versions[0], key="mentee-motivation").text
        == "Насколько вам интересно учиться?"
    )
    assert (
        Question.objects.get(section__version=versions[1], key="mentee-motivation").text
        == "Насколько вам нравится учиться?"
    )
    response = Response.objects.get(survey=survey)
    assert response.version == old_version
    assert (
        response.answers.get(question__key="mentee-motivation").question.text
        == "Насколько вам интересно учиться?"
    )
    # A second edit goes into version 2 while nobody has been sent it.
    client.post(reverse("monitoring:section-create", args=[own.pk]), {"title": "Дополнительно"})
    assert own.versions.count() == 2
    assert services.current_version(own).sections.filter(title="Дополнительно").exists()


def test_the_coordinator_adds_moves_and_deletes_questions(client, cast):
    client.force_login(cast.coordinator)
    client.post(
        reverse("monitoring:questionnaire-create"),
        {"municipality": cast.municipality.pk, "title": "Анкета родителей", "purpose": "other"},
    )
    own = Questionnaire.objects.get(title="Анкета родителей")
    assert own.municipality == cast.municipality
    section = services.current_version(own).sections.get()
    add = reverse("monitoring:question-create", args=[own.pk])
    client.post(
        add,
        {
            "section": section.pk,
            "text": "Довольны ли вы?",
            "kind": "yes_no",
            "key": "parent-ok",
            "is_satisfaction": "on",
        },
    )
    page = client.post(
        add,
        {
            "section": section.pk,
            "text": "Что изменилось?",
            "kind": "single",
            "key": "parent-change",
            "options": "всё\n",
        },
    )
    assert "Для вопроса с выбором укажите не меньше двух вариантов" in page.content.decode()
    page = client.post(
        add, {"section": section.pk, "text": "Что ещё?", "kind": "long_text", "key": "parent-ok"}
    )
    assert "Ключ «parent-ok» уже есть в этой анкете." in page.content.decode()
    page = client.post(add, {"section": section.pk, "text": "Что ещё?", "kind": "long_text", "key": "Ключ"})
    assert "только строчная латиница" in page.content.decode()
    client.post(
        add,
        {
            "section": section.pk,
            "text": "Что изменилось?",
            "kind": "multiple",
            "key": "parent-change",
            "options": "оценки\nнастроение",
        },
    )
    questions = list(Question.objects.filter(section=section).order_by("position"))
    assert [q.key for q in questions] == ["parent-ok", "parent-change"]
    assert [o.text for o in questions[1].options.all()] == ["оценки", "настроение"]
    client.post(reverse("monitoring:question-move", args=[own.pk, questions[1].pk]), {"direction": "up"})
    assert list(
        Question.objects.filter(section=section).order_by("position").values_list("key", flat=True)
    ) == ["parent-change", "parent-ok"]
    client.post(reverse("monitoring:question-delete", args=[own.pk, questions[0].pk]))
    assert list(Question.objects.filter(section=section).values_list("key", flat=True)) == ["parent-change"]
    assert client.get(own.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("persona", "builtin_allowed", "own_allowed"),
    [
        ("regional_admin", True, True),
        ("coordinator", False, True),
        ("curator_a", False, False),
        ("head_a", False, False),
        ("mentor_a", False, False),
        ("outsider", False, False),
    ],
)
def test_who_may_edit_questionnaires(client, cast, persona, builtin_allowed, own_allowed):
    # The region edits the built-in ones and every municipality's of the region; a coordinator only
    # their municipality's.
    builtin = Questionnaire.objects.get(builtin_key="swot")
    own = services.questionnaire_copy(questionnaire=builtin, municipality=cast.municipality)
    elsewhere = services.questionnaire_copy(questionnaire=builtin, municipality=cast.other_municipality)
    client.force_login(getattr(cast, persona))
    for questionnaire, allowed in (
        (builtin, builtin_allowed),
        (own, own_allowed),
        (elsewhere, builtin_allowed),
    ):
        section = services.current_version(questionnaire).sections.get()
        answer = client.post(
            reverse("monitoring:question-create", args=[questionnaire.pk]),
            {"section": section.pk, "text": "Новый вопрос", "kind": "short_text", "key": "extra"},
        )
        assert answer.status_code == (302 if allowed else 404), questionnaire
        assert (
            Question.objects.filter(section__version__questionnaire=questionnaire, key="extra").exists()
            is allowed
        )


def test_another_municipalitys_questionnaire_is_invisible(client, cast):
    elsewhere = services.questionnaire_copy(
        questionnaire=Questionnaire.objects.get(builtin_key="swot"), municipality=cast.other_municipality
    )
    for persona in ("coordinator", "curator_a"):
        client.force_login(getattr(cast, persona))
        assert client.get(elsewhere.get_absolute_url()).status_code == 404
    client.force_login(cast.regional_admin)
    assert client.get(elsewhere.get_absolute_url()).status_code == 200


def test_the_coordinator_copies_a_built_in_questionnaire(client, cast):
    builtin = Questionnaire.objects.get(builtin_key="curator")
    client.force_login(cast.coordinator)
    answer = client.post(reverse("monitoring:questionnaire-copy", args=[builtin.pk]))
    copy = Questionnaire.objects.get(municipality=cast.municipality)
    assert answer["Location"] == copy.get_absolute_url()
    assert list(
        Question.objects.filter(section__version__questionnaire=copy).values_list("key", flat=True)
    ) == list(Question.objects.filter(section__version__questionnaire=builtin).values_list("key", flat=True))
    client.force_login(cast.curator_a)
    assert client.post(reverse("monitoring:questionnaire-copy", args=[builtin.pk])).status_code == 404


def test_the_coordinator_renames_and_deletes_sections(client, cast, world):
    own = services.questionnaire_copy(questionnaire=world.mentee_entry, municipality=cast.municipality)
    sections = list(services.current_version(own).sections.order_by("position"))
    assert len(sections) == 2
    client.force_login(cast.coordinator)
    client.post(
        reverse("monitoring:section-edit", args=[own.pk, sections[0].pk]), {"title": "Как вы себя оцениваете"}
    )
    sections[0].refresh_from_db()
    assert sections[0].title == "Как вы себя оцениваете"
    client.post(reverse("monitoring:section-delete", args=[own.pk, sections[1].pk]))
    assert list(services.current_version(own).sections.values_list("title", flat=True)) == [
        "Как вы себя оцениваете"
    ]
    page = client.post(reverse("monitoring:section-delete", args=[own.pk, sections[0].pk]), follow=True)
    assert "В анкете должен остаться хотя бы один раздел." in page.content.decode()
    client.force_login(cast.curator_a)
    assert (
        client.post(
            reverse("monitoring:section-edit", args=[own.pk, sections[0].pk]), {"title": "Х"}
        ).status_code
        == 404
    )
    assert client.post(reverse("monitoring:section-delete", args=[own.pk, sections[0].pk])).status_code == 404


def test_a_question_without_a_key_gets_a_free_one(client, cast):
    own = services.questionnaire_create(
        municipality=cast.municipality, title="Анкета родителей", purpose="other"
    )
    section = services.current_version(own).sections.get()
    client.force_login(cast.coordinator)
    add = reverse("monitoring:question-create", args=[own.pk])
    for text in ("Довольны ли вы?", "Что изменилось?"):
        page = client.post(add, {"section": section.pk, "text": text, "kind": "yes_no", "key": ""})
        assert page.status_code == 302
    page = client.post(
        add, {"section": section.pk, "text": "Ключ с ошибкой", "kind": "yes_no", "key": "Ключ"}
    )
    assert "Ключ: только строчная латиница" in page.content.decode()
    keys = dict(Question.objects.filter(section=section).values_list("text", "key"))
    assert keys == {"Довольны ли вы?": "q-1", "Что изменилось?": "q-2"}
