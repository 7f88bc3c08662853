import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nastavnik.matching import Mentee, Mentor, Objective, Rules, Weights, candidate_edges, greedy, solve
from nastavnik.matching.scoring import score, violation
from nastavnik.matching.solver import greedy_graph, solve_graph

from .instances import random_instance
from .reference import brute_force, lp_optimum

OBJECTIVES = st.sampled_from(list(Objective))
FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _with_pins(rnd, mentees, mentors, rules):
    """Pin a few feasible pairs, within capacity."""
    seats = {t.id: t.capacity for t in mentors}
    pins = set()
    for s in mentees:
        if rnd.random() < 0.3:
            for t in mentors:
                if seats[t.id] > 0 and violation(s, t, rules) is None:
                    pins.add((s.id, t.id))
                    seats[t.id] -= 1
                    break
    return Rules(**{**rules.__dict__, "pinned": frozenset(pins)})


def _check_constraints_independently(s: Mentee, t: Mentor, rules: Rules):
    assert s.has_consent
    assert s.form in t.forms
    assert (s.id, t.id) not in rules.banned
    assert rules.allow_ended_early_again or (s.id, t.id) not in rules.ended_early
    peer = s.form in rules.peer_forms
    if s.organization_id != t.organization_id:
        assert not (peer and rules.same_school_for_peer_form)
        assert rules.allow_cross_organization or (rules.allow_partner_mentors and t.is_partner_employee)
    if peer:
        assert t.age - s.age >= rules.min_peer_age_gap
    if s.minor and (t.age is None or t.age >= 18):
        assert t.admitted_for_minors
    if s.needs_ovz and rules.ovz_only_prepared_mentors:
        assert t.ovz_ready


@FAST
@given(st.randoms(use_true_random=False), st.integers(0, 12), st.integers(0, 8), OBJECTIVES)
def test_properties_on_random_instances(rnd, n_mentees, n_mentors, objective):
    mentees, mentors, rules = random_instance(rnd, n_mentees, n_mentors)
    rules = _with_pins(rnd, mentees, mentors, rules)
    weights = Weights()
    result = solve(mentees, mentors, weights, rules, objective)
    by_id_s = {s.id: s for s in mentees}
    by_id_t = {t.id: t for t in mentors}
    load = result.load()
    assert all(load[t] <= by_id_t[t].capacity for t in load)
    for pair in result.pairs:
        s, t = by_id_s[pair.mentee_id], by_id_t[pair.mentor_id]
        _check_constraints_independently(s, t, rules)
        assert pair.score == score(s, t, weights, rules) == sum(r.points for r in result.explain(s.id))
    assert set(rules.pinned) <= {(p.mentee_id, p.mentor_id) for p in result.pairs}
    assert {(p.mentee_id, p.mentor_id) for p in result.pairs}.isdisjoint(rules.banned)
    assert len(result.pairs) + len(result.unmatched) == len(mentees)
    assert result.total_score == sum(p.score for p in result.pairs)
    again = solve(list(mentees), list(mentors), weights, rules, objective)
    assert again.pairs == result.pairs and again.unmatched == result.unmatched
    base = greedy(mentees, mentors, weights, rules, objective)
    if objective is Objective.MAX_SCORE:
        assert base.total_score <= result.total_score
    else:
        assert (base.matched, base.total_score) <= (result.matched, result.total_score)


@FAST
@given(st.randoms(use_true_random=False), st.integers(0, 6), st.integers(0, 3), OBJECTIVES)
def test_optimal_against_brute_force(rnd, n_mentees, n_mentors, objective):
    mentees, mentors, rules = random_instance(rnd, n_mentees, n_mentors)
    rules = _with_pins(rnd, mentees, mentors, rules)
    weights = Weights(ended_early=rnd.choice((-30, -100)), time=rnd.randint(-20, 5))
    graph = candidate_edges(mentees, mentors, weights, rules)
    result = solve_graph(graph, objective)
    matched, total = brute_force(graph, objective)
    pinned_score = sum(p.score for p in result.pairs if p.pinned)
    assert result.total_score == total + pinned_score
    if objective is Objective.MAX_MATCHED_THEN_SCORE:
        assert result.matched == matched


def test_optimal_against_linear_programming_on_medium_instances():
    rnd = random.Random(3)
    for objective in Objective:
        for _ in range(5):
            mentees, mentors, rules = random_instance(rnd, 120, 30)
            graph = candidate_edges(mentees, mentors, Weights(), rules)
            result = solve_graph(graph, objective)
            value = result.total_score
            if objective is Objective.MAX_MATCHED_THEN_SCORE:
                from .reference import _bonus

                value += result.matched * _bonus(graph)
            assert value == lp_optimum(graph, objective)
            assert greedy_graph(graph, objective).total_score <= result.total_score or (
                objective is Objective.MAX_MATCHED_THEN_SCORE
            )


def test_against_scipy_if_installed():
    optimize = pytest.importorskip("scipy.optimize")
    import numpy as np

    rnd = random.Random(5)
    mentees, mentors, rules = random_instance(rnd, 40, 20)
    graph = candidate_edges(mentees, mentors, Weights(), rules)
    slots = [j for j, t in enumerate(mentors) for _ in range(max(0, t.capacity))]
    matrix = np.zeros((len(mentees), len(slots) + len(mentees)))
    for i, edges in enumerate(graph.edges):
        for s, j in edges:
            for col, jj in enumerate(slots):
                if jj == j:
                    matrix[i, col] = max(s, 0)
    rows, cols = optimize.linear_sum_assignment(matrix, maximize=True)
    assert solve_graph(graph).total_score == int(matrix[rows, cols].sum())


def test_lexicographic_objective_matches_more():
    # s1 loves t1 (choice), s2 can only take t1: max score leaves s2 out only if that is worth more
    t1 = Mentor("t1", frozenset({"f"}), age=40, organization_id=1, capacity=1, admitted_for_minors=True)
    t2 = Mentor("t2", frozenset({"f"}), age=40, organization_id=1, capacity=1, admitted_for_minors=True)
    s1 = Mentee("s1", "f", 12, 1, choices=("t1",))
    s2 = Mentee("s2", "f", 12, 1)
    rules = Rules(banned=frozenset({("s2", "t2")}))
    best_score = solve([s1, s2], [t1, t2], Weights(), rules, Objective.MAX_SCORE)
    most = solve([s1, s2], [t1, t2], Weights(), rules, Objective.MAX_MATCHED_THEN_SCORE)
    assert best_score.assignments == {"s1": "t1"}
    assert most.assignments == {"s1": "t2", "s2": "t1"}
    assert [u.code for u in best_score.unmatched] == ["all_full"]


def test_unmatched_reasons():
    t = Mentor("t", frozenset({"f"}), age=40, organization_id=1, capacity=1, admitted_for_minors=False)
    mentees = [
        Mentee("no_consent", "f", 12, 1, has_consent=False),
        Mentee("other_form", "g", 12, 1),
        Mentee("other_school", "f", 12, 2),
        Mentee("minor", "f", 12, 1),
        Mentee("adult1", "f", 30, 1, minor=False, choices=("t",)),
        Mentee("adult2", "f", 30, 1, minor=False),
    ]
    result = solve(mentees, [t])
    reasons = {u.mentee_id: u for u in result.unmatched}
    assert result.assignments == {"adult1": "t"}
    assert reasons["no_consent"].code == "no_consent"
    assert reasons["other_form"].code == "no_mentor_in_form"
    assert reasons["other_school"].code == "no_mentor_in_reach"
    assert reasons["minor"].code == "constraints" and reasons["minor"].counts == {"minor_admission": 1}
    assert "допуска" in reasons["minor"].text
    assert reasons["adult2"].code == "all_full"


def test_empty_inputs():
    assert solve([], []).matched == 0
    assert greedy([], []).total_score == 0


def test_all_full_is_explained_by_the_objective_that_left_the_mentee_out():
    """With «as many pairs as possible» the mentee is not left out for a higher total score."""
    t = Mentor("t", frozenset({"f"}), age=40, organization_id=1, capacity=1, admitted_for_minors=True)
    mentees = [Mentee("a", "f", 12, 1, choices=("t",)), Mentee("b", "f", 12, 1)]
    by_score = solve(mentees, [t], objective=Objective.MAX_SCORE).unmatched[0]
    by_count = solve(mentees, [t], objective=Objective.MAX_MATCHED_THEN_SCORE).unmatched[0]
    assert by_score.code == by_count.code == "all_full"
    assert "больший общий балл" in by_score.text
    assert "балл" not in by_count.text and "не хватает" in by_count.text
