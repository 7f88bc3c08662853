"""Benchmark of matching (issue 5): synthetic regional instances, exact min-cost flow vs a greedy baseline.

Usage: .venv/bin/python scripts/bench_matching.py [--sizes 1000,10000,100000] [--seed 1]
Each size runs in its own subprocess, so peak memory (ru_maxrss) is that of the size alone. Timed: scoring
(candidate graph) and solving; the synthetic data and its text normalisation are prepared beforehand.
The optimality check solves the same candidate graph by linear programming (OR-Tools GLOP; the b-matching
polytope is integral) where it fits (≤ 10,000 mentees), else "n/a".

``--db 10000`` (the default; ``--db 0`` skips it) adds an end-to-end case on a throwaway test database
(SQLite in memory, or the server in ``DATABASE_URL``): a municipality of 50 schools whose bases hold
10,000 mentees and 2,000 mentors (with consents, tags, choices, free-text times and age bands, open pairs)
is matched by the coordinator through ``services.matching_run``: reading the bases, scoring, solving and
storing the draft are all timed, with the number of SQL queries.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

FORMS = [("ученик – ученик", 0.45), ("учитель – ученик", 0.35), ("студент – ученик", 0.08)]
PARTNER_FORM = "работодатель – ученик"
TOPICS = [
    "программирование",
    "робототехника",
    "математика",
    "физика",
    "химия",
    "биология",
    "история",
    "литература",
    "английский",
    "немецкий",
    "шахматы",
    "театр",
    "музыка",
    "рисование",
    "дизайн",
    "журналистика",
    "экология",
    "астрономия",
    "география",
    "экономика",
    "волейбол",
    "баскетбол",
    "футбол",
    "плавание",
    "туризм",
    "фотография",
    "видеомонтаж",
    "олимпиады",
    "проекты",
    "исследования",
    "психология",
    "профориентация",
    "медицина",
    "инженерия",
    "архитектура",
    "право",
    "предпринимательство",
    "волонтерство",
    "краеведение",
    "кулинария",
]
CASES = ("ию", "ие", "ии", "ия", "ой", "е", "")
FORMATS = ("очно", "онлайн")
TIMES = ("пн", "вт", "ср", "чт", "пт", "сб")


def _phrase(rnd: random.Random, k: int) -> str:
    words = rnd.sample(TOPICS, k)
    return " и ".join(w if rnd.random() < 0.5 else w[:-1] + rnd.choice(CASES) for w in words)


def build(n: int, seed: int):
    from nastavnik.matching import Mentee, Mentor, Rules, normalize_terms

    rnd = random.Random(seed)
    n_schools = max(2, n // 200)
    n_mentors = n // 5
    n_partners = n_mentors // 20
    mentors = []
    for j in range(n_mentors):
        if j < n_partners:
            forms = frozenset({PARTNER_FORM})
            org, age, partner = 10_000 + j % max(1, n_partners // 10), rnd.randint(25, 60), True
        else:
            form = rnd.choices([f for f, _ in FORMS], [w for _, w in FORMS])[0]
            forms = frozenset({form}) if rnd.random() < 0.8 else frozenset({form, "учитель – ученик"})
            org, partner = rnd.randrange(n_schools), False
            age = rnd.randint(13, 17) if form == "ученик – ученик" else rnd.randint(19, 65)
        mentors.append(
            Mentor(
                id=j,
                forms=forms,
                age=age,
                organization_id=org,
                terms=normalize_terms(_phrase(rnd, rnd.randint(2, 6))),
                formats=frozenset(rnd.sample(FORMATS, rnd.randint(1, 2))),
                times=frozenset(rnd.sample(TIMES, rnd.randint(1, 3))),
                capacity=rnd.randint(1, 5),
                ovz_ready=rnd.random() < 0.15,
                admitted_for_minors=age < 18 or rnd.random() < 0.9,
                is_partner_employee=partner,
            )
        )
    by_school: dict = {}
    for t in mentors:
        by_school.setdefault(t.organization_id, []).append(t.id)
    all_forms = [f for f, _ in FORMS] + [PARTNER_FORM]
    form_weights = [w for _, w in FORMS] + [0.12]
    mentees = []
    ended = set()
    for i in range(n):
        school = rnd.randrange(n_schools)
        age = rnd.randint(10, 17)
        local = by_school.get(school, [])
        choices = tuple(rnd.sample(local, min(len(local), rnd.randint(1, 3)))) if rnd.random() < 0.3 else ()
        if local and rnd.random() < 0.01:
            ended.add((i, rnd.choice(local)))
        mentees.append(
            Mentee(
                id=i,
                form=rnd.choices(all_forms, form_weights)[0],
                age=age,
                organization_id=school,
                request_terms=normalize_terms(_phrase(rnd, rnd.randint(1, 3))),
                formats=frozenset(rnd.sample(FORMATS, rnd.randint(1, 2))),
                times=frozenset(rnd.sample(TIMES, rnd.randint(1, 3))),
                needs_ovz=rnd.random() < 0.03,
                choices=choices,
                minor=True,
                has_consent=rnd.random() < 0.97,
                desired_mentor_age=rnd.choice((None, (14, 18), (20, 35), (30, 60))),
            )
        )
    return mentees, mentors, Rules(ended_early=frozenset(ended))


def run_one(n: int, seed: int) -> str:
    from nastavnik.matching import Objective, Weights, candidate_edges
    from nastavnik.matching.solver import greedy_graph, solve_graph

    mentees, mentors, rules = build(n, seed)
    start = time.perf_counter()
    graph = candidate_edges(mentees, mentors, Weights(), rules)
    scored = time.perf_counter()
    result = solve_graph(graph, Objective.MAX_SCORE)
    end = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    base = greedy_graph(graph, Objective.MAX_SCORE)
    check = "n/a"
    if n <= 10_000:
        sys.path.insert(0, os.path.join(ROOT, "nastavnik", "matching", "tests"))
        from reference import lp_optimum

        check = "ok" if lp_optimum(graph, Objective.MAX_SCORE) == result.total_score else "MISMATCH"
    return (
        f"BENCH matching_{n} mentees={n} mentors={len(mentors)} seconds={end - start:.2f} "
        f"scoring_s={scored - start:.2f} solve_s={end - scored:.2f} peak_mb={peak_mb:.0f} "
        f"edges={graph.n_edges} truncated={graph.truncated} score={result.total_score} "
        f"matched={result.matched} greedy_score={base.total_score} greedy_matched={base.matched} "
        f"optimal_check={check}"
    )


DAYS_TEXT = ("пн", "вт", "ср", "чт", "пт", "по выходным", "в будни")
PARTS_TEXT = ("утром", "после уроков", "вечером", "")


def run_db(n: int, seed: int) -> str:
    """End to end on a database: the coordinator's run over 50 schools with ``n`` mentees."""
    import datetime

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return _run_db(n, seed, datetime, connection, CaptureQueriesContext)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run_db(n, seed, datetime, connection, CaptureQueriesContext) -> str:
    from django.utils import timezone

    from nastavnik.matching import services
    from nastavnik.matching.models import MenteeChoice
    from nastavnik.organizations.models import Municipality, Organization, Region
    from nastavnik.people.models import LegalRepresentation, Person
    from nastavnik.programs.models import Consent, MentoringForm, Pair, Program, ProgramParticipant, Tag

    rnd = random.Random(seed)
    today = timezone.localdate()
    prep = time.perf_counter()
    region = Region.objects.create(name="Бенчмарк-регион")
    municipality = Municipality.objects.create(region=region, name="Бенчмарк-район")
    schools = Organization.objects.bulk_create(
        Organization(municipality=municipality, name=f"Школа {i}") for i in range(50)
    )
    peer = MentoringForm.objects.get(name="ученик – ученик")
    teacher = MentoringForm.objects.get(name="учитель – ученик")
    programs = Program.objects.bulk_create(
        Program(organization=o, academic_year="2025/2026", title="Программа") for o in schools
    )
    tags = Tag.objects.bulk_create(Tag(name=t) for t in TOPICS[:20])
    n_mentors = n // 5

    def birth(age: int) -> datetime.date:
        return today.replace(year=today.year - age) - datetime.timedelta(days=rnd.randint(1, 300))

    def when() -> str:
        return f"{rnd.choice(DAYS_TEXT)} {rnd.choice(PARTS_TEXT)}"

    mentor_people = Person.objects.bulk_create(
        Person(last_name=f"Наставник{j}", first_name="И", birth_date=None) for j in range(n_mentors)
    )
    mentee_people = Person.objects.bulk_create(
        Person(last_name=f"Ученик{i}", first_name="И", birth_date=birth(rnd.randint(10, 14)))
        for i in range(n)
    )
    parents = Person.objects.bulk_create(Person(last_name=f"Родитель{i}", first_name="И") for i in range(n))
    LegalRepresentation.objects.bulk_create(
        LegalRepresentation(child=c, representative=p) for c, p in zip(mentee_people, parents, strict=True)
    )
    mentor_rows = []
    for j, person in enumerate(mentor_people):
        is_peer = rnd.random() < 0.4
        person.birth_date = birth(rnd.randint(15, 17) if is_peer else rnd.randint(22, 60))
        mentor_rows.append(
            ProgramParticipant(
                program=programs[j % len(programs)],
                person=person,
                role="mentor",
                form=peer if is_peer else teacher,
                competences=_phrase(rnd, rnd.randint(2, 5)),
                interests=_phrase(rnd, rnd.randint(1, 2)),
                desired_mentee_age=rnd.choice(("", "10–12 лет", "12–14 лет", "от 11")),
                meeting_time_place=when(),
                meeting_format=rnd.choice(("online", "in_person", "mixed")),
                capacity=rnd.randint(1, 5),
                ready_for_special_needs=rnd.random() < 0.15,
                minors_admission_confirmed_on=today if rnd.random() < 0.95 else None,
            )
        )
    Person.objects.bulk_update(mentor_people, ["birth_date"], batch_size=2000)
    mentee_rows = [
        ProgramParticipant(
            program=programs[i % len(programs)],
            person=person,
            role="mentee",
            form=peer if rnd.random() < 0.4 else teacher,
            request=_phrase(rnd, rnd.randint(1, 3)),
            meeting_time_place=when(),
            meeting_format=rnd.choice(("online", "in_person", "mixed")),
            special_needs=rnd.random() < 0.03,
        )
        for i, person in enumerate(mentee_people)
    ]
    ProgramParticipant.objects.bulk_create(mentor_rows + mentee_rows, batch_size=2000)
    Through = ProgramParticipant.tags.through
    Through.objects.bulk_create(
        [
            Through(programparticipant_id=p.pk, tag_id=rnd.choice(tags).pk)
            for p in mentor_rows + mentee_rows
            if rnd.random() < 0.3
        ],
        batch_size=5000,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                subject=c,
                given_by=p,
                organization_id=row.program.organization_id,
                kind="processing",
                scope="наставничество",
                given_on=today - datetime.timedelta(days=30),
            )
            for c, p, row in zip(mentee_people, parents, mentee_rows, strict=True)
            if rnd.random() < 0.97
        ],
        batch_size=5000,
    )
    by_program: dict = {}
    for row in mentor_rows:
        by_program.setdefault(row.program_id, []).append(row)
    choices = []
    for row in mentee_rows:
        if rnd.random() < 0.3:
            for rank, mentor in enumerate(rnd.sample(by_program[row.program_id], rnd.randint(1, 3)), start=1):
                choices.append(MenteeChoice(mentee=row, mentor=mentor, rank=rank))
    MenteeChoice.objects.bulk_create(choices, batch_size=5000)
    # A few open pairs take seats already.
    for row in mentor_rows[:100]:
        pair = Pair.objects.create(program=row.program, form=row.form, mentor=row.person, started_on=today)
        pair.mentees.add(mentee_people[mentor_rows.index(row) * 7])
    prepared = time.perf_counter() - prep

    start = time.perf_counter()
    inputs = services.build_inputs(programs)
    read_s = time.perf_counter() - start
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        run = services.matching_run(
            municipality=municipality, organizations=schools, academic_year="2025/2026"
        )
        seconds = time.perf_counter() - start
    from nastavnik.matching.selectors import run_review

    with CaptureQueriesContext(connection) as review_queries:
        start = time.perf_counter()
        run_review(run, page=1, unmatched_page=1)
        review_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"BENCH matching_db_{n} mentees={len(inputs.mentees)} mentors={len(inputs.mentors)} "
        f"seconds={seconds:.2f} read_s={read_s:.2f} solve_and_store_s={seconds - read_s:.2f} "
        f"run_compute_s={run.seconds:.2f} queries={len(queries.captured_queries)} peak_mb={peak_mb:.0f} "
        f"matched={run.matched} unmatched={run.unmatched} score={run.total_score} "
        f"review_page_s={review_s:.2f} review_queries={len(review_queries.captured_queries)} "
        f"database={connection.vendor} prepare_s={prepared:.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=int, default=10_000, help="mentees of the end-to-end case (0: skip)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-db", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(run_one(args.one, args.seed), flush=True)
        return 0
    if args.one_db:
        print(run_db(args.one_db, args.seed), flush=True)
        return 0
    status = 0
    runs = [("--one", int(s)) for s in args.sizes.split(",") if s.strip()]
    if args.db:
        runs.append(("--one-db", args.db))
    for flag, n in runs:
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), flag, str(n), "--seed", str(args.seed)],
            capture_output=True,
            text=True,
        )
        sys.stdout.write(proc.stdout)
        if proc.returncode:
            sys.stderr.write(proc.stderr)
            status = proc.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
