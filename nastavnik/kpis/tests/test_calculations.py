import datetime

import pytest

from nastavnik.kpis import calculations as calc
from nastavnik.kpis.calculations import Light, Ratio


def test_it_computes_a_share_in_percent_with_one_decimal():
    assert calc.share(1, 3) == 33.3
    assert calc.share(2, 3) == 66.7
    assert calc.share(0, 5) == 0.0


def test_it_has_no_share_without_a_denominator():
    assert calc.share(3, 0) is None
    assert Ratio(0, 0).percent is None


def test_it_rolls_up_by_summing_numerators_and_denominators_not_averaging_shares():
    small, large = Ratio(5, 10), Ratio(10, 1000)
    total = calc.roll_up([small, large])
    assert total == Ratio(15, 1010)
    assert total.percent == 1.5  # the mean of the shares would be 25.5
    assert calc.roll_up([]) == Ratio(0, 0)


def test_it_takes_ages_on_the_first_of_september():
    start = calc.academic_year_start("2020/2021")
    assert start == datetime.date(2020, 9, 1)
    born_after, born_by = calc.birth_date_range(start, 10, 18)
    assert (born_after, born_by) == (datetime.date(2001, 9, 1), datetime.date(2010, 9, 1))
    assert calc.in_age_band(datetime.date(2010, 9, 1), start, (10, 18))  # tenth birthday that day
    assert not calc.in_age_band(datetime.date(2010, 9, 2), start, (10, 18))
    assert calc.in_age_band(datetime.date(2001, 9, 2), start, (10, 18))  # 18, the day before turning 19
    assert not calc.in_age_band(datetime.date(2001, 9, 1), start, (10, 18))
    assert not calc.in_age_band(None, start, (10, 18))


def test_the_date_range_and_the_age_agree_on_every_day_of_a_leap_year():
    start = datetime.date(2020, 9, 1)
    born_after, born_by = calc.birth_date_range(start, 15, 18)
    day = datetime.date(2000, 1, 1)
    while day < datetime.date(2007, 1, 1):
        assert (born_after < day <= born_by) == (15 <= calc.age_on(day, start) <= 18), day
        day += datetime.timedelta(days=1)


def test_it_refuses_a_malformed_academic_year():
    with pytest.raises(ValueError, match="2020/2021"):
        calc.academic_year_start("прошлый год")


def test_it_recognises_young_teachers_by_experience_or_by_the_year_teaching_began():
    year = "2020/2021"
    assert calc.is_young_teacher(experience_years=3, teaching_since=None, academic_year=year)
    assert not calc.is_young_teacher(experience_years=4, teaching_since=2020, academic_year=year)
    assert calc.is_young_teacher(experience_years=None, teaching_since=2017, academic_year=year)
    assert not calc.is_young_teacher(experience_years=None, teaching_since=2016, academic_year=year)
    assert not calc.is_young_teacher(experience_years=None, teaching_since=None, academic_year=year)


@pytest.mark.parametrize(
    ("value", "target", "light"),
    [
        (70.0, 70.0, Light.ACHIEVED),
        (85.0, 70.0, Light.ACHIEVED),
        (63.0, 70.0, Light.CLOSE),
        (62.9, 70.0, Light.BEHIND),
        (0.7, 10.0, Light.BEHIND),
        (0.0, 0.0, Light.ACHIEVED),
        (None, 70.0, Light.NO_DATA),
        (50.0, None, Light.NO_TARGET),
    ],
)
def test_it_lights_the_value_against_the_target(value, target, light):
    assert calc.traffic_light(value, target) == light


def test_the_lights_are_words():
    assert [Light(value).label for value in ("achieved", "close", "behind")] == [
        "достигнуто",
        "близко",
        "отстаёт",
    ]


def test_it_lists_academic_years():
    assert calc.academic_years_between("2019/2020", "2021/2022") == ["2019/2020", "2020/2021", "2021/2022"]
    assert calc.current_academic_year(datetime.date(2024, 8, 31)) == "2023/2024"
    assert calc.current_academic_year(datetime.date(2024, 9, 1)) == "2024/2025"
