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


DOCS = [
    "Matkailualan yritysten markkinointi ja matkailupalvelut",
    "Luontomatkailu ja maaseutumatkailun verkostot",
    "Metsäteollisuus ja puurakentaminen",
    "Puurakentamisen tutkimus, metsäteollisuuden innovaatiot",
    "Yrityskaupat ja omistajanvaihdokset",
    "Nuorten työllisyys ja työpajat",
    "Digitalisaatio, verkkokauppa ja tietoturva",
    "Bioenergia ja uusiutuva energia",
]
QUERIES = ["matkailun markkinointi", "puurakentaminen", "yritysten kasvu", "energian tutkimus"]


def ranking(index, query):
    return [(h.key, round(h.score, 9), h.matched) for h in index.search(query)]


def test_incremental_writes_give_the_same_ranking_as_a_fresh_build(monkeypatch):
    from optiimi.core.search import index as search

    monkeypatch.setattr(search, "COMPACT_AT", 3)  # also fold the delta into the base on the way
    built = Index()
    built.add_many((("person", i), body) for i, body in enumerate(DOCS))
    grown = Index()
    grown.add_many((("person", i), body) for i, body in enumerate(DOCS[:4]))
    for i, body in enumerate(DOCS[4:], 4):
        grown.add(("person", i), body)
    grown.add(("project", 99), "Matkailu")
    grown.remove(("project", 99))
    grown.add(("person", 1), "Tietoturva")  # changed, then changed back
    grown.add(("person", 1), DOCS[1])
    # BM25's length normalisation uses the average length of the last base, so compare a
    # fresh build of the same documents in the same state (compacted).
    grown._compact()
    for query in QUERIES:
        assert ranking(grown, query) == ranking(built, query), query


def test_a_changed_document_is_found_by_its_new_text_only():
    index = Index()
    index.add_many([(("person", 1), "Matkailu"), (("person", 2), "Metsäteollisuus")])
    index.add(("person", 1), "Bioenergia")
    assert index.search("matkailu") == []
    assert [h.key for h in index.search("bioenergian")] == [("person", 1)]
    assert len(index) == 2


def test_saved_index_loads_with_the_same_ranking(tmp_path):
    index = Index()
    index.add_many((("person", i), body) for i, body in enumerate(DOCS))
    index.add(("project", 7), "Matkailun tuotekehitys")
    index.save(tmp_path / "search", stamp="42")
    loaded, stamp = Index.load(tmp_path / "search")
    assert stamp == "42"
    for query in QUERIES:
        assert ranking(loaded, query) == ranking(index, query), query
    assert not list(tmp_path.glob("*.tmp.*"))


def test_a_common_word_does_not_outrank_through_a_rare_compound():
    index = Index()
    docs = [f"yritysten neuvonta {i}" for i in range(20)] + ["yrityskaupat", "matkailu"]
    index.add_many((("person", i), body) for i, body in enumerate(docs))
    hits = index.search("matkailualan yritysten")
    assert hits[0].key == ("person", 21)


def test_a_search_for_public_documents_leaves_out_the_others_also_after_saving(tmp_path):
    index = Index()
    index.add_many(
        [
            (("person", 1), "Matkailun markkinointi", True),
            (("person", 2), "Matkailualan tutkimus", False),
            (("organisation", 3), "Matkailuyhdistys"),
        ]
    )
    index.add(("person", 4), "Matkailu", public=False)
    assert index.ranked("matkailu", kind="person") == [4, 1, 2]
    assert index.ranked("matkailu", kind="person", public_only=True) == [1]
    index.save(tmp_path / "search", stamp="1")
    loaded, _stamp = Index.load(tmp_path / "search")
    assert loaded.ranked("matkailu", kind="person", public_only=True) == [1]
    found = {h.key for h in loaded.search("matkailu", public_only=True)}
    assert found == {("organisation", 3), ("person", 1)}
