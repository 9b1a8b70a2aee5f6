"""The Opintopolku importer, on a saved answer in the shape of the Konfo search API
(tests/guidance/data/README.md says where the shape comes from): offers become programmes,
bad offers are named and nothing is written, a re-import changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from optiimi.guidance.models import Programme

pytestmark = pytest.mark.django_db

SAVED = Path(__file__).parent / "data" / "opintopolku-keski-suomi.json"


def run(path):
    out = io.StringIO()
    call_command("import_opintopolku", str(path), stdout=out)
    return out.getvalue()


def test_offers_become_programmes_and_reimport_is_idempotent(regions):
    assert run(SAVED).startswith("4 new, 0 changed, 0 unchanged")
    wood = Programme.objects.get(provider="Gradia", field="072")
    # two starting terms of one offer in Jämsä add up; the narrow field wins over the broad
    assert (wood.name, wood.municipality.code, wood.places) == (
        "Puuteollisuuden perustutkinto",
        "182",
        25,
    )
    assert wood.level == "ammatillinen" and not wood.adult and wood.year == 2025
    nurses = {p.municipality.code: p.places for p in Programme.objects.filter(field="091")}
    assert nurses == {"179": 16, "992": 15}  # 31 places divided, the remainder to the first
    logistics = Programme.objects.get(field="10")
    assert logistics.adult and logistics.places == 0 and logistics.municipality.code == "249"
    history = Programme.history.filter(field="072")
    assert history.get().history_change_reason == "import opintopolku"
    assert run(SAVED).startswith("0 new, 0 changed, 4 unchanged")
    assert Programme.objects.count() == 4


def test_bad_offers_are_named_and_nothing_is_written(regions, tmp_path):
    document = json.loads(SAVED.read_text(encoding="utf-8"))
    document["hits"][1]["koulutusalat"] = ["kansallinenkoulutusluokitus2016koulutusalataso2_999#1"]
    document["hits"][2]["opetuspaikat"] = ["kunta_000#2"]
    document["hits"][3]["aloituspaikat"] = -4
    document["hits"][0]["koulutustyyppi"] = "tuntematon"
    path = tmp_path / "opintopolku.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "hit 1 (1.2.246.562.17.00000000000000000101), koulutustyyppi: unknown kind" in message
    assert (
        "hit 2 (1.2.246.562.17.00000000000000000102), koulutusalat: unknown education field "
        "'kansallinenkoulutusluokitus2016koulutusalataso2_999#1'" in message
    )
    assert "opetuspaikat: unknown municipality 'kunta_000#2'" in message
    assert "aloituspaikat: places -4 is negative" in message
    assert "nothing was written" in message
    assert not Programme.objects.exists()


def test_a_file_that_is_not_a_search_answer_is_refused(regions, tmp_path):
    path = tmp_path / "opintopolku.json"
    path.write_text('{"hits": [', encoding="utf-8")
    with pytest.raises(CommandError, match="cut short"):
        run(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="no list of hits"):
        run(path)
    assert not Programme.objects.exists()
