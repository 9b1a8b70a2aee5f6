"""TOL 2008 facts: the sections and all 88 two-digit divisions."""

from __future__ import annotations

import pytest

from optiimi.benchmark import services, tol
from optiimi.benchmark.models import Industry
from optiimi.core.writes import System

# NACE Rev. 2 division ranges of each section (Regulation (EC) No 1893/2006, Annex I).
SETUP = System("test setup")


EXPECTED_SECTIONS = {
    "A": ["01", "02", "03"],
    "B": ["05", "06", "07", "08", "09"],
    "C": [f"{n:02d}" for n in range(10, 34)],
    "D": ["35"],
    "E": ["36", "37", "38", "39"],
    "F": ["41", "42", "43"],
    "G": ["45", "46", "47"],
    "H": ["49", "50", "51", "52", "53"],
    "I": ["55", "56"],
    "J": ["58", "59", "60", "61", "62", "63"],
    "K": ["64", "65", "66"],
    "L": ["68"],
    "M": ["69", "70", "71", "72", "73", "74", "75"],
    "N": ["77", "78", "79", "80", "81", "82"],
    "O": ["84"],
    "P": ["85"],
    "Q": ["86", "87", "88"],
    "R": ["90", "91", "92", "93"],
    "S": ["94", "95", "96"],
    "T": ["97", "98"],
    "U": ["99"],
}


def test_all_88_divisions_are_written_once_with_both_names():
    codes = [c for c, _fi, _en in tol.DIVISIONS]
    assert len(codes) == 88
    assert len(set(codes)) == 88
    assert sorted(codes) == sorted(c for cs in EXPECTED_SECTIONS.values() for c in cs)
    assert all(fi.strip() and en.strip() for _c, fi, en in tol.DIVISIONS)


@pytest.mark.parametrize("section", sorted(EXPECTED_SECTIONS))
def test_each_division_belongs_to_its_section(section):
    for code in EXPECTED_SECTIONS[section]:
        assert tol.section_of(code) == section, code


@pytest.mark.parametrize(
    ("code", "fi", "en"),
    [
        ("03", "Kalastus ja vesiviljely", "Fishing and aquaculture"),
        ("37", "Viemäri- ja jätevesihuolto", "Sewerage"),
        ("42", "Maa- ja vesirakentaminen", "Civil engineering"),
        ("62", "Ohjelmistot, konsultointi ja siihen liittyvä toiminta", None),
        ("75", "Eläinlääkintäpalvelut", "Veterinary activities"),
        ("88", "Sosiaalihuollon avopalvelut", "Social work activities without accommodation"),
        ("99", "Kansainvälisten organisaatioiden ja toimielinten toiminta", None),
    ],
)
def test_official_names(code, fi, en):
    names = {c: (f, e) for c, f, e in tol.DIVISIONS}
    assert names[code][0] == fi
    if en:
        assert names[code][1] == en


def test_demo_divisions_are_real_divisions():
    codes = {c for c, _fi, _en in tol.DIVISIONS}
    assert set(tol.DEMO_DIVISIONS) <= codes


def test_define_industries_writes_sections_and_divisions_with_parents(db):
    services.define_industries(actor=SETUP)
    assert Industry.objects.filter(level=1).count() == 21
    assert Industry.objects.filter(level=2).count() == 88
    for item in Industry.objects.filter(level=2).select_related("parent"):
        assert item.parent is not None and item.parent.code == tol.section_of(item.code)
    assert services.define_industries(actor=SETUP) == 0  # idempotent
