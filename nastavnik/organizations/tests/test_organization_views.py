import datetime

import pytest
from django.core import mail
from django.urls import reverse

from nastavnik.core.models import AuditEvent
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.organizations.models import Organization, RoleAssignment
from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import Person, User

Role = RoleAssignment.Role

VALID = {
    "municipality_choice": None,
    "name": "МБОУ «Новая школа»",
    "short_name": "Новая школа",
    "kind": "school",
    "inn": "0410001234",
    "status": "preparing",
    "pupils_total": 100,
    "pupils_10_18": 60,
    "pupils_15_18": 20,
    "teachers_total": 12,
    "young_teachers": 2,
    "address": "",
    "phone": "",
    "email": "",
    "website": "",
}


def _data(cast, **overrides):
    data = dict(VALID, municipality_choice=cast.municipality.pk)
    data.update(overrides)
    return data


def test_it_lets_the_coordinator_add_an_organisation(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(reverse("organizations:organization-create"), _data(cast))
    organization = Organization.objects.get(name="МБОУ «Новая школа»")
    assert response.status_code == 302
    assert organization.municipality == cast.municipality
    assert AuditEvent.objects.filter(action="create", object_id=str(organization.pk)).exists()


def test_it_refuses_a_coordinator_adding_to_another_municipality(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("organizations:organization-create"),
        _data(cast, municipality_choice=cast.other_municipality.pk),
    )
    assert response.status_code == 200
    assert not Organization.objects.filter(name="МБОУ «Новая школа»").exists()
    assert "Выберите корректный вариант" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "мбоу «школа а»"}, "Организация с таким наименованием уже есть в муниципалитете."),
        ({"inn": "12345"}, "ИНН состоит из 10 цифр"),
        ({"pupils_10_18": 101}, "Обучающихся 10–18 лет не может быть больше, чем всего."),
        ({"young_teachers": 13}, "Молодых педагогов не может быть больше"),
        ({"name": ""}, "Обязательное поле."),
    ],
)
def test_it_explains_bad_input_in_russian_and_writes_nothing(client, cast, overrides, message):
    client.force_login(cast.coordinator)
    before = Organization.objects.count()
    response = client.post(reverse("organizations:organization-create"), _data(cast, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organization.objects.count() == before


def test_it_reports_a_duplicate_inn_with_the_organisation_that_has_it(client, cast):
    cast.school_b.inn = "0410001234"
    cast.school_b.save()
    client.force_login(cast.coordinator)
    response = client.post(reverse("organizations:organization-create"), _data(cast))
    assert "Организация с ИНН 0410001234 уже есть в базе: МБОУ «Школа Б»." in response.content.decode()


def test_a_curator_edits_their_own_organisation(client, cast):
    client.force_login(cast.curator_a)
    data = {
        k: v for k, v in _data(cast, name="МБОУ «Школа А» им. Героя").items() if k != "municipality_choice"
    }
    data["inn"] = ""
    response = client.post(reverse("organizations:organization-update", args=[cast.school_a.pk]), data)
    assert response.status_code == 302
    cast.school_a.refresh_from_db()
    assert cast.school_a.name == "МБОУ «Школа А» им. Героя"
    assert cast.school_a.pupils_total == 100


def test_the_coordinator_appoints_a_new_curator_with_an_order_and_an_account(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("organizations:role-appoint", args=[cast.school_b.pk]),
        {
            "role": "curator",
            "last_name": "Тадыева",
            "first_name": "Айару",
            "patronymic": "Петровна",
            "email": "tadyeva@example.org",
            "order_number": "45-о",
            "order_date": "2020-08-04",
            "create_account": "on",
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person__last_name="Тадыева", role=Role.CURATOR)
    assert assignment.organization == cast.school_b
    assert assignment.order_label == "№ 45-о от 04.08.2020"
    user = User.objects.get(username="tadyeva@example.org")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "Задайте пароль по ссылке" in mail.outbox[0].body
    page = client.get(reverse("organizations:organization-detail", args=[cast.school_b.pk])).content.decode()
    assert "Тадыева Айару Петровна" in page and "№ 45-о от 04.08.2020" in page


def test_the_head_may_appoint_a_curator_but_not_a_head(client, cast):
    client.force_login(cast.head_a)
    url = reverse("organizations:role-appoint", args=[cast.school_a.pk])
    base = {"last_name": "Петров", "first_name": "Пётр", "order_number": "7", "order_date": "2020-08-04"}
    assert client.post(url, {**base, "role": "head"}).status_code == 200
    assert not Person.objects.filter(last_name="Петров").exists()
    assert client.post(url, {**base, "role": "curator"}).status_code == 302
    assert RoleAssignment.objects.filter(
        person__last_name="Петров", role=Role.CURATOR, organization=cast.school_a
    ).exists()


def test_it_refuses_to_appoint_the_same_person_to_the_same_role_twice(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("organizations:role-appoint", args=[cast.school_a.pk]),
        {
            "role": "curator",
            "existing_person": cast.curator_a.person.pk,
            "order_number": "1",
            "order_date": "2020-08-04",
        },
    )
    assert response.status_code == 200
    assert "уже назначен на эту роль" in response.content.decode()
    assert RoleAssignment.objects.filter(person=cast.curator_a.person, role=Role.CURATOR).count() == 1


def test_revoking_keeps_history_and_takes_access_away(client, cast):
    assignment = RoleAssignment.objects.get(person=cast.curator_b.person, role=Role.CURATOR)
    client.force_login(cast.coordinator)
    assert client.post(reverse("organizations:role-revoke", args=[assignment.pk])).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_on is not None
    client.force_login(cast.curator_b)
    # Ended today still counts today; tomorrow it is gone.
    assignment.ended_on = assignment.ended_on.replace(year=assignment.ended_on.year - 1)
    assignment.save()
    assert (
        client.get(reverse("organizations:organization-detail", args=[cast.school_b.pk])).status_code == 404
    )


def test_a_curator_cannot_revoke_appointments(client, cast):
    assignment = RoleAssignment.objects.get(person=cast.head_a.person, role=Role.HEAD)
    client.force_login(cast.curator_a)
    assert client.post(reverse("organizations:role-revoke", args=[assignment.pk])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_on is None


def test_the_list_uses_a_constant_number_of_queries(client, cast, django_assert_max_num_queries):
    client.force_login(cast.coordinator)
    url = reverse("organizations:organization-list")
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(15):
        organization = OrganizationFactory(municipality=cast.municipality)
        RoleAssignment.objects.create(
            person=cast.curator_a.person, role=Role.RESPONSIBLE, organization=organization
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/organizations/") > 15


def test_the_list_filters_by_kind_and_finds_cyrillic_names_in_any_case(client, cast):
    OrganizationFactory(
        municipality=cast.municipality,
        name="МБДОУ «Детский сад Солнышко»",
        short_name="Солнышко",
        kind=Organization.Kind.PRESCHOOL,
    )
    client.force_login(cast.coordinator)
    url = reverse("organizations:organization-list")
    assert "Солнышко" in client.get(url, {"q": "солнышко"}).content.decode()
    by_kind = client.get(url, {"kind": "preschool"}).content.decode()
    assert "Солнышко" in by_kind and "Школа А" not in by_kind


def test_viewing_an_organisation_is_recorded_in_the_access_journal(client, cast):
    client.force_login(cast.curator_a)
    client.get(reverse("organizations:organization-detail", args=[cast.school_a.pk]))
    assert AuditEvent.objects.filter(
        user=cast.curator_a, action="view", object_id=str(cast.school_a.pk)
    ).exists()


def test_a_head_cannot_take_over_a_person_who_is_curator_elsewhere(client, cast):
    person = PersonFactory(email="teacher@school.example")
    RoleAssignment.objects.create(person=person, role=Role.MENTOR, organization=cast.school_a)
    RoleAssignment.objects.create(person=person, role=Role.CURATOR, organization=cast.school_b)
    client.force_login(cast.head_a)
    response = client.post(
        reverse("organizations:role-appoint", args=[cast.school_a.pk]),
        {
            "role": "working_group",
            "existing_person": person.pk,
            "email": "attacker@evil.example",
            "order_number": "1",
            "order_date": "2020-09-01",
            "create_account": "on",
        },
    )
    assert response.status_code == 200
    assert "учётную запись ему создаёт муниципальный координатор" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "teacher@school.example"
    assert not User.objects.filter(person=person).exists()
    assert len(mail.outbox) == 0


def test_appointing_someone_known_never_overwrites_their_contacts(client, cast):
    person = PersonFactory(email="known@example.org", phone="")
    RoleAssignment.objects.create(person=person, role=Role.MENTOR, organization=cast.school_a)
    client.force_login(cast.head_a)
    client.post(
        reverse("organizations:role-appoint", args=[cast.school_a.pk]),
        {
            "role": "curator",
            "existing_person": person.pk,
            "email": "other@example.org",
            "phone": "+7 900 1",
            "order_number": "2",
            "order_date": "2020-09-01",
        },
    )
    person.refresh_from_db()
    assert (person.email, person.phone) == ("known@example.org", "+7 900 1")


def test_former_staff_are_not_offered_for_appointment(client, cast):
    former = PersonFactory(last_name="Ушедшая")
    RoleAssignment.objects.create(
        person=former, role=Role.CURATOR, organization=cast.school_a, ended_on=datetime.date(2020, 1, 1)
    )
    client.force_login(cast.coordinator)
    page = client.get(reverse("organizations:role-appoint", args=[cast.school_a.pk])).content.decode()
    assert "Ушедшая" not in page and cast.curator_a.person.last_name in page


def test_revoking_an_ended_appointment_does_not_revive_it(client, cast):
    ended = RoleAssignment.objects.create(
        person=PersonFactory(),
        role=Role.CURATOR,
        organization=cast.school_a,
        ended_on=datetime.date(2020, 1, 1),
    )
    client.force_login(cast.coordinator)
    assert client.post(reverse("organizations:role-revoke", args=[ended.pk])).status_code == 404
    ended.refresh_from_db()
    assert ended.ended_on == datetime.date(2020, 1, 1)


def test_a_duplicate_inn_elsewhere_is_reported_without_naming_that_organisation(client, cast):
    cast.school_elsewhere.inn = "0410009999"
    cast.school_elsewhere.save()
    client.force_login(cast.coordinator)
    response = client.post(reverse("organizations:organization-create"), _data(cast, inn="0410009999"))
    page = response.content.decode()
    assert "Организация с ИНН 0410009999 уже есть в базе." in page and "Школа В" not in page


def test_the_card_links_to_the_checklist_of_local_acts_only_where_one_exists(client, cast):
    """A partner keeps no local acts: its card must not offer a link that answers 404."""
    partner = OrganizationFactory(municipality=cast.municipality, kind=Organization.Kind.PARTNER)
    client.force_login(cast.coordinator)
    for organization, shown in ((cast.school_a, True), (partner, False)):
        page = client.get(
            reverse("organizations:organization-detail", args=[organization.pk])
        ).content.decode()
        checklist = reverse("documents:checklist-detail", args=[organization.pk])
        assert (checklist in page) is shown
        if shown:
            assert client.get(checklist).status_code == 200
