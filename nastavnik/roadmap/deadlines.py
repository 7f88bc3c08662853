"""Разбор сроков «дорожной карты», записанных свободным русским текстом.

Pure Python (no Django). :func:`parse_deadline` turns strings such as «Июнь-июль 2020 года»,
«До 1 сентября 2020 года», «04.08.2020» or «В течение 2020/2021 учебного года» into a
period of dates. The grammar is deliberately strict: every word of the text must be
understood, a year must be written, and anything else is returned as not recognised so
that a person sets the dates by hand. Nothing is ever guessed from today's date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

__all__ = ["Deadline", "parse_deadline"]

NO_DEADLINE_NOTE = "срок не указан"
UNRECOGNIZED_NOTE = "не удалось распознать срок: укажите даты вручную"


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline: the period ``start``..``end`` (both inclusive)."""

    text: str  # the text as written (stripped)
    start: date | None  # first day of the period
    end: date | None  # last day (the deadline itself)
    recognized: bool  # False => a person must set dates; start/end are None then
    note: str = ""  # short Russian explanation


# --- vocabulary -------------------------------------------------------------------------

_MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def _month_forms(nominative: str) -> tuple[str, ...]:
    """Nominative, genitive, prepositional, dative and instrumental forms of a month."""
    if nominative[-1] in "ьй":
        stem = nominative[:-1]
        return (nominative, stem + "я", stem + "е", stem + "ю", stem + "ем")
    return (nominative, nominative + "а", nominative + "е", nominative + "у", nominative + "ом")


_MONTH_FORMS: dict[str, int] = {
    form: number for number, name in enumerate(_MONTHS, 1) for form in _month_forms(name)
}
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "янв": 1,
    "фев": 2,
    "февр": 2,
    "мар": 3,
    "апр": 4,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "сент": 9,
    "окт": 10,
    "ноя": 11,
    "нояб": 11,
    "дек": 12,
}
# Only forms of at least four letters take part in fuzzy matching («мая» is too short).
_FUZZY_FORMS: dict[str, int] = {form: n for form, n in _MONTH_FORMS.items() if len(form) >= 4}

# Named days: key (words after «день») -> (title, month, day).
_NAMED_DAYS: dict[str, tuple[str, int, int]] = {
    "знаний": ("День знаний", 9, 1),
    "учителя": ("День учителя", 10, 5),
    "защиты детей": ("День защиты детей", 6, 1),
    "победы": ("День Победы", 5, 9),
    "народного единства": ("День народного единства", 11, 4),
    "российской науки": ("День российской науки", 2, 8),
    "защитника отечества": ("День защитника Отечества", 2, 23),
}

# Words that carry no information for the period («в течение 2021 года», «2020 г.»).
_NOISE = frozenset(
    {"в", "во", "на", "течение", "течении", "протяжении", "срок", "срока", "сроки"}
    | {"г", "гг", "год", "года", "году", "годы", "годов"}
)
_KEYWORDS = {"до": "до", "по": "по", "к": "до", "ко": "до", "с": "с", "со": "с"}
_KEYWORDS |= {"конца": "конец", "концу": "конец"}
_NOT_MONTHS = ("декад",)  # real words too close to a month to be read as a typo («декаде» ~ «декабре»)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_LABEL = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ORDINAL_RE = re.compile(
    r"(перв|втор|трет|четверт)(?:ый|ий|ое|ье|ая|ья|ого|ьего|ом|ьем|ой|ьей|ому|ьему|ую|ью)"
)
_ORDINAL_STEMS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}

_DASHES_RE = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_EMPTY_RE = re.compile(r"[\s.\-]*")
_ORDINAL_SUFFIX_RE = re.compile(r"\b(\d{1,2})-?(?:й|ый|ий|ой|е|ое|ее|я|ая|го|ого|м|ом|му|ому)\b")
_NOT_LATER_RE = re.compile(r"\bне\s+(?:позднее|позже)\b")


def _named_day_pattern() -> str:
    keys = sorted(_NAMED_DAYS, key=len, reverse=True)
    alternatives = "|".join(key.replace(" ", r"\s+") for key in keys)
    return rf"\bд(?:ень|ня|ню|нем|не)\s+(?P<named>{alternatives})\b"


_TOKEN_RE = re.compile(
    rf"""
    {_named_day_pattern()}
    | (?P<date>\b\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}})(?!\d))
    | (?P<num>\d+)
    | (?P<word>[a-zа-я]+)
    | (?P<dash>-)
    | (?P<slash>/)
    | (?P<skip>[\s.,;:!?()«»"'…]+)
    | (?P<other>.)
    """,
    re.VERBOSE,
)


# --- tokens -----------------------------------------------------------------------------


class _Unreadable(Exception):
    """The text cannot be read unambiguously; ``reason`` (Russian) says why, if known."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Token:
    kind: str  # num | date | month | named | kw | acad | quarter | half | dash | slash | word
    value: int | str | date | None = None
    raw: str = ""

    def is_day(self) -> bool:
        return self.kind == "num" and self.raw.isdigit() and len(self.raw) <= 2 and 1 <= int(self.raw) <= 31

    def is_year(self) -> bool:
        return (
            self.kind == "num" and self.raw.isdigit() and len(self.raw) == 4 and 1900 <= int(self.raw) <= 2100
        )

    def is_separator(self) -> bool:
        return self.kind == "dash" or (self.kind == "kw" and self.value in ("по", "до"))


def _distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _fuzzy_month(word: str) -> int | None:
    """The month a misspelt word clearly stands for («иголь» -> 7), or None.

    The word must have at least four letters, start with the same letter as the month,
    be within edit distance 1 (four letters) or 2 (longer) of one of its forms, and be
    strictly closer to that month than to any other.
    """
    if len(word) < 4:
        return None
    limit = 1 if len(word) == 4 else 2
    closest: dict[int, int] = {}
    for form, month in _FUZZY_FORMS.items():
        if form[0] == word[0]:
            distance = _distance(word, form)
            closest[month] = min(closest.get(month, distance), distance)
    ranked = sorted(closest.items(), key=lambda item: item[1])
    if not ranked or ranked[0][1] > limit:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def _word_token(word: str, corrections: list[str]) -> _Token | None:
    """Classify one word; None for noise."""
    if word in _NOISE:
        return None
    if word in _KEYWORDS:
        return _Token("kw", _KEYWORDS[word], word)
    if word == "уч" or word.startswith("учебн"):
        return _Token("acad", raw=word)
    if word == "кв" or word.startswith("квартал"):
        return _Token("quarter", raw=word)
    if word.startswith("полугоди"):
        return _Token("half", raw=word)
    if word in _ROMAN:
        return _Token("num", _ROMAN[word], word)
    if match := _ORDINAL_RE.fullmatch(word):
        number = _ORDINAL_STEMS[match.group(1)]
        return _Token("num", number, str(number))
    month = _MONTH_FORMS.get(word) or _MONTH_ABBREVIATIONS.get(word)
    if month is None and not word.startswith(_NOT_MONTHS) and (month := _fuzzy_month(word)) is not None:
        corrections.append(f"«{word}» прочитано как «{_MONTHS[month - 1]}»")
    if month is not None:
        return _Token("month", month, word)
    return _Token("word", word, word)


def _normalize(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u0456", "i").replace("\xa0", " ")
    text = _DASHES_RE.sub("-", text)
    text = _ORDINAL_SUFFIX_RE.sub(r"\1", text)
    return _NOT_LATER_RE.sub("до", text)


def _dotted_date(raw: str) -> date:
    day, month, year = (int(part) for part in raw.split("."))
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unreadable(f"некорректная дата {raw}") from None


def _tokenize(text: str, corrections: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN_RE.finditer(_normalize(text)):
        kind = match.lastgroup
        raw = match.group(kind or 0)
        token: _Token | None
        if kind == "named":
            token = _Token("named", re.sub(r"\s+", " ", raw), raw)
        elif kind == "date":
            token = _Token("date", _dotted_date(raw), raw)
        elif kind == "num":
            token = _Token("num", int(raw), raw)
        elif kind == "word":
            token = _word_token(raw, corrections)
        elif kind in ("dash", "slash"):
            token = _Token(kind, raw=raw)
        elif kind == "skip":
            token = None
        else:
            token = _Token("word", raw, raw)
        if token is not None:
            tokens.append(token)
    return tokens


# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """One written period; ``year`` (and ``month`` of a bare day) may still be missing."""

    kind: str  # day | month | year | quarter | half | acad | named
    year: int | None = None
    month: int | None = None
    day: int | None = None
    part: int = 0  # number of the quarter or half-year
    name: str = ""  # key of a named day

    def bounds(self) -> tuple[date, date]:
        year = self.year
        if year is None:
            raise _Unreadable("не указан год")
        try:
            if self.kind in ("day", "named"):
                assert self.month is not None and self.day is not None
                return date(year, self.month, self.day), date(year, self.month, self.day)
            if self.kind == "month":
                assert self.month is not None
                return date(year, self.month, 1), _month_end(year, self.month)
            if self.kind == "quarter":
                return date(year, 3 * self.part - 2, 1), _month_end(year, 3 * self.part)
            if self.kind == "half":
                return date(year, 6 * self.part - 5, 1), _month_end(year, 6 * self.part)
            if self.kind == "acad":
                return date(year, 9, 1), date(year + 1, 8, 31)
            return date(year, 1, 1), date(year, 12, 31)
        except ValueError:
            raise _Unreadable("некорректная дата") from None

    def label(self) -> str:
        if self.kind == "day":
            return f"{self.day:02d}.{self.month:02d}.{self.year}"
        if self.kind == "named":
            return f"{_NAMED_DAYS[self.name][0]} {self.day:02d}.{self.month:02d}.{self.year}"
        if self.kind == "month":
            assert self.month is not None
            return f"{_MONTHS[self.month - 1]} {self.year}"
        if self.kind == "quarter":
            return f"{_ROMAN_LABEL[self.part]} квартал {self.year}"
        if self.kind == "half":
            return f"{_ROMAN_LABEL[self.part]} полугодие {self.year}"
        if self.kind == "acad":
            assert self.year is not None
            return f"учебный год {self.year}/{self.year + 1}"
        return f"{self.year} год"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class _Parser:
    """Recursive descent over the tokens; the whole text must be consumed."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, ahead: int = 0) -> _Token | None:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def kind_at(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.kind if token else ""

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise _Unreadable()
        self.pos += 1
        return token

    def at_keyword(self, *values: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "kw" and token.value in values

    def expect_end(self) -> None:
        if self.peek() is not None:
            raise _Unreadable()

    def optional_year(self) -> int | None:
        token = self.peek()
        if token is not None and token.is_year():
            self.pos += 1
            return int(token.raw)
        return None

    def parse(self) -> tuple[date | None, date, str]:
        """Whole text -> (start, end, note)."""
        if not self.tokens:
            raise _Unreadable("не указан год")
        if self.at_keyword("до", "по"):
            self.pos += 1
            to_end = self.at_keyword("конец")
            if to_end:
                self.pos += 1
            spec = self.spec()
            self.expect_end()
            if not to_end and spec.kind not in ("day", "named"):
                raise _Unreadable("«до» перед месяцем или годом неоднозначно")
            end = spec.bounds()[1]
            note = f"не позднее {end:%d.%m.%Y}"
            if spec.kind == "day":
                return None, end, note
            return (
                None,
                end,
                f"{note} ({_NAMED_DAYS[spec.name][0] if spec.kind == 'named' else spec.label()})",
            )
        opened = self.at_keyword("с")
        if opened:
            self.pos += 1
        left = self.spec()
        token = self.peek()
        if token is not None and token.is_separator():
            self.pos += 1
            right = self.spec()
            self.expect_end()
            return _join(left, right)
        if opened:
            raise _Unreadable("указано только начало срока")
        self.expect_end()
        start, end = left.bounds()
        return start, end, left.label()

    def spec(self) -> _Spec:
        """One period, possibly without a year (then inherited in a range)."""
        if self.starts_academic_year():
            return _Spec("acad", year=self.academic_year())
        token = self.take()
        following = self.peek()
        if token.kind == "date":
            assert isinstance(token.value, date)
            return _Spec("day", token.value.year, token.value.month, token.value.day)
        if token.kind == "named":
            assert isinstance(token.value, str)
            _, month, day = _NAMED_DAYS[token.value]
            if following is not None and following.kind == "month":
                if following.value != month:
                    raise _Unreadable("месяц не совпадает с датой праздника")
                self.pos += 1
            return _Spec("named", self.optional_year(), month, day, name=token.value)
        if token.kind == "num" and following is not None and following.kind in ("quarter", "half"):
            self.pos += 1
            assert isinstance(token.value, int)
            if not 1 <= token.value <= (4 if following.kind == "quarter" else 2):
                raise _Unreadable()
            return _Spec(following.kind, self.optional_year(), part=token.value)
        if token.is_day() and following is not None and following.kind == "month":
            self.pos += 1
            assert isinstance(following.value, int)
            return _Spec("day", self.optional_year(), following.value, int(token.raw))
        if token.is_day() and following is not None and following.is_separator():
            return _Spec("day", day=int(token.raw))  # «1-15 сентября 2020»: month and year follow
        if token.kind == "month":
            assert isinstance(token.value, int)
            return _Spec("month", self.optional_year(), token.value)
        if token.is_year():
            return _Spec("year", int(token.raw))
        raise _Unreadable()

    def starts_academic_year(self) -> bool:
        """«уч. год …», «2020/2021 …» or «2020-2021 учебный год» at the current position."""
        first = self.peek()
        if first is None:
            return False
        if first.kind == "acad":
            return True
        return (
            first.is_year()
            and self.kind_at(2) == "num"
            and (self.kind_at(1) == "slash" or (self.kind_at(1) == "dash" and self.kind_at(3) == "acad"))
        )

    def academic_year(self) -> int:
        """«учебного года 2020/21», «2020/2021 уч. г.», «2020-2021 учебный год» -> 2020."""
        leading = self.kind_at() == "acad"
        if leading:
            self.pos += 1
        first = self.peek()
        if first is None or not first.is_year() or self.kind_at(1) not in ("slash", "dash"):
            raise _Unreadable("не указан год")
        self.pos += 2
        second = self.take()
        year = int(first.raw)
        expected = {2: (year + 1) % 100, 4: year + 1}.get(len(second.raw))
        if not second.raw.isdigit() or int(second.raw) != expected:
            raise _Unreadable("учебный год записан с ошибкой")
        if not leading and self.kind_at() == "acad":
            self.pos += 1
        return year


def _join(left: _Spec, right: _Spec) -> tuple[date, date, str]:
    """A range «left – right»; a missing year (and month) of the left side comes from the right.

    When the shared year would make the range run backwards («сентябрь-март 2020»), the
    written year belongs to the start and the end moves to the next year.
    """
    if right.year is None or (right.kind == "day" and right.month is None):
        raise _Unreadable("не указан год")
    shared_month = left.kind == "day" and left.month is None
    if shared_month:
        if right.kind != "day":
            raise _Unreadable()
        left = replace(left, month=right.month)
    shared_year = left.year is None
    if shared_year:
        left = replace(left, year=right.year)
    start = left.bounds()[0]
    end = right.bounds()[1]
    suffix = ""
    if end < start and shared_year and not shared_month:
        right = replace(right, year=right.year + 1)
        end = right.bounds()[1]
        suffix = " (окончание — в следующем году)"
    if end < start:
        raise _Unreadable("окончание раньше начала")
    return start, end, f"{left.label()} – {right.label()}{suffix}"


def parse_deadline(text: str | None, *, today: date | None = None) -> Deadline:
    """Read a deadline written in Russian.

    Empty text means «no deadline» (recognised, no dates). Text that cannot be read
    unambiguously, including any text without a year, is returned with
    ``recognized=False`` and a note asking for the dates to be set by hand.
    ``today`` is reserved for future use and never used to guess a year.
    """
    stripped = (text or "").strip()
    if _EMPTY_RE.fullmatch(_DASHES_RE.sub("-", stripped)):
        return Deadline(stripped, None, None, True, NO_DEADLINE_NOTE)
    corrections: list[str] = []
    try:
        start, end, note = _Parser(_tokenize(stripped, corrections)).parse()
    except _Unreadable as error:
        note = f"{UNRECOGNIZED_NOTE} ({error.reason})" if error.reason else UNRECOGNIZED_NOTE
        return Deadline(stripped, None, None, False, note)
    return Deadline(stripped, start, end, True, "; ".join([note, *corrections]))
