from nastavnik.expertise.scoring import CriterionSpec, expert_total, mean, rank

CRITERIA = [CriterionSpec(1, weight=2, max_score=5), CriterionSpec(2, weight=1, max_score=10)]


def test_an_experts_total_is_the_weighted_share_of_the_maximum():
    # (2 × 4 + 1 × 5) / (2 × 5 + 1 × 10) = 13 / 20
    assert expert_total(CRITERIA, {1: 4, 2: 5}) == 65.0
    assert expert_total(CRITERIA, {1: 5, 2: 10}) == 100.0
    assert expert_total(CRITERIA, {1: 0, 2: 0}) == 0.0


def test_there_is_no_total_until_every_criterion_is_scored():
    assert expert_total(CRITERIA, {1: 4}) is None
    assert expert_total(CRITERIA, {1: 4, 2: None}) is None


def test_the_programs_score_is_the_mean_of_its_experts():
    assert mean([65.0, 80.0, None]) == 72.5
    assert mean([]) is None


def test_the_ranking_puts_the_best_first_shares_places_and_leaves_the_unscored_last():
    ranked = rank([("a", 70.0), ("b", None), ("c", 90.0), ("d", 70.0)])
    assert ranked == [(1, "c", 90.0), (2, "a", 70.0), (2, "d", 70.0), (None, "b", None)]
