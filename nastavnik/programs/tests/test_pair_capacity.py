"""A mentor takes no more mentees than the capacity recorded in the base of mentors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services
from nastavnik.programs.models import MentoringForm, ProgramParticipant
from nastavnik.programs.tests.factories import program_for

STARTED = timezone.localdate() - datetime.timedelta(days=30)
ADULT = datetime.date(1990, 3, 1)


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


@pytest.fixture
def form(db):
    return MentoringForm.objects.create(name="студент – ученик (проверка ёмкости)")


@pytest.fixture
def mentor(program):
    person = PersonFactory(last_name="Ёмкова", first_name="Анна", birth_date=ADULT)
    ProgramParticipant.objects.create(
        program=program, person=person, role=ProgramParticipant.Role.MENTOR, capacity=2
    )
    return person


def adults(count):
    # Adults need no representative's consent, so only the capacity decides.
    return [PersonFactory(birth_date=ADULT) for _ in range(count)]


def form_pair(program, form, mentor, mentees):
    # A pair is formed from the program's bases; a mentor new to the program takes two, as in the fixture.
    ProgramParticipant.objects.get_or_create(
        program=program, person=mentor, role=ProgramParticipant.Role.MENTOR, defaults={"capacity": 2}
    )
    for mentee in mentees:
        ProgramParticipant.objects.get_or_create(
            program=program, person=mentee, role=ProgramParticipant.Role.MENTEE
        )
    return services.pair_create(
        program=program, form=form, mentor=mentor, mentees=mentees, started_on=STARTED
    )


def test_it_allows_pairs_up_to_the_capacity(program, form, mentor):
    first, second = adults(2)
    form_pair(program, form, mentor, [first])
    pair = form_pair(program, form, mentor, [second])
    assert pair.mentees.count() == 1


def test_it_refuses_a_pair_above_the_capacity_naming_the_mentor_and_the_numbers(program, form, mentor):
    form_pair(program, form, mentor, adults(2))
    with pytest.raises(ValidationError) as error:
        form_pair(program, form, mentor, adults(1))
    assert [e.code for e in error.value.error_list] == ["mentor_capacity_exceeded"]
    message = error.value.messages[0]
    assert "Ёмкова Анна" in message
    assert "не больше 2" in message and "ведёт 2" in message and "было бы 3" in message


def test_it_refuses_a_group_larger_than_the_capacity(program, form, mentor):
    with pytest.raises(ValidationError) as error:
        form_pair(program, form, mentor, adults(3))
    assert "mentor_capacity_exceeded" in [e.code for e in error.value.error_list]


def test_it_does_not_count_completed_or_ended_pairs(program, form, mentor):
    done = form_pair(program, form, mentor, adults(1))
    services.pair_complete(pair=done, results="Подготовлен проект", on=STARTED)
    ended = form_pair(program, form, mentor, adults(1))
    services.pair_status_change(pair=ended, status="ended_early", reason="переезд", on=STARTED)
    form_pair(program, form, mentor, adults(2))


def test_it_counts_paused_pairs(program, form, mentor):
    paused = form_pair(program, form, mentor, adults(2))
    services.pair_status_change(pair=paused, status="paused", on=STARTED)
    with pytest.raises(ValidationError):
        form_pair(program, form, mentor, adults(1))


def test_it_counts_a_mentee_already_with_the_mentor_once(program, form, mentor):
    mentee, other = adults(2)
    form_pair(program, form, mentor, [mentee, other])
    form_pair(program, form, mentor, [mentee])


def test_it_counts_only_the_pairs_of_this_program(cast, program, form, mentor):
    other_program = program_for(cast.school_a, title="Другая программа")
    form_pair(other_program, form, mentor, adults(2))
    form_pair(program, form, mentor, adults(2))
