"""The consolidated bases of a municipality and the overview's external mentors and partners."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nastavnik.core.models import AuditEvent
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory
from nastavnik.programs.models import MentoringForm, Pair, Program, ProgramParticipant

Role = ProgramParticipant.Role
Category = ProgramParticipant.Category
URL = reverse("programs:municipal-bases-export")
OVERVIEW = reverse("programs:municipal-overview")
ALLOWED = ["coordinator", "regional_admin"]
FORBIDDEN = [
    "head_a",
    "curator_a",
    "curator_b",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
]


@pytest.fixture
def world(cast):
    partner = OrganizationFactory(municipality=cast.municipality, name="ООО «Агрофирма»", kind="partner")
    other_partner = OrganizationFactory(municipality=cast.municipality, name="ИП «Пасека»", kind="partner")
    form = MentoringForm.objects.get(name="работодатель – ученик")
    a = Program.objects.create(organization=cast.school_a, academic_year="2025/2026", title="ПА")
    b = Program.objects.create(organization=cast.school_b, academic_year="2025/2026", title="ПБ")
    elsewhere = Program.objects.create(
        organization=cast.school_elsewhere, academic_year="2025/2026", title="ПВ"
    )
    farmer = PersonFactory(last_name="Фермеров", birth_date=datetime.date(1980, 1, 1))
    beekeeper = PersonFactory(last_name="Пчелов")
    teacher = PersonFactory(last_name="Учителев")
    child = PersonFactory(last_name="Школьникова", birth_date=datetime.date(2012, 5, 17))
    # The same partner gives a mentor to both schools; another gives one to school B.
    for program, person, org in ((a, farmer, partner), (b, farmer, partner), (b, beekeeper, other_partner)):
        ProgramParticipant.objects.create(
            program=program,
            person=person,
            role=Role.MENTOR,
            category=Category.EMPLOYEE,
            partner_organization=org,
        )
    ProgramParticipant.objects.create(program=a, person=teacher, role=Role.MENTOR, category=Category.TEACHER)
    ProgramParticipant.objects.create(
        program=a,
        person=child,
        role=Role.MENTEE,
        request="профориентация",
        special_needs=True,
        special_needs_notes="слабовидящая",
    )
    ProgramParticipant.objects.create(
        program=elsewhere, person=PersonFactory(last_name="Чужеземцев"), role=Role.MENTEE
    )
    pair = Pair.objects.create(program=a, form=form, mentor=farmer, started_on=timezone.localdate())
    pair.mentees.set([child])
    return {"partner": partner}


@pytest.mark.parametrize("persona", ALLOWED)
def test_district_staff_export_both_bases_with_the_organisation(client, cast, world, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(URL)
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["База наставляемых", "База наставников"]
    mentees = list(workbook["База наставляемых"].iter_rows(values_only=True))
    assert mentees[0][:4] == ("№", "Организация", "ФИО наставляемого", "Контактные данные")
    child = dict(zip(mentees[0], mentees[1], strict=True))
    assert child["Организация"] == "МБОУ «Школа А»"
    assert child["ФИО наставника"].startswith("Фермеров")
    assert child["Основной запрос наставляемого"] == "профориентация"
    assert "слабовидящая" not in str(mentees)  # ОВЗ never leaves the system
    mentors = list(workbook["База наставников"].iter_rows(values_only=True))
    header = mentors[0]
    by_org = sorted((row[1], row[header.index("Организация-партнёр")] or "") for row in mentors[1:])
    assert by_org == [
        ("МБОУ «Школа А»", ""),
        ("МБОУ «Школа А»", "ООО «Агрофирма»"),
        ("МБОУ «Школа Б»", "ИП «Пасека»"),
        ("МБОУ «Школа Б»", "ООО «Агрофирма»"),
    ]
    if persona == "coordinator":
        assert "Чужеземцев" not in str(mentees)
    assert AuditEvent.objects.filter(action="export", object_type="programs.ProgramParticipant").exists()


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_nobody_else_exports_the_municipal_bases(client, cast, world, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(URL).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_export_follows_the_overviews_filter(client, cast, world):
    client.force_login(cast.coordinator)
    response = client.get(URL, {"organization": cast.school_b.pk})
    mentors = list(load_workbook(BytesIO(response.content))["База наставников"].iter_rows(values_only=True))
    assert {row[1] for row in mentors[1:]} == {"МБОУ «Школа Б»"}
    mentees = list(load_workbook(BytesIO(response.content))["База наставляемых"].iter_rows(values_only=True))
    assert len(mentees) == 1  # the header only


def test_the_overview_counts_external_mentors_and_partners(client, cast, world):
    client.force_login(cast.coordinator)
    response = client.get(OVERVIEW)
    rows = {
        row.organization: (row.mentors, row.external_mentors, row.partner_organizations)
        for row in response.context["overview"].rows
    }
    assert rows["Школа А"] == (2, 1, 1)
    assert rows["Школа Б"] == (2, 2, 2)
    totals = response.context["overview"].totals
    # The partner that gave mentors to both schools is counted once in the total.
    assert (totals.external_mentors, totals.partner_organizations) == (3, 2)
    assert "Организаций-партнёров, предоставивших наставников" in response.content.decode()
