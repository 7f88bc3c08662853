"""Free text of the bases → times, age bands, formats; shared words marked in the original text."""

import pytest

from nastavnik.matching.parsing import age_band, highlight_spans, meeting_formats, terms_of, time_slots


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("пн, ср вечером", {"пн-вечер", "ср-вечер"}),
        ("по средам после уроков", {"ср-день"}),
        ("Вторник и четверг, утро", {"вт-утро", "чт-утро"}),
        ("в выходные днём", {"сб-день", "вс-день"}),
        ("суббота", {"сб-утро", "сб-день", "сб-вечер"}),
        ("", set()),
        ("кабинет 12", set()),
    ],
)
def test_it_reads_days_and_parts_of_the_day(text, expected):
    assert time_slots(text) == expected


def test_a_part_of_the_day_alone_means_every_day():
    slots = time_slots("вечером")
    assert len(slots) == 7 and all(slot.endswith("-вечер") for slot in slots)
    assert len(time_slots("в будни")) == 15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12–14 лет", (12, 14)),
        ("12-14", (12, 14)),
        ("от 10 до 12 лет", (10, 12)),
        ("с 13 по 15", (13, 15)),
        ("10+", (10, 99)),
        ("от 11", (11, 99)),
        ("до 14 лет", (0, 14)),
        ("13 лет", (13, 13)),
        ("5–7 класс", (11, 14)),
        ("старшеклассники", None),
        ("", None),
    ],
)
def test_it_reads_age_bands(text, expected):
    assert age_band(text) == expected


def test_formats_and_terms():
    assert meeting_formats("mixed") == {"онлайн", "очно"}
    assert meeting_formats("") == frozenset()
    assert terms_of("программированию", tags=["Робототехника"]) == terms_of("программирование робототехника")


def test_shared_words_are_cut_out_of_the_original_text():
    shared = terms_of("программирование")
    pieces = highlight_spans("Хочу научиться Программированию!", shared)
    assert pieces == [("Хочу научиться ", False), ("Программированию", True), ("!", False)]
    assert "".join(piece for piece, _ in pieces) == "Хочу научиться Программированию!"


def test_marked_text_is_escaped():
    from nastavnik.matching.selectors import marked

    html = marked("<script>программирование</script>", terms_of("программирование"))
    assert html == "&lt;script&gt;<mark>программирование</mark>&lt;/script&gt;"
