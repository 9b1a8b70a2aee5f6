"""One rule for a field's language copy: the active language's own, else the Finnish original."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from optiimi.core import indicators, localise

PROJECT = SimpleNamespace(name_fi="Puuta Keski-Suomeen", name_en="Wood for Central Finland")
PLACE = SimpleNamespace(name_fi="Keski-Suomi", name_sv="Mellersta Finland")
BLANK = SimpleNamespace(name_fi="Joutsa", name_en="", name_sv="")


@pytest.mark.parametrize(
    ("language", "project", "place", "blank"),
    [
        ("fi", "Puuta Keski-Suomeen", "Keski-Suomi", "Joutsa"),
        ("en", "Wood for Central Finland", "Keski-Suomi", "Joutsa"),
        # Swedish never falls back to English: content without a Swedish copy shows in Finnish.
        ("sv", "Puuta Keski-Suomeen", "Mellersta Finland", "Joutsa"),
        ("en-gb", "Wood for Central Finland", "Keski-Suomi", "Joutsa"),
    ],
)
def test_localised_gives_the_own_language_or_finnish(language, project, place, blank):
    with translation.override(language):
        assert localise.localised(PROJECT, "name") == project
        assert localise.localised(PLACE, "name") == place
        assert localise.localised(BLANK, "name") == blank
        assert localise.pick("fi", "en", "sv") == {"fi": "fi", "sv": "sv"}.get(language, "en")


def test_registered_names_follow_the_same_rule():
    item = indicators.ComputedIndicator(
        code="test.x", name_fi="Hankkeita", name_en="Projects", unit="count", compute=list
    )
    with translation.override("sv"):
        assert item.name == "Hankkeita"
    with translation.override("en"):
        assert item.name == "Projects"
    named = indicators.ComputedIndicator(
        code="test.y",
        name_fi="Hankkeita",
        name_en="Projects",
        unit="count",
        compute=list,
        name_sv="Projekt",
    )
    with translation.override("sv"):
        assert named.name == "Projekt"
