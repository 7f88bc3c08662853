"""Import of organisations from XLSX/CSV: map headers by meaning, validate every row, write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from nastavnik.core.services import audit_record
from nastavnik.core.tabular import Column, Table, TableError, read_table
from nastavnik.organizations.forms import OrganizationForm
from nastavnik.organizations.models import Municipality, Organization

COLUMNS = (
    Column(
        "name",
        "Полное наименование",
        (
            "наименование",
            "наименование организации",
            "полное наименование организации",
            "организация",
            "название",
        ),
        required=True,
    ),
    Column(
        "short_name",
        "Краткое наименование",
        ("краткое наименование", "сокращённое наименование", "краткое название"),
    ),
    Column("kind", "Тип", ("тип", "тип организации", "вид организации", "тип оо")),
    Column("inn", "ИНН", ("инн", "инн организации")),
    Column("address", "Адрес", ("адрес", "юридический адрес", "фактический адрес")),
    Column("phone", "Телефон", ("телефон", "контактный телефон")),
    Column("email", "Электронная почта", ("электронная почта", "e-mail", "email", "эл. почта", "почта")),
    Column("website", "Сайт", ("сайт", "адрес сайта", "официальный сайт")),
    Column("status", "Статус внедрения ЦМН", ("статус", "статус внедрения", "статус внедрения цмн")),
    Column(
        "pupils_total",
        "Обучающихся всего",
        ("обучающихся всего", "количество обучающихся", "обучающихся", "учащихся"),
    ),
    Column(
        "pupils_10_18", "Обучающихся 10–18 лет", ("обучающихся 10-18 лет", "10-18 лет", "от 10 до 18 лет")
    ),
    Column(
        "pupils_15_18", "Обучающихся 15–18 лет", ("обучающихся 15-18 лет", "15-18 лет", "от 15 до 18 лет")
    ),
    Column(
        "teachers_total",
        "Педагогов всего",
        ("педагогов всего", "педагогов", "количество педагогов", "педагогических работников"),
    ),
    Column(
        "young_teachers",
        "Молодых педагогов",
        ("молодых педагогов", "молодые педагоги", "молодых специалистов"),
    ),
)
CHOICE_COLUMNS = (
    ("kind", Organization.Kind, Organization.Kind.SCHOOL, "тип"),
    ("status", Organization.Status, Organization.Status.NOT_STARTED, "статус"),
)
COUNT_KEYS = ("pupils_total", "pupils_10_18", "pupils_15_18", "teachers_total", "young_teachers")


def _choice_by_label(choices, text: str, default: str) -> str | None:
    """Map a Russian label (any case, or its beginning) to a choice value; None when unreadable."""
    text = text.strip().casefold().replace("ё", "е")
    if not text:
        return default
    for value, label in choices:
        label_folded = str(label).casefold().replace("ё", "е")
        if (
            text in (value, label_folded)
            or label_folded.startswith(text[:6])
            or text.startswith(label_folded[:6])
        ):
            return value
    return None


@dataclass
class RowError:
    row: int
    cell: str
    column: str
    message: str


@dataclass
class ImportPreview:
    table: Table | None
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


def organization_import_preview(*, data: bytes, filename: str, municipality: Municipality) -> ImportPreview:
    """Read and validate every row; nothing is written."""
    try:
        table = read_table(data, filename, COLUMNS)
    except TableError as error:
        return ImportPreview(table=None, file_error=str(error))
    preview = ImportPreview(table=table)
    known_names = {
        n.casefold()
        for n in Organization.objects.filter(municipality=municipality).values_list("name", flat=True)
    }
    known_inns = {
        inn: (name, m)
        for inn, name, m in Organization.objects.exclude(inn="").values_list("inn", "name", "municipality_id")
    }
    labels = {column.key: column.label for column in COLUMNS}
    for row in table.rows:
        values = dict(row.values)
        row_errors: list[RowError] = []
        choices = {}
        for key, choice_class, default, what in CHOICE_COLUMNS:
            choices[key] = _choice_by_label(choice_class.choices, values.get(key, ""), default)
            if choices[key] is None:
                allowed = ", ".join(str(label) for _, label in choice_class.choices)
                message = f"Неизвестный {what} «{values[key]}». Допустимо: {allowed}."
                row_errors.append(RowError(row.number, row.cells.get(key, ""), labels[key], message))
        form_data = {key: values.get(key, "") for key in labels}
        for key, _, default, _ in CHOICE_COLUMNS:
            form_data[key] = choices[key] or default
        for key in COUNT_KEYS:
            form_data[key] = form_data[key] or "0"
        form = OrganizationForm(
            form_data, municipality=municipality, known_names=known_names, known_inns=known_inns
        )
        if not form.is_valid():
            for key, messages in form.errors.items():
                column = key if key in labels else ""
                for message in messages:
                    row_errors.append(
                        RowError(row.number, row.cells.get(column, ""), labels.get(column, ""), message)
                    )
        if row_errors:
            preview.errors.extend(row_errors)
            continue
        cleaned = form.cleaned_data
        known_names.add(cleaned["name"].casefold())
        if cleaned["inn"]:
            known_inns[cleaned["inn"]] = (cleaned["name"], municipality.pk)
        preview.rows.append({"row": row.number, **cleaned})
    if not table.rows:
        preview.file_error = f"Файл «{filename}»: после строки заголовков нет ни одной строки с данными."
    return preview


@transaction.atomic
def organization_import_commit(
    *, data: bytes, filename: str, municipality: Municipality, user
) -> list[Organization]:
    """Validate again (the base may have changed since the preview) and write every row, or nothing."""
    preview = organization_import_preview(data=data, filename=filename, municipality=municipality)
    if not preview.ok:
        raise ValueError("import has errors")
    # Every row passed the organisation form (the same checks as the card), so it is written in bulk.
    created = Organization.objects.bulk_create(
        Organization(municipality=municipality, **{key: value for key, value in row.items() if key != "row"})
        for row in preview.rows
    )
    audit_record(
        user=user,
        action="import",
        object_type="organizations.Organization",
        description=f"{filename}: {len(created)} организаций",
    )
    return created
