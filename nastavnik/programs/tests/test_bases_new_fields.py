"""Tags, the partner organisation of an external mentor and the admission to work with minors in the
template layout: import, export, round trip; the headers are recognised by meaning."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services
from nastavnik.programs.bases import base_import_commit, base_import_preview, base_xlsx
from nastavnik.programs.models import ProgramParticipant
from nastavnik.programs.tests.factories import program_for

Role = ProgramParticipant.Role


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


@pytest.fixture
def partner(cast):
    return OrganizationFactory(
        municipality=cast.municipality, name="ООО «Агрофирма Чемал»", short_name="Агрофирма", kind="partner"
    )


MENTOR_HEADER = [
    "ФИО наставника",
    "Дата рождения",
    "Категория",
    "Ключевые слова",
    "Организация-партнёр",
    "Дата справки об отсутствии судимости",
]


def test_a_mentor_base_reads_tags_partner_and_admission(program, cast, partner):
    data = xlsx(
        [
            MENTOR_HEADER,
            [
                "Сидоров Пётр",
                "02.01.1980",
                "работник организации-партнёра",
                "Агрономия; техника",
                "агрофирма",
                "01.09.2025",
            ],
            ["Орлова Мария", "03.03.1990", "педагог", "химия", "", ""],
        ]
    )
    preview = base_import_preview(data=data, filename="н.xlsx", program=program, role=Role.MENTOR)
    assert preview.ok, preview.errors
    base_import_commit(data=data, filename="н.xlsx", program=program, role=Role.MENTOR, user=cast.curator_a)
    external = ProgramParticipant.objects.get(person__last_name="Сидоров")
    assert external.partner_organization == partner
    assert external.minors_admission_confirmed_on == datetime.date(2025, 9, 1)
    assert sorted(external.tags.values_list("name", flat=True)) == ["агрономия", "техника"]
    teacher = ProgramParticipant.objects.get(person__last_name="Орлова")
    assert teacher.partner_organization is None and teacher.minors_admission_confirmed_on is None


def test_unknown_or_missing_partners_are_errors_naming_row_and_column(program, cast, partner):
    OrganizationFactory(municipality=cast.other_municipality, name="ООО «Далеко»", kind="partner")
    data = xlsx(
        [
            MENTOR_HEADER,
            ["Сидоров Пётр", "02.01.1980", "работник организации-партнёра", "", "ООО «Далеко»", ""],
            ["Орлов Илья", "02.01.1981", "работник организации-партнёра", "", "", ""],
            ["Лисин Олег", "02.01.1982", "педагог", "", "МБОУ «Школа Б»", "01.01.2999"],
        ]
    )
    preview = base_import_preview(data=data, filename="н.xlsx", program=program, role=Role.MENTOR)
    assert not preview.ok
    assert {(e.row, e.cell) for e in preview.errors} == {(2, "E"), (3, "E"), (4, "E"), (4, "F")}
    messages = " ".join(e.message for e in preview.errors)
    assert (
        "Организации-партнёра «ООО «Далеко»» нет в цифровой базе муниципалитета «Чемальский район»"
        in messages
    )
    assert "укажите организацию-партнёр" in messages
    with pytest.raises(ValueError):
        base_import_commit(
            data=data, filename="н.xlsx", program=program, role=Role.MENTOR, user=cast.curator_a
        )
    assert not ProgramParticipant.objects.exists()


def test_a_file_without_the_new_columns_keeps_what_was_entered_by_hand(program, cast, partner):
    row, _ = services.participant_create(
        program=program,
        role=Role.MENTOR,
        last_name="Сидоров",
        first_name="Пётр",
        birth_date=datetime.date(1980, 1, 2),
        category=ProgramParticipant.Category.EMPLOYEE,
        partner_organization=partner,
        minors_admission_confirmed_on=datetime.date(2025, 9, 1),
        tags=["агрономия"],
    )
    data = xlsx(
        [
            ["ФИО наставника", "Дата рождения", "Категория", "Ключевые компетенции"],
            ["Сидоров Пётр", "02.01.1980", "работник организации-партнёра", "агрономия"],
        ]
    )
    # An older template has no partner column, so the employee's partner is not asked for again.
    preview = base_import_preview(data=data, filename="н.xlsx", program=program, role=Role.MENTOR)
    assert preview.ok, preview.errors
    base_import_commit(data=data, filename="н.xlsx", program=program, role=Role.MENTOR, user=cast.curator_a)
    row.refresh_from_db()
    assert row.competences == "агрономия"
    assert row.partner_organization == partner
    assert row.minors_admission_confirmed_on == datetime.date(2025, 9, 1)
    assert list(row.tags.values_list("name", flat=True)) == ["агрономия"]


def test_a_mentee_base_reads_tags(program, cast):
    data = xlsx(
        [["ФИО наставляемого", "Дата рождения", "Теги"], ["Петрова Анна", "17.05.2012", "ОГЭ, шахматы"]]
    )
    base_import_commit(data=data, filename="м.xlsx", program=program, role=Role.MENTEE, user=cast.curator_a)
    row = ProgramParticipant.objects.get()
    assert sorted(row.tags.values_list("name", flat=True)) == ["огэ", "шахматы"]


def test_the_new_fields_survive_export_and_import(program, cast, partner):
    services.participant_create(
        program=program,
        role=Role.MENTOR,
        last_name="Сидоров",
        first_name="Пётр",
        birth_date=datetime.date(1980, 1, 2),
        category=ProgramParticipant.Category.EMPLOYEE,
        partner_organization=partner,
        minors_admission_confirmed_on=datetime.date(2025, 9, 1),
        tags=["агрономия", "техника"],
    )
    services.participant_create(
        program=program,
        role=Role.MENTEE,
        last_name="Петрова",
        first_name="Анна",
        birth_date=datetime.date(2012, 5, 17),
        tags=["шахматы"],
        special_needs=True,
        special_needs_notes="слабовидящая",
    )
    mentors_file = base_xlsx(program=program, role=Role.MENTOR)
    mentees_file = base_xlsx(program=program, role=Role.MENTEE)
    sheet = load_workbook(io.BytesIO(mentors_file)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Теги"] == "агрономия, техника"
    assert row["Организация-партнёр"] == "ООО «Агрофирма Чемал»"
    assert row["Допуск к работе с несовершеннолетними (дата проверки)"].date() == datetime.date(2025, 9, 1)
    assert "слабовидящая" not in str(list(load_workbook(io.BytesIO(mentees_file)).active.values))

    other = program_for(cast.school_a, title="Следующий год")
    for role, data in ((Role.MENTOR, mentors_file), (Role.MENTEE, mentees_file)):
        preview = base_import_preview(data=data, filename="x.xlsx", program=other, role=role)
        assert preview.ok, preview.errors
        base_import_commit(data=data, filename="x.xlsx", program=other, role=role, user=cast.curator_a)

    def snapshot(program):
        return sorted(
            (
                p.person_id,
                p.role,
                p.category,
                p.partner_organization_id,
                p.minors_admission_confirmed_on,
                tuple(sorted(t.name for t in p.tags.all())),
            )
            for p in ProgramParticipant.objects.filter(program=program).prefetch_related("tags")
        )

    assert snapshot(other) == snapshot(program)
    assert PersonFactory._meta.model.objects.filter(last_name__in=["Сидоров", "Петрова"]).count() == 2
