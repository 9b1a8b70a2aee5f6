import pytest

from optiimi.core import text
from optiimi.core.search import Index


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("matkailu", "matkailun"),
        ("matkailu", "matkailualan"),
        ("matkailun", "matkailualan"),
        ("yrittäjyys", "yrittäjyyden"),
        ("omistajanvaihdoksissa", "omistajanvaihdosten"),
    ],
)
def test_inflections_and_compounds_of_a_word_are_related(a, b):
    assert text.related(text.stem(a), text.stem(b))


def test_short_or_different_words_are_not_related():
    assert not text.related(text.stem("kasvu"), text.stem("kasvatus"))
    assert not text.related(text.stem("energia"), text.stem("matkailu"))


def test_stop_words_are_dropped():
    assert text.words("Matkailu ja kehittäminen") == ["matkailu"]


def test_index_ranks_and_explains_and_forgets_removed_documents():
    index = Index()
    index.add(("person", 1), "Matkailualan yritysten markkinointi")
    index.add(("person", 2), "Metsäteollisuus")
    hits = index.search("matkailun markkinointia")
    assert [h.key for h in hits] == [("person", 1)]
    assert set(hits[0].matched) == {"matkailun", "markkinointia"}
    index.remove(("person", 1))
    assert index.search("matkailu") == []
    assert index.search("metsä", kinds=["project"]) == []
