import random

import pytest

from nastavnik.matching import (
    PEER_FORM,
    Mentee,
    Mentor,
    PinConflict,
    Rules,
    Weights,
    candidate_edges,
    explain,
)
from nastavnik.matching.scoring import score, violation
from nastavnik.matching.text import normalize_terms

from .instances import random_instance

TEACHER = "учитель – ученик"


def mentee(**kw):
    base = {"id": "s", "form": TEACHER, "age": 12, "organization_id": 1, "minor": True}
    base.update(kw)
    return Mentee(**base)


def mentor(**kw):
    base = {
        "id": "t",
        "forms": frozenset({TEACHER}),
        "age": 40,
        "organization_id": 1,
        "admitted_for_minors": True,
    }
    base.update(kw)
    return Mentor(**base)


@pytest.mark.parametrize(
    ("s", "t", "rules", "code"),
    [
        (mentee(has_consent=False), mentor(), Rules(), "consent"),
        (mentee(form=PEER_FORM), mentor(), Rules(), "form"),
        (mentee(), mentor(capacity=0), Rules(), "capacity"),
        (mentee(), mentor(), Rules(banned=frozenset({("s", "t")})), "banned"),
        (mentee(), mentor(), Rules(ended_early=frozenset({("s", "t")})), "ended_early"),
        (mentee(), mentor(organization_id=2), Rules(), "other_organization"),
        (mentee(), mentor(admitted_for_minors=False), Rules(), "minor_admission"),
        (mentee(needs_ovz=True), mentor(), Rules(), "ovz"),
        (
            mentee(form=PEER_FORM, age=12),
            mentor(forms=frozenset({PEER_FORM}), age=16, organization_id=2),
            Rules(allow_cross_organization=True),
            "peer_other_school",
        ),
        (
            mentee(form=PEER_FORM, age=12),
            mentor(forms=frozenset({PEER_FORM}), age=13),
            Rules(min_peer_age_gap=2),
            "peer_age_gap",
        ),
    ],
)
def test_each_hard_constraint(s, t, rules, code):
    assert violation(s, t, rules) == code
    assert candidate_edges([s], [t], Weights(), rules).blocked[0][1] in ({code: 1}, {})


def test_switches_relax_constraints():
    peer_s = mentee(form=PEER_FORM, age=12)
    peer_t = mentor(forms=frozenset({PEER_FORM}), age=16, organization_id=2, admitted_for_minors=False)
    assert (
        violation(peer_s, peer_t, Rules(allow_cross_organization=True, same_school_for_peer_form=False))
        is None
    )
    assert violation(mentee(), mentor(organization_id=2, is_partner_employee=True), Rules()) is None
    assert violation(mentee(), mentor(organization_id=2), Rules(allow_cross_organization=True)) is None
    ended = Rules(ended_early=frozenset({("s", "t")}), allow_ended_early_again=True)
    assert violation(mentee(), mentor(), ended) is None
    assert score(mentee(), mentor(), Weights(), ended) == score(mentee(), mentor(), Weights(), Rules()) - 30
    # ОВЗ: with the switch off an unprepared mentor is allowed, and only the prepared one gets the points
    ovz = mentee(needs_ovz=True)
    relaxed = Rules(ovz_only_prepared_mentors=False)
    assert violation(ovz, mentor(), Rules()) == "ovz" and violation(ovz, mentor(), relaxed) is None
    assert (
        score(ovz, mentor(ovz_ready=True), Weights(), relaxed)
        == score(ovz, mentor(), Weights(), relaxed) + 10
    )
    # a minor peer mentor needs no admission
    assert (
        violation(mentee(form=PEER_FORM, age=12), mentor(forms=frozenset({PEER_FORM}), age=15), Rules())
        is None
    )


def test_explanation_lists_shared_terms_and_sums_to_score():
    s = mentee(
        request_terms=normalize_terms("хочу научиться программированию и робототехнике"),
        formats=frozenset({"онлайн"}),
        choices=("x", "t"),
        desired_mentor_age=(30, 50),
        needs_ovz=True,
    )
    t = mentor(
        terms=normalize_terms("программирование, шахматы"), formats=frozenset({"онлайн"}), ovz_ready=True
    )
    reasons = explain(s, t, Weights(), Rules())
    codes = {r.code: r for r in reasons}
    assert codes["terms"].shared == ("программирован",)
    assert codes["choice"].points == Weights().choice_2
    assert set(codes) == {"form", "terms", "age_band", "format", "same_organization", "ovz", "choice"}
    assert sum(r.points for r in reasons) == score(s, t, Weights(), Rules())
    assert [r.points for r in reasons] == sorted((r.points for r in reasons), reverse=True)


def test_explanations_sum_to_edge_scores_on_random_instances():
    rnd = random.Random(7)
    for _ in range(30):
        mentees, mentors, rules = random_instance(rnd, 8, 6)
        weights = Weights(per_shared_term=rnd.randint(0, 20), time=rnd.randint(-5, 5))
        graph = candidate_edges(mentees, mentors, weights, rules)
        for i, edges in enumerate(graph.edges):
            for s, j in edges:
                assert sum(r.points for r in explain(mentees[i], mentors[j], weights, rules)) == s


def test_index_compares_only_own_school_and_keeps_top_k():
    mentors = [mentor(id=f"t{j}", organization_id=j % 10, terms=frozenset({str(j % 3)})) for j in range(100)]
    mentees = [mentee(id=f"s{i}", organization_id=i % 10, request_terms=frozenset({"0"})) for i in range(50)]
    graph = candidate_edges(mentees, mentors, Weights(), Rules(max_candidates_per_mentee=4))
    assert graph.pairs_checked == 50 * 10  # never all 5000 pairs
    assert graph.truncated == 50
    for i, edges in enumerate(graph.edges):
        assert len(edges) == 4
        assert all(mentors[j].organization_id == mentees[i].organization_id for _, j in edges)
        assert edges == sorted(edges, key=lambda e: (-e[0], e[1]))


def test_weights_round_trip_and_integers():
    w = Weights(base=3)
    assert Weights.from_dict(w.to_dict() | {"unknown": 1}) == w
    with pytest.raises(TypeError):
        Weights(base=1.5)


def test_pin_conflicts():
    with pytest.raises(PinConflict):
        candidate_edges([mentee()], [mentor()], Weights(), Rules(pinned=frozenset({("s", "nobody")})))
    with pytest.raises(PinConflict, match="ОВЗ"):
        candidate_edges(
            [mentee(needs_ovz=True)], [mentor()], Weights(), Rules(pinned=frozenset({("s", "t")}))
        )
    two = [mentee(id="a"), mentee(id="b")]
    with pytest.raises(PinConflict, match="мест"):
        candidate_edges(two, [mentor()], Weights(), Rules(pinned=frozenset({("a", "t"), ("b", "t")})))
