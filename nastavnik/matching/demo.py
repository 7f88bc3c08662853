"""Matching in the demo district: the first school's program gets new mentors and mentees who are not yet
paired (requests, competences, times, an ОВЗ need, a partner's engineer, a mentor whose admission to work
with minors is not confirmed yet, a pupil without a consent, a mentee's own choices) and a draft run that
kurator1 can review, change and accept."""

from __future__ import annotations

from datetime import date

from nastavnik.matching.services import matching_run, mentee_choices_save
from nastavnik.organizations.models import Organization
from nastavnik.people.models import LegalRepresentation, User
from nastavnik.people.services import person_create
from nastavnik.programs.models import Consent, MentoringForm, Program, ProgramParticipant
from nastavnik.programs.services import consent_record, participant_add

Role = ProgramParticipant.Role
Category = ProgramParticipant.Category
GIVEN = date(2020, 9, 15)
PARENT_NAMES = ("Елена", "Наталья")

MENTORS = [
    # ФИО, birth date, fields
    (
        ("Кудрявцева", "Ольга", "Петровна"),
        date(1984, 2, 11),
        {
            "category": Category.TEACHER,
            "competences": "информатика, программирование, робототехника",
            "interests": "шахматы, олимпиады",
            "desired_mentee_age": "12–15 лет",
            "meeting_time_place": "вторник и четверг после уроков, кабинет информатики",
            "meeting_format": ProgramParticipant.MeetingFormat.MIXED,
            "capacity": 3,
            "minors_admission_confirmed_on": date(2020, 9, 10),
        },
    ),
    (
        ("Тадыев", "Эркин", "Борисович"),
        date(1979, 6, 3),
        {
            "category": Category.TEACHER,
            "competences": "история, краеведение, школьный музей",
            "interests": "туризм, фотография",
            "desired_mentee_age": "10–13 лет",
            "meeting_time_place": "пн, ср вечером",
            "meeting_format": ProgramParticipant.MeetingFormat.IN_PERSON,
            "capacity": 2,
            "ready_for_special_needs": True,
            "minors_admission_confirmed_on": date(2020, 9, 10),
        },
    ),
    (
        ("Чендеков", "Аржан", "Сергеевич"),
        date(1990, 10, 21),
        {
            "category": Category.EMPLOYEE,
            "workplace": "инженер-электроник",
            "competences": "электроника, инженерия, профориентация",
            "interests": "робототехника",
            "meeting_time_place": "по субботам утром",
            "meeting_format": ProgramParticipant.MeetingFormat.ONLINE,
            "capacity": 2,
            "minors_admission_confirmed_on": date(2020, 9, 12),
        },
    ),
    (
        ("Белова", "Анна", "Игоревна"),
        date(1995, 4, 30),
        {
            "category": Category.TEACHER,
            "competences": "физика, астрономия",
            "interests": "программирование",
            "meeting_time_place": "пятница днём",
            "meeting_format": ProgramParticipant.MeetingFormat.IN_PERSON,
            "capacity": 2,
            # The certificate of no criminal record is still being checked: no pupils yet.
        },
    ),
]

MENTEES = [
    (
        ("Ялбаков", "Артём", "Олегович"),
        date(2009, 3, 14),
        "хочу научиться программированию",
        "вт после уроков",
        "mixed",
        False,
    ),
    (
        ("Кыпчакова", "Айлана", "Романовна"),
        date(2010, 11, 2),
        "история родного края, школьный музей",
        "ср вечером",
        "in_person",
        True,
    ),
    (
        ("Морозов", "Денис", "Андреевич"),
        date(2008, 7, 19),
        "робототехника и электроника",
        "суббота утром",
        "online",
        False,
    ),
    (
        ("Сабашкина", "Вера", "Ивановна"),
        date(2009, 1, 25),
        "подготовка к олимпиаде по информатике",
        "четверг",
        "mixed",
        False,
    ),
    (
        ("Тюхтенев", "Марк", "Алексеевич"),
        date(2007, 12, 5),
        "выбор профессии инженера, профориентация",
        "по выходным",
        "online",
        False,
    ),
    (
        ("Попова", "Дарья", "Сергеевна"),
        date(2010, 5, 8),
        "фотография и туризм по Алтаю",
        "понедельник вечером",
        "in_person",
        False,
    ),
    (("Ильин", "Глеб", "Романович"), date(2009, 9, 9), "астрономия", "пятница", "in_person", False),
]
#: A pupil whose parent has not yet signed the consent: matching leaves them out and says why.
WITHOUT_CONSENT = (("Санаа", "Тимур", "Эдуардович"), date(2010, 2, 17), "шахматы", "", "", False)


def _program(municipality) -> Program | None:
    return (
        Program.objects.filter(
            organization__municipality=municipality, organization__kind=Organization.Kind.SCHOOL
        )
        .select_related("organization")
        .order_by("organization_id", "pk")
        .first()
    )


def demo_load(municipality) -> None:
    """Add the unpaired people to the first school's program and leave a draft run (deterministic)."""
    program = _program(municipality)
    if program is None:
        return
    organization = program.organization
    pupil_form = MentoringForm.objects.get(name="учитель – ученик")
    partner = (
        Organization.objects.filter(municipality=municipality, kind=Organization.Kind.PARTNER)
        .order_by("pk")
        .first()
    )
    mentors = []
    for (last, first, patronymic), birth, fields in MENTORS:
        fields = dict(fields)
        if fields["category"] == Category.EMPLOYEE:
            # Employers' staff come from a partner organisation; with no form on record they may mentor in the
            # program's forms open to adults who are not teachers.
            fields["partner_organization"] = partner
        else:
            fields["form"] = pupil_form
        person = person_create(
            last_name=last, first_name=first, patronymic=patronymic, birth_date=birth, is_demo=True
        )
        mentors.append(
            participant_add(
                program=program,
                role=Role.MENTOR,
                last_name=last,
                first_name=first,
                person=person,
                joined_on=GIVEN,
                **fields,
            )
        )
    for index, ((last, first, patronymic), birth, request, when, meeting_format, ovz) in enumerate(
        [*MENTEES, WITHOUT_CONSENT]
    ):
        child = person_create(
            last_name=last, first_name=first, patronymic=patronymic, birth_date=birth, is_demo=True
        )
        mentee = participant_add(
            program=program,
            role=Role.MENTEE,
            last_name=last,
            first_name=first,
            person=child,
            category=Category.PUPIL,
            form=pupil_form,
            request=request,
            meeting_time_place=when,
            meeting_format=meeting_format,
            special_needs=ovz,
            joined_on=GIVEN,
        )
        parent_person = person_create(
            last_name=last,
            first_name=PARENT_NAMES[index % 2],
            birth_date=date(1980, 1, 1 + index),
            is_demo=True,
        )
        # The people app has no service for legal representation yet; the demo district writes it the same way.
        LegalRepresentation.objects.create(
            child=child, representative=parent_person, kind=LegalRepresentation.Kind.MOTHER
        )
        if (last, first, patronymic) != WITHOUT_CONSENT[0]:
            consent_record(
                subject=mentee.person,
                given_by=parent_person,
                organization=organization,
                kind=Consent.Kind.PROCESSING,
                scope="обработка персональных данных для программы наставничества",
                given_on=GIVEN,
            )
        if index == 5:  # Попова chose the history teacher first and the physicist second.
            mentee_choices_save(mentee=mentee, mentors=[mentors[1], mentors[3]])
    curator = User.objects.filter(person__in=program.curators.all()).order_by("pk").first()
    matching_run(program=program, user=curator)
