from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import Workbook

from nastavnik.roadmap.exports import roadmap_docx, roadmap_xlsx
from nastavnik.roadmap.imports import ImportRejected, roadmap_import_commit, roadmap_import_preview
from nastavnik.roadmap.models import Activity, OrganizationTask, Roadmap
from nastavnik.roadmap.services import roadmap_load_template

CSV = (
    "№,Мероприятие,Ответственный,Результат,Срок\n"
    "1,Утверждение перечня ОО,МКУ «ЦО ДОО» Чемальского района,Приказ,Июнь-иголь 2020 года\n"
    "7,Назначение кураторов,Образовательные организации,Приказ ОО,04.08.2020\n"
    "15.1,Программа «Школа успеха»,,Программа,по мере необходимости\n"
)


def _xlsx(rows, merges=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx(rows, *, merge_first_row=False) -> bytes:
    document = Document()
    document.add_paragraph("План (дорожная карта) по внедрению целевой модели наставничества")
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    if merge_first_row:
        table.cell(0, 0).merge(table.cell(0, len(rows[0]) - 1))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _snapshot(roadmap: Roadmap) -> list[tuple]:
    return list(
        roadmap.activities.values_list(
            "number",
            "title",
            "responsible_text",
            "expected_result",
            "deadline_text",
            "starts_on",
            "ends_on",
            "deadline_recognized",
            "cascade_to_organizations",
        )
    )


def test_it_imports_a_csv_roadmap_with_typos_and_unreadable_deadlines(cast):
    roadmap = roadmap_import_commit(
        data=CSV.encode(), filename="roadmap.csv", title="Дорожная карта", municipality=cast.municipality
    )
    first, seventh, flagged = roadmap.activities.all()
    assert (first.starts_on, first.ends_on) == (date(2020, 6, 1), date(2020, 7, 31))
    assert first.cascade_to_organizations is False
    assert seventh.cascade_to_organizations is True
    assert seventh.tasks.count() == 2
    assert flagged.number == "15.1"
    assert flagged.deadline_recognized is False
    assert flagged.deadline_text == "по мере необходимости"


def test_it_shows_unreadable_deadlines_and_the_cascade_in_the_preview(cast):
    preview = roadmap_import_preview(
        data=CSV.encode(), filename="roadmap.csv", municipality=cast.municipality
    )
    assert preview.ok
    assert preview.errors == []
    assert [row.number for row in preview.flagged] == ["15.1"]
    assert [row.number for row in preview.cascading] == ["7"]
    assert preview.task_count == 2
    assert Roadmap.objects.count() == 0


def test_it_imports_xlsx_with_a_title_merged_two_level_header_and_multiline_cells(cast):
    data = _xlsx(
        [
            ["План (дорожная карта) внедрения целевой модели наставничества", None, None, None, None],
            ["№\nп/п", "Наименование\nмероприятия", "Исполнители", "Результат / вид документа", "Сроки"],
            [None, None, None, None, None],
            ["1", "Утверждение\nперечня ОО", "МКУ «ЦО ДОО»", "Приказ", "Июнь-\nиюль\n2020\nгода"],
            ["2", "Назначение кураторов", "Руководители ОО", "Приказ ОО", "До 1 сентября 2020 года"],
        ],
        merges=["A1:E1", "A2:A3", "B2:B3"],
    )
    roadmap = roadmap_import_commit(
        data=data, filename="карта.xlsx", title="Карта", municipality=cast.municipality
    )
    assert _snapshot(roadmap) == [
        (
            "1",
            "Утверждение перечня ОО",
            "МКУ «ЦО ДОО»",
            "Приказ",
            "Июнь- июль 2020 года",
            date(2020, 6, 1),
            date(2020, 7, 31),
            True,
            False,
        ),
        (
            "2",
            "Назначение кураторов",
            "Руководители ОО",
            "Приказ ОО",
            "До 1 сентября 2020 года",
            None,
            date(2020, 9, 1),
            True,
            True,
        ),
    ]


def test_it_imports_a_word_table_with_a_merged_title_row_and_a_numbering_row(cast):
    data = _docx(
        [
            ["План мероприятий", "", "", "", ""],
            ["№ п/п", "Наименование мероприятия", "ответственн\nый", "результат", "срок"],
            ["1", "2", "3", "4", "5"],
            ["I. Подготовительный этап", "", "", "", ""],
            [
                "1",
                "Утверждение перечня\nобразовательных организаций",
                "МКУ «ЦО ДОО»",
                "Приказ",
                "Июнь-иголь 2020 года",
            ],
            [
                "9",
                "Разработка локальных актов",
                "Образовательные организации",
                "Локальные акты",
                "Август 2020 года",
            ],
        ],
        merge_first_row=True,
    )
    preview = roadmap_import_preview(data=data, filename="карта.docx", municipality=cast.municipality)
    assert preview.ok, (preview.file_error, preview.errors)
    roadmap = roadmap_import_commit(
        data=data, filename="карта.docx", title="Карта", municipality=cast.municipality
    )
    assert list(roadmap.activities.values_list("number", "title", "ends_on")) == [
        ("1", "Утверждение перечня образовательных организаций", date(2020, 7, 31)),
        ("9", "Разработка локальных актов", date(2020, 8, 31)),
    ]
    assert OrganizationTask.objects.filter(activity__roadmap=roadmap).count() == 2


def test_it_reports_row_errors_and_writes_nothing(cast):
    data = (
        "№;Мероприятие;Ответственный;Результат;Срок\n"
        "1;Первое;МКУ;Приказ;Май 2021 года\n"
        "2;;МКУ;Приказ;Май 2021 года\n"
        "1;Повтор номера;МКУ;Приказ;Май 2021 года\n"
    ).encode("cp1251")
    preview = roadmap_import_preview(data=data, filename="карта.csv", municipality=cast.municipality)
    assert not preview.ok
    assert [(error.row, error.column) for error in preview.errors] == [(3, "Мероприятие"), (4, "№")]
    assert "строке 2" in preview.errors[1].message
    with pytest.raises(ImportRejected):
        roadmap_import_commit(data=data, filename="карта.csv", title="Карта", municipality=cast.municipality)
    assert Roadmap.objects.count() == 0
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("filename", "data", "fragment"),
    [
        ("empty.csv", b"", "пуст"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "повреждён"),
        ("locked.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "«locked.xlsx»"),
        ("scan.pdf", b"%PDF-1.4", "формат не поддерживается"),
        ("noheader.csv", b"a,b,c\n1,2,3\n", "заголов"),
        ("only-header.csv", "№,Мероприятие,Срок\n".encode(), "нет ни одного мероприятия"),
    ],
)
def test_it_rejects_bad_files_with_a_message_and_writes_nothing(cast, filename, data, fragment):
    preview = roadmap_import_preview(data=data, filename=filename, municipality=cast.municipality)
    assert fragment in preview.file_error
    with pytest.raises(ImportRejected):
        roadmap_import_commit(data=data, filename=filename, title="Карта", municipality=cast.municipality)
    assert Roadmap.objects.count() == 0


def test_it_states_the_size_limit(cast, settings):
    settings.MAX_UPLOAD_MB = 1
    data = CSV.encode() + b"#" * (1024 * 1024)
    preview = roadmap_import_preview(data=data, filename="big.csv", municipality=cast.municipality)
    assert "1 МБ" in preview.file_error


def test_it_loads_the_built_in_template(cast):
    roadmap = roadmap_load_template(municipality=cast.municipality, user=cast.coordinator)
    assert roadmap.activities.count() == 29
    assert not roadmap.activities.filter(deadline_recognized=False).exists()
    cascading = roadmap.activities.filter(cascade_to_organizations=True)
    assert sorted(cascading.values_list("number", flat=True)) == ["10", "7", "8", "9"]
    assert OrganizationTask.objects.count() == 4 * 2
    assert roadmap.activities.get(number="15.1").ends_on == date(2021, 3, 31)
    assert roadmap.created_by == cast.coordinator


@pytest.mark.parametrize(("render", "extension"), [(roadmap_xlsx, "xlsx"), (roadmap_docx, "docx")])
def test_it_round_trips_an_export_to_the_same_roadmap(cast, render, extension):
    original = roadmap_load_template(municipality=cast.municipality)
    Activity.objects.create(
        roadmap=original, number="30", title="Строка\nс переносом", deadline_text="когда-нибудь", position=99
    )
    original.activities.filter(number="30").update(deadline_recognized=False)
    data = render(original, original.activities.all())
    copy = roadmap_import_commit(
        data=data, filename=f"export.{extension}", title=original.title, municipality=cast.municipality
    )
    expected = _snapshot(original)
    expected[-1] = ("30", "Строка с переносом", *expected[-1][2:])
    assert _snapshot(copy) == expected


def test_the_command_loads_the_template_into_a_municipality(cast):
    out = StringIO()
    call_command("load_roadmap_template", municipality="Чемальский район", stdout=out)
    assert "мероприятий 29" in out.getvalue()
    assert Roadmap.objects.get().municipality == cast.municipality


def test_the_command_names_an_unknown_municipality(cast):
    with pytest.raises(CommandError, match="не найден"):
        call_command("load_roadmap_template", municipality="Нет такого")
