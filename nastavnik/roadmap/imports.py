"""Import of a roadmap from CSV, XLSX or DOCX: headers matched by meaning, a preview, all or nothing.

A deadline the parser cannot read is not an error: the activity is imported with the text as written
and flagged, so that a person sets its dates (the preview says which ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from nastavnik.core.tabular import Column, Table, TableError, read_table
from nastavnik.organizations.models import Municipality, Organization
from nastavnik.roadmap.deadlines import Deadline, parse_deadline
from nastavnik.roadmap.models import Activity, Roadmap
from nastavnik.roadmap.services import (
    activities_bulk_create,
    educational_organizations,
    mentions_organizations,
    roadmap_create,
)

COLUMNS = (
    Column(
        "number",
        "№",
        ("№", "номер", "№ п/п", "n п/п", "п/п", "№ п.п.", "номер п/п", "номер мероприятия", "no"),
    ),
    Column(
        "title",
        "Мероприятие",
        (
            "мероприятие",
            "мероприятия",
            "наименование мероприятия",
            "наименование мероприятий",
            "название мероприятия",
            "содержание мероприятия",
            "наименование",
        ),
        required=True,
    ),
    Column(
        "responsible_text",
        "Ответственный",
        (
            "ответственный",
            "ответственные",
            "исполнитель",
            "исполнители",
            "ответственный исполнитель",
            "ответственные исполнители",
            "ответственные лица",
        ),
    ),
    Column(
        "expected_result",
        "Результат",
        (
            "результат",
            "результаты",
            "вид документа",
            "ожидаемый результат",
            "планируемый результат",
            "результат / вид документа",
            "результат, вид документа",
            "форма завершения",
        ),
    ),
    Column(
        "deadline_text",
        "Срок",
        (
            "срок",
            "сроки",
            "срок исполнения",
            "сроки исполнения",
            "срок реализации",
            "сроки реализации",
            "дата",
        ),
    ),
)
LABELS = {column.key: column.label for column in COLUMNS}
_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")
NUMBER_MAX = Activity._meta.get_field("number").max_length
DEADLINE_MAX = Activity._meta.get_field("deadline_text").max_length


class ImportRejected(ValueError):
    """The file has errors; nothing was written."""


@dataclass
class RowError:
    row: int
    cell: str
    column: str
    message: str


@dataclass
class PreviewRow:
    row: int
    number: str
    title: str
    responsible_text: str
    expected_result: str
    deadline: Deadline
    cascade: bool

    def as_data(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "responsible_text": self.responsible_text,
            "expected_result": self.expected_result,
            "deadline_text": self.deadline.text,
        }


@dataclass
class RoadmapPreview:
    table: Table | None
    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # section headings inside the table
    file_error: str = ""
    organization_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)

    @property
    def flagged(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.deadline.recognized]

    @property
    def cascading(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.cascade]

    @property
    def task_count(self) -> int:
        return len(self.cascading) * self.organization_count


def _clean(text: str) -> str:
    """Cells of Word tables carry line breaks and doubled spaces from the layout; keep the words."""
    return " ".join((text or "").split())


def roadmap_import_preview(
    *,
    data: bytes,
    filename: str,
    municipality: Municipality | None = None,
    organization: Organization | None = None,
) -> RoadmapPreview:
    """Read and check every row; nothing is written."""
    try:
        table = read_table(data, filename, COLUMNS, max_bytes=settings.MAX_UPLOAD_MB * 1024 * 1024)
    except TableError as error:
        return RoadmapPreview(table=None, file_error=str(error))
    preview = RoadmapPreview(table=table)
    seen_numbers: dict[str, int] = {}
    for row in table.rows:
        values = {key: _clean(row.values.get(key, "")) for key in LABELS}
        number = values["number"].rstrip(".)")
        if not values["title"]:
            others = [values[key] for key in ("responsible_text", "expected_result", "deadline_text")]
            if number and not _NUMBER_RE.match(number) and not any(others):
                # A section heading merged across the row («I. Подготовительный этап»): not an activity.
                preview.skipped.append((row.number, values["number"]))
                continue
            if not number and not any(others):
                continue
            preview.errors.append(
                RowError(row.number, row.cells.get("title", ""), LABELS["title"], "Не указано мероприятие.")
            )
            continue
        row_errors = []
        if len(number) > NUMBER_MAX:
            row_errors.append(
                RowError(
                    row.number,
                    row.cells.get("number", ""),
                    LABELS["number"],
                    f"Номер длиннее {NUMBER_MAX} символов: «{number[:40]}…».",
                )
            )
        elif number in seen_numbers:
            row_errors.append(
                RowError(
                    row.number,
                    row.cells.get("number", ""),
                    LABELS["number"],
                    f"Номер {number} уже встречается в строке {seen_numbers[number]}.",
                )
            )
        if len(values["deadline_text"]) > DEADLINE_MAX:
            row_errors.append(
                RowError(
                    row.number,
                    row.cells.get("deadline_text", ""),
                    LABELS["deadline_text"],
                    f"Срок длиннее {DEADLINE_MAX} символов.",
                )
            )
        if row_errors:
            preview.errors.extend(row_errors)
            continue
        if number:
            seen_numbers[number] = row.number
        preview.rows.append(
            PreviewRow(
                row=row.number,
                number=number,
                title=values["title"],
                responsible_text=values["responsible_text"],
                expected_result=values["expected_result"],
                deadline=parse_deadline(values["deadline_text"]),
                cascade=municipality is not None and mentions_organizations(values["responsible_text"]),
            )
        )
    if not preview.rows and not preview.errors:
        preview.file_error = f"Файл «{filename}»: после строки заголовков нет ни одного мероприятия."
    if municipality is not None and preview.cascading:
        preview.organization_count = educational_organizations(municipality.pk).count()
    return preview


@transaction.atomic
def roadmap_import_commit(
    *,
    data: bytes,
    filename: str,
    title: str,
    academic_year: str = "",
    municipality: Municipality | None = None,
    organization: Organization | None = None,
    user=None,
) -> Roadmap:
    """Check the file again and create the roadmap with all its activities (and cascaded tasks), or nothing."""
    preview = roadmap_import_preview(
        data=data, filename=filename, municipality=municipality, organization=organization
    )
    if not preview.ok:
        raise ImportRejected(preview.file_error or f"ошибок в файле: {len(preview.errors)}")
    roadmap = roadmap_create(
        title=title,
        municipality=municipality,
        organization=organization,
        academic_year=academic_year,
        user=user,
    )
    activities_bulk_create(roadmap=roadmap, rows=[row.as_data() for row in preview.rows])
    return roadmap
