import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from nastavnik.core.models import PendingImport
from nastavnik.organizations.imports import organization_import_commit, organization_import_preview
from nastavnik.organizations.models import Organization, RoleAssignment


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = [
    "№",
    "Наименование организации",
    "Тип",
    "ИНН",
    "Количество обучающихся",
    "10-18 лет",
    "15-18 лет",
    "Педагогов всего",
    "Молодых педагогов",
]
GOOD_ROWS = [
    [1, "МБОУ «Куюсская ООШ»", "общеобразовательная", "0411000001", 71, 40, 8, 11, 2],
    [2, "МБДОУ «Детский сад Солнышко»", "Дошкольная", "", 0, 0, 0, 14, 3],
]


def test_a_clean_file_previews_and_then_writes_every_row(cast):
    data = xlsx([HEADER, *GOOD_ROWS])
    preview = organization_import_preview(data=data, filename="база.xlsx", municipality=cast.municipality)
    assert preview.ok, preview.errors
    assert Organization.objects.filter(municipality=cast.municipality).count() == 2  # preview writes nothing
    created = organization_import_commit(
        data=data, filename="база.xlsx", municipality=cast.municipality, user=cast.coordinator
    )
    assert [o.short_name or o.name for o in created] == [
        "МБОУ «Куюсская ООШ»",
        "МБДОУ «Детский сад Солнышко»",
    ]
    assert created[1].kind == Organization.Kind.PRESCHOOL
    assert created[0].pupils_10_18 == 40


def test_errors_name_the_row_and_column_and_nothing_is_written(cast):
    rows = [
        HEADER,
        GOOD_ROWS[0],
        [2, "МБОУ «Школа А»", "общеобразовательная", "", 10, 5, 1, 1, 0],  # duplicate name
        [
            3,
            "МБОУ «Другая»",
            "гимназия-интернат",
            "0411000001",
            10,
            5,
            1,
            1,
            0,
        ],  # unknown type, INN repeated in file
        [4, "МБОУ «Третья»", "", "", 10, 50, 1, 1, 0],  # 10–18 more than total
    ]
    before = Organization.objects.count()
    preview = organization_import_preview(
        data=xlsx(rows), filename="база.xlsx", municipality=cast.municipality
    )
    assert not preview.ok
    found = {(e.row, e.cell, e.message.split(".")[0]) for e in preview.errors}
    assert (3, "B", "Организация с таким наименованием уже есть в муниципалитете") in found
    assert any(
        row == 4 and cell == "C" and message.startswith("Неизвестный тип «гимназия-интернат»")
        for row, cell, message in found
    )
    assert any(row == 4 and cell == "D" and "0411000001" in message for row, cell, message in found)
    assert any(row == 5 and cell == "F" for row, cell, _ in found)
    with pytest.raises(ValueError):
        organization_import_commit(
            data=xlsx(rows), filename="база.xlsx", municipality=cast.municipality, user=None
        )
    assert Organization.objects.count() == before


def test_a_semicolon_csv_in_windows_1251_is_read(cast):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Наименование", "ИНН", "Обучающихся всего"])
    writer.writerow(["МБОУ «Ороктойская НОШ»", "0411000009", "15"])
    preview = organization_import_preview(
        data=buffer.getvalue().encode("cp1251"), filename="база.csv", municipality=cast.municipality
    )
    assert preview.ok, preview.errors
    assert preview.rows[0]["name"] == "МБОУ «Ороктойская НОШ»"


def test_an_unreadable_file_is_reported_as_a_whole(cast):
    preview = organization_import_preview(
        data=b"%PDF-1.4 nonsense", filename="база.pdf", municipality=cast.municipality
    )
    assert "формат не поддерживается" in preview.file_error


def test_the_export_is_a_workbook_with_curators_and_can_be_imported_back(client, cast):
    client.force_login(cast.coordinator)
    response = client.get(reverse("organizations:organization-export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Муниципалитет", "Полное наименование", "Краткое наименование")
    names = [row[1] for row in rows[1:]]
    assert names == ["МБОУ «Школа А»", "МБОУ «Школа Б»"]
    curators = rows[1][rows[0].index("Кураторы")]
    assert cast.curator_a.person.full_name in curators
    # The exported layout is the import layout: re-importing it reports every school as already there.
    preview = organization_import_preview(
        data=response.content, filename="export.xlsx", municipality=cast.municipality
    )
    assert {e.row for e in preview.errors} == {2, 3}
    assert all("уже есть" in e.message for e in preview.errors)
    # Into an empty municipality it loads the same cards.
    preview = organization_import_preview(
        data=response.content, filename="export.xlsx", municipality=cast.other_municipality
    )
    assert preview.ok
    assert [r["name"] for r in preview.rows] == names
    assert preview.rows[0]["pupils_10_18"] == cast.school_a.pupils_10_18


def test_the_web_import_shows_a_preview_and_commits_on_confirmation(client, cast):
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("база.xlsx", xlsx([HEADER, *GOOD_ROWS]))
    response = client.post(
        reverse("organizations:organization-import"), {"municipality": cast.municipality.pk, "file": upload}
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "Готово к загрузке строк: 2" in page
    assert not Organization.objects.filter(name="МБОУ «Куюсская ООШ»").exists()
    response = client.post(preview_url, {"confirm": "1"})
    assert response.status_code == 302
    assert Organization.objects.filter(name="МБОУ «Куюсская ООШ»", municipality=cast.municipality).exists()
    assert not PendingImport.objects.exists()


def test_another_user_cannot_open_someone_elses_preview(client, cast):
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("база.xlsx", xlsx([HEADER, *GOOD_ROWS]))
    preview_url = client.post(
        reverse("organizations:organization-import"), {"municipality": cast.municipality.pk, "file": upload}
    )["Location"]
    client.force_login(cast.regional_admin)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    assert not Organization.objects.filter(name="МБОУ «Куюсская ООШ»").exists()


def test_the_preview_lists_errors_by_row_and_column_and_offers_no_commit(client, cast):
    client.force_login(cast.coordinator)
    rows = [HEADER, [1, "МБОУ «Школа Б»", "", "", 1, 1, 1, 1, 1]]
    upload = SimpleUploadedFile("база.xlsx", xlsx(rows))
    preview_url = client.post(
        reverse("organizations:organization-import"), {"municipality": cast.municipality.pk, "file": upload}
    )["Location"]
    page = client.get(preview_url).content.decode()
    assert "Найдена 1 ошибка" in page and "B (Полное наименование)" in page
    assert 'name="confirm"' not in page
    assert RoleAssignment.objects.count() > 0  # the cast is untouched
    client.post(preview_url, {"confirm": "1"})
    assert Organization.objects.filter(name="МБОУ «Школа Б»").count() == 1


def test_an_oversized_upload_is_refused_before_it_is_stored(client, cast, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("огромный.xlsx", b"x" * (1024 * 1024 + 1))
    response = client.post(
        reverse("organizations:organization-import"), {"municipality": cast.municipality.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "Файл «огромный.xlsx» больше 1 МБ" in response.content.decode()
    assert not PendingImport.objects.exists()
