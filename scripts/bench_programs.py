#!/usr/bin/env python3
"""Benchmarks of the programs: importing a big base of mentees, and the list pages over big bases.

Each case ends with one line ``BENCH <name> key=value ...``. Runs against a throwaway test database
(SQLite by default, or the server in ``DATABASE_URL``), like ``scripts/bench.py``; nothing touches the
development database. ``scripts/bench_programs.py [--rows N] [--people N] [CASE...]``.
"""

from __future__ import annotations

import argparse
import datetime
import io
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
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def report(name: str, **figures) -> None:
    print(f"BENCH {name} " + " ".join(f"{key}={value}" for key, value in figures.items()), flush=True)


def _district():
    from nastavnik.organizations.models import Municipality, Organization, Region, RoleAssignment
    from nastavnik.people.models import Person, User

    region, _ = Region.objects.get_or_create(name="Бенчмарк-регион программ")
    municipality, _ = Municipality.objects.get_or_create(region=region, name="Бенчмарк-район программ")
    school, _ = Organization.objects.get_or_create(municipality=municipality, name="МБОУ «Большая школа»")

    def user(username, role, **scope):
        found = User.objects.filter(username=username).first()
        if found:
            return found
        person = Person.objects.create(last_name=username, first_name="Бенч")
        RoleAssignment.objects.create(person=person, role=role, **scope)
        return User.objects.create(username=username, person=person)

    curator = user("bench-curator", "curator", organization=school)
    coordinator = user("bench-coordinator-programs", "municipal_coordinator", municipality=municipality)
    return school, curator, coordinator


LAST = [
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
]
FIRST = ["Алексей", "Мария", "Иван", "Анна", "Пётр", "Ольга", "Сергей", "Елена", "Дмитрий", "Наталья"]
MIDDLE = ["Иванович", "Петровна", "Сергеевич", "Алексеевна", "Дмитриевич", "Олеговна"]
REQUESTS = [
    "подготовка к ОГЭ по математике",
    "адаптация в новом классе",
    "проектная работа",
    "профориентация",
]
TAGS = ["робототехника", "шахматы", "ОГЭ", "биология", "театр", "волонтёрство", "программирование"]


def mentee_base_xlsx(rows: int) -> bytes:
    """A base of mentees in the template layout (the export's own headers), ``rows`` distinct people."""
    from openpyxl import Workbook

    from nastavnik.programs.bases import COLUMNS
    from nastavnik.programs.models import ProgramParticipant

    labels = {c.key: c.column.label for c in COLUMNS[ProgramParticipant.Role.MENTEE]}
    keys = [
        "full_name",
        "contacts",
        "birth_date",
        "request",
        "joined_on",
        "form",
        "workplace",
        "category",
        "tags",
    ]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("База наставляемых")
    sheet.append(["№", *(labels[key] for key in keys)])
    start = datetime.date(2008, 1, 1)
    joined = datetime.date(2025, 9, 15)
    for i in range(rows):
        name = f"{LAST[i % 10]}{i // 10} {FIRST[(i // 7) % 10]} {MIDDLE[i % 6]}"
        sheet.append(
            [
                i + 1,
                name,
                f"+7 900 {i % 1000:03d}-{i % 100:02d}-{i % 97:02d} (мать)",
                start + datetime.timedelta(days=i % 2500),
                REQUESTS[i % 4],
                joined,
                "ученик – ученик" if i % 2 else "учитель – ученик",
                f"{5 + i % 7} «{'АБВ'[i % 3]}» класс",
                "обучающийся",
                f"{TAGS[i % 7]}, {TAGS[(i // 7) % 7]}",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_with_openpyxl(data: bytes) -> int:
    """The baseline: merely reading every cell of the file with openpyxl in read-only mode."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            count += 1
    workbook.close()
    return count


def bench_mentee_base_import(rows: int = 100_000, profile: bool = False) -> None:
    """Import a big base of mentees (check every row, then write all of it) against merely reading it."""
    from nastavnik.programs.bases import base_import_commit, base_import_preview
    from nastavnik.programs.models import Program, ProgramParticipant
    from nastavnik.programs.services import program_create

    school, curator, _ = _district()
    program = program_create(organization=school, academic_year="2025/2026", title=f"Импорт {rows}")
    started = time.perf_counter()
    data = mentee_base_xlsx(rows)
    build_s = time.perf_counter() - started

    started = time.perf_counter()
    assert read_with_openpyxl(data) == rows + 1
    read_s = time.perf_counter() - started

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    preview = base_import_preview(data=data, filename="bench.xlsx", program=program, role="mentee")
    preview_s = time.perf_counter() - started
    assert preview.ok, (preview.file_error, preview.errors[:3])
    started = time.perf_counter()
    count = base_import_commit(
        data=data, filename="bench.xlsx", program=program, role="mentee", user=curator, preview=preview
    )
    commit_s = time.perf_counter() - started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    assert count == rows
    assert ProgramParticipant.objects.filter(program=program).count() == rows
    assert (
        Program.objects.get(pk=program.pk).participants.filter(tags__isnull=False).distinct().count() == rows
    )
    import_s = preview_s + commit_s
    report(
        "mentee_base_import",
        rows=rows,
        read_s=round(read_s, 2),
        import_s=round(import_s, 2),
        ratio=round(import_s / read_s, 2),
        preview_s=round(preview_s, 2),
        commit_s=round(commit_s, 2),
        build_s=round(build_s, 2),
        db=connection.vendor,
    )


def _fill_bases(program, people: int) -> None:
    """``people`` persons in the program's bases (a tenth of them mentors) with tags, consents and
    a pair for every mentor — written in bulk."""
    from nastavnik.people.models import Person
    from nastavnik.programs.models import Consent, MentoringForm, Pair, ProgramParticipant, Tag

    form = MentoringForm.objects.get(name="учитель – ученик")
    birth = datetime.date(2010, 1, 1)
    persons = Person.objects.bulk_create(
        (
            Person(
                last_name=f"{LAST[i % 10]}{i}",
                first_name=FIRST[i % 10],
                birth_date=birth + datetime.timedelta(days=i % 3000),
            )
            for i in range(people)
        ),
        batch_size=5000,
    )
    mentors, mentees = persons[: people // 10], persons[people // 10 :]
    rows = [
        ProgramParticipant(program=program, person=p, role="mentor", category="teacher", capacity=9)
        for p in mentors
    ] + [ProgramParticipant(program=program, person=p, role="mentee", form=form) for p in mentees]
    rows = ProgramParticipant.objects.bulk_create(rows, batch_size=5000)
    tags = Tag.objects.bulk_create([Tag(name=name.casefold()) for name in TAGS], ignore_conflicts=True)
    tags = list(Tag.objects.filter(name__in=[t.casefold() for t in TAGS]))
    through = ProgramParticipant.tags.through
    through.objects.bulk_create(
        (through(programparticipant_id=row.pk, tag_id=tags[i % len(tags)].pk) for i, row in enumerate(rows)),
        batch_size=5000,
    )
    Consent.objects.bulk_create(
        (
            Consent(
                subject=p,
                given_by=p,
                organization=program.organization,
                kind="processing",
                scope="ФИО",
                given_on=datetime.date(2025, 9, 1),
            )
            for p in mentees[::2]
        ),
        batch_size=5000,
    )
    pairs = Pair.objects.bulk_create(
        (Pair(program=program, form=form, mentor=m, started_on=datetime.date(2025, 10, 1)) for m in mentors),
        batch_size=5000,
    )
    Pair.mentees.through.objects.bulk_create(
        (Pair.mentees.through(pair_id=pair.pk, person_id=mentees[i].pk) for i, pair in enumerate(pairs)),
        batch_size=5000,
    )


def _time_page(client, url: str, repeats: int = 5) -> tuple[float, int]:
    timings, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    return statistics.median(timings) * 1000, queries


def bench_program_lists(people: int = 200_000) -> None:
    """The list pages of a program whose bases hold ``people`` persons: page time and query count."""
    from django.urls import reverse

    from nastavnik.programs.services import program_create

    school, curator, coordinator = _district()
    program = program_create(organization=school, academic_year="2024/2025", title=f"Списки {people}")
    started = time.perf_counter()
    _fill_bases(program, people)
    fill_s = time.perf_counter() - started
    figures = {}
    client = Client()
    client.force_login(curator)
    pages = {
        "program": reverse("programs:program-detail", args=[program.pk]),
        "mentees": reverse("programs:base-list", args=[program.pk, "mentees"]),
        "mentees_last": reverse("programs:base-list", args=[program.pk, "mentees"]) + "?page=last",
        "mentees_tag": reverse("programs:base-list", args=[program.pk, "mentees"]) + "?tag=шахматы",
        "mentors": reverse("programs:base-list", args=[program.pk, "mentors"]),
        "pairs": reverse("programs:pair-list", args=[program.pk]),
        # The pair form offers a page of each base; a search narrows it, «только свободные» filters.
        "pair_create": reverse("programs:pair-create", args=[program.pk]),
        "pair_search": reverse("programs:pair-create", args=[program.pk])
        + "?mentor_q=иванов&mentee_q=петров+12&free=on",
    }
    for name, url in pages.items():
        ms, queries = _time_page(client, url)
        figures[f"{name}_ms"] = round(ms, 1)
        figures[f"{name}_q"] = queries
    figures["pair_create_kb"] = round(len(client.get(pages["pair_create"]).content) / 1024, 1)
    client.force_login(coordinator)
    ms, queries = _time_page(client, reverse("programs:municipal-overview"))
    figures["overview_ms"], figures["overview_q"] = round(ms, 1), queries
    report("program_lists", people=people, **figures, fill_s=round(fill_s, 1), db=connection.vendor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cases", nargs="*", choices=["mentee_base_import", "program_lists", []], default=[])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the imported base of mentees")
    parser.add_argument(
        "--people", type=int, default=200_000, help="people in the bases behind the list pages"
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import")
    args = parser.parse_args()
    cases = args.cases or ["mentee_base_import", "program_lists"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if "mentee_base_import" in cases:
            bench_mentee_base_import(args.rows, profile=args.profile)
        if "program_lists" in cases:
            bench_program_lists(args.people)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
