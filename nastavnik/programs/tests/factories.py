"""Object graphs for the programs tests."""

import datetime

from nastavnik.programs.models import Program


def program_for(organization, title="Программа наставничества") -> Program:
    return Program.objects.create(organization=organization, academic_year="2025/2026", title=title)


CHILD_BIRTH = datetime.date(2012, 5, 17)
