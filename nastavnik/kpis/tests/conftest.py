import datetime

import pytest

from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.organizations.models import Organization
from nastavnik.people.factories import PersonFactory
from nastavnik.programs.models import Program, ProgramParticipant

Role = ProgramParticipant.Role
Category = ProgramParticipant.Category
YEAR = "2020/2021"
NEXT = "2021/2022"


@pytest.fixture(autouse=True)
def media_and_runner(settings, tmp_path):
    """Report files go to a throwaway folder; report jobs run inside the request, deterministically."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KPI_REPORT_RUNNER = "sync"


def person(birth=None, teaching_since=None):
    return PersonFactory(birth_date=birth, teaching_since=teaching_since)


def enrol(program, role, category=Category.PUPIL, *, birth=None, who=None, **fields):
    who = who or person(birth)
    return ProgramParticipant.objects.create(
        program=program, person=who, role=role, category=category, **fields
    )


def satisfaction_answers(program, values):
    """Submitted answers to one 1–10 satisfaction question in a survey of ``program``."""
    from nastavnik.monitoring.models import (
        Answer,
        Question,
        QuestionKind,
        Questionnaire,
        QuestionnaireVersion,
        Response,
        Section,
        Survey,
    )

    questionnaire = Questionnaire.objects.create(title="Анкета", purpose=Questionnaire.Purpose.OTHER)
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    section = Section.objects.create(version=version, title="Раздел")
    question = Question.objects.create(
        section=section,
        key="satisfaction",
        text="Насколько вы довольны?",
        kind=QuestionKind.SCALE,
        is_satisfaction=True,
    )
    survey = Survey.objects.create(
        program=program,
        version=version,
        title="Опрос",
        recipients=Survey.Recipients.MENTEES,
        stage=Survey.Stage.COMPLETION,
        deadline=datetime.date(2021, 5, 1),
    )
    for value in values:
        response = Response.objects.create(
            survey=survey, version=version, submitted_on=datetime.date(2021, 4, 1)
        )
        Answer.objects.create(response=response, question=question, value=value)


@pytest.fixture
def kpi_world(cast):
    """A hand-computed fixture (see test_kpi_figures for the arithmetic).

    Ages are taken on 1 September 2020 for 2020/2021.
    """
    a, b, elsewhere = cast.school_a, cast.school_b, cast.school_elsewhere
    Organization.objects.filter(pk=a.pk).update(
        pupils_10_18=20, pupils_15_18=10, young_teachers=4, teachers_total=20
    )
    Organization.objects.filter(pk=b.pk).update(
        pupils_10_18=30, pupils_15_18=5, young_teachers=1, teachers_total=20
    )
    Organization.objects.filter(pk=elsewhere.pk).update(pupils_10_18=50, pupils_15_18=0, young_teachers=0)
    partner_1 = OrganizationFactory(
        municipality=cast.municipality,
        name="ООО «Партнёр 1»",
        short_name="Партнёр 1",
        kind="partner",
        pupils_total=0,
        pupils_10_18=0,
        pupils_15_18=0,
        teachers_total=0,
        young_teachers=0,
    )
    partner_2 = OrganizationFactory(
        municipality=cast.municipality,
        name="ООО «Партнёр 2»",
        short_name="Партнёр 2",
        kind="partner",
        pupils_total=0,
        pupils_10_18=0,
        pupils_15_18=0,
        teachers_total=0,
        young_teachers=0,
    )
    program_a = Program.objects.create(organization=a, academic_year=YEAR, title="Программа А")
    program_a2 = Program.objects.create(organization=a, academic_year=YEAR, title="Вторая программа А")
    # School A mentees: 10 exactly on 1 September (in), 9 the day before turning 10 (out), 17 (in),
    # 18 (in), 19 (out), a student of 15 (not a pupil: out), a pupil without a birth date (out).
    ten = enrol(program_a, Role.MENTEE, birth=datetime.date(2010, 9, 1))
    enrol(program_a, Role.MENTEE, birth=datetime.date(2010, 9, 2))
    enrol(program_a, Role.MENTEE, birth=datetime.date(2002, 9, 2))
    enrol(program_a, Role.MENTEE, birth=datetime.date(2002, 9, 1))
    enrol(program_a, Role.MENTEE, birth=datetime.date(2001, 9, 1))
    enrol(program_a, Role.MENTEE, Category.STUDENT, birth=datetime.date(2005, 1, 1))
    enrol(program_a, Role.MENTEE)
    # The same pupil in a second program of the school counts once.
    enrol(program_a2, Role.MENTEE, who=ten.person)
    # Mentors: a pupil of 16 (in), a pupil of 14 (out), a teacher (not a pupil).
    enrol(program_a, Role.MENTOR, birth=datetime.date(2004, 1, 1))
    enrol(program_a, Role.MENTOR, birth=datetime.date(2006, 1, 1))
    enrol(program_a, Role.MENTOR, Category.TEACHER, birth=datetime.date(1980, 1, 1))
    # Young teachers: 2 years (in), 5 years (out), unknown years but teaching since 2018 (in), since 2015 (out).
    enrol(program_a, Role.MENTEE, Category.TEACHER, experience_years=2)
    enrol(program_a, Role.MENTEE, Category.TEACHER, experience_years=5)
    enrol(program_a, Role.MENTEE, Category.TEACHER, who=person(teaching_since=2018))
    enrol(program_a, Role.MENTEE, Category.TEACHER, who=person(teaching_since=2015))
    # An external mentor from partner 1.
    enrol(program_a, Role.MENTOR, Category.EMPLOYEE, partner_organization=partner_1)

    program_b = Program.objects.create(organization=b, academic_year=YEAR, title="Программа Б")
    enrol(program_b, Role.MENTEE, birth=datetime.date(2008, 3, 3))
    program_b_next = Program.objects.create(organization=b, academic_year=NEXT, title="Программа Б")
    enrol(program_b_next, Role.MENTEE, birth=datetime.date(2008, 3, 3))
    enrol(program_b_next, Role.MENTEE, birth=datetime.date(2009, 3, 3))
    program_elsewhere = Program.objects.create(
        organization=elsewhere, academic_year=YEAR, title="Программа В"
    )
    enrol(program_elsewhere, Role.MENTEE, birth=datetime.date(2007, 1, 1))
    # Satisfaction: school A answers 10 and 7 ((9 + 6) / 2 / 9 = 83.3 %), school B 1 (0 %).
    satisfaction_answers(program_a, [10, 7])
    satisfaction_answers(program_b, [1])
    return {"partner_1": partner_1, "partner_2": partner_2, "program_a": program_a}
