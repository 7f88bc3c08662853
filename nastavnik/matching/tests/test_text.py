from nastavnik.matching.text import BACKEND, normalize_terms, porter_ru, stem


def test_morphology_example_shares_a_term():
    assert stem("программированию") == stem("программирование")
    assert normalize_terms("Хочу научиться программированию") & normalize_terms("Программирование на Python")


def test_builtin_stemmer_declensions():
    for forms in (
        ("программированию", "программирование", "программирования", "программировании"),
        ("робототехника", "робототехнике", "робототехникой"),
        ("шахматы", "шахматам", "шахматами"),
        ("английский", "английскому", "английского"),
    ):
        assert len({porter_ru(w) for w in forms}) == 1, forms


def test_normalisation_drops_stop_words_and_short_words_keeps_latin():
    terms = normalize_terms("Хочу и я тоже: Python, ЁЖИК 3D")
    assert "python" in terms
    assert stem("ёжик") in terms and stem("ежик") in terms
    assert not {"и", "я", "хочу", "3d"} & terms


def test_empty_text():
    assert normalize_terms("") == frozenset() and normalize_terms(None) == frozenset()


def test_backend_is_known():
    assert BACKEND in {"pymorphy3", "snowballstemmer", "builtin"}
