"""Exact assignment by min-cost flow (OR-Tools ``SimpleMinCostFlow``) and a greedy baseline.

Network: source → each free mentee (capacity 1) → each candidate mentor (capacity 1, cost ``C − score``) →
sink (capacity = free seats), and mentee → "unassigned" (cost ``C``) → sink, so the flow is always feasible.
Every mentee sends exactly one unit, hence adding ``C`` (the largest edge weight) to all of its arcs keeps
costs non-negative without changing the optimum. ``MAX_MATCHED_THEN_SCORE`` adds a per-match bonus ``B``
larger than any possible difference in total score, so the count of matches is maximised first. Pinned pairs
are assigned beforehand and their seats taken off the mentor's capacity. Node and arc order follows the
input order, so the same input always gives the same output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from .model import Mentee, Mentor, Objective, PinConflict, Rules, Weights
from .scoring import CONSTRAINT_TEXTS, CandidateGraph, Reason, candidate_edges, explain

__all__ = ["MatchResult", "Pair", "PinConflict", "Unmatched", "greedy", "solve", "solve_graph"]


@dataclass(frozen=True, slots=True)
class Pair:
    mentee_id: object
    mentor_id: object
    score: int
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class Unmatched:
    mentee_id: object
    code: str  # no_consent, no_mentor_in_form, no_mentor_in_reach, constraints, all_full, low_score
    text: str
    counts: dict = field(default_factory=dict)  # constraint code → mentors excluded by it


@dataclass
class MatchResult:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    total_score: int
    objective: Objective
    method: str
    graph: CandidateGraph

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def assignments(self) -> dict:
        return {p.mentee_id: p.mentor_id for p in self.pairs}

    def load(self) -> dict:
        out: dict = {}
        for p in self.pairs:
            out[p.mentor_id] = out.get(p.mentor_id, 0) + 1
        return out

    def explain(self, mentee_id, mentor_id=None) -> list[Reason]:
        """Reasons of a proposed (or any feasible) pair; they sum to its score."""
        g = self.graph
        mentee = next(m for m in g.mentees if m.id == mentee_id)
        mentor_id = self.assignments[mentee_id] if mentor_id is None else mentor_id
        mentor = next(m for m in g.mentors if m.id == mentor_id)
        return explain(mentee, mentor, g.weights, g.rules)


def _unmatched(graph: CandidateGraph, i: int, objective: Objective) -> Unmatched:
    mentee = graph.mentees[i]
    if i in graph.blocked:
        code, counts = graph.blocked[i]
        if code == "no_consent":
            text = "Нет согласия на участие: наставляемый не включается в подбор"
        elif code == "no_mentor_in_form":
            text = f"Нет ни одного наставника в форме «{mentee.form}»"
        elif code == "no_mentor_in_reach":
            text = f"В организации нет наставников формы «{mentee.form}», а межорганизационный подбор не разрешён"
        else:
            parts = [
                f"{CONSTRAINT_TEXTS[c]} — {n}"
                for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            text = "Все наставники формы исключены ограничениями: " + "; ".join(parts)
        return Unmatched(mentee.id, code, text, dict(counts))
    edges = graph.edges[i]
    if objective is Objective.MAX_SCORE and all(s <= 0 for s, _ in edges):
        return Unmatched(mentee.id, "low_score", "У всех подходящих наставников балл не выше нуля")
    if objective is Objective.MAX_MATCHED_THEN_SCORE:
        # Seats went to mentees who have no other mentor: giving one to this mentee would not add a pair.
        text = (
            f"Все подходящие наставники ({len(edges)}) заняты: их мест не хватает на всех, "
            "а больше пар при этих наставниках не составить"
        )
    else:
        text = f"Все подходящие наставники ({len(edges)}) заняты: их места дают больший общий балл"
    return Unmatched(mentee.id, "all_full", text)


def _result(graph, chosen: dict[int, tuple[int, int]], objective, method) -> MatchResult:
    pinned = {i for i, _ in graph.pinned}
    pairs = []
    for i, j in graph.pinned:
        mentee, mentor = graph.mentees[i], graph.mentors[j]
        chosen[i] = (j, sum(r.points for r in explain(mentee, mentor, graph.weights, graph.rules)))
    for i in sorted(chosen):
        j, s = chosen[i]
        pairs.append(Pair(graph.mentees[i].id, graph.mentors[j].id, s, i in pinned))
    unmatched = [_unmatched(graph, i, objective) for i in range(len(graph.mentees)) if i not in chosen]
    return MatchResult(pairs, unmatched, sum(p.score for p in pairs), objective, method, graph)


def _free_seats(graph: CandidateGraph) -> list[int]:
    seats = [max(0, m.capacity) for m in graph.mentors]
    for _, j in graph.pinned:
        seats[j] -= 1
    return seats


def _usable(edges, objective):
    if objective is Objective.MAX_SCORE:
        return [e for e in edges if e[0] > 0]  # a non-positive edge never beats leaving the mentee free
    return edges


def solve_graph(graph: CandidateGraph, objective: Objective = Objective.MAX_SCORE) -> MatchResult:
    seats = _free_seats(graph)
    rows = []  # (mentee index, its usable edges)
    for i, edges in enumerate(graph.edges):
        usable = _usable(edges, objective)
        if usable:
            rows.append((i, usable))
    chosen: dict[int, tuple[int, int]] = {}
    if rows:
        m, k = len(rows), len(graph.mentors)
        counts = np.fromiter((len(e) for _, e in rows), dtype=np.int64, count=m)
        n_edges = int(counts.sum())
        flat = [e for _, edges in rows for e in edges]
        scores = np.fromiter((s for s, _ in flat), dtype=np.int64, count=n_edges)
        mentor_of = np.fromiter((j for _, j in flat), dtype=np.int64, count=n_edges)
        weight = scores.copy()
        if objective is Objective.MAX_MATCHED_THEN_SCORE:
            firsts = np.cumsum(counts) - counts
            best = np.maximum.reduceat(scores, firsts)
            worst = np.minimum.reduceat(scores, firsts)
            bonus = int(np.maximum(best, 0).sum() + np.maximum(-worst, 0).sum()) + 1
            weight += bonus
        c = int(max(weight.max(), 0))
        source, unassigned, sink = 0, m + k + 1, m + k + 2
        mentee_nodes = np.arange(1, m + 1, dtype=np.int64)
        mentor_nodes = np.arange(m + 1, m + k + 1, dtype=np.int64)
        tails = np.concatenate(
            [np.repeat(mentee_nodes, counts), mentee_nodes, np.zeros(m, np.int64), mentor_nodes, [unassigned]]
        )
        heads = np.concatenate(
            [mentor_nodes[mentor_of], np.full(m, unassigned), mentee_nodes, np.full(k, sink), [sink]]
        )
        caps = np.concatenate(
            [np.ones(n_edges, np.int64), np.ones(2 * m, np.int64), np.asarray(seats, np.int64), [m]]
        )
        costs = np.concatenate([c - weight, np.full(m, c), np.zeros(m + k + 1, np.int64)])
        flow = min_cost_flow.SimpleMinCostFlow()
        arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        flow.set_node_supply(source, m)
        flow.set_node_supply(sink, -m)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        used = np.nonzero(flow.flows(arcs[:n_edges]))[0]
        row_of_edge = np.repeat(np.arange(m), counts)
        for e in used.tolist():
            chosen[rows[row_of_edge[e]][0]] = (int(mentor_of[e]), int(scores[e]))
    return _result(graph, chosen, objective, "min_cost_flow")


def greedy_graph(graph: CandidateGraph, objective: Objective = Objective.MAX_SCORE) -> MatchResult:
    """Baseline: take edges best first while the mentee is free and the mentor has a seat."""
    seats = _free_seats(graph)
    flat = [(-s, i, j) for i, edges in enumerate(graph.edges) for s, j in _usable(edges, objective)]
    flat.sort()
    chosen: dict[int, tuple[int, int]] = {}
    for neg, i, j in flat:
        if i not in chosen and seats[j] > 0:
            seats[j] -= 1
            chosen[i] = (j, -neg)
    return _result(graph, chosen, objective, "greedy")


def solve(
    mentees: list[Mentee],
    mentors: list[Mentor],
    weights: Weights | None = None,
    rules: Rules | None = None,
    objective: Objective = Objective.MAX_SCORE,
) -> MatchResult:
    """Score, build the candidate graph and solve it exactly."""
    return solve_graph(candidate_edges(mentees, mentors, weights, rules), objective)


def greedy(
    mentees: list[Mentee],
    mentors: list[Mentor],
    weights: Weights | None = None,
    rules: Rules | None = None,
    objective: Objective = Objective.MAX_SCORE,
) -> MatchResult:
    return greedy_graph(candidate_edges(mentees, mentors, weights, rules), objective)
