import datetime
from dataclasses import dataclass

import pytest

from nastavnik.monitoring.models import Questionnaire
from nastavnik.programs.models import MentoringForm, Pair, Program, ProgramParticipant

Role = ProgramParticipant.Role
ADULT_BIRTH = datetime.date(1980, 3, 14)
CHILD_BIRTH = datetime.date(2012, 5, 17)


@dataclass
class World:
    program: Program
    form: MentoringForm
    pair: Pair
    mentee_entry: Questionnaire
    mentee_completion: Questionnaire


@pytest.fixture
def world(cast) -> World:
    """School A's program: mentor_a mentors mentee_a (a minor) in «ученик – ученик»; curator_a curates."""
    form = MentoringForm.objects.get(name="ученик – ученик")
    mentor, mentee = cast.mentor_a.person, cast.mentee_a.person
    mentor.birth_date, mentor.email = ADULT_BIRTH, "mentor@example.org"
    mentor.save()
    mentee.birth_date, mentee.email = CHILD_BIRTH, "mentee@example.org"
    mentee.save()
    program = Program.objects.create(
        organization=cast.school_a, academic_year="2025/2026", title="Программа А"
    )
    program.curators.add(cast.curator_a.person)
    ProgramParticipant.objects.create(program=program, person=mentor, role=Role.MENTOR, category="teacher")
    ProgramParticipant.objects.create(program=program, person=mentee, role=Role.MENTEE, form=form)
    pair = Pair.objects.create(
        program=program, form=form, mentor=mentor, started_on=datetime.date(2025, 9, 15)
    )
    pair.mentees.set([mentee])
    return World(
        program=program,
        form=form,
        pair=pair,
        mentee_entry=Questionnaire.objects.get(builtin_key="mentee_entry-pupil-pupil"),
        mentee_completion=Questionnaire.objects.get(builtin_key="mentee_completion-pupil-pupil"),
    )
