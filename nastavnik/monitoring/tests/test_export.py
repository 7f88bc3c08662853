"""A survey's answers as XLSX: opened with openpyxl and checked."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.core.models import AuditEvent
from nastavnik.monitoring.tests.test_answering import filled, link_path, send


def _answer(client, survey):
    for invitation in survey.invitations.order_by("pk"):
        data = filled(invitation)
        client.post(link_path(invitation), data)


def test_the_curator_downloads_the_answers_and_their_summary(client, cast, world):
    survey = send(world, cast.curator_a)
    _answer(client, survey)
    client.force_login(cast.curator_a)
    response = client.get(reverse("monitoring:survey-export", args=[survey.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    answers = list(workbook["Ответы"].iter_rows(values_only=True))
    assert answers[0][:3] == ("Участник", "Дата ответа", "Насколько вам интересно учиться?")
    assert answers[1][0] == cast.mentee_a.person.full_name and answers[1][2] == 6  # a number
    summary = {row[1]: row for row in workbook["Итоги"].iter_rows(min_row=2, values_only=True)}
    assert summary["Насколько вам интересно учиться?"][3:6] == (1, 6, 0)
    assert AuditEvent.objects.filter(user=cast.curator_a, action="export", object_id=str(survey.pk)).exists()


def test_an_anonymous_export_has_no_names_nor_dates(client, cast, world, person_factory):
    from nastavnik.programs.models import ProgramParticipant

    for name in ("Первый", "Второй"):
        ProgramParticipant.objects.create(
            program=world.program, person=person_factory(last_name=name), role="mentee"
        )
    survey = send(world, cast.curator_a, is_anonymous=True)
    _answer(client, survey)
    client.force_login(cast.curator_a)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("monitoring:survey-export", args=[survey.pk])).content)
    )
    rows = list(workbook["Ответы"].iter_rows(values_only=True))
    assert rows[0][0] == "Насколько вам интересно учиться?" and len(rows) == 4
    text = " ".join(str(value) for row in rows for value in row if value is not None)
    assert "Первый" not in text and cast.mentee_a.person.last_name not in text


@pytest.mark.parametrize("persona", ["coordinator", "responsible_a", "curator_b", "mentee_a", "outsider"])
def test_others_cannot_download_the_answers(client, cast, world, persona):
    survey = send(world, cast.curator_a)
    _answer(client, survey)
    client.force_login(getattr(cast, persona))
    assert client.get(reverse("monitoring:survey-export", args=[survey.pk])).status_code == 404


def test_the_survey_page_gives_its_satisfaction_index(client, cast, world):
    survey = send(world, cast.curator_a, questionnaire=world.mentee_completion, stage="completion")
    _answer(client, survey)  # two scales at 6 and «да»: (5/9·100 · 2 + 100) / 3
    client.force_login(cast.curator_a)
    html = client.get(reverse("monitoring:survey-detail", args=[survey.pk])).content.decode()
    assert "Индекс удовлетворённости по опросу: 70 %." in html


def test_an_anonymous_surveys_texts_and_rows_are_not_in_the_order_of_answering(
    client, cast, world, person_factory
):
    from nastavnik.monitoring.models import Question
    from nastavnik.monitoring.selectors import survey_results
    from nastavnik.programs.models import ProgramParticipant

    for name in ("Первый", "Второй"):
        ProgramParticipant.objects.create(
            program=world.program, person=person_factory(last_name=name), role="mentee"
        )
    survey = send(world, cast.curator_a, is_anonymous=True)
    wish = Question.objects.get(section__version=survey.version, kind="long_text")
    motivation = Question.objects.get(section__version=survey.version, key="mentee-motivation")
    # Answered in this order: the texts backwards, the ratings 2, 9, 5.
    for invitation, text, rating in zip(
        survey.invitations.order_by("pk"), ("Весна", "Борщ", "Арбуз"), ("2", "9", "5"), strict=True
    ):
        client.post(
            link_path(invitation), filled(invitation, **{f"q{wish.pk}": text, f"q{motivation.pk}": rating})
        )
    texts = next(result.texts for result in survey_results(survey) if result.question == wish)
    assert texts == ["Арбуз", "Борщ", "Весна"]
    client.force_login(cast.curator_a)
    page = client.get(reverse("monitoring:survey-detail", args=[survey.pk])).content.decode()
    assert page.index("Арбуз") < page.index("Борщ") < page.index("Весна")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("monitoring:survey-export", args=[survey.pk])).content)
    )
    rows = list(workbook["Ответы"].iter_rows(min_row=2, values_only=True))
    column = [cell.value for cell in workbook["Ответы"][1]].index(motivation.text)
    assert [row[column] for row in rows] == [2, 5, 9]  # sorted by the first question, not by time
