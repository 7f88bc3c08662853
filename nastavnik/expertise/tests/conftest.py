import datetime

import pytest

from nastavnik.expertise import services
from nastavnik.programs.models import Program

YEAR = "2020/2021"


@pytest.fixture
def expertise(cast):
    """A municipal round with the default rubric; programs of schools A and B and of a school elsewhere;
    the cast's expert appointed."""
    program_a = Program.objects.create(organization=cast.school_a, academic_year=YEAR, title="Программа А")
    program_b = Program.objects.create(organization=cast.school_b, academic_year=YEAR, title="Программа Б")
    program_elsewhere = Program.objects.create(
        organization=cast.school_elsewhere, academic_year=YEAR, title="Программа В"
    )
    expertise_round = services.round_create(
        user=cast.coordinator,
        region=cast.municipality.region,
        municipality=cast.municipality,
        academic_year=YEAR,
        title="Экспертиза 2021",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
    services.expert_appoint(expertise_round=expertise_round, person=cast.expert.person, user=cast.coordinator)
    return {
        "round": expertise_round,
        "program_a": program_a,
        "program_b": program_b,
        "program_elsewhere": program_elsewhere,
    }
