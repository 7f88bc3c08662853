"""Writes of programs: the bases of mentees and mentors, consents, pairs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nastavnik.core.services import audit_record
from nastavnik.people.models import Person
from nastavnik.people.services import person_create
from nastavnik.programs.models import (
    Consent,
    Meeting,
    MentoringForm,
    NormativeDocument,
    Pair,
    PlanItem,
    Program,
    ProgramParticipant,
    ProgramStage,
    RoleModelVariant,
    StageChecklistItem,
    Tag,
)
from nastavnik.programs.reference import DEFAULT_STAGE_CHECKLIST

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
    "partner_organization",
    "minors_admission_confirmed_on",
)


TAG_MAX_LENGTH = 60


def tag_normalize(name: str) -> str:
    """A tag as stored: spaces collapsed, case folded (see ``Tag.save``)."""
    return " ".join(name.split()).casefold()


def tags_parse(text: str) -> list[str]:
    """Tags typed as «робототехника, шахматы; ОГЭ»: normalised, duplicates dropped, order kept."""
    names: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        name = tag_normalize(part)
        if name and name not in names:
            names.append(name)
    return names


def tags_ensure(names: Iterable[str]) -> dict[str, Tag]:
    """The tags named (already normalised), creating the missing ones in one query."""
    names = set(names)
    if not names:
        return {}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [Tag(name=name) for name in names if name not in tags]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        tags.update({tag.name: tag for tag in Tag.objects.filter(name__in=[t.name for t in missing])})
    return tags


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
    tags: Iterable[str] | None = None,
    **fields,
) -> ProgramParticipant:
    """Put a person into the program's base of mentees or mentors.

    A person already known (same ФИО and date of birth) is reused, so one pupil stays one record
    across programs and years; adding someone already in this base updates their row instead.
    ``tags`` (if given) replace the row's tags.
    """
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    if person is None:
        person = person_find(
            last_name=last_name, first_name=first_name, patronymic=patronymic, birth_date=birth_date
        )
    if person is None:
        person = person_create(
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            birth_date=birth_date,
            email=email,
            phone=phone,
        )
    participant = ProgramParticipant.objects.filter(program=program, person=person, role=role).first()
    if participant is None:
        participant = ProgramParticipant(program=program, person=person, role=role)
    for key, value in fields.items():
        setattr(participant, key, value)
    # No partner check here, unlike the hand-made rows: callers such as matching copy rows as they are.
    participant.full_clean()
    participant.save()
    _tags_set(participant, tags)
    if user is not None:
        audit_record(user=user, action="create", obj=participant, description=str(participant))
    return participant


def _participant_check(participant: ProgramParticipant) -> None:
    """What a row of a base must satisfy beyond the model's own checks: an external mentor comes from
    a partner organisation of the program's municipality (required for employees of partners)."""
    errors: dict[str, list[ValidationError]] = {}
    partner = participant.partner_organization
    program = participant.program
    if partner is not None:
        if partner.kind != "partner" or partner.municipality_id != program.organization.municipality_id:
            errors.setdefault("partner_organization", []).append(
                ValidationError(
                    "«%(name)s» — не организация-партнёр муниципалитета «%(municipality)s».",
                    code="not_a_partner",
                    params={"name": str(partner), "municipality": program.organization.municipality.name},
                )
            )
    elif participant.category == ProgramParticipant.Category.EMPLOYEE:
        errors.setdefault("partner_organization", []).append(
            ValidationError(
                "Для работника организации-партнёра укажите организацию-партнёр.", code="partner_required"
            )
        )
    if errors:
        raise ValidationError(errors)


def _tags_set(participant: ProgramParticipant, tags: Iterable[str] | None) -> None:
    if tags is None:
        return
    names = [tag_normalize(name) for name in tags if tag_normalize(name)]
    too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "tags": ValidationError(
                    "Тег «%(tag)s» длиннее %(limit)s символов: разделите теги запятыми.",
                    code="tag_too_long",
                    params={"tag": too_long[0][:30], "limit": TAG_MAX_LENGTH},
                )
            }
        )
    participant.tags.set(tags_ensure(names).values())


@transaction.atomic
def participant_create(
    *,
    program: Program,
    role: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: date | None = None,
    email: str = "",
    phone: str = "",
    tags: Iterable[str] = (),
    user=None,
    **fields,
) -> tuple[ProgramParticipant, bool]:
    """Add one person to a base by hand; return the row and whether a known person was reused.

    A person already known (same ФИО and date of birth) is reused, so one pupil stays one record; a
    person already in this base is refused (the curator edits their row instead).
    """
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    person = person_find(
        last_name=last_name, first_name=first_name, patronymic=patronymic, birth_date=birth_date
    )
    reused = person is not None
    if (
        person is not None
        and ProgramParticipant.objects.filter(program=program, person=person, role=role).exists()
    ):
        raise ValidationError(
            "%(name)s уже есть в этой базе: измените его (её) строку, а не добавляйте заново.",
            code="already_in_base",
            params={"name": person.full_name},
        )
    participant = ProgramParticipant(program=program, role=role, **fields)
    participant.full_clean(exclude=["person"])
    _participant_check(participant)
    if person is None:
        person = person_create(
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            birth_date=birth_date,
            email=email,
            phone=phone,
        )
    participant.person = person
    participant.full_clean()
    participant.save()
    _tags_set(participant, tags)
    description = f"{participant}: {'человек уже был известен' if reused else 'новый человек'}"
    audit_record(user=user, action="create", obj=participant, description=description)
    return participant, reused


@transaction.atomic
def participant_update(
    *, participant: ProgramParticipant, tags: Iterable[str] | None = None, user=None, **fields
) -> ProgramParticipant:
    """Change a row of a base (the program's fields; the person's own record is shared and not
    changed here). ``tags=None`` keeps the tags."""
    unknown = set(fields) - set(PARTICIPANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown participant fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(participant, key, value.strip() if isinstance(value, str) else value)
    participant.full_clean()
    _participant_check(participant)
    participant.save(update_fields=[*fields, "updated_at"])
    _tags_set(participant, tags)
    audit_record(user=user, action="update", obj=participant, description=str(participant))
    return participant


@transaction.atomic
def participant_remove(*, participant: ProgramParticipant, user=None) -> None:
    """Take a person out of a base. Someone in a pair of the program (in this role) stays: the pair's
    history is what monitoring counts."""
    pairs = Pair.objects.filter(program_id=participant.program_id)
    if participant.role == Role.MENTOR:
        in_pair = pairs.filter(mentor_id=participant.person_id).exists()
    else:
        in_pair = pairs.filter(mentees__id=participant.person_id).exists()
    if in_pair:
        raise ValidationError(
            "%(name)s состоит в паре (группе) этой программы: из базы не удалить.",
            code="participant_in_pair",
            params={"name": participant.person.full_name},
        )
    description = str(participant)
    audit_record(user=user, action="delete", obj=participant, description=description)
    participant.delete()


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
    """Raise ValidationError listing every reason the pair may not be formed: consents under 152-ФЗ,
    people outside the program's bases, an adult mentor of a minor without a confirmed admission,
    the mentor's capacity."""
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
    errors.extend(_base_errors(program=program, mentor=mentor, mentees=mentees))
    admission_error = _admission_error(program=program, mentor=mentor, mentees=mentees, on=on)
    if admission_error is not None:
        errors.append(admission_error)
    capacity_error = _capacity_error(program=program, mentor=mentor, mentees=mentees)
    if capacity_error is not None:
        errors.append(capacity_error)
    if errors:
        raise ValidationError(errors)


def _base_errors(*, program: Program, mentor: Person, mentees: list[Person]) -> list[ValidationError]:
    """A pair is formed from the program's own bases: the mentor from the base of mentors, each mentee
    from the base of mentees (one query)."""
    rows = set(
        ProgramParticipant.objects.filter(
            program=program, person_id__in=[mentor.pk, *(m.pk for m in mentees)]
        ).values_list("person_id", "role")
    )
    errors = []
    if (mentor.pk, Role.MENTOR) not in rows:
        errors.append(
            ValidationError(
                "%(name)s нет в базе наставников программы «%(program)s»: сначала внесите его (её) в базу.",
                code="mentor_not_in_base",
                params={"name": mentor.full_name, "program": program.title},
            )
        )
    for mentee in mentees:
        if (mentee.pk, Role.MENTEE) not in rows:
            errors.append(
                ValidationError(
                    "%(name)s нет в базе наставляемых программы «%(program)s»: сначала внесите его (её) "
                    "в базу.",
                    code="mentee_not_in_base",
                    params={"name": mentee.full_name, "program": program.title},
                )
            )
    return errors


def _person_is_adult(*, person: Person, category: str | None, on: date) -> bool:
    """An adult by date of birth; without one, anyone but a pupil is taken for an adult."""
    if person.birth_date is not None:
        return not person.is_minor_on(on)
    return category not in (None, ProgramParticipant.Category.PUPIL)


def _admission_error(*, program: Program, mentor: Person, mentees: list[Person], on: date):
    """An adult may mentor a minor only once the admission to work with minors (справка об отсутствии
    судимости, ст. 351.1 ТК РФ) is confirmed on the mentor's row of the base."""
    row = (
        ProgramParticipant.objects.filter(program=program, person=mentor, role=Role.MENTOR)
        .values("category", "minors_admission_confirmed_on")
        .first()
    )
    if row is None:
        return None  # not in the base: reported by _base_errors
    confirmed = row["minors_admission_confirmed_on"]
    if confirmed is not None and confirmed <= on:
        return None
    if not _person_is_adult(person=mentor, category=row["category"], on=on):
        return None
    minors = [m for m in mentees if _mentee_is_minor(mentee=m, program=program, on=on)]
    if not minors:
        return None
    return ValidationError(
        "%(name)s (наставник) — совершеннолетний, а %(minors)s — несовершеннолетний: не подтверждён допуск "
        "к работе с несовершеннолетними (справка об отсутствии судимости). Укажите дату проверки в строке "
        "базы наставников.",
        code="no_minors_admission",
        params={"name": mentor.full_name, "minors": ", ".join(m.full_name for m in minors)},
    )


#: Pairs that still take up a mentor's time; completed and ended pairs free it.
OPEN_STATUSES = (Pair.Status.ACTIVE, Pair.Status.PAUSED)


def _capacity_error(*, program: Program, mentor: Person, mentees: list[Person]) -> ValidationError | None:
    """The mentor's capacity from the base of mentors, checked against the mentees of their open pairs
    in this program plus the new ones (a mentee already with this mentor is counted once).

    A mentor who is not in the program's base has no capacity on record, so nothing is checked.
    """
    capacity = (
        ProgramParticipant.objects.filter(program=program, person=mentor, role=Role.MENTOR)
        .values_list("capacity", flat=True)
        .first()
    )
    if capacity is None:
        return None
    current = set(
        Pair.mentees.through.objects.filter(
            pair__program=program, pair__mentor=mentor, pair__status__in=OPEN_STATUSES
        ).values_list("person_id", flat=True)
    )
    total = len(current | {mentee.pk for mentee in mentees})
    if total <= capacity:
        return None
    return ValidationError(
        "%(name)s (наставник) может вести не больше %(capacity)s наставляемых, сейчас ведёт %(current)s; "
        "с новой парой (группой) было бы %(total)s.",
        code="mentor_capacity_exceeded",
        params={"name": mentor.full_name, "capacity": capacity, "current": len(current), "total": total},
    )


def variant_key(text: str) -> str:
    """A role-model variant's name as compared: case, «ё», dashes and spaces do not matter."""
    text = text.casefold().replace("ё", "е").replace("—", "-").replace("–", "-")
    return "".join(text.split())


def role_variant_find(*, form: MentoringForm, name: str) -> RoleModelVariant | None:
    """The variant of ``form`` whose name is ``name`` (folded), if the reference list has it."""
    key = variant_key(name)
    if not key:
        return None
    return next((v for v in RoleModelVariant.objects.filter(form=form) if variant_key(v.name) == key), None)


def _resolve_role_variant(
    *, form: MentoringForm, role_variant: RoleModelVariant | None, variant: str
) -> tuple[RoleModelVariant | None, str]:
    """The variant from the reference list and its name as text: either may be given (older callers
    pass only the text, which is linked to the form's variant of that name when there is one)."""
    variant = variant.strip()
    if role_variant is not None:
        if role_variant.form_id != form.pk:
            raise ValidationError(
                {
                    "role_variant": ValidationError(
                        "Вариант ролевой модели «%(variant)s» относится к форме «%(variant_form)s», "
                        "а пара — к форме «%(form)s».",
                        code="variant_of_other_form",
                        params={
                            "variant": role_variant.name,
                            "variant_form": role_variant.form.name,
                            "form": form.name,
                        },
                    )
                }
            )
        return role_variant, role_variant.name
    return role_variant_find(form=form, name=variant), variant


@transaction.atomic
def pair_create(
    *,
    program: Program,
    form: MentoringForm,
    mentor: Person,
    mentees: Iterable[Person],
    started_on: date,
    variant: str = "",
    order_number: str = "",
    order_date: date | None = None,
    user=None,
    role_variant: RoleModelVariant | None = None,
) -> Pair:
    """Form a pair or group, refusing it when a consent or admission the law requires is missing,
    or when someone is not in the program's bases.

    The role model is ``role_variant`` (from the reference list) or, for older callers, ``variant``
    as text; the text is linked to the form's variant of the same name when there is one.
    """
    mentees = list(mentees)
    role_variant, variant = _resolve_role_variant(form=form, role_variant=role_variant, variant=variant)
    pair_check(program=program, form=form, mentor=mentor, mentees=mentees, on=started_on)
    pair = Pair(
        program=program,
        form=form,
        mentor=mentor,
        started_on=started_on,
        role_variant=role_variant,
        variant=variant,
        order_number=order_number.strip(),
        order_date=order_date,
    )
    pair.full_clean()
    pair.save()
    pair.mentees.set(mentees)
    if user is not None:
        audit_record(user=user, action="create", obj=pair, description=str(pair))
    return pair


Status = Pair.Status
#: Statuses a pair may be moved to by ``pair_status_change``; completion has its own service.
STATUS_CHANGES = (Status.ACTIVE, Status.PAUSED, Status.ENDED_EARLY)


def _refuse_if_closed(pair: Pair, message: str) -> None:
    if pair.is_closed:
        raise ValidationError(message, code="pair_closed", params={"status": pair.get_status_display()})


@transaction.atomic
def pair_status_change(
    *, pair: Pair, status: str, reason: str = "", on: date | None = None, user=None
) -> Pair:
    """Pause, resume or end a pair early. Ending early needs a reason; a closed pair stays closed
    (its history is what monitoring counts)."""
    _refuse_if_closed(pair, "Пара уже %(status)s: её статус больше не меняется.")
    if status not in STATUS_CHANGES:
        raise ValidationError("Такой статус так не установить.", code="invalid_status")
    reason = reason.strip()
    on = on or timezone.localdate()
    if status == Status.ENDED_EARLY:
        if not reason:
            raise ValidationError(
                {"reason": ValidationError("Укажите причину досрочного прекращения.", code="reason_required")}
            )
        if on < pair.started_on:
            raise ValidationError(
                "Дата прекращения раньше начала работы пары (%(start)s).",
                code="ended_before_start",
                params={"start": f"{pair.started_on:%d.%m.%Y}"},
            )
        pair.end_reason = reason
        pair.ended_on = on
    pair.status = status
    pair.full_clean()
    pair.save(update_fields=["status", "end_reason", "ended_on", "updated_at"])
    audit_record(user=user, action="update", obj=pair, description=f"статус: {pair.get_status_display()}")
    return pair


@transaction.atomic
def pair_complete(
    *,
    pair: Pair,
    results: str,
    mentor_feedback: str = "",
    mentee_feedback: str = "",
    is_case_candidate: bool = False,
    on: date | None = None,
    user=None,
) -> Pair:
    """Complete a pair: its results, both sides' feedback, and whether its story may become a case."""
    _refuse_if_closed(pair, "Пара уже %(status)s.")
    results = results.strip()
    if not results:
        raise ValidationError(
            {"results": ValidationError("Опишите результаты работы пары.", code="results_required")}
        )
    on = on or timezone.localdate()
    if on < pair.started_on:
        raise ValidationError(
            "Дата завершения раньше начала работы пары (%(start)s).",
            code="ended_before_start",
            params={"start": f"{pair.started_on:%d.%m.%Y}"},
        )
    pair.status = Status.COMPLETED
    pair.ended_on = on
    pair.results = results
    pair.mentor_feedback = mentor_feedback.strip()
    pair.mentee_feedback = mentee_feedback.strip()
    pair.is_case_candidate = is_case_candidate
    pair.full_clean()
    pair.save(
        update_fields=[
            "status",
            "ended_on",
            "results",
            "mentor_feedback",
            "mentee_feedback",
            "is_case_candidate",
            "updated_at",
        ]
    )
    audit_record(user=user, action="update", obj=pair, description="пара завершена")
    return pair


def _feedback_merge(current: str, *, name: str, text: str) -> str:
    """A group's mentee feedback keeps one paragraph per child, headed by the name; writing again
    replaces that child's paragraph."""
    head = f"{name}:"
    paragraphs = [p for p in current.split("\n\n") if p.strip() and not p.startswith(head)]
    if text:
        paragraphs.append(f"{head} {text}")
    return "\n\n".join(paragraphs)


@transaction.atomic
def pair_feedback_save(*, pair: Pair, author: Person, text: str, user=None) -> Pair:
    """The mentor's or a mentee's own feedback on a completed pair, written from the cabinet.

    The mentor writes ``mentor_feedback``; a mentee, or the legal representative of a minor mentee,
    writes ``mentee_feedback`` (in a group, one paragraph per child). Anyone else is refused.
    """
    if pair.status != Pair.Status.COMPLETED:
        raise ValidationError("Отзыв пишут, когда пара завершена.", code="pair_not_completed")
    text = text.strip()
    mentees = list(pair.mentees.all())
    if pair.mentor_id == author.pk:
        pair.mentor_feedback = text
        field = "mentor_feedback"
    else:
        child = next((m for m in mentees if m.pk == author.pk), None)
        if child is None:
            on = pair.ended_on or pair.started_on
            children = set(author.represented.filter(child__in=mentees).values_list("child_id", flat=True))
            child = next(
                (m for m in mentees if m.pk in children and (m.birth_date is None or m.is_minor_on(on))),
                None,
            )
        if child is None:
            raise ValidationError(
                "Отзыв о паре пишут только её наставник, наставляемые и родители несовершеннолетних наставляемых.",
                code="not_in_pair",
            )
        field = "mentee_feedback"
        if len(mentees) == 1:
            pair.mentee_feedback = text
        else:
            pair.mentee_feedback = _feedback_merge(pair.mentee_feedback, name=child.full_name, text=text)
    pair.full_clean()
    pair.save(update_fields=[field, "updated_at"])
    audit_record(user=user, action="update", obj=pair, description=f"отзыв: {field}")
    return pair


@transaction.atomic
def meeting_log(
    *,
    pair: Pair,
    held_on: date,
    format: str,
    duration_minutes: int,
    topic: str,
    notes: str = "",
    attendees: Iterable[Person] = (),
    user=None,
) -> Meeting:
    """Add a meeting to the pair's log. Only the pair's own people can be marked as present."""
    _refuse_if_closed(pair, "Пара уже %(status)s: журнал встреч закрыт.")
    attendees = list(attendees)
    errors: dict[str, list[ValidationError]] = {}
    if held_on < pair.started_on:
        errors.setdefault("held_on", []).append(
            ValidationError(
                "Встреча раньше начала работы пары (%(start)s).",
                code="before_start",
                params={"start": f"{pair.started_on:%d.%m.%Y}"},
            )
        )
    if held_on > timezone.localdate():
        errors.setdefault("held_on", []).append(
            ValidationError("Дата встречи ещё не наступила: журнал — о прошедших встречах.", code="in_future")
        )
    allowed = {pair.mentor_id, *pair.mentees.values_list("pk", flat=True)}
    strangers = [person for person in attendees if person.pk not in allowed]
    if strangers:
        errors.setdefault("attendees", []).append(
            ValidationError(
                "Не из этой пары (группы): %(names)s.",
                code="not_in_pair",
                params={"names": ", ".join(person.full_name for person in strangers)},
            )
        )
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        pair=pair,
        held_on=held_on,
        format=format,
        duration_minutes=duration_minutes,
        topic=topic.strip(),
        notes=notes.strip(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    audit_record(user=user, action="create", obj=meeting, description=str(meeting))
    return meeting


def plan_item_save(
    *,
    pair: Pair,
    item: PlanItem | None = None,
    title: str | None = None,
    due_on: date | None = None,
    progress: int | None = None,
    user=None,
) -> PlanItem:
    """Add a goal or task to the individual plan, or update one (a ``None`` argument keeps its value)."""
    _refuse_if_closed(pair, "Пара уже %(status)s: план больше не меняется.")
    if item is None:
        item = PlanItem(pair=pair, title="", progress=0)
    elif item.pair_id != pair.pk:
        raise ValueError("the plan item belongs to another pair")
    if title is not None:
        item.title = title.strip()
    if due_on is not None:
        item.due_on = due_on
    if progress is not None:
        item.progress = progress
    item.full_clean()
    creating = item.pk is None
    item.save()
    audit_record(user=user, action="create" if creating else "update", obj=item, description=str(item))
    return item


# --- Programs and their seven stages -----------------------------------------------------------------


def program_checklist_ensure(program: Program) -> int:
    """Add the default checklist items of every stage that the program lacks; return how many were added.

    Idempotent: items are matched by stage and title, so a curator's ticks and links are kept, and
    running it again (for programs created before the checklists existed) adds nothing.
    """
    existing = set(StageChecklistItem.objects.filter(program=program).values_list("stage", "title"))
    missing = []
    for stage_index, stage in enumerate(ProgramStage.values):
        for item_index, title in enumerate(DEFAULT_STAGE_CHECKLIST[stage]):
            if (stage, title) not in existing:
                missing.append(
                    StageChecklistItem(
                        program=program, stage=stage, title=title, position=stage_index * 100 + item_index
                    )
                )
    StageChecklistItem.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


@transaction.atomic
def program_create(
    *,
    organization,
    academic_year: str,
    title: str,
    forms: Iterable[MentoringForm] = (),
    curators: Iterable[Person] = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
    regulation_url: str = "",
    user=None,
) -> Program:
    """Create a program at its first stage, with the default checklist of every stage."""
    program = Program(
        organization=organization,
        academic_year=academic_year.strip(),
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        regulation_url=regulation_url.strip(),
    )
    program.full_clean()
    program.save()
    program.forms.set(forms)
    program.curators.set(curators)
    program_checklist_ensure(program)
    if user is not None:
        audit_record(user=user, action="create", obj=program, description=str(program))
    return program


PROGRAM_SETTINGS_FIELDS = ("title", "starts_on", "ends_on", "regulation_url")


@transaction.atomic
def program_update(
    *,
    program: Program,
    forms: Iterable[MentoringForm] | None = None,
    curators: Iterable[Person] | None = None,
    user=None,
    **fields,
) -> Program:
    """Change a program's title, dates, Положение link, forms and curators."""
    unknown = set(fields) - set(PROGRAM_SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown program fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(program, key, value.strip() if isinstance(value, str) else value)
    program.full_clean()
    program.save(update_fields=[*fields, "updated_at"])
    if forms is not None:
        program.forms.set(forms)
    if curators is not None:
        program.curators.set(curators)
    if user is not None:
        audit_record(user=user, action="update", obj=program, description="параметры программы")
    return program


def checklist_item_update(
    *, item: StageChecklistItem, done: bool, evidence_url: str = "", user=None
) -> StageChecklistItem:
    """Tick (or untick) a checklist item and keep the link to its evidence."""
    item.done = done
    item.evidence_url = evidence_url.strip()
    item.full_clean()
    item.save(update_fields=["done", "evidence_url", "updated_at"])
    if user is not None:
        audit_record(user=user, action="update", obj=item, description=item.title)
    return item


@transaction.atomic
def program_stage_advance(*, program: Program, user=None) -> Program:
    """Move the program to its next stage, refusing while the current stage's checklist is incomplete."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    stages = ProgramStage.values
    index = stages.index(program.current_stage)
    if index == len(stages) - 1:
        raise ValidationError(
            "Программа уже на последнем, седьмом этапе «%(stage)s»: следующего этапа нет.",
            code="program_last_stage",
            params={"stage": program.get_current_stage_display()},
        )
    undone = list(
        StageChecklistItem.objects.filter(program=program, stage=program.current_stage, done=False)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )
    if undone:
        raise ValidationError(
            "Нельзя перейти к следующему этапу: на этапе «%(stage)s» не выполнено: %(items)s.",
            code="program_stage_incomplete",
            params={
                "stage": program.get_current_stage_display(),
                "items": "; ".join(f"«{title}»" for title in undone),
            },
        )
    program.current_stage = stages[index + 1]
    program.save(update_fields=["current_stage", "updated_at"])
    if user is not None:
        audit_record(
            user=user,
            action="update",
            obj=program,
            description=f"переход к этапу «{program.get_current_stage_display()}»",
        )
    return program


# --- Reference data -------------------------------------------------------------------------------------


def mentoring_form_save(
    *, form: MentoringForm | None = None, name: str, is_teacher_model: bool = False, user=None
) -> MentoringForm:
    """Add or rename a form of mentoring."""
    form = form or MentoringForm()
    form.name = name.strip()
    form.is_teacher_model = is_teacher_model
    form.full_clean()
    form.save()
    if user is not None:
        audit_record(user=user, action="update", obj=form, description=form.name)
    return form


def role_model_variant_save(
    *, variant: RoleModelVariant | None = None, form: MentoringForm, name: str, user=None
) -> RoleModelVariant:
    """Add or change a role-model variant of a form."""
    variant = variant or RoleModelVariant()
    variant.form = form
    variant.name = name.strip()
    variant.full_clean()
    variant.save()
    if user is not None:
        audit_record(user=user, action="update", obj=variant, description=variant.name)
    return variant


def normative_document_save(
    *, document: NormativeDocument | None = None, user=None, **fields
) -> NormativeDocument:
    """Add or correct a normative document of the reference list."""
    document = document or NormativeDocument()
    for key in ("title", "number", "date", "issuer", "url"):
        if key in fields:
            value = fields[key]
            setattr(document, key, value.strip() if isinstance(value, str) else value)
    document.full_clean()
    document.save()
    if user is not None:
        audit_record(user=user, action="update", obj=document, description=str(document))
    return document
