"""Writes of people. Other apps create and change persons only through these functions."""

from nastavnik.people.models import Person


def person_create(
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date=None,
    email: str = "",
    phone: str = "",
    position: str = "",
    is_demo: bool = False,
    teaching_since=None,
) -> Person:
    """Create a person after the model's own checks (names stripped of stray spaces)."""
    person = Person(
        last_name=" ".join(last_name.split()),
        first_name=" ".join(first_name.split()),
        patronymic=" ".join(patronymic.split()),
        birth_date=birth_date,
        email=email,
        phone=phone,
        position=position,
        is_demo=is_demo,
        teaching_since=teaching_since,
    )
    person.full_clean()
    person.save()
    return person


def persons_bulk_create(rows) -> list[Person]:
    """Create many people at once (imports): each row is already validated by the caller's own checks."""
    return Person.objects.bulk_create((Person(**row) for row in rows), batch_size=1000)
