"""Forming a pair: the role model from the reference list, people only from the program's bases, and the
admission to work with minors for an adult mentor of a minor."""

import datetime
import importlib

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services
from nastavnik.programs.models import Consent, MentoringForm, Pair, ProgramParticipant, RoleModelVariant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=30)
ADULT_BIRTH = datetime.date(1980, 3, 14)


@pytest.fixture
def program(cast):
    return program_for(cast.school_a)


@pytest.fixture
def form():
    return MentoringForm.objects.get(name="учитель – ученик")


@pytest.fixture
def other_form():
    return MentoringForm.objects.get(name="ученик – ученик")


@pytest.fixture
def variant(form):
    return RoleModelVariant.objects.create(form=form, name="Учитель – олимпиадник")


@pytest.fixture
def mentor(cast, program):
    """An adult teacher in the base of mentors, admission confirmed before the pairs start."""
    person = cast.mentor_a.person
    person.birth_date = ADULT_BIRTH
    person.save()
    ProgramParticipant.objects.create(
        program=program,
        person=person,
        role=Role.MENTOR,
        category=ProgramParticipant.Category.TEACHER,
        capacity=3,
        minors_admission_confirmed_on=STARTED - datetime.timedelta(days=5),
    )
    return person


@pytest.fixture
def child(cast, program):
    person = cast.mentee_a.person
    person.birth_date = CHILD_BIRTH
    person.save()
    ProgramParticipant.objects.create(program=program, person=person, role=Role.MENTEE)
    services.consent_record(
        subject=person,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО, дата рождения — для программы наставничества",
        given_on=STARTED,
    )
    return person


def create(program, form, mentor, mentees, **kwargs):
    return services.pair_create(
        program=program, form=form, mentor=mentor, mentees=mentees, started_on=STARTED, **kwargs
    )


def codes(error):
    return [e.code for e in error.value.error_list]


# --- the role model -------------------------------------------------------------------------------


def test_it_keeps_the_role_variant_and_its_name_as_text(program, form, mentor, child, variant):
    pair = create(program, form, mentor, [child], role_variant=variant)
    assert pair.role_variant == variant
    assert pair.variant == "Учитель – олимпиадник"


def test_older_callers_passing_text_get_it_linked_to_the_forms_variant(program, form, mentor, child, variant):
    pair = create(program, form, mentor, [child], variant="  учитель - ОЛИМПИАДНИК ")
    assert pair.role_variant == variant


def test_a_text_naming_no_variant_stays_text(program, form, mentor, child, variant):
    pair = create(program, form, mentor, [child], variant="наставник по шахматам")
    assert pair.role_variant is None and pair.variant == "наставник по шахматам"


def test_a_variant_of_another_form_is_refused_in_russian(program, form, other_form, mentor, child):
    foreign = RoleModelVariant.objects.create(form=other_form, name="лидер – пассивный (проверка)")
    with pytest.raises(ValidationError) as error:
        create(program, form, mentor, [child], role_variant=foreign)
    assert "относится к форме «ученик – ученик»" in str(error.value)
    assert not Pair.objects.exists()


def test_the_pair_form_offers_variants_grouped_by_form_and_saves_the_choice(
    client, cast, program, form, mentor, child, variant
):
    client.force_login(cast.curator_a)
    url = reverse("programs:pair-create", args=[program.pk])
    page = client.get(url).content.decode()
    assert f'<optgroup label="{form.name}">' in page and variant.name in page
    response = client.post(
        url,
        {
            "mentor": mentor.pk,
            "mentees": [child.pk],
            "form": form.pk,
            "role_variant": variant.pk,
            "started_on": STARTED.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Pair.objects.get().role_variant == variant


def test_the_pair_form_refuses_a_variant_of_another_form(
    client, cast, program, form, other_form, mentor, child
):
    foreign = RoleModelVariant.objects.create(form=other_form, name="равный – равному (проверка)")
    program.forms.set([form, other_form])
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("programs:pair-create", args=[program.pk]),
        {
            "mentor": mentor.pk,
            "mentees": [child.pk],
            "form": form.pk,
            "role_variant": foreign.pk,
            "started_on": STARTED.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "относится к форме «ученик – ученик»" in response.content.decode()
    assert not Pair.objects.exists()


def test_the_data_migration_links_text_by_name_and_reverses(
    program, form, other_form, mentor, child, variant
):
    migration = importlib.import_module("nastavnik.programs.migrations.0007_link_pair_variant_text")
    linked = Pair.objects.create(program=program, form=form, mentor=mentor, started_on=STARTED)
    Pair.objects.filter(pk=linked.pk).update(variant="УЧИТЕЛЬ – ОЛИМПИАДНИК")
    other = Pair.objects.create(
        program=program, form=other_form, mentor=mentor, started_on=STARTED, variant="Учитель – олимпиадник"
    )
    unknown = Pair.objects.create(
        program=program, form=form, mentor=mentor, started_on=STARTED, variant="другое"
    )
    migration.link_variants(global_apps, None)
    assert Pair.objects.get(pk=linked.pk).role_variant == variant
    # Same name, but the variant belongs to another form: not linked.
    assert Pair.objects.get(pk=other.pk).role_variant is None
    assert Pair.objects.get(pk=unknown.pk).role_variant is None
    migration.unlink_variants(global_apps, None)
    assert not Pair.objects.filter(role_variant__isnull=False).exists()
    assert Pair.objects.get(pk=linked.pk).variant == "УЧИТЕЛЬ – ОЛИМПИАДНИК"


# --- the program's bases -----------------------------------------------------------------------------


def test_a_mentor_outside_the_base_of_mentors_is_refused(program, form, child):
    stranger = PersonFactory(last_name="Посторонний", birth_date=ADULT_BIRTH)
    with pytest.raises(ValidationError) as error:
        create(program, form, stranger, [child])
    assert codes(error) == ["mentor_not_in_base"]
    assert "Посторонний Иван Иванович нет в базе наставников" in error.value.messages[0]


def test_a_mentee_outside_the_base_of_mentees_is_refused(program, form, mentor):
    adult = PersonFactory(last_name="Чужаков", birth_date=ADULT_BIRTH)
    with pytest.raises(ValidationError) as error:
        create(program, form, mentor, [adult])
    assert codes(error) == ["mentee_not_in_base"]
    assert "Чужаков Иван Иванович нет в базе наставляемых" in error.value.messages[0]


def test_the_right_role_is_needed_not_just_any_row(cast, program, form, mentor):
    # In the base of mentors, but not in the base of mentees.
    other_mentor = PersonFactory(birth_date=ADULT_BIRTH)
    ProgramParticipant.objects.create(program=program, person=other_mentor, role=Role.MENTOR)
    with pytest.raises(ValidationError) as error:
        create(program, form, mentor, [other_mentor])
    assert "mentee_not_in_base" in codes(error)


def test_the_base_of_another_program_does_not_count(cast, form, mentor, child):
    elsewhere = program_for(cast.school_a, title="Другая программа")
    with pytest.raises(ValidationError) as error:
        create(elsewhere, form, mentor, [child])
    assert set(codes(error)) >= {"mentor_not_in_base", "mentee_not_in_base"}


# --- admission to work with minors ---------------------------------------------------------------------


def test_an_adult_mentor_of_a_minor_needs_the_admission(program, form, mentor, child):
    ProgramParticipant.objects.filter(person=mentor).update(minors_admission_confirmed_on=None)
    with pytest.raises(ValidationError) as error:
        create(program, form, mentor, [child])
    assert codes(error) == ["no_minors_admission"]
    assert "не подтверждён допуск к работе с несовершеннолетними" in error.value.messages[0]
    ProgramParticipant.objects.filter(person=mentor).update(minors_admission_confirmed_on=STARTED)
    assert create(program, form, mentor, [child]).mentor == mentor


def test_an_admission_confirmed_after_the_start_does_not_count(program, form, mentor, child):
    ProgramParticipant.objects.filter(person=mentor).update(minors_admission_confirmed_on=TODAY)
    with pytest.raises(ValidationError) as error:
        create(program, form, mentor, [child])
    assert codes(error) == ["no_minors_admission"]


def test_a_mentor_without_a_birth_date_is_an_adult_unless_a_pupil(program, form, mentor, child):
    mentor.birth_date = None
    mentor.save()
    ProgramParticipant.objects.filter(person=mentor).update(minors_admission_confirmed_on=None)
    with pytest.raises(ValidationError):
        create(program, form, mentor, [child])
    ProgramParticipant.objects.filter(person=mentor).update(category=ProgramParticipant.Category.PUPIL)
    assert create(program, form, mentor, [child])


def test_a_minor_mentor_needs_no_admission(program, child):
    older_pupil = PersonFactory(birth_date=CHILD_BIRTH - datetime.timedelta(days=3 * 365))
    ProgramParticipant.objects.create(program=program, person=older_pupil, role=Role.MENTOR)
    pupils = MentoringForm.objects.get(name="ученик – ученик")
    assert create(program, pupils, older_pupil, [child]).mentor == older_pupil


def test_an_adult_mentee_needs_no_admission(program, form, mentor):
    ProgramParticipant.objects.filter(person=mentor).update(minors_admission_confirmed_on=None)
    adult = PersonFactory(birth_date=ADULT_BIRTH)
    ProgramParticipant.objects.create(
        program=program, person=adult, role=Role.MENTEE, category=ProgramParticipant.Category.STUDENT
    )
    assert create(program, form, mentor, [adult]).mentor == mentor
