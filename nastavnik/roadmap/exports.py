"""A roadmap printed to XLSX and DOCX in the import's own table layout (№, Мероприятие, Ответственный,
Результат, Срок), so that a printed roadmap can be edited and loaded back; and the municipal progress
report (XLSX): activities with their status and evidence, and completion per school."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nastavnik.roadmap.imports import COLUMNS
from nastavnik.roadmap.models import Evidence, Roadmap, Status, status_on
from nastavnik.roadmap.selectors import roadmap_matrix

HEADERS = [column.label for column in COLUMNS]
XLSX_WIDTHS = [8, 70, 35, 45, 26]
DOCX_WIDTHS_CM = [1.3, 10.0, 5.0, 6.0, 4.0]


def _row(activity) -> list[str]:
    return [
        activity.number,
        activity.title,
        activity.responsible_text,
        activity.expected_result,
        activity.deadline_text,
    ]


def _subtitle(roadmap: Roadmap) -> str:
    parts = [str(roadmap.owner)]
    if roadmap.academic_year:
        parts.append(f"{roadmap.academic_year} учебный год")
    if roadmap.approved_order_number:
        date_text = f" от {roadmap.approved_order_date:%d.%m.%Y}" if roadmap.approved_order_date else ""
        parts.append(f"утверждена приказом № {roadmap.approved_order_number}{date_text}")
    return "; ".join(parts)


def roadmap_xlsx(roadmap: Roadmap, activities) -> bytes:
    """One sheet: the header in the first row (so the file loads back as it is), one row per activity."""
    workbook = Workbook()
    workbook.properties.title = roadmap.title
    workbook.properties.subject = _subtitle(roadmap)
    sheet = workbook.active
    sheet.title = "Дорожная карта"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for activity in activities:
        sheet.append(_row(activity))
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def roadmap_docx(roadmap: Roadmap, activities) -> bytes:
    """A landscape Word document: the title, the owner and year, and the table with a repeating header."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = roadmap.title
    document.add_heading(roadmap.title, level=1)
    document.add_paragraph(_subtitle(roadmap))
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for activity in activities:
        cells = table.add_row().cells
        for cell, text in zip(cells, _row(activity), strict=True):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, DOCX_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DATE_FORMAT = "DD.MM.YYYY"
PROGRESS_HEADERS = [
    "№",
    "Мероприятие",
    "Ответственный",
    "Результат",
    "Срок (как записан)",
    "Начало",
    "Окончание",
    "Статус",
    "Дата выполнения",
    "Выполнили организаций",
    "Подтверждающие документы",
]
PROGRESS_WIDTHS = [7, 60, 30, 30, 22, 12, 12, 16, 14, 14, 70]
#: Where the tables of the report begin: a title and the date of the state come first.
TITLE_ROWS = 3
DONE_FILL = PatternFill("solid", fgColor="E8F4EB")
OVERDUE_FILL = PatternFill("solid", fgColor="FBEAEA")


def evidence_link(evidence: Evidence, base_url: str) -> str:
    """A file is reached through the access-checked download view, never through its storage URL."""
    if evidence.file:
        return base_url + reverse("roadmap:evidence-file", args=[evidence.pk])
    return evidence.url


def _title_rows(sheet, title: str, roadmap: Roadmap, today: date) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{roadmap.title}. {_subtitle(roadmap)}. Состояние на {today:%d.%m.%Y}."])
    sheet.append([])


def _header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[TITLE_ROWS + 1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{TITLE_ROWS + 2}"
    sheet.print_title_rows = f"{TITLE_ROWS + 1}:{TITLE_ROWS + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1


def _mark(cell, status: str) -> None:
    if status == Status.DONE:
        cell.fill = DONE_FILL
    elif status == Status.OVERDUE:
        cell.fill = OVERDUE_FILL


def municipal_progress_xlsx(roadmap: Roadmap, *, today: date, base_url: str | None = None) -> bytes:
    """The progress report of a municipal roadmap, three sheets.

    1. «Мероприятия»: every activity with its status as of ``today`` (overdue is derived), period,
       completion date, how many organisations finished a cascaded one, and links to its evidence.
    2. «По организациям»: organisation × cascaded activity, the status in each cell, % done per row.
    3. «Документы организаций»: every document the organisations attached, with its link.

    Links are absolute (``settings.SITE_URL``) and lead to the download view, which checks access.
    Six queries whatever the size of the roadmap.
    """
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    activities = list(roadmap.activities.all())
    evidence_by_activity: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in Evidence.objects.filter(activity__roadmap=roadmap).order_by("uploaded_at", "pk"):
        evidence_by_activity[evidence.activity_id].append(evidence)
    matrix = roadmap_matrix(roadmap)
    done_by_activity = dict(zip((a.pk for a in matrix.activities), matrix.done_by_activity, strict=True))
    organization_count = len(matrix.rows)

    workbook = Workbook()
    workbook.properties.title = f"Отчёт о ходе реализации: {roadmap.title}"
    sheet = workbook.active
    sheet.title = "Мероприятия"
    _title_rows(sheet, "Отчёт о ходе реализации дорожной карты", roadmap, today)
    _header(sheet, PROGRESS_HEADERS)
    for activity in activities:
        status = status_on(activity.status, activity.ends_on, today)
        links = [
            f"{evidence.title}: {evidence_link(evidence, base_url)}"
            for evidence in evidence_by_activity[activity.pk]
        ]
        if activity.cascade_to_organizations:
            organizations_done = f"{done_by_activity.get(activity.pk, 0)} из {organization_count}"
        else:
            organizations_done = ""
        sheet.append(
            [
                activity.number,
                activity.title,
                activity.responsible_text,
                activity.expected_result,
                activity.deadline_text,
                activity.starts_on,
                activity.ends_on,
                str(Status(status).label),
                activity.completed_on,
                organizations_done,
                "\n".join(links),
            ]
        )
        row = sheet.max_row
        _mark(sheet.cell(row, 8), status)
        if evidence_by_activity[activity.pk]:
            sheet.cell(row, 11).hyperlink = evidence_link(evidence_by_activity[activity.pk][0], base_url)
    for row in sheet.iter_rows(min_row=TITLE_ROWS + 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index in (6, 7, 9):
            row[index - 1].number_format = DATE_FORMAT
    for index, width in enumerate(PROGRESS_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    by_school = workbook.create_sheet("По организациям")
    _title_rows(by_school, "Исполнение мероприятий образовательными организациями", roadmap, today)
    _header(
        by_school,
        [
            "Организация",
            *(f"{a.number}. {a.title}" if a.number else a.title for a in matrix.activities),
            "Выполнено",
            "Просрочено",
            "% выполнения",
        ],
    )
    for matrix_row in matrix.rows:
        statuses = [
            status_on(task.status, task.activity.ends_on, today) if task is not None else None
            for task in matrix_row.cells
        ]
        done = statuses.count(Status.DONE)
        share = done / len(statuses) if statuses else 0
        by_school.append(
            [
                str(matrix_row.organization),
                *(str(Status(status).label) if status else "нет задачи" for status in statuses),
                done,
                statuses.count(Status.OVERDUE),
                share,
            ]
        )
        row = by_school.max_row
        for index, status in enumerate(statuses, start=2):
            _mark(by_school.cell(row, index), status)
        by_school.cell(row, len(statuses) + 4).number_format = "0%"
    by_school.column_dimensions["A"].width = 40
    for index in range(2, len(matrix.activities) + 2):
        by_school.column_dimensions[get_column_letter(index)].width = 22

    documents = workbook.create_sheet("Документы организаций")
    _title_rows(documents, "Документы, приложенные организациями", roadmap, today)
    _header(documents, ["Организация", "№", "Мероприятие", "Документ", "Приложен", "Ссылка"])
    task_evidence = (
        Evidence.objects.filter(task__activity__roadmap=roadmap)
        .select_related("task__organization", "task__activity")
        .order_by("task__organization__name", "task__activity__sort_key", "uploaded_at")
    )
    for evidence in task_evidence:
        link = evidence_link(evidence, base_url)
        documents.append(
            [
                str(evidence.task.organization),
                evidence.task.activity.number,
                evidence.task.activity.title,
                evidence.title,
                timezone.localtime(evidence.uploaded_at).date(),
                link,
            ]
        )
        documents.cell(documents.max_row, 5).number_format = DATE_FORMAT
        documents.cell(documents.max_row, 6).hyperlink = link
    for letter, width in zip("ABCDEF", [40, 7, 50, 40, 12, 70], strict=True):
        documents.column_dimensions[letter].width = width

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
