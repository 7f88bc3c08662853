from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nastavnik.roadmap.exports import TITLE_ROWS, municipal_progress_xlsx
from nastavnik.roadmap.models import Status
from nastavnik.roadmap.services import evidence_add, roadmap_create
from nastavnik.roadmap.tests.test_views import ALL, MANAGERS, _pdf

HEADER_ROW = TITLE_ROWS + 1


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://nastavnik.example.org/"


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def _report(client, cast, roadmap):
    client.force_login(cast.coordinator)
    response = client.get(reverse("roadmap:roadmap-progress-report", args=[roadmap.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="progress-{roadmap.pk}-')
    return load_workbook(BytesIO(response.content))


def test_it_lists_activities_with_status_period_and_absolute_evidence_links(
    client, cast, roadmap, municipal_activity
):
    evidence = evidence_add(
        activity=municipal_activity, title="Приказ № 12", file=_pdf(), user=cast.coordinator
    )
    evidence_add(
        activity=municipal_activity, title="На сайте", url="https://example.org/prikaz", mark_done=False
    )
    workbook = _report(client, cast, roadmap)
    assert workbook.sheetnames == ["Мероприятия", "По организациям", "Документы организаций"]
    sheet = workbook["Мероприятия"]
    assert sheet["A1"].value == "Отчёт о ходе реализации дорожной карты"
    assert [cell.value for cell in sheet[HEADER_ROW]][:9] == [
        "№",
        "Мероприятие",
        "Ответственный",
        "Результат",
        "Срок (как записан)",
        "Начало",
        "Окончание",
        "Статус",
        "Дата выполнения",
    ]
    rows = {row[0]: row for row in _rows(sheet)}
    assert list(rows) == ["1", "7", "15.1"]
    first = rows["1"]
    assert first[4] == "Июнь-июль 2020 года"
    assert (first[5].date(), first[6].date()) == (date(2020, 6, 1), date(2020, 7, 31))
    assert first[7] == "выполнено"
    assert first[8] is not None  # the day the order was attached
    link = "https://nastavnik.example.org" + reverse("roadmap:evidence-file", args=[evidence.pk])
    assert first[10] == f"Приказ № 12: {link}\nНа сайте: https://example.org/prikaz"
    assert sheet.cell(HEADER_ROW + 1, 11).hyperlink.target == link
    assert rows["7"][7] == "просрочено"
    assert rows["7"][9] == "0 из 2"
    assert rows["15.1"][5:8] == [None, None, "запланировано"]


def test_it_shows_completion_per_school(client, cast, roadmap, task_a):
    evidence = evidence_add(
        task=task_a, title="Приказ о назначении кураторов", file=_pdf(), user=cast.curator_a
    )
    workbook = _report(client, cast, roadmap)
    sheet = workbook["По организациям"]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header == [
        "Организация",
        "7. Назначение кураторов внедрения целевой модели наставничества",
        "Выполнено",
        "Просрочено",
        "% выполнения",
    ]
    rows = {row[0]: row[1:] for row in _rows(sheet)}
    assert rows["Школа А"] == ["выполнено", 1, 0, 1]
    assert rows["Школа Б"] == ["просрочено", 0, 1, 0]
    assert sheet.cell(HEADER_ROW + 1, 5).number_format == "0%"
    assert workbook["Мероприятия"].cell(HEADER_ROW + 2, 10).value == "1 из 2"
    documents = _rows(workbook["Документы организаций"])
    link = "https://nastavnik.example.org" + reverse("roadmap:evidence-file", args=[evidence.pk])
    assert [row[:4] + row[5:] for row in documents] == [
        ["Школа А", "7", task_a.activity.title, "Приказ о назначении кураторов", link]
    ]


def test_the_report_reads_a_fixed_number_of_queries(cast, roadmap, task_a, django_assert_num_queries):
    evidence_add(task=task_a, title="Приказ", file=_pdf())
    with django_assert_num_queries(6):
        municipal_progress_xlsx(roadmap, today=date(2026, 1, 1))


@pytest.mark.parametrize("persona", ALL)
def test_it_gives_the_report_only_to_those_who_control_the_roadmap(client, cast, roadmap, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(reverse("roadmap:roadmap-progress-report", args=[roadmap.pk]))
    assert response.status_code == (200 if persona in MANAGERS else 404)


def test_a_schools_own_roadmap_has_no_progress_report(client, cast):
    roadmap = roadmap_create(title="Карта школы", organization=cast.school_a)
    client.force_login(cast.coordinator)
    assert client.get(reverse("roadmap:roadmap-progress-report", args=[roadmap.pk])).status_code == 404


def test_the_matrix_offers_the_report(client, cast, roadmap):
    client.force_login(cast.coordinator)
    html = client.get(reverse("roadmap:roadmap-matrix", args=[roadmap.pk])).content.decode()
    assert reverse("roadmap:roadmap-progress-report", args=[roadmap.pk]) in html
    assert "Скачать отчёт о ходе реализации (XLSX)" in html


def test_status_cells_say_done_in_words(cast, roadmap, task_a):
    task_a.status = Status.DONE
    task_a.save(update_fields=["status"])
    workbook = load_workbook(BytesIO(municipal_progress_xlsx(roadmap, today=date(2026, 1, 1))))
    assert _rows(workbook["По организациям"])[0][1] == "выполнено"
