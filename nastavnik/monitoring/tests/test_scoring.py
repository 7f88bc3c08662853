"""The pure calculations, on hand-computed data."""

import math

import pytest

from nastavnik.monitoring import scoring


def test_it_summarizes_a_scale_with_mean_spread_and_distribution():
    summary = scoring.summarize_scale([2, 4, 4, 4, 5, 5, 7, 9])
    assert summary.n == 8
    assert summary.mean == 5
    # sample standard deviation: sum of squares 32 over 7
    assert summary.stdev == pytest.approx(math.sqrt(32 / 7))
    assert (summary.minimum, summary.maximum) == (2, 9)
    assert summary.distribution == [0, 1, 0, 3, 2, 0, 1, 0, 1, 0]
    assert summary.percent == pytest.approx((5 - 1) / 9 * 100)


def test_it_refuses_a_rating_outside_the_scale():
    with pytest.raises(ValueError):
        scoring.summarize_scale([0, 5])


def test_an_empty_scale_has_no_mean():
    summary = scoring.summarize_scale([])
    assert (summary.n, summary.mean, summary.stdev, summary.percent) == (0, None, None, None)
    assert scoring.summarize_scale([7]).stdev == 0


def test_it_counts_single_and_multiple_choices_by_respondent():
    options = [(1, "учёба"), (2, "экзамены"), (3, "профориентация")]
    summary = scoring.summarize_choices(options, [[1], [1, 2], [], [2, 3], [1]])
    assert summary.n == 4  # the empty selection did not answer
    assert [(line.text, line.count) for line in summary.lines] == [
        ("учёба", 3),
        ("экзамены", 2),
        ("профориентация", 1),
    ]
    assert [line.share for line in summary.lines] == [75, 50, 25]
    assert scoring.summarize_choices(options, []).lines[0].share is None


def test_it_gives_the_share_of_yes():
    summary = scoring.summarize_yes_no([1, 0, 1, 1])
    assert (summary.n, summary.yes, summary.no, summary.yes_share) == (4, 3, 1, 75)
    assert scoring.summarize_yes_no([]).yes_share is None


def test_it_lists_texts_without_blanks():
    assert scoring.summarize_texts(["  хорошо ", "", "   ", "полезно"]) == ["хорошо", "полезно"]


def test_satisfaction_counts_a_scale_as_percent_and_yes_as_hundred():
    assert scoring.scale_to_percent(1) == 0 and scoring.scale_to_percent(10) == 100
    assert scoring.satisfaction_index(scale_values=[10, 4], yes_no_values=[0]) == pytest.approx(
        (100 + 100 / 3 + 0) / 3
    )
    assert scoring.satisfaction_index() is None
    assert scoring.satisfaction_from_sums(scale_sum=14, scale_n=2, yes_sum=0, yes_n=1) == pytest.approx(
        scoring.satisfaction_index(scale_values=[10, 4], yes_no_values=[0])
    )


def test_growth_on_a_hand_computed_set():
    # Three people rated «motivation» and «confidence» before and after; Петров skipped confidence at the
    # end and Сидоров joined only at the end: both are left out of that item.
    before = {
        ("ivanov", "motivation"): 3,
        ("petrov", "motivation"): 5,
        ("smirnov", "motivation"): 6,
        ("ivanov", "confidence"): 4,
        ("petrov", "confidence"): 2,
    }
    after = {
        ("ivanov", "motivation"): 7,  # +4
        ("petrov", "motivation"): 6,  # +1
        ("smirnov", "motivation"): 5,  # -1
        ("ivanov", "confidence"): 4,  # 0
        ("sidorov", "confidence"): 9,
    }
    lines = scoring.growth_lines(before, after)
    assert [(line.participant, line.key, line.delta) for line in lines] == [
        ("ivanov", "confidence", 0),
        ("ivanov", "motivation", 4),
        ("petrov", "motivation", 1),
        ("smirnov", "motivation", -1),
    ]
    summaries = scoring.summarize_growth(lines)
    motivation = summaries["motivation"]
    assert motivation.n == 3
    assert motivation.mean_before == pytest.approx(14 / 3)
    assert motivation.mean_after == pytest.approx(6)
    assert motivation.mean_delta == pytest.approx(4 / 3)
    # deltas 4, 1, -1: mean 4/3, squares (8/3)^2 + (1/3)^2 + (7/3)^2 = 114/9, over n - 1 = 2
    assert motivation.stdev_delta == pytest.approx(math.sqrt(114 / 18))
    assert (motivation.improved, motivation.unchanged, motivation.declined) == (2, 0, 1)
    assert summaries["confidence"].n == 1 and summaries["confidence"].stdev_delta == 0


def test_process_figures_share_and_meetings_per_pair():
    figures = scoring.ProcessFigures(pairs=4, completed=3, ended_early=1, meetings=10)
    assert figures.completed_share == 75 and figures.meetings_per_pair == 2.5
    empty = scoring.ProcessFigures(pairs=0, completed=0, ended_early=0, meetings=0)
    assert empty.completed_share is None and empty.meetings_per_pair is None
