"""Independent reference solvers for the tests and the benchmark."""

from __future__ import annotations

import itertools

from nastavnik.matching import Objective
from nastavnik.matching.scoring import CandidateGraph


def _bonus(graph: CandidateGraph) -> int:
    total = 0
    for edges in graph.edges:
        if edges:
            total += max(0, max(s for s, _ in edges)) + max(0, -min(s for s, _ in edges))
    return total + 1


def brute_force(graph: CandidateGraph, objective: Objective) -> tuple[int, int]:
    """(matched, score) of the best assignment over the candidate graph, by enumerating all of them."""
    seats = [m.capacity for m in graph.mentors]
    for _, j in graph.pinned:
        seats[j] -= 1
    options = [[None] + [(s, j) for s, j in edges] for edges in graph.edges]
    best = None
    for combo in itertools.product(*options):
        load: dict[int, int] = {}
        ok = True
        for choice in combo:
            if choice is not None:
                load[choice[1]] = load.get(choice[1], 0) + 1
                if load[choice[1]] > seats[choice[1]]:
                    ok = False
                    break
        if not ok:
            continue
        matched = sum(c is not None for c in combo)
        score = sum(c[0] for c in combo if c is not None)
        key = (matched, score) if objective is Objective.MAX_MATCHED_THEN_SCORE else (score, -matched)
        if best is None or key > best[0]:
            best = (key, matched, score)
    return best[1] + len(graph.pinned), best[2]


def lp_optimum(graph: CandidateGraph, objective: Objective) -> int:
    """Objective value by linear programming (GLOP); the b-matching polytope is integral."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    bonus = _bonus(graph) if objective is Objective.MAX_MATCHED_THEN_SCORE else 0
    seats = [m.capacity for m in graph.mentors]
    for _, j in graph.pinned:
        seats[j] -= 1
    by_mentor: dict[int, list] = {}
    terms = []
    for edges in graph.edges:
        row = []
        for s, j in edges:
            x = solver.NumVar(0, 1, "")
            row.append(x)
            by_mentor.setdefault(j, []).append(x)
            terms.append((s + bonus, x))
        if row:
            solver.Add(solver.Sum(row) <= 1)
    for j, xs in by_mentor.items():
        solver.Add(solver.Sum(xs) <= seats[j])
    objective_expr = solver.Sum([c * x for c, x in terms]) if terms else 0
    solver.Maximize(objective_expr)
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return round(solver.Objective().Value()) if terms else 0
