"""Finnish first, English complete: every message catalogue is fully translated."""

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

SRC = Path(__file__).resolve().parents[1] / "src" / "optiimi"
CATALOGUES = sorted(SRC.rglob("locale/fi/LC_MESSAGES/django.po"))


def _entries(text: str):
    """(msgid, [msgstr...]) pairs of a .po file, without the header."""
    blocks = [b for b in text.split("\n\n") if "msgid" in b]
    for block in blocks:
        lines = [ln for ln in block.splitlines() if not ln.startswith("#")]
        current, parts = None, {}
        for line in lines:
            if line.startswith(("msgid", "msgstr")):
                key, _, rest = line.partition(" ")
                current = key
                parts[current] = rest.strip('"')
            elif line.startswith('"') and current:
                parts[current] += line.strip('"')
        if parts.get("msgid"):
            yield parts["msgid"], [v for k, v in parts.items() if k.startswith("msgstr")]


def test_there_is_a_finnish_catalogue():
    assert CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_catalogue_has_no_untranslated_or_fuzzy_message(path):
    text = path.read_text()
    untranslated = [msgid for msgid, strs in _entries(text) if not all(strs)]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]
    compiled = path.with_suffix(".mo")
    assert compiled.exists() and compiled.stat().st_mtime >= path.stat().st_mtime - 1


def test_labels_switch_language():
    from optiimi.network.models import OrganisationKind

    with translation.override("fi"):
        assert str(OrganisationKind.UAS.label) == "ammattikorkeakoulu"
    with translation.override("en"):
        assert str(OrganisationKind.UAS.label) == "university of applied sciences"


@pytest.mark.django_db
def test_numbers_are_written_the_finnish_way(regions):
    from django.template import Context, Template

    with translation.override("fi"):
        text = Template("{% load optiimi %}{{ v|num:1 }}").render(Context({"v": 1234.5}))
    assert text == "1\xa0234,5"
    assert Client().get("/").status_code == 200
