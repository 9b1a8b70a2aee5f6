import json

import pytest
from django.core.management import call_command

from optiimi.core.writes import System
from optiimi.projects import finder

SETUP = System("test setup")

PAIRS = [
    ("matkailu", "matkailun"),
    ("matkailuala", "matkailualan"),
    ("metsäteollisuus", "metsäteollisuuden"),
    ("puurakentaminen", "puurakentamisen"),
    ("omistajanvaihdos", "omistajanvaihdoksissa"),
    ("sukupolvenvaihdos", "sukupolvenvaihdosten"),
    ("nuorten työllisyys", "nuorten työllisyyden"),
    ("digitalisaatio", "digitalisaatiossa"),
    ("verkkokauppa", "verkkokaupan"),
    ("bioenergia", "bioenergiaa"),
    ("uusiutuva energia", "uusiutuvan energian"),
    ("tietoturva", "tietoturvan"),
]

# query -> the people who should be found, judged by what the fixture's people do (each theme
# has five experts), in Finnish and in English
TOURISM = {"Matti Matkanen", "Tiina Turunen", "Laura Lomanen", "Risto Reissu", "Kaisa Kulkija"}
WOOD = {"Pekka Puustinen", "Hanna Honkanen", "Jari Jalava", "Mikko Metsälä", "Liisa Lauta"}
TRANSFERS = {"Outi Omanen", "Sirpa Siirto", "Kari Kauppinen", "Ville Vaihto", "Anna Arvo"}
YOUTH = {"Nina Nuutinen", "Olli Ohjaaja", "Veera Vilkas", "Petri Paja", "Jenni Jatko"}
DIGITAL = {"Dina Digman", "Ilkka Itkonen", "Teemu Tietonen", "Sami Salama", "Marja Mobiili"}
ENERGY = {"Eero Energinen", "Seppo Sähkö", "Aino Aurinko", "Tapio Tuuli", "Hilkka Hake"}
EVALUATION = {
    "matkailualan yritysten markkinointi": TOURISM,
    "tourism development": TOURISM,
    "matkailun kehittäminen maaseudulla": TOURISM,
    "puurakentamisen ja metsäteollisuuden tuotekehitys": WOOD,
    "wood construction and forest industry": WOOD,
    "sukupolvenvaihdokset ja yrityskaupat": TRANSFERS,
    "business transfers and successors": TRANSFERS,
    "nuorten työllisyyden edistäminen": YOUTH,
    "youth employment and career guidance": YOUTH,
    "pienyritysten verkkokauppa ja digitalisaatio": DIGITAL,
    "tietoturva ja digitaaliset palvelut": DIGITAL,
    "uusiutuvan energian ja bioenergian hankkeet": ENERGY,
    "renewable energy and bioenergy": ENERGY,
}
PRECISION_BAR = 0.6


def names(query, user=None, limit=5):
    return [e.person.name for e in finder.find_experts(query, user=user, limit=limit)]


@pytest.mark.parametrize(("base", "inflected"), PAIRS)
def test_inflected_query_finds_the_same_top_people_as_base_form(network_people, base, inflected):
    top = names(base, limit=3)
    assert top, base
    assert names(inflected, limit=3)[0] == top[0]
    assert set(names(inflected, limit=3)) == set(top)


def test_precision_at_five_on_labelled_queries_clears_the_bar(network_people):
    precisions = []
    for query, relevant in EVALUATION.items():
        top = names(query, limit=5)
        assert top, query
        precisions.append(len(set(top) & relevant) / 5)
    mean = sum(precisions) / len(precisions)
    print(f"precision@5 = {mean:.3f} over {len(precisions)} queries")
    assert mean >= PRECISION_BAR + 0.1, precisions


def test_each_hit_explains_itself_with_terms_and_competences(network_people):
    hits = finder.find_experts("matkailun kehittäminen", user=None, limit=5)
    first = hits[0]
    assert "matkailun" in first.matched_terms
    assert first.competences == ["matkailu"]
    assert any(r.startswith("matched:") for r in first.reasons)


def test_results_favour_several_organisations(network_people):
    hits = finder.find_experts("matkailu", user=None, limit=4)
    assert len({h.organisation for h in hits}) == 4


def test_people_busy_with_many_active_projects_rank_lower(network_people):
    from optiimi.projects import services

    people = network_people["people"]
    before = names("bioenergia", limit=3)
    busy = people[before[0]]
    for i in range(6):
        project = services.create_project(
            actor=SETUP, name=f"P{i}", phase="planning", lead=network_people["orgs"]["JY"]
        )
        services.record_consultation(project, actor=SETUP, person=busy)
    after = names("bioenergia", limit=3)
    assert after[0] != busy.name
    reasons = next(
        e for e in finder.find_experts("bioenergia", user=None, limit=3) if e.person == busy
    ).reasons
    assert "already consulted on 6 active project(s)" in reasons


def test_anonymous_sees_only_consented_profiles_members_see_all(network_people, member):
    assert "Salla Salainen" not in names("matkailualan yritysten kehittäminen", limit=10)
    assert "Salla Salainen" in names("matkailualan yritysten kehittäminen", user=member, limit=10)


def test_experts_api_gives_name_email_organisation_score_reasons(network_people, client):
    response = client.get("/api/v1/experts", {"q": "verkkokaupan tietoturva", "limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 2
    assert body[0]["name"] == "Dina Digman"
    assert body[0]["email"] == "dina.digman@x.example"
    assert body[0]["organisation"] == "JAMK"
    assert body[0]["score"] > 0 and body[0]["reasons"]


def test_experts_cli_prints_json(network_people, capsys):
    call_command("experts", "puurakentaminen", "--limit", "2", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert [r["organisation"] for r in rows][:2] and rows[0]["reasons"]
    assert {"name", "email", "organisation", "score", "reasons"} <= set(rows[0])


def test_experts_page_lists_hits_with_reasons(network_people, client):
    response = client.get("/projects/experts/", {"q": "nuorten työllisyys"})
    assert response.status_code == 200
    assert "Nina Nuutinen" in response.content.decode()


def test_experts_page_marks_the_persons_own_words_without_stems_or_scores(network_people, client):
    hits = finder.find_experts("matkailun kehittäminen", user=None, limit=1)
    first = hits[0]
    assert first.words and all(
        w.lower().startswith("matkailu") or "kehit" in w.lower() for w in first.words
    )
    assert first.marked_competences == [[("matkailu", True)]]
    html = client.get("/projects/experts/", {"q": "matkailun kehittäminen"}).content.decode()
    assert "<mark>matkailu</mark>" in html
    assert "pisteet" not in html and str(first.score).replace(".", ",") not in html
    # the stem "kehit" of "kehittäminen" is never shown, only words as written
    assert "<mark>kehit</mark>" not in html


def test_highlight_keeps_the_writers_words_and_marks_matches():
    from optiimi.core import text

    stems = {text.stem("matkailu"), text.stem("rakentamisen")}  # stems of indexed words
    assert text.highlight("Matkailun ja puu-rakentamisen tutkija", stems) == [
        ("Matkailun", True),
        (" ja puu-", False),
        ("rakentamisen", True),
        (" tutkija", False),
    ]


def test_index_follows_writes_after_commit(network_people, django_capture_on_commit_callbacks):
    from optiimi.network import services as network

    assert names("kalastus") == []
    with django_capture_on_commit_callbacks(execute=True):
        network.create_person(
            actor=SETUP,
            organisation=network_people["orgs"]["JY"],
            name="Kalle Kala",
            email="kalle@x.example",
            expertise_fi="Kalastusmatkailu ja kalastus.",
            public=True,
        )
    assert names("kalastuksen") == ["Kalle Kala"]


def test_reindex_command_rebuilds_the_index(network_people, capsys):
    call_command("reindex")
    assert "Indexed" in capsys.readouterr().out
