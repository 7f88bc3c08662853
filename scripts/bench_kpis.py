#!/usr/bin/env python3
"""Benchmark of the KPI roll-up: a region of 500 organisations and 300,000 participants.

Prints ``BENCH kpi_rollup organizations=500 participants=300000 median_ms=… queries=… load=…`` (the
query count is the same for any size of region: see kpis/tests/test_query_budget.py). Runs against a
throwaway test database (SQLite by default, or the server in ``DATABASE_URL``), like ``scripts/bench.py``:
    .venv/bin/python scripts/with_postgres.py .venv/bin/python scripts/bench_kpis.py
Options: ``--organizations N --participants N --repeat N``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

MUNICIPALITIES = 10
YEARS = ("2022/2023", "2023/2024")
BATCH = 10_000


def report(name: str, **figures) -> None:
    print(f"BENCH {name} " + " ".join(f"{key}={value}" for key, value in figures.items()), flush=True)


def build(organizations: int, participants: int):
    """Bulk-create the region: schools and partners in 10 municipalities, two programs a school (two
    academic years), participants of every counted kind, and satisfaction answers for every program."""
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
    from nastavnik.organizations.models import Municipality, Organization, Region
    from nastavnik.people.models import Person
    from nastavnik.programs.models import Program, ProgramParticipant

    Role, Category = ProgramParticipant.Role, ProgramParticipant.Category
    region = Region.objects.create(name="Бенчмарк-регион показателей")
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=f"Район {i + 1}") for i in range(MUNICIPALITIES)
    )
    per_municipality = organizations // MUNICIPALITIES
    orgs = []
    for m_index, municipality in enumerate(municipalities):
        for o_index in range(per_municipality):
            partner = o_index < max(1, per_municipality // 10)  # 10 % partners
            orgs.append(
                Organization(
                    municipality=municipality,
                    name=f"{'Партнёр' if partner else 'Школа'} {m_index + 1}-{o_index + 1}",
                    kind=Organization.Kind.PARTNER if partner else Organization.Kind.SCHOOL,
                    pupils_total=0 if partner else 900,
                    pupils_10_18=0 if partner else 600,
                    pupils_15_18=0 if partner else 250,
                    teachers_total=0 if partner else 60,
                    young_teachers=0 if partner else 12,
                )
            )
    orgs = Organization.objects.bulk_create(orgs)
    schools = [o for o in orgs if o.kind == Organization.Kind.SCHOOL]
    partners_of = {}
    for o in orgs:
        if o.kind == Organization.Kind.PARTNER:
            partners_of.setdefault(o.municipality_id, []).append(o)
    programs = Program.objects.bulk_create(
        Program(organization=school, academic_year=year, title="Программа наставничества")
        for school in schools
        for year in YEARS
    )

    created = 0
    while created < participants:
        size = min(BATCH, participants - created)
        people = Person.objects.bulk_create(
            Person(
                last_name=f"Участник{created + i}",
                first_name="Имя",
                birth_date=_birth_date(created + i),
                # Only teachers have the year their teaching began.
                teaching_since=2015 + (created + i) % 9 if 15 <= (created + i) % 20 < 19 else None,
            )
            for i in range(size)
        )
        rows = []
        for i, person in enumerate(people):
            n = created + i
            program = programs[n % len(programs)]
            kind = n % 20
            fields = {"program": program, "person": person}
            if kind < 12:
                rows.append(ProgramParticipant(role=Role.MENTEE, category=Category.PUPIL, **fields))
            elif kind < 15:
                rows.append(ProgramParticipant(role=Role.MENTOR, category=Category.PUPIL, **fields))
            elif kind < 17:
                rows.append(
                    ProgramParticipant(
                        role=Role.MENTEE, category=Category.TEACHER, experience_years=n % 9 or None, **fields
                    )
                )
            elif kind < 19:
                rows.append(ProgramParticipant(role=Role.MENTOR, category=Category.TEACHER, **fields))
            else:
                partners = partners_of[program.organization.municipality_id]
                rows.append(
                    ProgramParticipant(
                        role=Role.MENTOR,
                        category=Category.EMPLOYEE,
                        partner_organization=partners[
                            n % max(1, len(partners) - 1)
                        ],  # the last partner never gives
                        **fields,
                    )
                )
        ProgramParticipant.objects.bulk_create(rows, batch_size=BATCH)
        created += size

    questionnaire = Questionnaire.objects.create(
        title="Удовлетворённость", purpose=Questionnaire.Purpose.OTHER
    )
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    section = Section.objects.create(version=version, title="Итоги")
    question = Question.objects.create(
        section=section,
        key="satisfaction",
        text="Довольны ли вы?",
        kind=QuestionKind.SCALE,
        is_satisfaction=True,
    )
    surveys = Survey.objects.bulk_create(
        Survey(
            program=program,
            version=version,
            title="Итоговый опрос",
            recipients=Survey.Recipients.MENTEES,
            stage=Survey.Stage.COMPLETION,
            deadline=datetime.date(2024, 5, 1),
        )
        for program in programs
    )
    responses = Response.objects.bulk_create(
        (
            Response(survey=survey, version=version, submitted_on=datetime.date(2024, 4, 1))
            for survey in surveys
            for _ in range(10)
        ),
        batch_size=BATCH,
    )
    Answer.objects.bulk_create(
        (
            Answer(response=response, question=question, value=1 + i % 10)
            for i, response in enumerate(responses)
        ),
        batch_size=BATCH,
    )
    return region


def _birth_date(n: int) -> datetime.date:
    """Birth dates spread over 1970–2016, so that every age band has members and non-members."""
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=(n * 37) % (46 * 365))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--participants", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from nastavnik.kpis.selectors import region_rollup

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        region = build(args.organizations, args.participants)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        build_s = time.perf_counter() - started
        region_rollup(region, academic_year=YEARS[-1])  # warm-up: plans and caches, as on a running server
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                page = region_rollup(region, academic_year=YEARS[-1])
                timings.append(time.perf_counter() - started)
        assert len(page.organization_rows) == args.organizations
        assert len(page.children) == MUNICIPALITIES
        mentees = page.total.cell("mentees_10_18")
        report(
            "kpi_rollup",
            organizations=args.organizations,
            participants=args.participants,
            median_ms=round(statistics.median(timings) * 1000, 1),
            queries=len(queries.captured_queries),
            mentees_10_18_percent=mentees.percent,
            build_s=round(build_s, 1),
            db=connection.vendor,
            # The machine may be shared: the load average of the last minute, to read the time against.
            load=f"{os.getloadavg()[0]:.2f}",
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
