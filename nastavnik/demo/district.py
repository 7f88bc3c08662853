"""The demo district: Чемальский район, Республика Алтай — fictional people in real village names.

Generated from a fixed seed, so every load gives the same data; the municipality is flagged ``is_demo``
and every page says so. Logins share one password, printed by ``make run``.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from nastavnik.expertise.demo import demo_load as expertise_demo_load
from nastavnik.kpis.demo import demo_load as kpis_demo_load
from nastavnik.matching.demo import demo_load as matching_demo_load
from nastavnik.monitoring.demo import demo_load as monitoring_demo_load
from nastavnik.organizations.models import Municipality, Organization, Region, RoleAssignment
from nastavnik.people.models import LegalRepresentation, Person, User
from nastavnik.people.services import person_create
from nastavnik.programs.models import Consent, MentoringForm, ProgramParticipant
from nastavnik.programs.services import consent_record, pair_create, participant_add, program_create
from nastavnik.roadmap.models import OrganizationTask
from nastavnik.roadmap.services import evidence_add, roadmap_load_template

Role = RoleAssignment.Role
Kind = Organization.Kind
Status = Organization.Status

DEMO_PASSWORD = "nastavnik-demo"
REGION_NAME = "Республика Алтай"
MUNICIPALITY_NAME = "Чемальский район"
SEED = 2020

# (name, short name, kind, status, pupils, 10–18, 15–18, teachers, young teachers)
ORGANIZATIONS = [
    (
        "МБОУ «Чемальская средняя общеобразовательная школа»",
        "Чемальская СОШ",
        Kind.SCHOOL,
        Status.IMPLEMENTING,
        612,
        380,
        130,
        52,
        9,
    ),
    (
        "МБОУ «Элекмонарская средняя общеобразовательная школа»",
        "Элекмонарская СОШ",
        Kind.SCHOOL,
        Status.IMPLEMENTING,
        298,
        181,
        58,
        29,
        4,
    ),
    (
        "МБОУ «Анособская средняя общеобразовательная школа»",
        "Анособская СОШ",
        Kind.SCHOOL,
        Status.PREPARING,
        164,
        97,
        31,
        19,
        3,
    ),
    (
        "МБОУ «Куюсская основная общеобразовательная школа»",
        "Куюсская ООШ",
        Kind.SCHOOL,
        Status.PREPARING,
        71,
        40,
        8,
        11,
        2,
    ),
    (
        "МБОУ «Эдиганская основная общеобразовательная школа»",
        "Эдиганская ООШ",
        Kind.SCHOOL,
        Status.NOT_STARTED,
        58,
        33,
        6,
        10,
        1,
    ),
    (
        "МБОУ «Узнезинская средняя общеобразовательная школа»",
        "Узнезинская СОШ",
        Kind.SCHOOL,
        Status.IMPLEMENTING,
        187,
        110,
        37,
        21,
        5,
    ),
    (
        "МБОУ «Бешпельтирская средняя общеобразовательная школа»",
        "Бешпельтирская СОШ",
        Kind.SCHOOL,
        Status.IMPLEMENTED,
        143,
        86,
        28,
        18,
        2,
    ),
    (
        "МБОУ «Аюкечинская начальная общеобразовательная школа»",
        "Аюкечинская НОШ",
        Kind.SCHOOL,
        Status.NOT_STARTED,
        24,
        3,
        0,
        4,
        1,
    ),
    (
        "МБДОУ «Детский сад „Солнышко“ с. Чемал»",
        "Детский сад «Солнышко»",
        Kind.PRESCHOOL,
        Status.PREPARING,
        0,
        0,
        0,
        14,
        3,
    ),
    (
        "МБУ ДО «Чемальский центр дополнительного образования детей»",
        "Чемальский ЦДО",
        Kind.ADDITIONAL,
        Status.IMPLEMENTING,
        420,
        260,
        90,
        16,
        4,
    ),
    (
        "МБУ ДО «Детско-юношеская спортивная школа» Чемальского района",
        "Чемальская ДЮСШ",
        Kind.ADDITIONAL,
        Status.PREPARING,
        310,
        205,
        70,
        9,
        2,
    ),
    (
        "БПОУ РА «Горно-Алтайский политехнический колледж» (партнёр)",
        "Политехнический колледж",
        Kind.PARTNER,
        Status.NOT_STARTED,
        0,
        0,
        0,
        0,
        0,
    ),
]

LAST_NAMES_M = [
    "Тадыев",
    "Кыдырбаев",
    "Иванов",
    "Ялбаков",
    "Сазонов",
    "Бельчеков",
    "Петров",
    "Кудачин",
    "Тюхтенев",
    "Майманов",
    "Ороев",
    "Соколов",
]
LAST_NAMES_F = [
    "Тадыева",
    "Кыдырбаева",
    "Иванова",
    "Ялбакова",
    "Сазонова",
    "Бельчекова",
    "Петрова",
    "Кудачина",
    "Тюхтенева",
    "Майманова",
    "Ороева",
    "Соколова",
]
FIRST_NAMES_M = ["Аржан", "Эркемен", "Алексей", "Айдар", "Сергей", "Темир", "Николай", "Амаду", "Владимир"]
FIRST_NAMES_F = ["Айару", "Чейнеш", "Ольга", "Аруна", "Наталья", "Эзенай", "Марина", "Сурлай", "Елена"]
PATRONYMICS_M = ["Александрович", "Сергеевич", "Николаевич", "Владимирович", "Петрович"]
PATRONYMICS_F = ["Александровна", "Сергеевна", "Николаевна", "Владимировна", "Петровна"]


class DemoPeople:
    """Reproducible fictional people: same seed, same names."""

    def __init__(self, seed: int = SEED):
        self.random = random.Random(seed)
        self.counter = 0
        self.used_names: set[tuple[str, str, str]] = set()

    def person(
        self, *, birth_year: int, female: bool | None = None, position: str = "", teaching_since=None
    ) -> Person:
        self.counter += 1
        female = self.random.random() < 0.6 if female is None else female
        # Namesakes read like a person mentoring themselves: draw again (a bounded number of times).
        for _attempt in range(50):
            last = self.random.choice(LAST_NAMES_F if female else LAST_NAMES_M)
            first = self.random.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            patronymic = self.random.choice(PATRONYMICS_F if female else PATRONYMICS_M)
            if (last, first, patronymic) not in self.used_names:
                break
        self.used_names.add((last, first, patronymic))
        birth = date(birth_year, self.random.randint(1, 12), self.random.randint(1, 28))
        return person_create(
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            birth_date=birth,
            email=f"demo{self.counter}@example.org",
            phone=f"+7 900 000-{self.counter:02d}-{self.counter % 97:02d}",
            position=position,
            teaching_since=teaching_since,
            is_demo=True,
        )


def _account(person: Person, username: str) -> User:
    user = User(
        username=username,
        email=person.email,
        person=person,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _appoint(
    person: Person, role: str, *, organization=None, municipality=None, region=None, order=("", None)
):
    return RoleAssignment.objects.create(
        person=person,
        role=role,
        organization=organization,
        municipality=municipality,
        region=region,
        order_number=order[0],
        order_date=order[1],
        started_on=order[1] or date(2020, 8, 4),
    )


@transaction.atomic
def demo_district_load() -> Municipality:
    """Create the demo district (refuses to run twice: the data is identified by its municipality)."""
    if Municipality.objects.filter(name=MUNICIPALITY_NAME, is_demo=True).exists():
        raise ValueError("Демонстрационный район уже загружен.")
    people = DemoPeople()
    region, _ = Region.objects.get_or_create(name=REGION_NAME, defaults={"code": "04"})
    municipality = Municipality.objects.create(
        region=region,
        name=MUNICIPALITY_NAME,
        is_demo=True,
        mentoring_centre="МКУ «Центр обеспечения деятельности образовательных организаций» Чемальского района",
    )
    pupil_form = MentoringForm.objects.get(name="учитель – ученик")
    teacher_form = MentoringForm.objects.get(name="педагог – молодой специалист")

    admin = people.person(
        birth_year=1975, position="Специалист Министерства образования и науки Республики Алтай"
    )
    _appoint(admin, Role.REGIONAL_ADMIN, region=region)
    _account(admin, "region")

    coordinator = people.person(birth_year=1980, female=True, position="Методист МКУ «ЦО ДОО»")
    _appoint(
        coordinator, Role.MUNICIPAL_COORDINATOR, municipality=municipality, order=("12-од", date(2020, 7, 15))
    )
    _account(coordinator, "koordinator")

    expert = people.person(birth_year=1970, position="Старший преподаватель БУ ДПО РА «ИПКиППРО»")
    _appoint(expert, Role.EXPERT, municipality=municipality)
    _account(expert, "expert")

    for index, (name, short, kind, status, pupils, p10, p15, teachers, young) in enumerate(
        ORGANIZATIONS, start=1
    ):
        organization = Organization.objects.create(
            municipality=municipality,
            name=name,
            short_name=short,
            kind=kind,
            status=status,
            inn=f"99000000{index:02d}",
            address=f"Республика Алтай, Чемальский район, {short}",
            phone=f"+7 388 41 2{index:02d}-{index:02d}",
            email=f"school{index}@example.org",
            pupils_total=pupils,
            pupils_10_18=p10,
            pupils_15_18=p15,
            teachers_total=teachers,
            young_teachers=young,
        )
        if kind == Kind.PARTNER:
            continue
        head = people.person(birth_year=1968 + index, position="Директор")
        _appoint(head, Role.HEAD, organization=organization)
        if status == Status.NOT_STARTED:
            continue
        curator = people.person(
            birth_year=1982 + index % 7, position="Заместитель директора по УВР", teaching_since=2005
        )
        _appoint(
            curator, Role.CURATOR, organization=organization, order=(f"{40 + index}-о", date(2020, 8, 4))
        )
        responsible = people.person(birth_year=1985, position="Учитель", teaching_since=2010)
        _appoint(
            responsible,
            Role.RESPONSIBLE,
            organization=organization,
            order=(f"{40 + index}-о", date(2020, 8, 4)),
        )
        _appoint(responsible, Role.WORKING_GROUP, organization=organization)
        if index <= 2:
            suffix = str(index)
            _account(head, f"direktor{suffix}")
            _account(curator, f"kurator{suffix}")
        if kind != Kind.SCHOOL:
            continue
        program = program_create(
            organization=organization,
            academic_year="2020/2021",
            title="Программа наставничества",
            forms=[pupil_form, teacher_form],
            curators=[curator],
            starts_on=date(2020, 9, 1),
            ends_on=date(2021, 5, 31),
        )
        for pair in range(3 if index <= 2 else 1):
            mentor = people.person(birth_year=1975 + pair, position="Учитель", teaching_since=2000 + pair)
            _appoint(mentor, Role.MENTOR, organization=organization)
            mentee = people.person(birth_year=2007 + pair)
            _appoint(mentee, Role.MENTEE, organization=organization)
            parent = people.person(birth_year=1982, female=True)
            _appoint(parent, Role.PARENT, organization=organization)
            LegalRepresentation.objects.create(
                child=mentee, representative=parent, kind=LegalRepresentation.Kind.MOTHER
            )
            young_teacher = people.person(birth_year=1998, position="Учитель", teaching_since=2020)
            _appoint(young_teacher, Role.MENTEE, organization=organization)
            _enrol_pairs(
                program,
                organization,
                mentor=mentor,
                mentee=mentee,
                parent=parent,
                young_teacher=young_teacher,
                forms=(pupil_form, teacher_form),
                seed=pair,
            )
            if index == 1 and pair == 0:
                _account(mentor, "nastavnik1")
                _account(mentee, "uchenik1")
                _account(parent, "roditel1")
    _progress_roadmap(roadmap_load_template(municipality=municipality), coordinator)
    # The later capabilities build on the programs above, in this order: surveys complete some pairs and
    # give satisfaction to the KPIs; matching adds pupils of its own and leaves a draft for kurator1.
    monitoring_demo_load(municipality)
    matching_demo_load(municipality)
    kpis_demo_load(municipality)
    expertise_demo_load(municipality)
    return municipality


REQUESTS = ["подготовка к ОГЭ по математике", "адаптация в новом классе", "проектная работа по информатике"]
# Tags the matching compares: a mentee's request and the competences of the mentor paired with them meet.
MENTEE_TAGS = [["огэ", "математика"], ["адаптация"], ["информатика", "проекты"]]
MENTOR_TAGS = [["огэ", "математика"], ["адаптация", "психология"], ["информатика", "программирование"]]
COMPETENCES = [
    "математика, подготовка к экзаменам",
    "классное руководство, психология",
    "информатика, программирование",
]


def _enrol_pairs(program, organization, *, mentor, mentee, parent, young_teacher, forms, seed) -> None:
    """Bases of mentors and mentees with the consents the law requires, then the pairs — through the same
    services a curator uses, so the demo never holds a pair the system itself would refuse."""
    pupil_form, teacher_form = forms
    started = date(2020, 10, 1)
    participant_add(
        program=program,
        role=ProgramParticipant.Role.MENTOR,
        last_name=mentor.last_name,
        first_name=mentor.first_name,
        person=mentor,
        competences=COMPETENCES[seed % 3],
        tags=MENTOR_TAGS[seed % 3],
        capacity=2,
        category=ProgramParticipant.Category.TEACHER,
        joined_on=date(2020, 9, 15),
        # The school checked the mentor's certificate of no criminal record before pairing them with a pupil.
        minors_admission_confirmed_on=date(2020, 9, 10),
    )
    participant_add(
        program=program,
        role=ProgramParticipant.Role.MENTEE,
        last_name=mentee.last_name,
        first_name=mentee.first_name,
        person=mentee,
        request=REQUESTS[seed % 3],
        tags=MENTEE_TAGS[seed % 3],
        category=ProgramParticipant.Category.PUPIL,
        form=pupil_form,
        joined_on=date(2020, 9, 15),
    )
    participant_add(
        program=program,
        role=ProgramParticipant.Role.MENTEE,
        last_name=young_teacher.last_name,
        first_name=young_teacher.first_name,
        person=young_teacher,
        request="методика урока, работа с родителями",
        category=ProgramParticipant.Category.TEACHER,
        form=teacher_form,
        joined_on=date(2020, 9, 15),
    )
    given = date(2020, 9, 15)
    consent_record(
        subject=mentee,
        given_by=parent,
        organization=organization,
        kind=Consent.Kind.PROCESSING,
        scope="обработка персональных данных для программы наставничества",
        given_on=given,
    )
    for teacher in (mentor, young_teacher):
        for kind, scope in (
            (Consent.Kind.PROCESSING, "обработка персональных данных для программы наставничества"),
            (Consent.Kind.EXTRA_DUTIES, "участие в программе наставничества"),
        ):
            consent_record(
                subject=teacher,
                given_by=teacher,
                organization=organization,
                kind=kind,
                scope=scope,
                given_on=given,
            )
    pair_create(program=program, form=pupil_form, mentor=mentor, mentees=[mentee], started_on=started)
    pair_create(
        program=program, form=teacher_form, mentor=mentor, mentees=[young_teacher], started_on=started
    )


# Municipal activities the demo centre has already done, with the order that proves each.
DONE_ACTIVITIES = {
    "1": ("10-од", date(2020, 7, 1)),
    "3": ("11-од", date(2020, 7, 1)),
    "4": ("12-од", date(2020, 7, 15)),
    "5": ("12-од", date(2020, 7, 15)),
    "11": ("15-од", date(2020, 8, 28)),
}


def _progress_roadmap(roadmap, coordinator) -> None:
    """Some work is done and proven, so that the matrix and the dashboard show a living district."""
    user = coordinator.user
    for activity in roadmap.activities.filter(number__in=DONE_ACTIVITIES):
        number, day = DONE_ACTIVITIES[activity.number]
        evidence_add(
            activity=activity,
            title=f"Приказ МКУ «ЦО ДОО» № {number} от {day:%d.%m.%Y}",
            url=f"https://example.org/demo/prikaz-{number}",
            user=user,
        )
    tasks = OrganizationTask.objects.filter(activity__roadmap=roadmap, activity__number="7").select_related(
        "organization"
    )
    for task in tasks:
        if task.organization.status in (Status.IMPLEMENTING, Status.IMPLEMENTED):
            evidence_add(
                task=task,
                title="Приказ о назначении куратора",
                user=user,
                url=f"https://example.org/demo/{task.organization_id}/prikaz-kurator",
            )
