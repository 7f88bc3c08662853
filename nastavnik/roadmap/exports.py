"""A roadmap printed to XLSX and DOCX in the import's own table layout (№, Мероприятие, Ответственный,
Результат, Срок), so that a printed roadmap can be edited and loaded back."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nastavnik.roadmap.imports import COLUMNS
from nastavnik.roadmap.models import Roadmap

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
