"""Spreadsheets built from the programs' selectors (the bases have theirs in ``bases.py``)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nastavnik.programs.selectors import OVERVIEW_FIGURES, MunicipalOverview


def overview_headers() -> list[str]:
    """The column headings of the municipal overview, shared by the page and the spreadsheet."""
    return [
        _("Организация"),
        _("Муниципалитет"),
        _("Программ"),
        _("Наставников в базах"),
        _("из них внешних (от организаций-партнёров)"),
        _("Организаций-партнёров, предоставивших наставников"),
        _("Наставляемых в базах"),
        _("Действующих пар"),
        _("Завершённых пар"),
        _("Встреч в журналах пар"),
        _("Наставляемых без согласия на обработку ПДн"),
    ]


def municipal_overview_xlsx(overview: MunicipalOverview) -> bytes:
    """The overview's table (and the pairs by form on a second sheet) as an XLSX workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Организации")
    sheet.append(overview_headers())
    for row in overview.rows:
        sheet.append([row.organization, row.municipality, *(getattr(row, name) for name in OVERVIEW_FIGURES)])
    sheet.append([_("Итого"), "", *(getattr(overview.totals, name) for name in OVERVIEW_FIGURES)])
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    for index, width in enumerate([40, 25] + [16] * len(OVERVIEW_FIGURES), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    forms = workbook.create_sheet(_("По формам"))
    forms.append([_("Форма наставничества"), _("Пар всего"), _("Действующих"), _("Завершённых")])
    for line in overview.forms:
        forms.append([line.form, line.total, line.active, line.completed])
    for cell in forms[1]:
        cell.font = Font(bold=True)
    forms.column_dimensions["A"].width = 40

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
