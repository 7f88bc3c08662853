"""Pure calculations of the KPIs of the target model of mentoring: no database, no Django models.

Every share is a numerator over a denominator. Rolling up from organisations to a municipality and a
region sums the numerators and the denominators (never averages the shares): a school of 1,000 pupils
weighs more than a school of 50.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Age bands of the methodology (Р-145): mentees 10–18, pupil mentors 15–18; young teachers: 0–3 years.
MENTEE_AGES = (10, 18)
MENTOR_AGES = (15, 18)
YOUNG_TEACHER_MAX_YEARS = 3
#: A value of at least this share of the target (but below it) is «близко»: 63 % against 70 %.
CLOSE_SHARE = 0.9


class Indicator(models.TextChoices):
    MENTEES_10_18 = (
        "mentees_10_18",
        _("Доля обучающихся 10–18 лет, вовлечённых в наставничество как наставляемые"),
    )
    MENTORS_15_18 = "mentors_15_18", _("Доля обучающихся 15–18 лет, ставших наставниками")
    YOUNG_TEACHERS = (
        "young_teachers",
        _("Доля молодых педагогов (стаж 0–3 года), вовлечённых как наставляемые"),
    )
    PARTNERS = "partners", _("Доля организаций-партнёров, предоставивших наставников")
    SATISFACTION = "satisfaction", _("Удовлетворённость участников программ наставничества")


#: Short names for table headings and charts.
SHORT_NAMES = {
    Indicator.MENTEES_10_18: _("Наставляемые 10–18 лет"),
    Indicator.MENTORS_15_18: _("Наставники 15–18 лет"),
    Indicator.YOUNG_TEACHERS: _("Молодые педагоги"),
    Indicator.PARTNERS: _("Партнёры с наставниками"),
    Indicator.SATISFACTION: _("Удовлетворённость"),
}

#: Indicators computed from counts (numerator / denominator) and therefore summed when rolled up.
COUNTED = (Indicator.MENTEES_10_18, Indicator.MENTORS_15_18, Indicator.YOUNG_TEACHERS, Indicator.PARTNERS)


class Light(models.TextChoices):
    """The traffic light against the target, always shown as words, never as colour alone."""

    ACHIEVED = "achieved", _("достигнуто")
    CLOSE = "close", _("близко")
    BEHIND = "behind", _("отстаёт")
    NO_TARGET = "no_target", _("цель не задана")
    NO_DATA = "no_data", _("нет данных")


@dataclass(frozen=True, slots=True)
class Ratio:
    numerator: int = 0
    denominator: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)

    @property
    def percent(self) -> float | None:
        return share(self.numerator, self.denominator)


def share(numerator: int, denominator: int) -> float | None:
    """The share in percent, rounded to one decimal; None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return round(100.0 * numerator / denominator, 1)


def roll_up(ratios: Iterable[Ratio]) -> Ratio:
    """Sum numerators and denominators."""
    total = Ratio()
    for ratio in ratios:
        total = total + ratio
    return total


def academic_year_start(academic_year: str) -> date:
    """1 September of the first year of «2020/2021»; ages are taken on that day."""
    try:
        first = int(academic_year.split("/")[0])
    except (ValueError, IndexError) as error:
        raise ValueError(f"Учебный год «{academic_year}» не в формате 2020/2021.") from error
    return date(first, 9, 1)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def birth_date_range(on: date, min_age: int, max_age: int) -> tuple[date, date]:
    """(born after, born on or before): a person is ``min_age``..``max_age`` full years old on ``on``
    exactly when ``born_after < birth_date <= born_on_or_before``."""
    return _years_before(on, max_age + 1), _years_before(on, min_age)


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def in_age_band(birth_date: date | None, on: date, ages: tuple[int, int]) -> bool:
    return birth_date is not None and ages[0] <= age_on(birth_date, on) <= ages[1]


def is_young_teacher(*, experience_years: int | None, teaching_since: int | None, academic_year: str) -> bool:
    """0–3 years of teaching: the experience written in the base, or else the year teaching began."""
    if experience_years is not None:
        return experience_years <= YOUNG_TEACHER_MAX_YEARS
    if teaching_since is not None:
        return academic_year_start(academic_year).year - teaching_since <= YOUNG_TEACHER_MAX_YEARS
    return False


def traffic_light(value: float | None, target: float | None) -> Light:
    """«достигнуто» at or above the target; «близко» at least ``CLOSE_SHARE`` of it; else «отстаёт»."""
    if value is None:
        return Light.NO_DATA
    if target is None:
        return Light.NO_TARGET
    if value >= target:
        return Light.ACHIEVED
    if value >= target * CLOSE_SHARE:
        return Light.CLOSE
    return Light.BEHIND


def academic_years_between(first: str, last: str) -> list[str]:
    """Every academic year from ``first`` to ``last`` inclusive: «2020/2021», «2021/2022», …"""
    start, end = academic_year_start(first).year, academic_year_start(last).year
    return [f"{year}/{year + 1}" for year in range(start, end + 1)]


def current_academic_year(today: date) -> str:
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}/{first + 1}"
