"""Table-driven tests of the Russian deadline parser (pure Python, no Django needed)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from nastavnik.roadmap.deadlines import (
    NO_DEADLINE_NOTE,
    UNRECOGNIZED_NOTE,
    Deadline,
    parse_deadline,
)

D = date

# Every distinct value of the «срок» column of the Chemal district roadmap 2020/2021
# (copied here: the test must not depend on the shared data folder).
CSV_CASES = [
    pytest.param("Июнь-июль 2020 года", D(2020, 6, 1), D(2020, 7, 31), id="csv-jun-jul-2020"),
    pytest.param("15 июля 2020 года", D(2020, 7, 15), D(2020, 7, 15), id="csv-15-jul-2020"),
    pytest.param("20 июля 2020 года", D(2020, 7, 20), D(2020, 7, 20), id="csv-20-jul-2020"),
    pytest.param("август 2020 года", D(2020, 8, 1), D(2020, 8, 31), id="csv-aug-2020-lower"),
    pytest.param("Август 2020 года", D(2020, 8, 1), D(2020, 8, 31), id="csv-aug-2020"),
    pytest.param("04.08.2020", D(2020, 8, 4), D(2020, 8, 4), id="csv-dotted-04.08.2020"),
    pytest.param("10 августа 2020 года", D(2020, 8, 10), D(2020, 8, 10), id="csv-10-aug-2020"),
    pytest.param("Сентябрь-октябрь 2020 года", D(2020, 9, 1), D(2020, 10, 31), id="csv-sep-oct-2020"),
    pytest.param("До 1 сентября 2020 года", None, D(2020, 9, 1), id="csv-by-1-sep-2020"),
    pytest.param("До 1 августа 2020 года", None, D(2020, 8, 1), id="csv-by-1-aug-2020"),
    pytest.param("Сентябрь 2020 года", D(2020, 9, 1), D(2020, 9, 30), id="csv-sep-2020"),
    pytest.param("Сентябрь-март 2020 года", D(2020, 9, 1), D(2021, 3, 31), id="csv-sep-mar-2020-wraps"),
    pytest.param("Октябрь 2020 года", D(2020, 10, 1), D(2020, 10, 31), id="csv-oct-2020"),
    pytest.param(
        "В течение 2020/2021 учебного года", D(2020, 9, 1), D(2021, 8, 31), id="csv-academic-2020-2021"
    ),
    pytest.param("", None, None, id="csv-empty"),
    pytest.param("До 1 ноября 2020 года", None, D(2020, 11, 1), id="csv-by-1-nov-2020"),
    pytest.param("До 1 января 2021 года", None, D(2021, 1, 1), id="csv-by-1-jan-2021"),
    pytest.param("Февраль 2021 года", D(2021, 2, 1), D(2021, 2, 28), id="csv-feb-2021"),
    pytest.param("Апрель-май 2021 года", D(2021, 4, 1), D(2021, 5, 31), id="csv-apr-may-2021"),
    pytest.param("Май 2021 года", D(2021, 5, 1), D(2021, 5, 31), id="csv-may-2021"),
    pytest.param("Сентябрь-октябрь 2021 года", D(2021, 9, 1), D(2021, 10, 31), id="csv-sep-oct-2021"),
    pytest.param(
        "День учителя, октябрь 2021 года", D(2021, 10, 5), D(2021, 10, 5), id="csv-teachers-day-2021"
    ),
]

VARIANT_CASES = [
    # month ranges: dashes, spaces, «по», «с … по …»
    pytest.param("июнь – июль 2020 г.", D(2020, 6, 1), D(2020, 7, 31), id="range-en-dash-spaces"),
    pytest.param("Июнь—июль 2020", D(2020, 6, 1), D(2020, 7, 31), id="range-em-dash"),
    pytest.param("июнь -июль 2020 года.", D(2020, 6, 1), D(2020, 7, 31), id="range-hyphen-trailing-dot"),
    pytest.param("сентябрь по октябрь 2020", D(2020, 9, 1), D(2020, 10, 31), id="range-po"),
    pytest.param("с сентября по декабрь 2020 г.", D(2020, 9, 1), D(2020, 12, 31), id="range-s-po"),
    pytest.param("  ИЮНЬ-ИЮЛЬ   2020  ГОДА ", D(2020, 6, 1), D(2020, 7, 31), id="range-upper-extra-spaces"),
    pytest.param("Ноябрь-февраль 2020 года", D(2020, 11, 1), D(2021, 2, 28), id="range-nov-feb-wraps"),
    pytest.param("Сентябрь 2020 г. – май 2021 г.", D(2020, 9, 1), D(2021, 5, 31), id="range-two-years"),
    pytest.param("с 1 по 15 сентября 2020 года", D(2020, 9, 1), D(2020, 9, 15), id="range-days-shared-month"),
    pytest.param("15 июля - 10 августа 2020", D(2020, 7, 15), D(2020, 8, 10), id="range-days-shared-year"),
    pytest.param("01.09.2020 – 31.05.2021", D(2020, 9, 1), D(2021, 5, 31), id="range-dotted"),
    pytest.param("2020-2021 гг.", D(2020, 1, 1), D(2021, 12, 31), id="range-calendar-years"),
    # typos a person would still read
    pytest.param("Июнь-иголь 2020 года", D(2020, 6, 1), D(2020, 7, 31), id="typo-igol"),
    pytest.param("сетябрь 2020", D(2020, 9, 1), D(2020, 9, 30), id="typo-setyabr"),
    pytest.param("до 1 сентебря 2020 г.", None, D(2020, 9, 1), id="typo-sentebrya"),
    # deadlines
    pytest.param("до 01.09.2020", None, D(2020, 9, 1), id="by-dotted"),
    pytest.param("не позднее 1 сентября 2020", None, D(2020, 9, 1), id="not-later-than"),
    pytest.param("Не позже 1-го сентября 2020 г.", None, D(2020, 9, 1), id="not-later-ordinal-suffix"),
    pytest.param("в срок до 1 сентября 2020 года", None, D(2020, 9, 1), id="in-term-by"),
    pytest.param("по 15 сентября 2020", None, D(2020, 9, 15), id="until-po"),
    pytest.param("до первого сентября 2020 года", None, D(2020, 9, 1), id="by-ordinal-word"),
    pytest.param("до конца 2020 года", None, D(2020, 12, 31), id="by-end-of-year"),
    pytest.param("до конца сентября 2020 г.", None, D(2020, 9, 30), id="by-end-of-month"),
    pytest.param("ко Дню учителя 2021 года", None, D(2021, 10, 5), id="by-teachers-day"),
    # single days
    pytest.param("4.8.2020", D(2020, 8, 4), D(2020, 8, 4), id="day-dotted-short"),
    pytest.param("04.08.20", D(2020, 8, 4), D(2020, 8, 4), id="day-dotted-2-digit-year"),
    pytest.param("04.08.2020 г.", D(2020, 8, 4), D(2020, 8, 4), id="day-dotted-g"),
    pytest.param("15-го июля 2020г.", D(2020, 7, 15), D(2020, 7, 15), id="day-ordinal-glued-g"),
    pytest.param("29 февраля 2020 года", D(2020, 2, 29), D(2020, 2, 29), id="day-leap"),
    # whole months, case forms, abbreviations
    pytest.param("в августе 2020 г.", D(2020, 8, 1), D(2020, 8, 31), id="month-prepositional"),
    pytest.param("август 2020", D(2020, 8, 1), D(2020, 8, 31), id="month-no-god"),
    pytest.param("В мае 2021 года!", D(2021, 5, 1), D(2021, 5, 31), id="month-may-prepositional"),
    pytest.param("сент. 2020", D(2020, 9, 1), D(2020, 9, 30), id="month-abbreviation"),
    pytest.param("в феврале 2024 года", D(2024, 2, 1), D(2024, 2, 29), id="month-leap-february"),
    # academic and calendar years
    pytest.param("2020-2021 учебный год", D(2020, 9, 1), D(2021, 8, 31), id="academic-dash"),
    pytest.param("в течение учебного года 2020/21", D(2020, 9, 1), D(2021, 8, 31), id="academic-2-digit"),
    pytest.param("2020/2021 уч. г.", D(2020, 9, 1), D(2021, 8, 31), id="academic-abbreviated"),
    pytest.param("2020/2021", D(2020, 9, 1), D(2021, 8, 31), id="academic-slash-only"),
    pytest.param("В течение 2021 года", D(2021, 1, 1), D(2021, 12, 31), id="calendar-year"),
    pytest.param("2021 год", D(2021, 1, 1), D(2021, 12, 31), id="calendar-year-bare"),
    # named days
    pytest.param("День знаний 2020", D(2020, 9, 1), D(2020, 9, 1), id="named-knowledge-day"),
    pytest.param("День учителя 2021 г.", D(2021, 10, 5), D(2021, 10, 5), id="named-teachers-day"),
    # quarters and halves
    pytest.param("I квартал 2021 года", D(2021, 1, 1), D(2021, 3, 31), id="quarter-roman"),
    pytest.param("IV кв. 2021", D(2021, 10, 1), D(2021, 12, 31), id="quarter-abbreviated"),
    pytest.param("2-й квартал 2021", D(2021, 4, 1), D(2021, 6, 30), id="quarter-ordinal"),
    pytest.param("1 полугодие 2021", D(2021, 1, 1), D(2021, 6, 30), id="half-first"),
    pytest.param("второе полугодие 2021 г.", D(2021, 7, 1), D(2021, 12, 31), id="half-second-word"),
]

UNRECOGNIZED_CASES = [
    pytest.param("по мере необходимости", id="as-needed"),
    pytest.param("ежегодно", id="yearly"),
    pytest.param("скоро", id="soon"),
    pytest.param("постоянно", id="constantly"),
    pytest.param("в течение года", id="no-year"),
    pytest.param("сентябрь", id="month-without-year"),
    pytest.param("Июнь-июль", id="range-without-year"),
    pytest.param("до 1 сентября", id="by-without-year"),
    pytest.param("День учителя", id="named-without-year"),
    pytest.param("в течение учебного года", id="academic-without-year"),
    pytest.param("ежегодно, сентябрь 2020", id="extra-words"),
    pytest.param("после утверждения дорожной карты 2020 года", id="unrelated-words"),
    pytest.param("карты 2020 года", id="no-fuzzy-other-first-letter"),
    pytest.param("маяк 2020", id="no-fuzzy-short-form"),
    pytest.param("июдь 2020", id="fuzzy-ambiguous-jun-jul"),
    pytest.param("мрт 2020", id="fuzzy-too-short"),
    pytest.param("31.02.2020", id="invalid-date"),
    pytest.param("31 июня 2020", id="invalid-day-of-month"),
    pytest.param("2020/2022 учебный год", id="academic-wrong-years"),
    pytest.param("до сентября 2020", id="by-month-ambiguous"),
    pytest.param("с 1 сентября 2020 года", id="start-only"),
    pytest.param("25-5 сентября 2020", id="days-backwards"),
    pytest.param("май 2021 - сентябрь 2020", id="range-backwards"),
    pytest.param("День учителя, ноябрь 2021", id="named-day-wrong-month"),
    pytest.param("5 квартал 2021", id="quarter-out-of-range"),
    pytest.param("20", id="bare-day-number"),
]


@pytest.mark.parametrize(("text", "start", "end"), CSV_CASES + VARIANT_CASES)
def test_recognized(text: str, start: date | None, end: date | None) -> None:
    result = parse_deadline(text)
    assert (result.start, result.end, result.recognized) == (start, end, True), result.note
    assert result.text == text.strip()
    assert result.note


@pytest.mark.parametrize("text", UNRECOGNIZED_CASES)
def test_unrecognized(text: str) -> None:
    result = parse_deadline(text)
    assert result == Deadline(text.strip(), None, None, False, result.note)
    assert result.note.startswith(UNRECOGNIZED_NOTE)


@pytest.mark.parametrize(
    "text", [None, "", "   ", "—", " - "], ids=["none", "empty", "spaces", "em-dash", "hyphen"]
)
def test_empty_means_no_deadline(text: str | None) -> None:
    assert parse_deadline(text) == Deadline((text or "").strip(), None, None, True, NO_DEADLINE_NOTE)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        pytest.param("В течение 2020/2021 учебного года", "учебный год 2020/2021", id="academic"),
        pytest.param("в течение учебного года 2020/21", "учебный год 2020/2021", id="academic-2-digit"),
        pytest.param("До 1 сентября 2020 года", "не позднее 01.09.2020", id="by-date"),
        pytest.param("15 июля 2020 года", "15.07.2020", id="day"),
        pytest.param("в августе 2020 г.", "август 2020", id="month"),
        pytest.param(
            "Июнь-иголь 2020 года", "июнь 2020 – июль 2020; «иголь» прочитано как «июль»", id="typo"
        ),
        pytest.param(
            "Сентябрь-март 2020 года", "сентябрь 2020 – март 2021 (окончание — в следующем году)", id="wrap"
        ),
        pytest.param("в течение года", f"{UNRECOGNIZED_NOTE} (не указан год)", id="no-year"),
        pytest.param("скоро", UNRECOGNIZED_NOTE, id="unreadable"),
    ],
)
def test_notes(text: str, note: str) -> None:
    assert parse_deadline(text).note == note


def test_today_is_never_used_to_guess_a_year() -> None:
    assert not parse_deadline("сентябрь", today=D(2020, 6, 1)).recognized
    assert parse_deadline("сентябрь 2020", today=D(2030, 1, 1)).end == D(2020, 9, 30)


def test_deadline_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_deadline("август 2020").end = None  # type: ignore[misc]
