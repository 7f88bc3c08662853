"""Benchmark of matching (issue 5): synthetic regional instances, exact min-cost flow vs a greedy baseline.

Usage: .venv/bin/python scripts/bench_matching.py [--sizes 1000,10000,100000] [--seed 1]
Each size runs in its own subprocess, so peak memory (ru_maxrss) is that of the size alone. Timed: scoring
(candidate graph) and solving; the synthetic data and its text normalisation are prepared beforehand.
The optimality check solves the same candidate graph by linear programming (OR-Tools GLOP; the b-matching
polytope is integral) where it fits (≤ 10,000 mentees), else "n/a".
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(run_one(args.one, args.seed), flush=True)
        return 0
    status = 0
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        proc = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--one", str(n), "--seed", str(args.seed)],
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
