import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import Person
from nastavnik.programs import services
from nastavnik.programs.models import Consent, MentoringForm, ProgramParticipant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role
TODAY = datetime.date(2025, 10, 1)


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


@pytest.fixture
def minor(cast, program):
    person = cast.mentee_a.person
    person.birth_date = CHILD_BIRTH
    person.save()
    enrol(program, mentor=cast.mentor_a.person, mentees=[person])
    return person


def enrol(program, *, mentor, mentees):
    """Put the people of a pair into the program's bases (a pair is formed only from them)."""
    ProgramParticipant.objects.get_or_create(program=program, person=mentor, role=Role.MENTOR)
    for mentee in mentees:
        ProgramParticipant.objects.get_or_create(program=program, person=mentee, role=Role.MENTEE)


def test_it_reuses_a_known_person_with_the_same_name_and_birth_date(program, cast):
    known = PersonFactory(
        last_name="Петрова", first_name="Анна", patronymic="Ивановна", birth_date=CHILD_BIRTH
    )
    participant = services.participant_add(
        program=program,
        role=Role.MENTEE,
        last_name="ПЕТРОВА",
        first_name="анна",
        patronymic="Ивановна ",
        birth_date=CHILD_BIRTH,
        request="адаптация в новом классе",
    )
    assert participant.person == known
    assert participant.request == "адаптация в новом классе"


def test_it_does_not_merge_namesakes_without_a_birth_date(program):
    PersonFactory(last_name="Петрова", first_name="Анна", patronymic="Ивановна")
    participant = services.participant_add(
        program=program, role=Role.MENTEE, last_name="Петрова", first_name="Анна", patronymic="Ивановна"
    )
    assert Person.objects.filter(last_name="Петрова").count() == 2
    assert participant.person.birth_date is None


def test_adding_the_same_person_twice_updates_the_row(program):
    first = services.participant_add(
        program=program,
        role=Role.MENTOR,
        last_name="Сидоров",
        first_name="Пётр",
        birth_date=datetime.date(1980, 1, 2),
    )
    again = services.participant_add(
        program=program,
        role=Role.MENTOR,
        last_name="Сидоров",
        first_name="Пётр",
        birth_date=datetime.date(1980, 1, 2),
        capacity=3,
    )
    assert again.pk == first.pk
    assert again.capacity == 3


def test_a_mentor_takes_at_least_one_mentee(program):
    with pytest.raises(ValidationError):
        services.participant_add(
            program=program, role=Role.MENTOR, last_name="Сидоров", first_name="Пётр", capacity=0
        )
    participant = ProgramParticipant.objects.create(program=program, person=PersonFactory(), role=Role.MENTOR)
    participant.capacity = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        participant.save()


def test_special_needs_belong_to_mentees_only(program):
    with pytest.raises(ValidationError):
        services.participant_add(
            program=program, role=Role.MENTOR, last_name="Сидоров", first_name="Пётр", special_needs=True
        )


def _consent(cast, minor, **kwargs):
    values = {
        "subject": minor,
        "given_by": cast.parent_a.person,
        "organization": cast.school_a,
        "kind": Consent.Kind.PROCESSING,
        "scope": "ФИО, дата рождения, класс — для участия в программе наставничества",
        "given_on": TODAY,
    }
    return services.consent_record(**{**values, **kwargs})


def test_a_minors_consent_must_come_from_a_legal_representative(cast, minor):
    with pytest.raises(ValidationError, match="законный представитель"):
        _consent(cast, minor, given_by=cast.curator_a.person)
    assert _consent(cast, minor).is_active


def test_a_withdrawal_takes_effect_at_once(cast, minor):
    consent = _consent(cast, minor, given_on=timezone.localdate() - datetime.timedelta(days=30))
    assert consent.is_active
    services.consent_withdraw(consent=consent, user=cast.curator_a)
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert not consent.is_active
    assert not Consent.objects.active().filter(pk=consent.pk).exists()


def test_a_minor_without_a_processing_consent_cannot_be_put_in_a_pair(cast, program, minor):
    form = MentoringForm.objects.get(name="учитель – ученик")
    with pytest.raises(ValidationError) as error:
        services.pair_create(
            program=program, form=form, mentor=cast.mentor_a.person, mentees=[minor], started_on=TODAY
        )
    assert "нет действующего согласия законного представителя" in str(error.value)
    _consent(cast, minor)
    pair = services.pair_create(
        program=program, form=form, mentor=cast.mentor_a.person, mentees=[minor], started_on=TODAY
    )
    assert list(pair.mentees.all()) == [minor]


def test_a_withdrawn_or_foreign_consent_does_not_count(cast, program, minor):
    form = MentoringForm.objects.get(name="учитель – ученик")
    _consent(cast, minor, organization=cast.school_b)
    services.consent_withdraw(consent=_consent(cast, minor), on=TODAY)
    with pytest.raises(ValidationError):
        services.pair_create(
            program=program, form=form, mentor=cast.mentor_a.person, mentees=[minor], started_on=TODAY
        )


def test_teachers_need_their_consent_to_extra_duties_in_a_teacher_form(cast, program):
    form = MentoringForm.objects.get(name="педагог – молодой специалист")
    young = PersonFactory(birth_date=datetime.date(2000, 3, 3))
    mentor = cast.mentor_a.person
    enrol(program, mentor=mentor, mentees=[young])
    with pytest.raises(ValidationError, match="дополнительные обязанности"):
        services.pair_create(program=program, form=form, mentor=mentor, mentees=[young], started_on=TODAY)
    for teacher in (mentor, young):
        services.consent_record(
            subject=teacher,
            given_by=teacher,
            organization=cast.school_a,
            kind=Consent.Kind.EXTRA_DUTIES,
            scope="наставничество молодого специалиста",
            given_on=TODAY,
        )
    assert services.pair_create(program=program, form=form, mentor=mentor, mentees=[young], started_on=TODAY)


def test_participant_add_sets_tags_case_folded_and_keeps_them_when_not_given(program):
    row = services.participant_add(
        program=program,
        role=Role.MENTEE,
        last_name="Тегова",
        first_name="Анна",
        tags=["Шахматы", " шахматы ", "ОГЭ"],
    )
    assert sorted(row.tags.values_list("name", flat=True)) == ["огэ", "шахматы"]
    services.participant_add(
        program=program, role=Role.MENTEE, last_name="Тегова", first_name="Анна", person=row.person
    )
    assert row.tags.count() == 2
