"""The bases of mentees and of mentors in the template layout (DOMAIN.md): import and export.

Schools keep both bases as Excel tables whose wording and order vary by region, so the import maps
columns by header with variants, checks every row and writes all rows or none; the export writes the
same layout, so a file exported here can be edited and loaded back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, models, transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nastavnik.core.services import audit_record
from nastavnik.core.tabular import Column, Table, TableError, read_table
from nastavnik.organizations.models import Organization
from nastavnik.people.models import LegalRepresentation, Person
from nastavnik.people.services import persons_bulk_create
from nastavnik.programs.models import MentoringForm, Pair, Program, ProgramParticipant
from nastavnik.programs.services import (
    PARTICIPANT_FIELDS,
    TAG_MAX_LENGTH,
    name_key,
    tag_normalize,
    tags_ensure,
)

Participant = ProgramParticipant
Role = Participant.Role

#: What a row of a base sets; special needs are never read from (nor written to) a table.
_PARTICIPANT_WRITE_FIELDS = tuple(f for f in PARTICIPANT_FIELDS if "special_needs" not in f)

BASE_TITLES = {Role.MENTEE: "База наставляемых", Role.MENTOR: "База наставников"}


@dataclass(frozen=True)
class BaseColumn:
    """A column of a base: how its header is recognised, and whether the import reads it.

    Columns that describe pairs (the other side's name, the program's place and term) are written by
    the export and recognised on import so they are not reported as unknown, but pairs are formed in
    the program, not from the table.
    """

    column: Column
    imported: bool = True

    @property
    def key(self) -> str:
        return self.column.key


def _c(key, label, synonyms=(), required=False, imported=True) -> BaseColumn:
    return BaseColumn(Column(key, label, tuple(synonyms), required), imported)


def _columns(role: str) -> tuple[BaseColumn, ...]:
    own, other = ("наставляемого", "наставника") if role == Role.MENTEE else ("наставника", "наставляемого")
    name = _c(
        "full_name",
        f"ФИО {own}",
        ("ФИО", "Ф.И.О.", "фамилия имя отчество", "фамилия, имя, отчество"),
        required=True,
    )
    contacts = _c(
        "contacts",
        "Контактные данные",
        ("контакты", "контактный телефон", "телефон", "контактные данные законного представителя"),
    )
    birth = _c("birth_date", "Дата рождения", ("год рождения", "дата рождения", "г.р.", "д.р."))
    workplace = _c("workplace", "Место работы/учёбы", ("место учебы", "место работы", "класс", "организация"))
    other_name = _c("other_name", f"ФИО {other}", (), imported=False)
    other_workplace = _c("other_workplace", f"Место работы/учёбы {other}", (), imported=False)
    form = _c("form", "Форма наставничества", ("форма", "форма наставничества и ролевая модель"))
    place_term = _c(
        "place_term",
        "Место, срок реализации программы",
        ("место и срок реализации программы", "срок реализации программы"),
        imported=False,
    )
    results = _c("results", "Результаты программы", ("результаты", "результат"))
    case_url = _c(
        "case_url",
        f"Ссылка на кейс/отзыв {own} на сайте организации",
        (f"ссылка на кейс/отзыв {own}", "ссылка на кейс", "ссылка на отзыв", "кейс/отзыв"),
    )
    photo_url = _c("photo_url", "Ссылка на фото", ("фото", "ссылка на фотографию"))
    category = _c("category", "Категория", ("категория участника", "статус участника"))
    interests = _c("interests", "Интересы", ("интересы", "хобби"))
    meeting_format = _c("meeting_format", "Формат встреч", ("формат", "формат работы"))
    tags = _c(
        "tags",
        "Теги",
        ("ключевые слова", "теги через запятую", "метки", "теги интересы компетенции запрос"),
    )
    teacher = (
        _c("position", "Должность", ("должность", "занимаемая должность")),
        _c("experience_years", "Педагогический стаж, лет", ("стаж", "стаж работы", "педагогический стаж")),
        _c(
            "qualification_category",
            "Квалификационная категория",
            ("категория педагога", "квалификация"),
        ),
    )
    if role == Role.MENTEE:
        return (
            name,
            contacts,
            birth,
            _c(
                "request",
                "Основной запрос наставляемого",
                ("основной запрос", "запрос", "запрос наставляемого"),
            ),
            _c(
                "joined_on",
                "Дата вхождения в программу",
                ("дата вхождения", "дата включения в программу", "дата вступления в программу"),
            ),
            other_name,
            other_workplace,
            form,
            place_term,
            results,
            case_url,
            photo_url,
            workplace,
            category,
            interests,
            meeting_format,
            tags,
            *teacher,
        )
    return (
        name,
        contacts,
        birth,
        workplace,
        _c("competences", "Ключевые компетенции", ("компетенции",)),
        _c("achievements", "Важные для программы достижения", ("достижения", "важные достижения")),
        interests,
        _c(
            "desired_mentee_age",
            "Желаемый возраст наставляемых",
            ("возраст наставляемых", "желаемый возраст"),
        ),
        _c(
            "meeting_time_place",
            "Время и место для встреч (ресурс времени)",
            ("время и место для встреч", "ресурс времени", "время для встреч"),
        ),
        other_name,
        other_workplace,
        form,
        place_term,
        results,
        case_url,
        photo_url,
        _c(
            "joined_on",
            "Дата вхождения в программу",
            ("дата вхождения", "дата включения в программу", "дата вступления в программу"),
        ),
        category,
        meeting_format,
        _c(
            "capacity",
            "Сколько наставляемых может вести",
            ("количество наставляемых", "число наставляемых", "ёмкость"),
        ),
        tags,
        _c(
            "partner_organization",
            "Организация-партнёр",
            ("организация партнер", "партнер", "организация-партнер для внешних наставников"),
        ),
        _c(
            "minors_admission_confirmed_on",
            "Допуск к работе с несовершеннолетними (дата проверки)",
            (
                "допуск к работе с несовершеннолетними",
                "справка об отсутствии судимости",
                "дата справки об отсутствии судимости",
            ),
        ),
        *teacher,
    )


COLUMNS = {role: _columns(role) for role in Role.values}


# --------------------------------------------------------------------------- parsing cell values


class CellError(Exception):
    pass


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").replace("—", "-").replace("–", "-").split())


def parse_full_name(text: str) -> tuple[str, str, str]:
    parts = text.split()
    if len(parts) < 2:
        raise CellError("Укажите фамилию и имя (и отчество, если есть) через пробел.")
    return parts[0], parts[1], " ".join(parts[2:])


_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y", "%d-%m-%Y")


@lru_cache(maxsize=8192)
def parse_date(text: str) -> date | None:
    text = text.strip().split(" ")[0]
    if not text:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(f"Не удалось прочитать дату «{text}». Пример: 17.05.2012.")


_YEAR_ONLY = re.compile(r"\d{4}\s*(г\.?)?")


def parse_birth_date(text: str) -> date | None:
    if _YEAR_ONLY.fullmatch(text.strip()):
        raise CellError(
            f"Указан только год «{text.strip()}»: нужна полная дата рождения (например, 17.05.2012), "
            "по ней участник сверяется с уже известными людьми и определяется возраст."
        )
    value = parse_date(text)
    if value and value > date.today():
        raise CellError("Дата рождения в будущем.")
    return value


def _parse_choice(choices, synonyms: dict[str, str], what: str) -> Callable[[str], str]:
    @lru_cache(maxsize=1024)
    def parse(text: str) -> str:
        folded = _fold(text)
        if not folded:
            return ""
        for value, label in choices:
            label_folded = _fold(str(label))
            if folded in (value, label_folded) or label_folded.startswith(folded[:5]):
                return value
        for prefix, value in synonyms.items():
            if folded.startswith(prefix):
                return value
        allowed = ", ".join(str(label) for _, label in choices)
        raise CellError(f"Неизвестное значение «{text}» ({what}). Допустимо: {allowed}.")

    return parse


parse_category = _parse_choice(
    Participant.Category.choices,
    {"ученик": "pupil", "учащ": "pupil", "школьн": "pupil", "учител": "teacher", "работод": "employee"},
    "категория",
)
parse_meeting_format = _parse_choice(
    Participant.MeetingFormat.choices,
    {"online": "online", "дистанц": "online", "очный": "in_person", "офлайн": "in_person", "смеш": "mixed"},
    "формат встреч",
)
parse_qualification = _parse_choice(
    Participant.QualificationCategory.choices,
    {"нет": "none", "высш": "highest", "перв": "first", "сзд": "conformity"},
    "квалификационная категория",
)


def parse_tags(text: str) -> list[str]:
    """Tags separated by commas or semicolons, each folded as ``Tag`` stores it; duplicates dropped."""
    names: list[str] = []
    for part in re.split(r"[,;\n]", text):
        name = tag_normalize(part)
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            raise CellError(f"Тег «{name[:20]}…» длиннее {TAG_MAX_LENGTH} символов: разделите теги запятыми.")
        if name not in names:
            names.append(name)
    return names


def parse_admission_date(text: str) -> date | None:
    value = parse_date(text)
    if value and value > date.today():
        raise CellError("Дата проверки допуска в будущем.")
    return value


def parse_int(text: str, *, minimum: int, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    match = re.match(r"^(\d+)", text)
    if not match:
        raise CellError(f"{what}: нужно целое число, а указано «{text}».")
    value = int(match.group(1))
    if value < minimum:
        raise CellError(f"{what}: не меньше {minimum}.")
    return value


_url_validator = URLValidator()


def parse_url(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if "://" not in text:
        text = f"https://{text}"
    try:
        _url_validator(text)
    except ValidationError:
        raise CellError(f"Не похоже на ссылку: «{text}».") from None
    return text


# --------------------------------------------------------------------------- preview and commit


@dataclass
class RowError:
    row: int
    cell: str
    column: str
    message: str


@dataclass
class BaseImportPreview:
    role: str
    table: Table | None
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


def _partner_lookup(program: Program) -> dict[str, Organization]:
    """Partner organisations of the program's municipality by folded full and short name."""
    lookup: dict[str, Organization] = {}
    partners = Organization.objects.filter(
        municipality_id=program.organization.municipality_id, kind=Organization.Kind.PARTNER
    )
    for organization in partners:
        for name in (organization.name, organization.short_name):
            if name:
                lookup.setdefault(_fold(name), organization)
    return lookup


def _form_lookup() -> dict[str, MentoringForm]:
    return {
        _fold(form.name).replace(" - ", "-").replace(" ", ""): form for form in MentoringForm.objects.all()
    }


def _known_people(birth_dates: set[date]) -> dict[tuple, list[Person]]:
    """People already known, keyed by folded ФИО and date of birth (read in chunks: big files)."""
    known: dict[tuple, list[Person]] = {}
    dates = sorted(birth_dates)
    for start in range(0, len(dates), 500):
        for person in Person.objects.filter(birth_date__in=dates[start : start + 500]):
            key = (*name_key(person.last_name, person.first_name, person.patronymic), person.birth_date)
            known.setdefault(key, []).append(person)
    return known


def _limits() -> list[tuple[str, int, str]]:
    limits = []
    for name in _PARTICIPANT_WRITE_FIELDS:
        field = Participant._meta.get_field(name)
        if isinstance(field, models.CharField) and field.max_length:
            limits.append((name, field.max_length, str(field.verbose_name).capitalize()))
        elif isinstance(field, models.PositiveSmallIntegerField):
            limits.append((name, 32767, str(field.verbose_name).capitalize()))
    return limits


_LIMITS = _limits()


def base_import_preview(*, data: bytes, filename: str, program: Program, role: str) -> BaseImportPreview:
    """Read and check every row of a base; nothing is written."""
    columns = COLUMNS[role]
    try:
        table = read_table(data, filename, [c.column for c in columns])
    except TableError as error:
        return BaseImportPreview(role=role, table=None, file_error=str(error))
    preview = BaseImportPreview(role=role, table=table)
    labels = {c.key: c.column.label for c in columns}
    preview.ignored_columns = [
        table.column_names[c.key] for c in columns if not c.imported and c.key in table.column_names
    ]
    forms = _form_lookup()
    partners = _partner_lookup(program) if "partner_organization" in table.columns else {}
    municipality = program.organization.municipality.name
    # Tags, partner and admission are set only when the file has their column: an older template
    # without them must not wipe what the curator entered by hand.
    has_tags = "tags" in table.columns
    has_partner = "partner_organization" in table.columns
    has_admission = "minors_admission_confirmed_on" in table.columns
    default_category = Participant.Category.PUPIL if role == Role.MENTEE else Participant.Category.TEACHER
    seen: dict[tuple, int] = {}
    for row in table.rows:
        values = row.values
        parsed: dict = {"row": row.number}
        row_errors: list[RowError] = []

        def fail(key: str, message: str, row=row, row_errors=row_errors) -> None:
            row_errors.append(RowError(row.number, row.cells.get(key, ""), labels.get(key, ""), message))

        def read(key: str, parser, values=values, fail=fail, **kwargs):
            text = values.get(key, "")
            if not text and key != "full_name":
                return None  # an empty optional cell: every parser would say "nothing"
            try:
                return parser(text, **kwargs)
            except CellError as error:
                fail(key, str(error))
                return None

        names = read("full_name", parse_full_name)
        parsed["birth_date"] = read("birth_date", parse_birth_date)
        parsed["joined_on"] = read("joined_on", parse_date)
        parsed["category"] = read("category", parse_category) or default_category
        parsed["meeting_format"] = read("meeting_format", parse_meeting_format) or ""
        parsed["qualification_category"] = read("qualification_category", parse_qualification) or ""
        parsed["capacity"] = read("capacity", parse_int, minimum=1, what="Количество наставляемых") or 1
        parsed["experience_years"] = read("experience_years", parse_int, minimum=0, what="Стаж")
        parsed["case_url"] = read("case_url", parse_url) or ""
        parsed["photo_url"] = read("photo_url", parse_url) or ""
        if has_tags:
            parsed["tags"] = read("tags", parse_tags) or []
        if has_admission:
            parsed["minors_admission_confirmed_on"] = read(
                "minors_admission_confirmed_on", parse_admission_date
            )
        if has_partner:
            partner_text = values.get("partner_organization", "").strip()
            parsed["partner_organization"] = None
            if partner_text:
                parsed["partner_organization"] = partners.get(_fold(partner_text))
                if parsed["partner_organization"] is None:
                    fail(
                        "partner_organization",
                        f"Организации-партнёра «{partner_text}» нет в цифровой базе муниципалитета "
                        f"«{municipality}». Сначала внесите её (тип «организация-партнёр»).",
                    )
            elif parsed["category"] == Participant.Category.EMPLOYEE:
                fail(
                    "partner_organization",
                    "Для работника организации-партнёра укажите организацию-партнёр.",
                )
        form_text = values.get("form", "").strip()
        parsed["form"] = None
        if form_text:
            parsed["form"] = forms.get(_fold(form_text).replace(" - ", "-").replace(" ", ""))
            if parsed["form"] is None:
                allowed = ", ".join(f"«{f.name}»" for f in forms.values())
                fail("form", f"Неизвестная форма наставничества «{form_text}». Допустимо: {allowed}.")
        for key in (
            "contacts",
            "workplace",
            "request",
            "competences",
            "achievements",
            "interests",
            "desired_mentee_age",
            "meeting_time_place",
            "results",
            "position",
        ):
            if key in labels:
                parsed[key] = values.get(key, "")
        if names:
            parsed["last_name"], parsed["first_name"], parsed["patronymic"] = names
            parsed["full_name"] = " ".join(p for p in names if p)
            for part, limit in zip(names, (100, 100, 100), strict=True):
                if len(part) > limit:
                    fail("full_name", f"Слишком длинная часть ФИО (больше {limit} символов).")
            key = (*name_key(*names), parsed["birth_date"])
            if key in seen:
                fail("full_name", f"{parsed['full_name']} уже есть в строке {seen[key]} этого файла.")
            else:
                seen[key] = row.number
        if not row_errors:
            # What the model's field checks would still find once the cells are parsed: text too long
            # for its column, a number too big. Checked directly: building a model instance and calling
            # clean_fields() for each of 100,000 rows costs more than reading the file.
            for key, limit, name in _LIMITS:
                value = parsed.get(key)
                if value is not None and (len(value) if isinstance(value, str) else value) > limit:
                    unit = "символов" if isinstance(value, str) else ""
                    fail(key, f"{name}: не больше {limit} {unit}".rstrip() + ".")
        if row_errors:
            preview.errors.extend(row_errors)
        else:
            preview.rows.append(parsed)
    if not table.rows:
        preview.file_error = (
            f"Файл «{table.filename}»: после строки заголовков нет ни одной строки с данными."
        )
    if preview.rows and not preview.errors:
        _mark_known(preview, program)
    return preview


def _mark_known(preview: BaseImportPreview, program: Program) -> None:
    """Decide for each row: a new person, a person already known, or a row already in this base."""
    known = _known_people({row["birth_date"] for row in preview.rows if row["birth_date"]})
    in_base = set(
        Participant.objects.filter(program=program, role=preview.role).values_list("person_id", flat=True)
    )
    for row in preview.rows:
        matches = (
            known.get(
                (*name_key(row["last_name"], row["first_name"], row["patronymic"]), row["birth_date"]), []
            )
            if row["birth_date"]
            else []
        )
        row["person"] = matches[0] if len(matches) == 1 else None
        if row["person"] is None:
            row["action"] = "новый человек"
        elif row["person"].pk in in_base:
            row["action"] = "обновление строки базы"
        else:
            row["action"] = "уже известен, запись человека используется повторно"


@transaction.atomic
def base_import_commit(
    *,
    data: bytes,
    filename: str,
    program: Program,
    role: str,
    user,
    preview: BaseImportPreview | None = None,
) -> int:
    """Write every row of a checked base, or nothing.

    ``preview`` is the check just made in the same request; without it the file is checked again
    (the base may have changed since the preview the curator looked at). The writes are a fixed
    number of bulk queries whatever the size of the file.
    """
    if preview is None:
        preview = base_import_preview(data=data, filename=filename, program=program, role=role)
    else:
        # The base may have changed between the check and this commit: decide again who is known.
        _mark_known(preview, program)
    if not preview.ok:
        raise ValueError("import has errors")
    new_people = [
        {key: row[key] for key in ("last_name", "first_name", "patronymic", "birth_date")}
        for row in preview.rows
        if row["person"] is None
    ]
    created = iter(persons_bulk_create(new_people))
    for row in preview.rows:
        row["person_id"] = next(created) if row["person"] is None else row["person"].pk
    existing = {}
    person_ids = [row["person_id"] for row in preview.rows]
    for start in range(0, len(person_ids), 5000):
        for participant in Participant.objects.filter(
            program=program, role=role, person_id__in=person_ids[start : start + 5000]
        ):
            existing[participant.person_id] = participant
    to_create, to_update = [], []
    written = set()
    for row in preview.rows:
        fields = {key: row[key] for key in _PARTICIPANT_WRITE_FIELDS if key in row}
        participant = existing.get(row["person_id"])
        if participant is None:
            to_create.append(row)
        else:
            for key, value in fields.items():
                setattr(participant, key, value)
            to_update.append(participant)
            row["participant_id"] = participant.pk
        written.update(fields)
    _insert_participants(program=program, role=role, rows=to_create)
    if to_create:
        # The rows were written without the ORM: fetch their keys in one query for the tags.
        keys = dict(
            Participant.objects.filter(program=program, role=role).values_list("person_id", "pk").order_by()
        )
        for row in to_create:
            row["participant_id"] = keys[row["person_id"]]
    if to_update:
        Participant.objects.bulk_update(
            to_update,
            [*(f for f in _PARTICIPANT_WRITE_FIELDS if f in written), "updated_at"],
            batch_size=1000,
        )
    if any("tags" in row for row in preview.rows):
        _tags_write(preview.rows, updated=[p.pk for p in to_update])
    audit_record(
        user=user,
        action="import",
        object_type="programs.ProgramParticipant",
        description=f"{filename}: {BASE_TITLES[role]}, {len(preview.rows)} строк, программа {program.pk}",
    )
    return len(preview.rows)


def _insert_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """INSERT many rows with one prepared statement. The import's hot path: Django's bulk_create
    spends more time preparing each of 30 fields of 100,000 objects than the database spends
    writing them. The values are already checked and in their database types."""
    if not rows:
        return
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            # PostgreSQL's COPY: the rows stream in one command, an order of magnitude faster than INSERTs.
            with raw.copy(f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), 5000):
            cursor.executemany(head + one, rows[start : start + 5000])


def _insert_participants(*, program: Program, role: str, rows: list[dict]) -> None:
    """Write new rows of a base: each column from the checked row, else the model's default (taken
    from one unsaved instance), the timestamps as ``save`` would set them."""
    if not rows:
        return
    template = Participant(program=program, role=role)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f for f in Participant._meta.concrete_fields if not f.primary_key]
    defaults = [getattr(template, f.attname) for f in fields]
    for index, f in enumerate(fields):
        if f.name in ("created_at", "updated_at"):
            defaults[index] = now
    # Where each value comes from: (position, key in the row, whether it is a related object).
    sources = [
        (index, f.attname if f.name == "person" else f.name, f.is_relation and f.name != "person")
        for index, f in enumerate(fields)
        if f.name in _PARTICIPANT_WRITE_FIELDS or f.name == "person"
    ]
    values = []
    for row in rows:
        line = defaults.copy()
        for index, key, is_relation in sources:
            if key in row:
                value = row[key]
                line[index] = value.pk if is_relation and value is not None else value
        values.append(tuple(line))
    _insert_rows(Participant._meta.db_table, [f.column for f in fields], values)


def _tags_write(rows: list[dict], *, updated: list[int]) -> None:
    """Replace the tags of the imported rows: a few bulk queries for the whole file."""
    tags = tags_ensure(name for row in rows for name in row.get("tags", ()))
    through = Participant.tags.through
    for start in range(0, len(updated), 5000):
        through.objects.filter(programparticipant_id__in=updated[start : start + 5000]).delete()
    links = [(row["participant_id"], tags[name].pk) for row in rows for name in row.get("tags", ())]
    _insert_rows(
        through._meta.db_table,
        [through._meta.get_field("programparticipant").column, through._meta.get_field("tag").column],
        links,
    )


# --------------------------------------------------------------------------- export


def _contacts(participant: Participant, representatives: dict[int, list[Person]]) -> str:
    if participant.contacts:
        return participant.contacts
    person = participant.person
    people = representatives.get(person.pk) if person.is_minor_on(date.today()) else None
    sources = people or [person]
    parts = []
    for source in sources:
        contact = ", ".join(x for x in (source.phone, source.email) if x)
        if contact:
            parts.append(f"{source.full_name}: {contact}" if people else contact)
    return "; ".join(parts)


def _base_rows(programs: list[Program], role: str, *, with_organization: bool = False):
    """The rows of a base (or of several programs' bases) in the template layout, without ОВЗ.

    A fixed number of queries whatever the number of people: the rows, their tags, the legal
    representatives, the pairs' other side with its names and workplaces.
    """
    columns = COLUMNS[role]
    by_id = {program.pk: program for program in programs}
    participants = list(
        Participant.objects.filter(program_id__in=by_id, role=role)
        .select_related("person", "form", "partner_organization")
        .prefetch_related("tags")
        .order_by("program__organization__name", "program_id", "person__last_name", "person__first_name")
    )
    person_ids = [p.person_id for p in participants]
    representatives: dict[int, list[Person]] = {}
    for start in range(0, len(person_ids), 5000):
        links = LegalRepresentation.objects.filter(child_id__in=person_ids[start : start + 5000])
        for link in links.select_related("representative"):
            representatives.setdefault(link.child_id, []).append(link.representative)
    counterparts = _counterparts(list(by_id), role)
    workplaces = {
        (program_id, person_id): workplace
        for program_id, person_id, workplace in Participant.objects.filter(program_id__in=by_id)
        .exclude(role=role)
        .exclude(workplace="")
        .values_list("program_id", "person_id", "workplace")
    }
    for participant in participants:
        program = by_id[participant.program_id]
        organization = program.organization
        others = counterparts.get((participant.program_id, participant.person_id), [])
        values = {
            "full_name": participant.person.full_name,
            "contacts": _contacts(participant, representatives),
            "birth_date": participant.person.birth_date,
            "other_name": "\n".join(name for _, name in others),
            "other_workplace": "\n".join(
                workplaces[(program.pk, pk)] for pk, _ in others if (program.pk, pk) in workplaces
            ),
            "form": participant.form.name if participant.form else "",
            "place_term": f"{organization.short_name or organization.name}, {program.academic_year} учебный год",
            "category": participant.get_category_display(),
            "meeting_format": participant.get_meeting_format_display(),
            "qualification_category": participant.get_qualification_category_display(),
            "tags": ", ".join(sorted(tag.name for tag in participant.tags.all())),
            "partner_organization": _organization_name(participant.partner_organization),
        }
        row = [organization.name] if with_organization else []
        for column in columns:
            value = values[column.key] if column.key in values else getattr(participant, column.key)
            row.append("" if value is None else value)
        yield row


def base_xlsx(*, program: Program, role: str) -> bytes:
    """The base of mentees or mentors of one program, in the import's own layout (ОВЗ never included)."""
    columns = COLUMNS[role]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = BASE_TITLES[role]
    sheet.append(["№", *(c.column.label for c in columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(_base_rows([program], role), start=1):
        sheet.append([number, *row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    sheet.column_dimensions["A"].width = 5
    for index in range(2, len(columns) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 24
    sheet.freeze_panes = "C2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def municipal_bases_xlsx(*, programs) -> bytes:
    """Both bases of many programs (a municipality's, a region's) in one workbook: one sheet per base,
    the template layout with the organisation in front. Written in streaming mode: the file for a
    whole municipality is built without holding every cell's style in memory. ОВЗ never included."""
    programs = list(programs.select_related("organization"))
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for role in (Role.MENTEE, Role.MENTOR):
        sheet = workbook.create_sheet(BASE_TITLES[role])
        sheet.freeze_panes = "C2"
        sheet.column_dimensions["A"].width = 5
        sheet.column_dimensions["B"].width = 40
        header = []
        for label in ("№", "Организация", *(c.column.label for c in COLUMNS[role])):
            cell = WriteOnlyCell(sheet, value=label)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for number, row in enumerate(_base_rows(programs, role, with_organization=True), start=1):
            cells = [number]
            for value in row:
                if isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "DD.MM.YYYY"
                    cells.append(cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _organization_name(organization: Organization | None) -> str:
    return organization.name if organization is not None else ""


def _counterparts(program_ids: list[int], role: str) -> dict[tuple[int, int], list[tuple[int, str]]]:
    """For each (program, person) of the base, the other side of their pairs: (pk, full name) pairs."""
    links = list(
        Pair.mentees.through.objects.filter(pair__program_id__in=program_ids).values_list(
            "pair__program_id", "pair__mentor_id", "person_id"
        )
    )
    other_ids = {mentee if role == Role.MENTOR else mentor for _, mentor, mentee in links}
    names: dict[int, str] = {}
    ids = sorted(other_ids)
    for start in range(0, len(ids), 5000):
        for pk, *parts in Person.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk", "last_name", "first_name", "patronymic"
        ):
            names[pk] = " ".join(p for p in parts if p)
    result: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for program_id, mentor, mentee in links:
        own, other = (mentor, mentee) if role == Role.MENTOR else (mentee, mentor)
        result.setdefault((program_id, own), []).append((other, names[other]))
    return result
