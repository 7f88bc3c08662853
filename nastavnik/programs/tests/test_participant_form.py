"""One person added to a base by hand, edited, removed; the base's own page with its tag filter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.core.models import AuditEvent
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import Person
from nastavnik.programs import services
from nastavnik.programs.models import MentoringForm, Pair, ProgramParticipant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role
Category = ProgramParticipant.Category
EDITORS = ["curator_a", "head_a", "coordinator", "regional_admin"]
NOT_EDITORS = ["responsible_a", "curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


@pytest.fixture
def partner(cast):
    return OrganizationFactory(
        municipality=cast.municipality, name="ООО «Агрофирма Чемал»", short_name="Агрофирма", kind="partner"
    )


def add_url(program, base="mentees"):
    return reverse("programs:participant-create", args=[program.pk, base])


def mentee_data(**extra):
    return {
        "last_name": "Орлова",
        "first_name": "Мария",
        "patronymic": "Петровна",
        "birth_date": CHILD_BIRTH.isoformat(),
        "category": Category.PUPIL,
        "contacts": "мама: +7 900 000-00-00",
        "request": "подготовка к олимпиаде по биологии",
        "tags": "Биология, олимпиады;  биология ",
        "meeting_format": "online",
        **extra,
    }


def mentor_data(**extra):
    return {
        "last_name": "Кузнецов",
        "first_name": "Андрей",
        "birth_date": "1979-04-02",
        "category": Category.TEACHER,
        "competences": "биология",
        "capacity": "3",
        "minors_admission_confirmed_on": "2025-09-01",
        "tags": "биология",
        **extra,
    }


@pytest.mark.parametrize("persona", EDITORS)
def test_the_schools_editors_add_a_mentee_by_hand(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    response = client.post(add_url(program), mentee_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:base-list", args=[program.pk, "mentees"])
    row = ProgramParticipant.objects.get(program=program, role=Role.MENTEE)
    assert row.person.full_name == "Орлова Мария Петровна" and row.person.birth_date == CHILD_BIRTH
    assert row.request == "подготовка к олимпиаде по биологии" and row.meeting_format == "online"
    assert sorted(row.tags.values_list("name", flat=True)) == ["биология", "олимпиады"]
    assert AuditEvent.objects.filter(action="create", object_type="programs.ProgramParticipant").exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_nobody_else_adds_to_a_base(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(add_url(program)).status_code == 404
    assert client.post(add_url(program), mentee_data()).status_code == 404
    assert not ProgramParticipant.objects.exists()


def test_a_known_person_is_reused_and_the_curator_is_told(client, cast, program):
    known = PersonFactory(
        last_name="Орлова", first_name="Мария", patronymic="Петровна", birth_date=CHILD_BIRTH
    )
    people = Person.objects.count()
    client.force_login(cast.curator_a)
    response = client.post(add_url(program), mentee_data(last_name="ОРЛОВА"), follow=True)
    assert Person.objects.count() == people
    assert ProgramParticipant.objects.get(program=program).person == known
    assert "уже был(а) известен(на) системе" in response.content.decode()


def test_someone_already_in_the_base_is_refused(client, cast, program):
    client.force_login(cast.curator_a)
    client.post(add_url(program), mentee_data())
    response = client.post(add_url(program), mentee_data())
    assert response.status_code == 200
    assert "уже есть в этой базе" in response.content.decode()
    assert ProgramParticipant.objects.count() == 1


def test_a_mentor_with_the_admission_date_and_capacity(client, cast, program):
    client.force_login(cast.curator_a)
    assert client.post(add_url(program, "mentors"), mentor_data()).status_code == 302
    row = ProgramParticipant.objects.get(role=Role.MENTOR)
    assert row.capacity == 3 and row.minors_admission_confirmed_on == datetime.date(2025, 9, 1)


def test_an_employee_of_a_partner_needs_the_partner(client, cast, program, partner):
    client.force_login(cast.curator_a)
    response = client.post(add_url(program, "mentors"), mentor_data(category=Category.EMPLOYEE))
    assert "выберите организацию-партнёр" in response.content.decode()
    assert not ProgramParticipant.objects.exists()
    response = client.post(
        add_url(program, "mentors"), mentor_data(category=Category.EMPLOYEE, partner_organization=partner.pk)
    )
    assert response.status_code == 302
    assert ProgramParticipant.objects.get().partner_organization == partner


def test_only_partners_of_the_same_municipality_are_offered(client, cast, program, partner):
    elsewhere = OrganizationFactory(municipality=cast.other_municipality, name="ООО «Далеко»", kind="partner")
    client.force_login(cast.curator_a)
    page = client.get(add_url(program, "mentors")).content.decode()
    assert "Агрофирма" in page and "Далеко" not in page and "Школа Б" not in page
    for wrong in (elsewhere, cast.school_b):
        response = client.post(
            add_url(program, "mentors"),
            mentor_data(category=Category.EMPLOYEE, partner_organization=wrong.pk),
        )
        assert response.status_code == 200
    assert not ProgramParticipant.objects.exists()


def test_the_service_refuses_a_partner_that_is_not_one(cast, program):
    with pytest.raises(services.ValidationError) as error:
        services.participant_create(
            program=program,
            role=Role.MENTOR,
            last_name="Петров",
            first_name="Пётр",
            category=Category.EMPLOYEE,
            partner_organization=cast.school_b,
        )
    assert "не организация-партнёр" in str(error.value)


def test_special_needs_fields_only_for_those_who_may_see_them(client, cast, program):
    client.force_login(cast.curator_a)
    assert "ОВЗ и особые потребности" in client.get(add_url(program)).content.decode()
    client.post(add_url(program), mentee_data(special_needs="on", special_needs_notes="слабое зрение"))
    assert ProgramParticipant.objects.get().special_needs
    # The head edits the school's bases but does not see health data: the fields are not even there.
    client.force_login(cast.head_a)
    assert "ОВЗ и особые потребности" not in client.get(add_url(program)).content.decode()
    client.post(
        add_url(program), mentee_data(last_name="Лисицына", special_needs="on", special_needs_notes="x")
    )
    assert not ProgramParticipant.objects.get(person__last_name="Лисицына").special_needs
    # Nor does the mentor base have them.
    client.force_login(cast.curator_a)
    assert "ОВЗ и особые потребности" not in client.get(add_url(program, "mentors")).content.decode()


def edit_url(row):
    return reverse("programs:participant-edit", args=[row.pk])


@pytest.fixture
def row(program):
    participant, _ = services.participant_create(
        program=program,
        role=Role.MENTEE,
        last_name="Орлова",
        first_name="Мария",
        birth_date=CHILD_BIRTH,
        request="биология",
        tags=["биология"],
    )
    return participant


@pytest.mark.parametrize("persona", EDITORS)
def test_the_schools_editors_edit_a_row(client, cast, row, persona):
    client.force_login(getattr(cast, persona))
    page = client.get(edit_url(row)).content.decode()
    assert 'value="биология"' in page
    data = {"category": Category.PUPIL, "request": "химия", "tags": "химия, ОГЭ"}
    assert client.post(edit_url(row), data).status_code == 302
    row.refresh_from_db()
    assert row.request == "химия"
    assert sorted(row.tags.values_list("name", flat=True)) == ["огэ", "химия"]


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_nobody_else_edits_a_row(client, cast, row, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(edit_url(row)).status_code == 404
    assert client.post(edit_url(row), {"category": Category.PUPIL, "request": "x"}).status_code == 404
    row.refresh_from_db()
    assert row.request == "биология"


def test_editing_keeps_special_needs_hidden_from_the_editor(client, cast, row):
    ProgramParticipant.objects.filter(pk=row.pk).update(special_needs=True, special_needs_notes="слух")
    client.force_login(cast.head_a)
    client.post(edit_url(row), {"category": Category.PUPIL, "request": "химия"})
    row.refresh_from_db()
    assert row.special_needs and row.special_needs_notes == "слух"


def remove_url(row):
    return reverse("programs:participant-remove", args=[row.pk])


@pytest.mark.parametrize("persona", EDITORS)
def test_the_schools_editors_remove_a_row_in_no_pair(client, cast, row, persona):
    client.force_login(getattr(cast, persona))
    assert client.post(remove_url(row)).status_code == 302
    assert not ProgramParticipant.objects.filter(pk=row.pk).exists()
    assert Person.objects.filter(pk=row.person_id).exists()  # the person stays known


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_nobody_else_removes_a_row(client, cast, row, persona):
    client.force_login(getattr(cast, persona))
    assert client.post(remove_url(row)).status_code == 404
    assert ProgramParticipant.objects.filter(pk=row.pk).exists()


def test_a_row_in_a_pair_is_not_removed(client, cast, program, row):
    pair = Pair.objects.create(
        program=program,
        form=MentoringForm.objects.get(name="учитель – ученик"),
        mentor=PersonFactory(),
        started_on=timezone.localdate(),
    )
    pair.mentees.set([row.person])
    client.force_login(cast.curator_a)
    response = client.post(remove_url(row), follow=True)
    assert "состоит в паре (группе) этой программы" in response.content.decode()
    assert ProgramParticipant.objects.filter(pk=row.pk).exists()


def test_the_base_page_filters_by_tag(client, cast, program, row):
    services.participant_create(
        program=program, role=Role.MENTEE, last_name="Соколов", first_name="Илья", tags=["шахматы"]
    )
    client.force_login(cast.curator_a)
    url = reverse("programs:base-list", args=[program.pk, "mentees"])
    page = client.get(url).content.decode()
    assert "Орлова Мария" in page and "Соколов Илья" in page
    page = client.get(url, {"tag": "  Шахматы "}).content.decode()
    assert "Соколов Илья" in page and "Орлова Мария" not in page
    page = client.get(url, {"tag": "нет такого"}).content.decode()
    assert "С тегом «нет такого» никого нет" in page
