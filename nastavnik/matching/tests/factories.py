"""Bases of mentees and mentors for the matching tests on the database."""

from __future__ import annotations

import datetime

from django.utils import timezone

from nastavnik.people.factories import PersonFactory
from nastavnik.people.models import LegalRepresentation, Person
from nastavnik.programs.models import Consent, MentoringForm, Program, ProgramParticipant

Role = ProgramParticipant.Role
TODAY = timezone.localdate()
ADULT_BIRTH = datetime.date(1985, 4, 1)
CHILD_BIRTH = TODAY.replace(year=TODAY.year - 13) - datetime.timedelta(days=40)  # 13 years old
GIVEN = TODAY - datetime.timedelta(days=10)


def form_named(name: str = "учитель – ученик") -> MentoringForm:
    return MentoringForm.objects.get_or_create(name=name)[0]


def program_for(organization, title: str = "Наставничество", forms=()) -> Program:
    program = Program.objects.create(organization=organization, academic_year="2025/2026", title=title)
    program.forms.set(forms)
    return program


def consent_for(child: Person, organization, *, representative: Person | None = None) -> Consent:
    """A processing consent in force; for a minor it is given by a (new or given) legal representative."""
    if child.birth_date is None or child.is_minor_on(TODAY):
        representative = representative or PersonFactory(last_name=f"Родитель{child.pk}")
        LegalRepresentation.objects.get_or_create(child=child, representative=representative)
        given_by = representative
    else:
        given_by = child
    return Consent.objects.create(
        subject=child,
        given_by=given_by,
        organization=organization,
        kind=Consent.Kind.PROCESSING,
        scope="участие в программе наставничества",
        given_on=GIVEN,
    )


def add_mentor(
    program: Program,
    last_name: str,
    *,
    form: MentoringForm,
    birth_date=ADULT_BIRTH,
    capacity: int = 1,
    admitted: bool = True,
    person: Person | None = None,
    **fields,
) -> ProgramParticipant:
    person = person or PersonFactory(last_name=last_name, birth_date=birth_date)
    return ProgramParticipant.objects.create(
        program=program,
        person=person,
        role=Role.MENTOR,
        form=form,
        capacity=capacity,
        minors_admission_confirmed_on=GIVEN if admitted else None,
        **fields,
    )


def add_mentee(
    program: Program,
    last_name: str,
    *,
    form: MentoringForm,
    birth_date=CHILD_BIRTH,
    consent: bool = True,
    person: Person | None = None,
    **fields,
) -> ProgramParticipant:
    person = person or PersonFactory(last_name=last_name, birth_date=birth_date)
    participant = ProgramParticipant.objects.create(
        program=program, person=person, role=Role.MENTEE, form=form, **fields
    )
    if consent:
        consent_for(person, program.organization)
    return participant
