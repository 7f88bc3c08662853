"""Writes of programs: the bases of mentees and mentors, consents, pairs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nastavnik.core.services import audit_record
from nastavnik.people.models import Person
from nastavnik.programs.models import Consent, MentoringForm, Pair, Program, ProgramParticipant

Role = ProgramParticipant.Role

#: Fields of a participant that a service caller (a form, an import row) may set.
PARTICIPANT_FIELDS = (
    "category",
    "form",
    "contacts",
    "workplace",
    "request",
    "joined_on",
    "competences",
    "achievements",
    "interests",
    "desired_mentee_age",
    "meeting_time_place",
    "meeting_format",
    "capacity",
    "results",
    "case_url",
    "photo_url",
    "position",
    "experience_years",
    "qualification_category",
    "special_needs",
    "special_needs_notes",
    "ready_for_special_needs",
)


def name_key(last_name: str, first_name: str, patronymic: str) -> tuple[str, str, str]:
    """ФИО as compared for de-duplication: case, «ё» and extra spaces do not matter."""
    return tuple(
        " ".join(part.split()).casefold().replace("ё", "е") for part in (last_name, first_name, patronymic)
    )


def person_find(
    *, last_name: str, first_name: str, patronymic: str = "", birth_date: date | None
) -> Person | None:
    """The person already known with the same ФИО and date of birth, if exactly one.

    Without a date of birth nobody is matched: namesakes are common, and merging two children's
    records would be far worse than a duplicate the curator can see. Names are compared in Python:
    SQLite's ``lower()`` does not fold Cyrillic.
    """
    if birth_date is None:
        return None
    key = name_key(last_name, first_name, patronymic)
    found = [
        person
        for person in Person.objects.filter(birth_date=birth_date)
        if name_key(person.last_name, person.first_name, person.patronymic) == key
    ]
    return found[0] if len(found) == 1 else None


@transaction.atomic
def participant_add(
    *,
    program: Program,
    role: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: date | None = None,
    email: str = "",
    phone: str = "",
    person: Person | None = None,
    user=None,
    **fields,
) -> ProgramParticipant:
    """Put a person into the program's base of mentees or mentors.

    A person already known (same ФИО and date of birth) is reused, so one pupil stays one record
    across programs and years; adding someone already in this base updates their row instead.
    """
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    if person is None:
        person = person_find(
            last_name=last_name, first_name=first_name, patronymic=patronymic, birth_date=birth_date
        )
    if person is None:
        # people has no services yet; a Person is plain data created here with the same checks.
        person = Person(
            last_name=last_name.strip(),
            first_name=first_name.strip(),
            patronymic=patronymic.strip(),
            birth_date=birth_date,
            email=email,
            phone=phone,
        )
        person.full_clean()
        person.save()
    participant = ProgramParticipant.objects.filter(program=program, person=person, role=role).first()
    if participant is None:
        participant = ProgramParticipant(program=program, person=person, role=role)
    for key, value in fields.items():
        setattr(participant, key, value)
    participant.full_clean()
    participant.save()
    if user is not None:
        audit_record(user=user, action="create", obj=participant, description=str(participant))
    return participant


def _is_representative(*, child: Person, person: Person) -> bool:
    return child.representatives.filter(representative=person).exists()


def consent_record(
    *,
    subject: Person,
    given_by: Person,
    organization,
    kind: str,
    scope: str,
    given_on: date,
    valid_until: date | None = None,
    scan=None,
    user=None,
) -> Consent:
    """Record a consent. For a minor it must come from a legal representative; an adult gives it
    personally (or through a representative on record)."""
    if subject.is_minor_on(given_on) and not _is_representative(child=subject, person=given_by):
        raise ValidationError(
            "Согласие за несовершеннолетнего даёт законный представитель: %(who)s им не указан(а).",
            code="not_a_representative",
            params={"who": given_by.full_name},
        )
    if (
        not subject.is_minor_on(given_on)
        and given_by.pk != subject.pk
        and not _is_representative(child=subject, person=given_by)
    ):
        raise ValidationError(
            "Совершеннолетний даёт согласие сам (или через законного представителя).", code="not_the_subject"
        )
    consent = Consent(
        subject=subject,
        given_by=given_by,
        organization=organization,
        kind=kind,
        scope=scope,
        given_on=given_on,
        valid_until=valid_until,
    )
    if scan:
        consent.scan = scan
    consent.full_clean()
    consent.save()
    audit_record(user=user, action="create", obj=consent, description=str(consent))
    return consent


def consent_withdraw(*, consent: Consent, user=None, on: date | None = None) -> Consent:
    """Withdraw a consent. It stops being in force on the day of withdrawal: no grace period."""
    if consent.withdrawn_on is not None:
        return consent
    on = on or timezone.localdate()
    consent.withdrawn_on = max(on, consent.given_on)
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(user=user, action="update", obj=consent, description=f"отозвано: {consent}")
    return consent


def _consent_in_force(*, subject: Person, organization, kind: str, on: date, given_by_representative=False):
    consents = Consent.objects.active(on).filter(subject=subject, organization=organization, kind=kind)
    if given_by_representative:
        consents = consents.filter(given_by__represented__child=subject)
    return consents.exists()


def _mentee_is_minor(*, mentee: Person, program: Program, on: date) -> bool:
    """A minor by date of birth; a pupil with no date of birth on record is treated as a minor."""
    if mentee.birth_date is not None:
        return mentee.is_minor_on(on)
    participant = ProgramParticipant.objects.filter(program=program, person=mentee, role=Role.MENTEE).first()
    category = participant.category if participant else ProgramParticipant.Category.PUPIL
    return category == ProgramParticipant.Category.PUPIL


def pair_check(*, program: Program, form: MentoringForm, mentor: Person, mentees: Iterable[Person], on: date):
    """Raise ValidationError listing every reason the pair may not be formed (consents under 152-ФЗ)."""
    errors = []
    mentees = list(mentees)
    if not mentees:
        errors.append(
            ValidationError("В паре (группе) должен быть хотя бы один наставляемый.", code="no_mentees")
        )
    if mentor in mentees:
        errors.append(ValidationError("Наставник не может быть своим наставляемым.", code="mentor_is_mentee"))
    organization = program.organization
    for mentee in mentees:
        if _mentee_is_minor(mentee=mentee, program=program, on=on) and not _consent_in_force(
            subject=mentee,
            organization=organization,
            kind=Consent.Kind.PROCESSING,
            on=on,
            given_by_representative=True,
        ):
            errors.append(
                ValidationError(
                    "%(name)s — несовершеннолетний: нет действующего согласия законного представителя "
                    "на обработку персональных данных. Внесите согласие, затем формируйте пару.",
                    code="no_processing_consent",
                    params={"name": mentee.full_name},
                )
            )
    if form.is_teacher_model:
        # The teacher model: confirming a pair puts extra duties on both teachers, which needs their
        # written consent (letter АЗ-1128/08).
        for person, who in [(mentor, "наставник"), *((m, "наставляемый") for m in mentees)]:
            if not _consent_in_force(
                subject=person, organization=organization, kind=Consent.Kind.EXTRA_DUTIES, on=on
            ):
                errors.append(
                    ValidationError(
                        "%(name)s (%(who)s): нет письменного согласия педагога на дополнительные обязанности "
                        "для формы «%(form)s».",
                        code="no_extra_duties_consent",
                        params={"name": person.full_name, "who": who, "form": form.name},
                    )
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pair_create(
    *,
    program: Program,
    form: MentoringForm,
    mentor: Person,
    mentees: Iterable[Person],
    started_on: date,
    user=None,
) -> Pair:
    """Form a pair or group, refusing it when a consent the law requires is missing."""
    mentees = list(mentees)
    pair_check(program=program, form=form, mentor=mentor, mentees=mentees, on=started_on)
    pair = Pair(program=program, form=form, mentor=mentor, started_on=started_on)
    pair.full_clean()
    pair.save()
    pair.mentees.set(mentees)
    if user is not None:
        audit_record(user=user, action="create", obj=pair, description=str(pair))
    return pair
