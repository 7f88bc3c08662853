from datetime import date

import pytest

from nastavnik.people.models import Person
from nastavnik.people.services import person_create, persons_bulk_create

pytestmark = pytest.mark.django_db


def test_it_creates_people_in_bulk_and_returns_their_keys_in_order():
    before = person_create(last_name="Старый", first_name="Человек")
    rows = [
        {
            "last_name": f"Фамилия{i}",
            "first_name": "Имя",
            "patronymic": "",
            "birth_date": date(2010, 1, 1 + i % 28),
        }
        for i in range(12_001)
    ]
    rows[3]["patronymic"] = "Петрович"
    rows[5]["birth_date"] = None

    keys = persons_bulk_create(rows)

    assert len(keys) == len(rows) == len(set(keys))
    assert before.pk not in keys
    people = Person.objects.in_bulk(keys)
    for key, row in zip(keys, rows, strict=True):
        person = people[key]
        assert (person.last_name, person.first_name, person.patronymic, person.birth_date) == (
            row["last_name"],
            row["first_name"],
            row["patronymic"],
            row["birth_date"],
        )
    person = people[keys[3]]
    assert person.patronymic == "Петрович"
    assert (person.email, person.phone, person.position, person.is_demo, person.teaching_since) == (
        "",
        "",
        "",
        False,
        None,
    )
    assert person.created_at is not None and person.created_at == person.updated_at
    assert Person.objects.count() == len(rows) + 1


def test_it_creates_nothing_for_no_rows(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert persons_bulk_create([]) == []


def test_it_refuses_fields_a_person_has_not():
    with pytest.raises(TypeError):
        persons_bulk_create([{"last_name": "А", "first_name": "Б", "shoe_size": 42}])
    assert not Person.objects.exists()
