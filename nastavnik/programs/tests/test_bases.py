import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import Person
from nastavnik.programs.bases import base_import_commit, base_import_preview, base_xlsx
from nastavnik.programs.models import MentoringForm, Pair, ProgramParticipant
from nastavnik.programs.tests.factories import program_for

Role = ProgramParticipant.Role


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["База наставляемых МБОУ «Школа А»"])  # a title above the table, as schools do
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MENTEE_HEADER = [
    "№ п/п",
    "Ф.И.О. наставляемого",
    "Контактные данные",
    "Дата рождения",
    "Основной запрос",
    "Дата вхождения в программу",
    "Форма наставничества",
    "Ссылка на фото",
]
MENTEE_ROWS = [
    [
        1,
        "Петрова Анна Ивановна",
        "+7 900 000-00-01 (мать)",
        datetime.date(2012, 5, 17),
        "математика",
        "01.10.2025",
        "ученик-ученик",
        "",
    ],
    [2, "Смирнов Олег", "", "03.02.2011", "адаптация", "", "учитель – ученик", "school.ru/foto/1"],
]


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


def test_a_clean_mentee_base_previews_then_writes_every_row(program, cast):
    data = xlsx([MENTEE_HEADER, *MENTEE_ROWS])
    preview = base_import_preview(data=data, filename="база.xlsx", program=program, role=Role.MENTEE)
    assert preview.ok, preview.errors
    assert not ProgramParticipant.objects.exists()  # the preview writes nothing
    assert (
        base_import_commit(
            data=data, filename="база.xlsx", program=program, role=Role.MENTEE, user=cast.curator_a
        )
        == 2
    )
    anna = ProgramParticipant.objects.get(person__last_name="Петрова")
    assert anna.person.birth_date == datetime.date(2012, 5, 17)
    assert anna.joined_on == datetime.date(2025, 10, 1)
    assert anna.form == MentoringForm.objects.get(name="ученик – ученик")
    assert anna.request == "математика"
    assert anna.category == ProgramParticipant.Category.PUPIL
    oleg = ProgramParticipant.objects.get(person__last_name="Смирнов")
    assert oleg.person.patronymic == ""
    assert oleg.photo_url == "https://school.ru/foto/1"


def test_a_known_person_is_reused_not_duplicated(program, cast):
    known = PersonFactory(
        last_name="Петрова", first_name="Анна", patronymic="Ивановна", birth_date=datetime.date(2012, 5, 17)
    )
    data = xlsx([MENTEE_HEADER, MENTEE_ROWS[0]])
    preview = base_import_preview(data=data, filename="база.xlsx", program=program, role=Role.MENTEE)
    assert preview.rows[0]["person"] == known
    base_import_commit(
        data=data, filename="база.xlsx", program=program, role=Role.MENTEE, user=cast.curator_a
    )
    assert Person.objects.filter(last_name="Петрова").count() == 1
    # Loading the same file again updates the rows instead of adding them twice.
    base_import_commit(
        data=data, filename="база.xlsx", program=program, role=Role.MENTEE, user=cast.curator_a
    )
    assert ProgramParticipant.objects.filter(program=program).count() == 1


def test_errors_name_the_row_and_the_column_letter_and_nothing_is_written(program, cast):
    rows = [
        MENTEE_HEADER,
        MENTEE_ROWS[0],
        [2, "Иванов", "", "31.02.2012", "", "", "шахматы – шашки", "не ссылка"],
        [3, "Петрова Анна Ивановна", "", "17.05.2012", "", "", "", ""],
        [4, "Кузнецов Илья", "", "2011", "", "", "", ""],
    ]
    preview = base_import_preview(data=xlsx(rows), filename="база.xlsx", program=program, role=Role.MENTEE)
    assert not preview.ok
    found = {(e.row, e.cell) for e in preview.errors}
    assert (4, "B") in found  # only a surname
    assert (4, "D") in found  # 31 February
    assert (4, "G") in found  # unknown form
    assert (4, "H") in found  # not a link
    assert (5, "B") in found  # a repeat of row 3
    assert (6, "D") in found  # a year without a date
    messages = " ".join(e.message for e in preview.errors)
    assert "Неизвестная форма наставничества «шахматы – шашки»" in messages
    assert "уже есть в строке 3" in messages
    with pytest.raises(ValueError):
        base_import_commit(
            data=xlsx(rows), filename="база.xlsx", program=program, role=Role.MENTEE, user=cast.curator_a
        )
    assert not ProgramParticipant.objects.exists()
    assert not Person.objects.filter(last_name="Петрова").exists()


def test_a_file_without_the_name_column_is_refused_in_russian(program):
    data = xlsx([["Контактные данные", "Дата рождения"], ["+7", "01.01.2010"]])
    preview = base_import_preview(data=data, filename="база.xlsx", program=program, role=Role.MENTEE)
    assert "ФИО наставляемого" in preview.file_error


def test_a_mentor_base_reads_capacity_format_and_teacher_fields(program, cast):
    data = xlsx(
        [
            [
                "ФИО наставника",
                "Дата рождения",
                "Место работы/учёбы",
                "Ключевые компетенции",
                "Формат встреч",
                "Количество наставляемых",
                "Должность",
                "Стаж",
                "Квалификационная категория",
            ],
            [
                "Сидоров Пётр Петрович",
                "02.01.1980",
                "МБОУ «Школа А»",
                "робототехника",
                "онлайн",
                "3",
                "учитель физики",
                "15 лет",
                "высшая",
            ],
            ["Орлова Мария", "03.03.1990", "", "", "по телефону", "0", "", "", ""],
        ]
    )
    preview = base_import_preview(data=data, filename="наставники.xlsx", program=program, role=Role.MENTOR)
    assert {(e.row, e.cell) for e in preview.errors} == {(4, "E"), (4, "F")}
    data = xlsx(
        [
            [
                "ФИО наставника",
                "Дата рождения",
                "Место работы/учёбы",
                "Ключевые компетенции",
                "Формат встреч",
                "Количество наставляемых",
                "Должность",
                "Стаж",
                "Квалификационная категория",
            ],
            [
                "Сидоров Пётр Петрович",
                "02.01.1980",
                "МБОУ «Школа А»",
                "робототехника",
                "онлайн",
                "3",
                "учитель физики",
                "15 лет",
                "высшая",
            ],
        ]
    )
    base_import_commit(
        data=data, filename="наставники.xlsx", program=program, role=Role.MENTOR, user=cast.curator_a
    )
    mentor = ProgramParticipant.objects.get(role=Role.MENTOR)
    assert (
        mentor.capacity,
        mentor.meeting_format,
        mentor.experience_years,
        mentor.qualification_category,
    ) == (3, "online", 15, "highest")
    assert mentor.category == ProgramParticipant.Category.TEACHER


def test_export_then_import_gives_back_the_same_bases(program, cast):
    form = MentoringForm.objects.get(name="учитель – ученик")
    mentor = ProgramParticipant.objects.create(
        program=program,
        role=Role.MENTOR,
        form=form,
        capacity=2,
        competences="шахматы",
        meeting_format="mixed",
        workplace="МБОУ «Школа А»",
        experience_years=12,
        qualification_category="first",
        person=PersonFactory(last_name="Сидоров", first_name="Пётр", birth_date=datetime.date(1980, 1, 2)),
    )
    mentee = ProgramParticipant.objects.create(
        program=program,
        role=Role.MENTEE,
        form=form,
        request="олимпиада",
        joined_on=datetime.date(2025, 9, 15),
        case_url="https://school.ru/case/1",
        special_needs=True,
        special_needs_notes="слабовидящий",
        person=PersonFactory(last_name="Петрова", first_name="Анна", birth_date=datetime.date(2012, 5, 17)),
    )
    pair = Pair.objects.create(
        program=program, form=form, mentor=mentor.person, started_on=datetime.date(2025, 10, 1)
    )
    pair.mentees.set([mentee.person])

    mentees_file = base_xlsx(program=program, role=Role.MENTEE)
    mentors_file = base_xlsx(program=program, role=Role.MENTOR)
    sheet = load_workbook(io.BytesIO(mentees_file)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["№", "ФИО наставляемого", "Контактные данные", "Дата рождения"]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["ФИО наставника"] == "Сидоров Пётр Иванович"
    assert row["Место работы/учёбы наставника"] == "МБОУ «Школа А»"
    assert "слабовидящий" not in str(list(sheet.values))  # ОВЗ never leaves the system

    other = program_for(cast.school_a, title="Программа на следующий год")
    for role, data in ((Role.MENTEE, mentees_file), (Role.MENTOR, mentors_file)):
        preview = base_import_preview(data=data, filename="x.xlsx", program=other, role=role)
        assert preview.ok, preview.errors
        base_import_commit(data=data, filename="x.xlsx", program=other, role=role, user=cast.curator_a)
    fields = [
        "person_id",
        "role",
        "form_id",
        "request",
        "joined_on",
        "case_url",
        "capacity",
        "competences",
        "meeting_format",
        "workplace",
        "experience_years",
        "qualification_category",
        "category",
    ]
    before = sorted(ProgramParticipant.objects.filter(program=program).values_list(*fields))
    after = sorted(ProgramParticipant.objects.filter(program=other).values_list(*fields))
    assert after == before
    assert Person.objects.filter(last_name__in=["Сидоров", "Петрова"]).count() == 2
