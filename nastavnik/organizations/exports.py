"""The digital base (organisations and curators) as an XLSX workbook in the import's own layout."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nastavnik.organizations.imports import COLUMNS
from nastavnik.organizations.models import RoleAssignment
from nastavnik.organizations.selectors import staff_by_role

Role = RoleAssignment.Role
STAFF_COLUMNS = (
    (Role.HEAD, "Руководитель"),
    (Role.CURATOR, "Кураторы"),
    (Role.RESPONSIBLE, "Ответственные лица"),
)


def _people(assignments) -> str:
    parts = []
    for a in assignments:
        contact = ", ".join(x for x in (a.person.phone, a.person.email) if x)
        order = f"приказ {a.order_label}" if a.order_label else ""
        details = "; ".join(x for x in (contact, order) if x)
        parts.append(f"{a.person.full_name} ({details})" if details else a.person.full_name)
    return "\n".join(parts)


def digital_base_xlsx(organizations) -> bytes:
    """One row per organisation: its card, counts, status, head, curators and responsible persons."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Организации"
    headers = ["Муниципалитет", *(c.label for c in COLUMNS), *(label for _, label in STAFF_COLUMNS)]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for organization in organizations:
        staff = staff_by_role(organization)
        values = {c.key: getattr(organization, c.key) for c in COLUMNS}
        values["kind"] = organization.get_kind_display()
        values["status"] = organization.get_status_display()
        sheet.append(
            [
                str(organization.municipality),
                *(values[c.key] for c in COLUMNS),
                *(_people(staff.get(role, [])) for role, _ in STAFF_COLUMNS),
            ]
        )
    widths = [22, 50, 25, 22, 14, 40, 18, 26, 26, 20, 12, 12, 12, 12, 12, 35, 45, 45]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
