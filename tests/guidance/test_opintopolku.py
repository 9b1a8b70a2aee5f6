"""The Opintopolku importer, on saved answers of the external Konfo API in its published shape
(tests/guidance/data/README.md): application options and implementations become programmes,
bad offers are named and nothing is written, a re-import changes nothing."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from optiimi.guidance.models import Programme

pytestmark = pytest.mark.django_db

SAVED = Path(__file__).parent / "data" / "opintopolku-keski-suomi.json"
WOOD, NURSES, LOGISTICS = range(3)


def saved() -> list[dict]:
    return json.loads(SAVED.read_text(encoding="utf-8"))


def run(path, *args):
    out = io.StringIO()
    call_command("import_opintopolku", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, document) -> Path:
    path = tmp_path / "opintopolku.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_offers_become_programmes_and_reimport_is_idempotent(regions):
    assert run(SAVED).startswith("4 new, 0 changed, 0 unchanged")
    wood = Programme.objects.get(field="072")
    # two application options of one implementation in Jämsä add up (one gives its places as
    # {"lukumaara": 20}, the other as a plain 5); the narrow field wins over the broad one
    assert (wood.provider, wood.name, wood.municipality.code, wood.places) == (
        "Gradia Jämsä",
        "Puuteollisuuden perustutkinto",
        "182",
        25,
    )
    assert wood.level == "ammatillinen" and not wood.adult and wood.year == 2025
    nurses = {
        (p.provider, p.municipality.code): p.places for p in Programme.objects.filter(field="091")
    }
    assert nurses == {("JAMK, Jyväskylä", "179"): 16, ("JAMK, Äänekoski", "992"): 15}
    # an implementation with no application option is on offer at its unit, places unknown;
    # labour-market training is adult education whatever the kind
    logistics = Programme.objects.get(field="10")
    assert (logistics.municipality.code, logistics.places, logistics.adult) == ("249", 0, True)
    assert logistics.level == "ammatillinen"
    history = Programme.history.filter(field="072")
    assert history.get().history_change_reason == "import opintopolku"
    assert run(SAVED).startswith("0 new, 0 changed, 4 unchanged")
    assert Programme.objects.count() == 4


def test_one_answer_alone_is_read_too(regions, tmp_path):
    assert run(write(tmp_path, saved()[NURSES])).startswith("2 new")
    assert set(Programme.objects.values_list("field", flat=True)) == {"091"}


def test_an_offer_without_a_starting_year_needs_the_year_given(regions, tmp_path):
    document = saved()
    start = document[LOGISTICS]["toteutukset"][0]["metadata"]["opetus"]
    start["koulutuksenAlkamiskausi"] = {"alkamiskausityyppi": "henkilokohtainen suunnitelma"}
    path = write(tmp_path, document)
    with pytest.raises(CommandError) as error:
        run(path)
    assert "koulutus 3 (1.2.246.562.13.00000000000000000103), toteutus 1" in str(error.value)
    assert "no starting year" in str(error.value)
    assert not Programme.objects.exists()
    assert run(path, "--year", "2026").startswith("4 new")
    assert Programme.objects.get(field="10").year == 2026
    assert Programme.objects.get(field="072").year == 2025  # the offers' own years stay


def test_an_application_options_year_overrides_the_implementations(regions, tmp_path):
    document = saved()
    option = document[NURSES]["hakukohteet"][1]
    option["metadata"] = {"koulutuksenAlkamiskausi": {"koulutuksenAlkamisvuosi": "2026"}}
    run(write(tmp_path, document))
    years = {p.municipality.code: p.year for p in Programme.objects.filter(field="091")}
    assert years == {"179": 2025, "992": 2026}


def test_bad_offers_are_named_and_nothing_is_written(regions, tmp_path):
    document = saved()
    document[WOOD]["koulutustyyppi"] = "tuntematon"
    document[NURSES]["metadata"]["koulutusala"] = [
        {"koodiUri": "kansallinenkoulutusluokitus2016koulutusalataso2_999#1", "nimi": {}}
    ]
    logistics = copy.deepcopy(document[LOGISTICS])
    logistics["toteutukset"][0]["tarjoajat"][0]["paikkakunta"]["koodiUri"] = "kunta_000"
    document[LOGISTICS] = logistics
    broken = saved()[NURSES]
    broken["oid"] = "1.2.246.562.13.00000000000000000104"
    broken["hakukohteet"][0]["aloituspaikat"] = {"lukumaara": -4}
    broken["hakukohteet"][1]["aloituspaikat"] = "15"
    document.append(broken)
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, document))
    message = str(error.value)
    assert (
        "koulutus 1 (1.2.246.562.13.00000000000000000101), koulutustyyppi: unknown kind "
        "of education 'tuntematon'" in message
    )
    assert (
        "koulutus 2 (1.2.246.562.13.00000000000000000102), metadata.koulutusala: unknown "
        "education field 'kansallinenkoulutusluokitus2016koulutusalataso2_999#1'" in message
    )
    assert (
        "koulutus 3 (1.2.246.562.13.00000000000000000103), toteutus 1 "
        "(1.2.246.562.17.00000000000000000103), tarjoaja 1, paikkakunta: unknown "
        "municipality 'kunta_000'" in message
    )
    assert (
        "hakukohde 1 (1.2.246.562.20.00000000000000000103), aloituspaikat: places -4 is "
        "negative" in message
    )
    assert "aloituspaikat: places '15' is not a whole number" in message
    assert "nothing was written" in message
    assert not Programme.objects.exists()


def test_a_file_that_is_not_an_education_answer_is_refused(regions, tmp_path):
    path = tmp_path / "opintopolku.json"
    path.write_text('[{"oid": ', encoding="utf-8")
    with pytest.raises(CommandError, match="cut short"):
        run(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="not an Opintopolku education answer"):
        run(path)
    # a search answer, or an education saved without its implementations, says how to save it
    without = saved()[WOOD]
    del without["toteutukset"]
    with pytest.raises(CommandError, match=r"toteutukset=true&hakukohteet=true"):
        run(write(tmp_path, without))
    assert not Programme.objects.exists()
