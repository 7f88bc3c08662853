#!/usr/bin/env python3
"""Benchmarks of Наставник. Each case ends with one line: ``BENCH <name> key=value ...``.

Runs against a throwaway test database (SQLite by default, or the server in ``DATABASE_URL``);
nothing touches the development database. Cases are registered in ``CASES``; run a subset with
``scripts/bench.py NAME...``.
"""

from __future__ import annotations

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


def bench_digital_base_list(organizations: int = 500) -> None:
    """The coordinator's list of organisations, with heads and curators, for a large municipality."""
    from nastavnik.organizations.models import Municipality, Organization, Region, RoleAssignment
    from nastavnik.people.models import Person, User

    region = Region.objects.create(name="Бенчмарк-регион")
    municipality = Municipality.objects.create(region=region, name="Бенчмарк-район")
    orgs = Organization.objects.bulk_create(
        Organization(municipality=municipality, name=f"Школа {i}", pupils_total=500, pupils_10_18=300)
        for i in range(organizations)
    )
    people = Person.objects.bulk_create(
        Person(last_name=f"Фамилия{i}", first_name="Имя") for i in range(organizations * 2)
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(person=people[i], role="head", organization=o) for i, o in enumerate(orgs)]
        + [
            RoleAssignment(person=people[organizations + i], role="curator", organization=o)
            for i, o in enumerate(orgs)
        ]
    )
    coordinator = User.objects.create(
        username="bench-coordinator", person=Person.objects.create(last_name="К", first_name="К")
    )
    RoleAssignment.objects.create(
        person=coordinator.person, role="municipal_coordinator", municipality=municipality
    )
    client = Client()
    client.force_login(coordinator)
    timings = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/organizations/")
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    report(
        "digital_base_list",
        organizations=organizations,
        median_ms=round(statistics.median(timings) * 1000, 1),
        queries=len(queries.captured_queries),
        db=connection.vendor,
    )


def bench_organization_import(rows: int = 1000) -> None:
    """Preview and commit of an organisations XLSX."""
    import io

    from openpyxl import Workbook

    from nastavnik.organizations.imports import organization_import_commit, organization_import_preview
    from nastavnik.organizations.models import Municipality, Region

    region, _ = Region.objects.get_or_create(name="Бенчмарк-регион")
    municipality = Municipality.objects.create(region=region, name="Район загрузки")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Наименование", "ИНН", "Тип", "Обучающихся всего", "10-18 лет"])
    for i in range(rows):
        sheet.append([f"МБОУ «Школа {i}»", f"{5000000000 + i}", "общеобразовательная", 400, 200])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    started = time.perf_counter()
    preview = organization_import_preview(data=data, filename="bench.xlsx", municipality=municipality)
    preview_s = time.perf_counter() - started
    assert preview.ok, preview.errors[:3]
    started = time.perf_counter()
    organization_import_commit(data=data, filename="bench.xlsx", municipality=municipality, user=None)
    commit_s = time.perf_counter() - started
    report(
        "organization_import",
        rows=rows,
        preview_s=round(preview_s, 2),
        commit_s=round(commit_s, 2),
        db=connection.vendor,
    )


CASES = {
    "digital_base_list": bench_digital_base_list,
    "organization_import": bench_organization_import,
}


def main(names: list[str]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for name in names or list(CASES):
            CASES[name]()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
