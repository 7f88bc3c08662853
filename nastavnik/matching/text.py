"""Russian free text → a set of normalised terms.

Backends, first available wins: pymorphy3 (lemmas), snowballstemmer (Russian Snowball), else the built-in
light Porter stemmer below (the Snowball Russian algorithm, without the R2 subtleties of rare endings), so
«программированию» and «программирование» both become «программирован».
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[0-9a-zа-я]+")
STOPWORDS = frozenset(
    [
        "и",
        "в",
        "во",
        "не",
        "что",
        "он",
        "на",
        "я",
        "с",
        "со",
        "как",
        "а",
        "то",
        "все",
        "она",
        "так",
        "его",
        "но",
        "да",
        "ты",
        "к",
        "у",
        "же",
        "вы",
        "за",
        "бы",
        "по",
        "только",
        "ее",
        "мне",
        "было",
        "вот",
        "от",
        "меня",
        "еще",
        "нет",
        "о",
        "из",
        "ему",
        "теперь",
        "когда",
        "даже",
        "ну",
        "вдруг",
        "ли",
        "если",
        "уже",
        "или",
        "ни",
        "быть",
        "был",
        "него",
        "до",
        "вас",
        "нибудь",
        "опять",
        "уж",
        "вам",
        "ведь",
        "там",
        "потом",
        "себя",
        "ничего",
        "ей",
        "может",
        "они",
        "тут",
        "где",
        "есть",
        "надо",
        "ней",
        "для",
        "мы",
        "тебя",
        "их",
        "чем",
        "была",
        "сам",
        "чтоб",
        "без",
        "будто",
        "чего",
        "раз",
        "тоже",
        "себе",
        "под",
        "будет",
        "ж",
        "тогда",
        "кто",
        "этот",
        "того",
        "потому",
        "этого",
        "какой",
        "совсем",
        "ним",
        "здесь",
        "этом",
        "один",
        "почти",
        "мой",
        "тем",
        "чтобы",
        "нее",
        "сейчас",
        "были",
        "куда",
        "зачем",
        "всех",
        "никогда",
        "можно",
        "при",
        "наконец",
        "два",
        "об",
        "другой",
        "хоть",
        "после",
        "над",
        "больше",
        "тот",
        "через",
        "эти",
        "нас",
        "про",
        "всего",
        "них",
        "какая",
        "много",
        "разве",
        "три",
        "эту",
        "моя",
        "впрочем",
        "хорошо",
        "свою",
        "этой",
        "перед",
        "иногда",
        "лучше",
        "чуть",
        "том",
        "нельзя",
        "такой",
        "им",
        "более",
        "всегда",
        "конечно",
        "всю",
        "между",
        "хочу",
        "хочется",
        "хотел",
        "хотела",
    ]
)

_VOWELS = set("аеиоуыэюя")
_PERFECTIVE_1 = ("вшись", "вши", "в")  # preceded by а/я
_PERFECTIVE_2 = ("ившись", "ывшись", "ивши", "ывши", "ив", "ыв")
_REFLEXIVE = ("ся", "сь")
_ADJECTIVE = tuple(
    sorted(
        [
            "ее",
            "ие",
            "ые",
            "ое",
            "ими",
            "ыми",
            "ей",
            "ий",
            "ый",
            "ой",
            "ем",
            "им",
            "ым",
            "ом",
            "его",
            "ого",
            "ему",
            "ому",
            "их",
            "ых",
            "ую",
            "юю",
            "ая",
            "яя",
            "ою",
            "ею",
        ],
        key=len,
        reverse=True,
    )
)
_PARTICIPLE_1 = ("ем", "нн", "вш", "ющ", "щ")  # preceded by а/я
_PARTICIPLE_2 = ("ивш", "ывш", "ующ")
_VERB_1 = tuple(
    sorted(
        [
            "ла",
            "на",
            "ете",
            "йте",
            "ли",
            "й",
            "л",
            "ем",
            "н",
            "ло",
            "но",
            "ет",
            "ют",
            "ны",
            "ть",
            "ешь",
            "нно",
        ],
        key=len,
        reverse=True,
    )
)  # preceded by а/я
_VERB_2 = tuple(
    sorted(
        [
            "ила",
            "ыла",
            "ена",
            "ейте",
            "уйте",
            "ите",
            "или",
            "ыли",
            "ей",
            "уй",
            "ил",
            "ыл",
            "им",
            "ым",
            "ен",
            "ило",
            "ыло",
            "ено",
            "ят",
            "ует",
            "уют",
            "ит",
            "ыт",
            "ены",
            "ить",
            "ыть",
            "ишь",
            "ую",
            "ю",
        ],
        key=len,
        reverse=True,
    )
)
_NOUN = tuple(
    sorted(
        [
            "а",
            "ев",
            "ов",
            "ие",
            "ье",
            "е",
            "иями",
            "ями",
            "ами",
            "еи",
            "ии",
            "и",
            "ией",
            "ей",
            "ой",
            "ий",
            "й",
            "иям",
            "ям",
            "ием",
            "ем",
            "ам",
            "ом",
            "о",
            "у",
            "ах",
            "иях",
            "ях",
            "ы",
            "ь",
            "ию",
            "ью",
            "ю",
            "ия",
            "ья",
            "я",
        ],
        key=len,
        reverse=True,
    )
)
_DERIVATIONAL = ("ость", "ост")
_SUPERLATIVE = ("ейше", "ейш")


def _regions(word: str) -> tuple[int, int]:
    """Start of RV (after the first vowel) and of R2 (Snowball definitions)."""
    rv = len(word)
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            rv = i + 1
            break

    def next_region(start: int) -> int:
        for i in range(start + 1, len(word)):
            if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
                return i + 1
        return len(word)

    r1 = next_region(0)
    return rv, next_region(r1)


def _strip(rv: str, endings: tuple[str, ...], preceded_by_a: bool = False) -> str | None:
    for ending in endings:
        if rv.endswith(ending):
            head = rv[: -len(ending)]
            if preceded_by_a:
                if head.endswith(("а", "я")):
                    return head
                continue
            return head
    return None


def porter_ru(word: str) -> str:
    """Light Russian Snowball (Porter) stemmer for one lower-case word."""
    word = word.replace("ё", "е")
    rv_start, r2_start = _regions(word)
    prefix, rv = word[:rv_start], word[rv_start:]
    # Step 1
    out = _strip(rv, _PERFECTIVE_1, True)
    if out is None:
        out = _strip(rv, _PERFECTIVE_2)
    if out is None:
        rv = _strip(rv, _REFLEXIVE) or rv
        adj = _strip(rv, _ADJECTIVE)
        if adj is not None:
            out = _strip(adj, _PARTICIPLE_1, True)
            if out is None:
                out = _strip(adj, _PARTICIPLE_2)
            if out is None:
                out = adj
        else:
            out = _strip(rv, _VERB_1, True)
            if out is None:
                out = _strip(rv, _VERB_2)
            if out is None:
                out = _strip(rv, _NOUN)
            if out is None:
                out = rv
    rv = out
    # Step 2
    if rv.endswith("и"):
        rv = rv[:-1]
    # Step 3: derivational ending inside R2
    r2_in_rv = max(0, r2_start - rv_start)
    for ending in _DERIVATIONAL:
        if rv.endswith(ending) and len(rv) - len(ending) >= r2_in_rv:
            rv = rv[: -len(ending)]
            break
    # Step 4
    if rv.endswith("нн"):
        rv = rv[:-1]
    else:
        sup = _strip(rv, _SUPERLATIVE)
        if sup is not None:
            rv = sup[:-1] if sup.endswith("нн") else sup
        elif rv.endswith("ь"):
            rv = rv[:-1]
    return prefix + rv


def _backend():
    try:  # pragma: no cover - depends on the environment
        import pymorphy3

        analyzer = pymorphy3.MorphAnalyzer()
        return "pymorphy3", lambda w: analyzer.parse(w)[0].normal_form
    except ImportError:
        pass
    try:  # pragma: no cover - depends on the environment
        import snowballstemmer

        stemmer = snowballstemmer.stemmer("russian")
        return "snowballstemmer", stemmer.stemWord
    except ImportError:
        pass
    return "builtin", porter_ru


BACKEND, _stem_impl = _backend()


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The term of one word (lower-cased, ё → е); Latin words and numbers are kept as they are."""
    word = word.lower().replace("ё", "е")
    if not re.search("[а-я]", word):
        return word
    return _stem_impl(word).replace("ё", "е")


def normalize_terms(text: str | None, min_length: int = 3) -> frozenset[str]:
    """The set of terms of a free text: tokenised, stop words dropped, each word stemmed."""
    if not text:
        return frozenset()
    words = _WORD.findall(text.lower().replace("ё", "е"))
    return frozenset(stem(w) for w in words if len(w) >= min_length and w not in STOPWORDS)
