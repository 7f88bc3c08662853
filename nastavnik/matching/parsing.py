"""Free-text fields of the bases → the structured inputs of matching (pure functions, no Django).

Curators type «пн, ср после уроков», «по выходным утром», «12–14 лет», «5–7 класс»: these parsers keep
what can be read with confidence and return nothing otherwise (no points rather than wrong points).
"""

from __future__ import annotations

import re

from nastavnik.matching.text import normalize_terms

DAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
PARTS = ("утро", "день", "вечер")
DAY_NAMES = {"пн": "понедельник", "вт": "вторник", "ср": "среда", "чт": "четверг", "пт": "пятница"}
DAY_NAMES |= {"сб": "суббота", "вс": "воскресенье"}

_DAY_WORDS = (
    ("понедельн", ("пн",)),
    ("вторник", ("вт",)),
    ("сред", ("ср",)),
    ("четверг", ("чт",)),
    ("пятниц", ("пт",)),
    ("суббот", ("сб",)),
    ("воскресен", ("вс",)),
    ("будн", DAYS[:5]),
    ("выходн", DAYS[5:]),
    ("ежедневн", DAYS),
)
_PART_WORDS = (
    ("утр", "утро"),
    ("днем", "день"),
    ("дневн", "день"),
    ("обед", "день"),
    ("урок", "день"),  # «после уроков»
    ("вечер", "вечер"),
)
_TOKEN = re.compile(r"[а-яa-z]+")


def time_slots(text: str | None) -> frozenset[str]:
    """Slots «пн-вечер» a person named; days without a part of the day mean the whole day and a part of
    the day without days means every day. Nothing recognisable gives an empty set."""
    if not text:
        return frozenset()
    days: set[str] = set()
    parts: set[str] = set()
    for token in _TOKEN.findall(text.lower().replace("ё", "е")):
        if token in DAYS:
            days.add(token)
            continue
        for stem, found in _DAY_WORDS:
            if token.startswith(stem):
                days.update(found)
                break
        else:
            for stem, part in _PART_WORDS:
                if token.startswith(stem):
                    parts.add(part)
                    break
    if not days and not parts:
        return frozenset()
    days = days or set(DAYS)
    parts = parts or set(PARTS)
    return frozenset(f"{day}-{part}" for day in days for part in parts)


def slot_label(slot: str) -> str:
    day, _, part = slot.partition("-")
    return f"{day} {part}"


_RANGE = re.compile(r"(\d{1,2})\s*(?:-|–|—|до|по)\s*(\d{1,2})")
_FROM = re.compile(r"(?:от|с)\s*(\d{1,2})|(\d{1,2})\s*\+")
_TO = re.compile(r"до\s*(\d{1,2})")
_ONE = re.compile(r"(\d{1,2})")


def age_band(text: str | None) -> tuple[int, int] | None:
    """The inclusive age band of «12–14 лет», «от 10 до 12», «10+», «до 14», «13 лет» or «5–7 класс»
    (grade g means ages g+6 to g+7); ``None`` when nothing can be read."""
    if not text:
        return None
    text = text.lower()
    grades = "класс" in text
    low = high = None
    match = _RANGE.search(text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
    else:
        start = _FROM.search(text)
        end = _TO.search(text)
        if start:
            low = int(start.group(1) or start.group(2))
        if end:
            high = int(end.group(1))
        if low is None and high is None:
            one = _ONE.search(text)
            if one is None:
                return None
            low = high = int(one.group(1))
    if grades:
        low = None if low is None else low + 6
        high = None if high is None else high + 7
    low = 0 if low is None else low
    high = 99 if high is None else high
    if low > high:
        low, high = high, low
    return (low, high)


#: The base's meeting format → the formats matching compares.
FORMATS = {
    "online": frozenset({"онлайн"}),
    "in_person": frozenset({"очно"}),
    "mixed": frozenset({"онлайн", "очно"}),
}


def meeting_formats(value: str) -> frozenset[str]:
    return FORMATS.get(value or "", frozenset())


def terms_of(*texts: str, tags: list[str] = ()) -> frozenset[str]:
    """Normalised terms of several free texts and tag names together."""
    out: set[str] = set()
    for text in (*texts, *tags):
        out |= normalize_terms(text)
    return frozenset(out)


_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


def highlight_spans(text: str, terms) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_shared) so the words whose term is in ``terms`` can be marked up."""
    from nastavnik.matching.text import stem

    terms = set(terms)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(text or ""):
        word = match.group(0)
        shared = len(word) >= 3 and stem(word) in terms
        if shared:
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((word, True))
            position = match.end()
    if position < len(text or ""):
        pieces.append((text[position:], False))
    return pieces
