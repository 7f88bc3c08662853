"""Tests for the shared table reader; every file is built in memory."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml

from nastavnik.core import tabular
from nastavnik.core.tabular import Column, Table, TableError, normalize_header, read_table

ORG_COLUMNS = (
    Column("number", "№", ("№", "номер", "n п/п")),
    Column("inn", "ИНН", ("инн", "инн организации"), required=True),
    Column("name", "Наименование", ("наименование", "название", "наименование организации"), required=True),
    Column("phone", "Телефон", ("телефон", "контактный телефон")),
    Column("email", "Электронная почта", ("email", "e-mail", "эл почта")),
)

ROADMAP_COLUMNS = (
    Column("number", "№", ("№", "номер", "n п/п")),
    Column("title", "Мероприятие", ("мероприятие", "наименование мероприятия"), required=True),
    Column("deadline", "Срок", ("срок", "сроки", "дата")),
    Column("responsible", "Ответственный", ("ответственный", "ответственные", "исполнитель")),
)

PEOPLE_COLUMNS = (
    Column("mentor", "ФИО наставника", ("фио наставника", "наставник"), required=True),
    Column("mentee", "ФИО наставляемого", ("фио наставляемого", "наставляемый"), required=True),
    Column("role", "Роль", ("роль",)),
)


def xlsx(*sheets: list[list[object]], merges: dict[int, list[str]] | None = None, titles=()) -> bytes:
    """An .xlsx with one sheet per rows list; ``merges`` maps a sheet index to ranges."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for index, rows in enumerate(sheets):
        sheet = workbook.create_sheet(titles[index] if index < len(titles) else f"Лист{index + 1}")
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(index, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_table(rows: list[list[str]], document: docx.document.Document | None = None):
    document = document or docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return document, table


def values(table: Table, *keys: str) -> list[tuple[str, ...]]:
    return [tuple(row.values[key] for key in keys) for row in table.rows]


# --------------------------------------------------------------------------- happy paths


def test_xlsx_with_title_rows_and_typed_values():
    data = xlsx(
        [
            ["Список организаций муниципалитета"],
            [],
            ["№ п/п", "ИНН организации", "Наименование", "Телефон", "Примечание"],
            [1, 7707083893, "МБОУ «СОШ № 1»", 79161234567.0, None],
            [],
            [2, "7701234567", "  МБОУ   Гимназия  №2 ", None, "новая"],
        ]
    )
    table = read_table(data, "орг.xlsx", ORG_COLUMNS)

    assert table.filename == "орг.xlsx"
    assert table.header_row == 3
    assert table.columns == {"number": 0, "inn": 1, "name": 2, "phone": 3}
    assert table.column_names["inn"] == "ИНН организации"
    assert table.unknown_headers == ["Примечание"]
    assert [row.number for row in table.rows] == [4, 6]
    assert values(table, "number", "inn", "name", "phone") == [
        ("1", "7707083893", "МБОУ «СОШ № 1»", "79161234567"),
        ("2", "7701234567", "МБОУ Гимназия №2", ""),
    ]
    assert table.rows[0].values["email"] == ""  # optional column absent from the file
    assert table.rows[0].cells == {"number": "A", "inn": "B", "name": "C", "phone": "D"}


def test_xlsx_formats_numbers_and_dates_as_the_user_sees_them():
    columns = (Column("value", "Значение", required=True), Column("note", "Комментарий"))
    data = xlsx(
        [
            ["Значение", "Комментарий"],
            [12.0, "целое из float"],
            [15.1, "дробное"],
            [0.1 + 0.2, "шум округления"],
            [datetime(2024, 9, 1), "дата"],
            [datetime(2024, 9, 1, 14, 30), "дата и время"],
            [date(2025, 5, 31), "date"],
            [True, "логическое"],
            [-3, "отрицательное"],
        ]
    )
    table = read_table(data, "x.xlsx", columns)
    assert [row.values["value"] for row in table.rows] == [
        "12",
        "15.1",
        "0.3",
        "01.09.2024",
        "01.09.2024 14:30",
        "31.05.2025",
        "да",
        "-3",
    ]


def test_xlsx_uses_first_sheet_with_a_header():
    data = xlsx(
        [["Инструкция по заполнению"], ["Заполните лист «Данные»"]],
        [["ИНН", "Наименование"], ["7707083893", "Школа"]],
        titles=("Инструкция", "Данные"),
    )
    table = read_table(data, "x.xlsx", ORG_COLUMNS)
    assert values(table, "inn", "name") == [("7707083893", "Школа")]


def test_csv_utf8_comma():
    data = 'ИНН,Наименование,E-mail\n7707083893,"Школа, корпус 2",a@b.ru\n\n,,\n7701234567,Лицей,\n'.encode()
    table = read_table(data, "orgs.csv", ORG_COLUMNS)
    assert table.header_row == 1
    assert values(table, "inn", "name", "email") == [
        ("7707083893", "Школа, корпус 2", "a@b.ru"),
        ("7701234567", "Лицей", ""),
    ]
    assert [row.number for row in table.rows] == [2, 5]
    assert table.rows[0].cells == {"inn": "столбец 1", "name": "столбец 2", "email": "столбец 3"}


def test_csv_cp1251_semicolon_with_decimal_commas():
    text = "Отчёт;;\nИНН;Наименование;Ставка\n7707083893;Школа №1;0,5\n7701234567;Гимназия;1,25\n"
    columns = (*ORG_COLUMNS, Column("rate", "Ставка"))
    table = read_table(text.encode("cp1251"), "orgs.csv", columns)
    assert table.header_row == 2
    assert values(table, "inn", "name", "rate") == [
        ("7707083893", "Школа №1", "0,5"),
        ("7701234567", "Гимназия", "1,25"),
    ]


def test_csv_excel_sep_line_and_utf16_text():
    table = read_table("sep=;\nИНН;Наименование\n1;Школа\n".encode(), "a.csv", ORG_COLUMNS)
    assert values(table, "inn", "name") == [("1", "Школа")]
    assert table.rows[0].number == 2

    utf16 = "ИНН\tНаименование\r\n7707083893\tШкола\r\n".encode("utf-16")
    table = read_table(utf16, "Юникод.txt", ORG_COLUMNS)
    assert values(table, "inn", "name") == [("7707083893", "Школа")]


def test_docx_table_with_multiline_cells():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2024/2025 учебный год")
    document, table = docx_table(
        [
            ["№", "Наименование мероприятия", "Срок исполнения", "Ответственный"],
            ["1", "Совещание", "сентябрь", "Иванова И. И."],
            ["2", "Обучение наставников", "октябрь", ""],
        ],
        document,
    )
    cell = table.cell(2, 3)
    cell.text = "  Петров П. П.  "
    cell.add_paragraph("")
    cell.add_paragraph("  Сидорова С. С. ")

    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert result.header_row == 1
    assert result.columns == {"number": 0, "title": 1, "deadline": 2, "responsible": 3}
    assert values(result, "number", "title", "deadline", "responsible") == [
        ("1", "Совещание", "сентябрь", "Иванова И. И."),
        ("2", "Обучение наставников", "октябрь", "Петров П. П.\nСидорова С. С."),
    ]
    assert result.rows[1].number == 3
    assert result.rows[1].cells["responsible"] == "столбец 4"


# --------------------------------------------------------------------------- merged headers


def test_xlsx_two_level_merged_header_and_numbering_row():
    data = xlsx(
        [
            ["Сведения об организациях"],
            ["№", "Организация", None, "Контакты", None],
            [None, "ИНН", "Наименование", "Телефон", "E-mail"],
            [1, 2, 3, 4, 5],
            [1, "7707083893", "Школа", "+7 900", "a@b.ru"],
        ],
        merges={0: ["A1:E1", "A2:A3", "B2:C2", "D2:E2"]},
    )
    table = read_table(data, "x.xlsx", ORG_COLUMNS)
    assert table.header_row == 3
    assert table.columns == {"number": 0, "inn": 1, "name": 2, "phone": 3, "email": 4}
    assert table.column_names["phone"] == "Контакты / Телефон"
    assert table.unknown_headers == []
    assert values(table, "number", "inn", "name", "phone", "email") == [
        ("1", "7707083893", "Школа", "+7 900", "a@b.ru")
    ]
    assert table.rows[0].number == 5


def test_xlsx_two_level_header_without_merges():
    """Group header typed above, "№" only in the upper row: still one header."""
    data = xlsx(
        [
            ["№ п/п", "Организация", None, "Телефон"],
            [None, "ИНН", "Наименование", None],
            [1, "7707083893", "Школа", "123"],
        ]
    )
    table = read_table(data, "x.xlsx", ORG_COLUMNS)
    assert table.header_row == 2
    assert values(table, "number", "inn", "name", "phone") == [("1", "7707083893", "Школа", "123")]


def test_group_header_decides_between_similar_columns():
    data = xlsx(
        [
            ["Наставник", None, "Наставляемый", None],
            ["ФИО", "Должность", "ФИО", "Класс"],
            ["Иванов И. И.", "учитель", "Петров П.", "7А"],
        ],
        merges={0: ["A1:B1", "C1:D1"]},
    )
    table = read_table(data, "пары.xlsx", PEOPLE_COLUMNS)
    assert values(table, "mentor", "mentee") == [("Иванов И. И.", "Петров П.")]
    assert table.column_names == {"mentor": "Наставник / ФИО", "mentee": "Наставляемый / ФИО"}


def test_docx_two_level_merged_header_and_section_rows():
    document, table = docx_table(
        [
            ["№", "Мероприятие", "Исполнение", ""],
            ["", "", "Срок", "Ответственный"],
            ["1", "2", "3", "4"],
            ["Раздел 1. Организационные мероприятия", "", "", ""],
            ["1.1", "Совещание", "сентябрь", "Иванова"],
        ]
    )
    table.cell(0, 0).merge(table.cell(1, 0)).text = "№"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Мероприятие"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Исполнение"
    table.cell(3, 0).merge(table.cell(3, 3)).text = "Раздел 1. Организационные мероприятия"

    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert result.header_row == 2
    assert result.columns == {"number": 0, "title": 1, "deadline": 2, "responsible": 3}
    assert values(result, "number", "title", "deadline", "responsible") == [
        ("Раздел 1. Организационные мероприятия", "", "", ""),
        ("1.1", "Совещание", "сентябрь", "Иванова"),
    ]
    assert [row.number for row in result.rows] == [4, 5]


def test_docx_horizontally_merged_cells_keep_columns_aligned():
    """A header cell spanning two grid columns over data split in two is one column."""
    document, table = docx_table(
        [
            ["Мероприятие", "Срок", "", "Ответственный"],
            ["Совещание", "1 сентября", "2024", "Иванова"],
            ["Обучение", "октябрь", "", "Петров"],
        ]
    )
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Срок"
    table.cell(2, 1).merge(table.cell(2, 2)).text = "октябрь"

    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert result.columns == {"title": 0, "deadline": 1, "responsible": 2}
    assert values(result, "title", "deadline", "responsible") == [
        ("Совещание", "1 сентября 2024", "Иванова"),
        ("Обучение", "октябрь", "Петров"),
    ]
    assert result.rows[0].cells["responsible"] == "столбец 3"


def test_docx_table_split_in_two_is_read_whole():
    document, _ = docx_table([["Мероприятие", "Срок"], ["Совещание", "сентябрь"]])
    document.add_paragraph("")
    docx_table([["Мероприятие", "Срок"], ["Обучение", "октябрь"]], document)
    document.add_paragraph("Директор ____________")
    docx_table([["Мероприятие", "Срок"], ["Чужое", "никогда"]], document)

    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert values(result, "title", "deadline") == [("Совещание", "сентябрь"), ("Обучение", "октябрь")]
    assert [row.number for row in result.rows] == [2, 4]


def test_docx_continuation_repeating_a_two_level_header():
    rows = [["№", "Мероприятие", "Исполнение", ""], ["", "", "Срок", "Ответственный"], ["1", "2", "3", "4"]]
    document, first = docx_table([*rows, ["1", "Совещание", "сентябрь", "Иванова"]])
    document.add_paragraph()
    document, second = docx_table([*rows, ["2", "Обучение", "октябрь", "Петров"]], document)
    for table in (first, second):
        table.cell(0, 2).merge(table.cell(0, 3)).text = "Исполнение"

    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert values(result, "number", "title", "deadline", "responsible") == [
        ("1", "Совещание", "сентябрь", "Иванова"),
        ("2", "Обучение", "октябрь", "Петров"),
    ]
    assert [row.number for row in result.rows] == [4, 8]


def test_docx_nested_table_and_content_controls():
    document = docx.Document()
    layout = document.add_table(rows=1, cols=1)
    nested = layout.cell(0, 0).add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "Мероприятие"
    nested.cell(0, 1).text = "Срок"
    nested.cell(1, 0).text = "Совещание"
    # Text typed into a content control and a tracked insertion, both missed by cell.text.
    paragraph = nested.cell(1, 1).paragraphs[0]._p
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph.append(
        parse_xml(f'<w:sdt xmlns:w="{w}"><w:sdtContent><w:r><w:t>сен</w:t></w:r></w:sdtContent></w:sdt>')
    )
    paragraph.append(
        parse_xml(f'<w:ins xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:t>тябрь</w:t></w:r></w:ins>')
    )
    paragraph.append(
        parse_xml(f'<w:del xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:delText>май</w:delText></w:r></w:del>')
    )

    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert values(result, "title", "deadline") == [("Совещание", "сентябрь")]


def test_docx_skips_tables_without_header():
    document, _ = docx_table([["Утверждаю", "Директор"], ["", "подпись"]])
    document.add_paragraph("План")
    docx_table([["Мероприятие", "Срок"], ["Совещание", "сентябрь"]], document)
    result = read_table(docx_bytes(document), "карта.docx", ROADMAP_COLUMNS)
    assert values(result, "title", "deadline") == [("Совещание", "сентябрь")]


# --------------------------------------------------------------------------- header variants


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные"],
            ["number", "title", "deadline", "responsible"],
        ),
        (["N п/п", "Мероприятия", "Сроки", "Исполнитель"], ["number", "title", "deadline", "responsible"]),
        (
            ["Номер", "МЕРОПРИЯТИЕ*", "Срок:", "Ответственный\nисполнитель"],
            ["number", "title", "deadline", "responsible"],
        ),
        (["Мероприятие", "Дата проведения", "Ответственный (ФИО)"], ["title", "deadline", "responsible"]),
    ],
)
def test_header_variants(headers, expected):
    data = xlsx([headers, [f"v{i}" for i in range(len(headers))]])
    table = read_table(data, "x.xlsx", ROADMAP_COLUMNS)
    assert list(table.columns) == expected
    assert list(table.columns.values()) == list(range(len(headers)))


def test_header_synonyms_with_dots_dashes_and_yo():
    columns = (
        Column("name", "ФИО", ("фио", "фамилия имя отчество"), required=True),
        Column("email", "Email", ("email",)),
        Column("school", "Учреждение", ("учреждение",)),
    )
    data = xlsx([["Ф.И.О.", "E-mail", "Учреждение (полностью)"], ["Ёлкина Ё. Ё.", "a@b.ru", "Школа"]])
    table = read_table(data, "x.xlsx", columns)
    assert table.columns == {"name": 0, "email": 1, "school": 2}
    assert table.rows[0].values["name"] == "Ёлкина Ё. Ё."


def test_each_column_is_used_once():
    data = xlsx([["ИНН", "Наименование", "Наименование"], ["1", "Школа", "дубль"]])
    table = read_table(data, "x.xlsx", ORG_COLUMNS)
    assert table.columns == {"inn": 0, "name": 1}
    assert table.unknown_headers == ["Наименование"]


def test_repeated_header_rows_are_skipped():
    data = xlsx([["ИНН", "Наименование"], ["1", "Школа"], ["ИНН", "Наименование"], ["2", "Лицей"]])
    assert values(read_table(data, "x.xlsx", ORG_COLUMNS), "inn", "name") == [("1", "Школа"), ("2", "Лицей")]


def test_normalize_header():
    assert normalize_header("  Ф.И.О.  наставника:* ") == "фио наставника"
    assert normalize_header("№п/п") == "№ п п"
    assert normalize_header("Срок\nисполнения") == "срок исполнения"
    assert normalize_header("Ёмкость (шт.)") == "емкость шт"
    assert normalize_header("E-mail") == "e mail"


# --------------------------------------------------------------------------- errors


def error(data: bytes, filename: str, columns=ORG_COLUMNS, **kwargs) -> str:
    with pytest.raises(TableError) as info:
        read_table(data, filename, columns, **kwargs)
    return str(info.value)


def test_empty_files():
    assert error(b"", "a.xlsx") == "Файл «a.xlsx» пуст."
    assert error(b"\xef\xbb\xbf \r\n", "a.csv") == "Файл «a.csv» пуст."
    assert error(xlsx([[]]), "a.xlsx") == "Файл «a.xlsx» пуст."


def test_oversized_file():
    assert error(b"x" * 2000, "a.csv", max_bytes=1024) == "Файл «a.csv» больше допустимого размера (1 КБ)."
    big = 10 * 1024 * 1024
    assert error(b"x" * (big + 1), "a.csv") == "Файл «a.csv» больше допустимого размера (10 МБ)."


@pytest.mark.parametrize("filename", ["a.xlsx", "a.docx"])
def test_corrupt_files(filename):
    message = f"Файл «{filename}» повреждён или не является файлом Excel/Word."
    assert error(b"just some text", filename) == message
    assert error(b"PK\x03\x04" + b"\x00" * 100, filename) == message
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<odf/>")
    assert error(buffer.getvalue(), filename) == message


def test_corrupt_sheet_content():
    buffer = io.BytesIO()
    original = io.BytesIO(xlsx([["ИНН", "Наименование"], ["1", "Школа"]]))
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    assert "повреждён" in error(buffer.getvalue(), "a.xlsx")


@pytest.mark.parametrize("filename", ["a.xlsx", "a.docx"])
def test_password_protected(filename):
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 1024
    assert error(data, filename) == f"Файл «{filename}» защищён паролем. Снимите пароль и загрузите снова."
    encrypted = bytes.fromhex("D0CF11E0A1B11AE1") + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    assert "защищён паролем" in error(encrypted, filename)


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"%PDF-1.4 ...", "a.pdf"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 64, "a.doc"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 64, "a.xls"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + "Workbook".encode("utf-16-le") + b"\x00" * 64, "renamed.xlsx"),
        (b"\x00\x01\x02binary", "a.csv"),
        ("ИНН;Наименование".encode(), "noextension"),
    ],
)
def test_unsupported_format(data, filename):
    assert (
        error(data, filename) == f"Файл «{filename}»: формат не поддерживается. Загрузите XLSX, CSV или DOCX."
    )


def test_zip_bomb(monkeypatch):
    monkeypatch.setattr(tabular, "_UNZIPPED_FLOOR", 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"0" * 600_000)
    data = buffer.getvalue()
    assert len(data) < 10_000
    assert (
        error(data, "a.xlsx", max_bytes=10_000)
        == "Файл «a.xlsx» слишком велик после распаковки. Разделите его на части."
    )


def test_content_decides_over_extension():
    data = xlsx([["ИНН", "Наименование"], ["1", "Школа"]])
    assert values(read_table(data, "выгрузка.csv", ORG_COLUMNS), "inn", "name") == [("1", "Школа")]


def test_filename_in_messages_has_no_path():
    assert error(b"", "C:\\Users\\Учитель\\Рабочий стол\\a.csv") == "Файл «a.csv» пуст."


def test_no_header():
    data = xlsx([["Привет"], ["какие-то", "данные"], [1, 2]])
    assert error(data, "a.xlsx") == (
        "Файл «a.xlsx»: не найдена строка заголовков. Ожидаются столбцы: ИНН, Наименование."
    )
    optional = (Column("a", "Альфа"), Column("b", "Бета"))
    assert error(b"x,y\n1,2\n", "a.csv", optional) == (
        "Файл «a.csv»: не найдена строка заголовков. Ожидаются столбцы: Альфа, Бета."
    )


def test_header_too_far_down_is_not_found():
    data = xlsx([[f"строка {i}"] for i in range(16)] + [["ИНН", "Наименование"], ["1", "Школа"]])
    assert "не найдена строка заголовков" in error(data, "a.xlsx")


def test_docx_without_tables():
    document = docx.Document()
    document.add_paragraph("Просто текст")
    assert error(docx_bytes(document), "a.docx") == (
        "Файл «a.docx»: в документе нет таблиц. Ожидается таблица со столбцами: ИНН, Наименование."
    )


def test_missing_required_columns():
    data = xlsx([["ИНН", "Телефон", "Адрес"], ["1", "2", "3"]])
    assert error(data, "a.xlsx") == (
        "Файл «a.xlsx»: не найден обязательный столбец: Наименование. "
        "Столбцы в файле: «ИНН», «Телефон», «Адрес»."
    )
    data = xlsx([["№", "Телефон", "E-mail"], ["1", "2", "3"]])
    assert error(data, "a.xlsx").startswith(
        "Файл «a.xlsx»: не найдены обязательные столбцы: ИНН, Наименование."
    )


def test_too_many_rows():
    data = ("ИНН;Наименование\n" + "1;Школа\n" * 6).encode()
    assert len(read_table(data, "a.csv", ORG_COLUMNS, max_rows=6).rows) == 6
    assert error(data, "a.csv", max_rows=5) == (
        "Файл «a.csv»: слишком много строк (больше 5). Разделите файл на части."
    )


def test_column_definitions_are_checked():
    with pytest.raises(ValueError):
        read_table(b"a", "a.csv", [])
    with pytest.raises(ValueError):
        read_table(b"a", "a.csv", [Column("a", "А"), Column("a", "Б")])


def _with_sheet_xml(sheet_data: str) -> bytes:
    """An .xlsx whose first sheet holds ``sheet_data`` as written, with no ``<dimension>``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([["x"]]))) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = (
                    '<?xml version="1.0" encoding="UTF-8"?>'
                    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f"<sheetData>{sheet_data}</sheetData></worksheet>"
                ).encode()
            target.writestr(item, content)
    return buffer.getvalue()


def test_inline_strings_plain_and_rich_are_read_as_text():
    data = _with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ИНН</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Наименование</t></is></c></row>'
        '<row r="2"><c r="A2"><v>7701</v></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">'
        " Школа № 1 </t></is></c></row>"
        # a row missing from the file, then rich text runs and cells without coordinates
        '<row r="4"><c t="inlineStr"><is><t>7702</t></is></c><c t="inlineStr"><is>'
        '<r><rPr><b/></rPr><t>Лицей</t></r><r><t xml:space="preserve"> № 2</t></r></is></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t/></is></c><c r="B5" t="inlineStr"><is><t>Гимназия</t></is></c>'
        '<c r="C5" t="inlineStr"><is></is></c></row>'
        '<row r="6"><c r="B6" t="inlineStr"><is><t>Сад_x000D_ «Радуга»</t></is></c></row>'
    )
    table = read_table(data, "a.xlsx", ORG_COLUMNS)
    assert [row.number for row in table.rows] == [2, 4, 5, 6]
    assert values(table, "inn", "name") == [
        ("7701", "Школа № 1"),
        ("7702", "Лицей № 2"),
        ("", "Гимназия"),
        ("", "Сад\n«Радуга»"),
    ]
    assert table.rows[3].cells["name"] == "B"


def test_a_wrong_stored_dimension_does_not_cut_rows_or_columns():
    data = _with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ИНН</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Наименование</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Телефон</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Школа</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>+7 900</t></is></c></row>'
        '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="inlineStr"><is><t>Лицей</t></is></c></row>'
    )
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        sheet = source.read("xl/worksheets/sheet1.xml").replace(
            b"<sheetData>", b'<dimension ref="A1:B2"/><sheetData>'
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                target.writestr(
                    item, sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
                )
    table = read_table(buffer.getvalue(), "a.xlsx", ORG_COLUMNS)
    assert values(table, "inn", "name", "phone") == [("1", "Школа", "+7 900"), ("2", "Лицей", "")]


def test_a_big_table_written_by_a_program_is_read_whole():
    workbook = openpyxl.Workbook(write_only=True)  # inline strings, no stored dimension
    sheet = workbook.create_sheet("База")
    sheet.append(["ИНН", "Наименование", "Телефон"])
    for i in range(3000):
        sheet.append([7700 + i, f"Школа № {i}", None if i % 2 else f"+7 900 {i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "a.xlsx", ORG_COLUMNS)
    assert len(table.rows) == 3000
    assert values(table, "inn", "name", "phone")[:2] == [
        ("7700", "Школа № 0", "+7 900 0"),
        ("7701", "Школа № 1", ""),
    ]
    assert table.rows[-1].number == 3001
