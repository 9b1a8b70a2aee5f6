"""The service catalogue: imported from Suomi.fi PTV JSON and from CSV/XLSX, edited by the
organisation's editors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from optiimi.services.models import Service

FIXTURES = Path(__file__).parent / "fixtures"
PTV = FIXTURES / "ptv_services.json"

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("import_services", *map(str, args), stdout=out)
    return out.getvalue()


def test_ptv_import_reads_names_descriptions_channels_and_areas(organisation):
    assert "2 new, 0 changed, 0 unchanged" in _run(PTV)
    advice = Service.objects.get(external_id="6a3c1f4e-2b7d-4c1e-9f0a-1d2e3f4a5b61")
    assert advice.organisation == organisation
    assert advice.name_fi.startswith("Yritysneuvonta")
    assert advice.name_sv == "Företagsrådgivning för nya och växande företag"
    assert "liiketoimintasuunnitelmassa" in advice.description_fi
    assert advice.description_en.startswith("Free advice")
    assert advice.target_group == "Yritykset"
    assert advice.channel_list() == [
        "Joutsan yrityspalvelupiste",
        "Yritysneuvonnan ajanvaraus verkossa",
    ]
    # Joutsa and Luhanka are both in the Joutsa sub-region (132).
    assert list(advice.sub_regions.values_list("code", flat=True)) == ["132"]
    history = advice.history.first()
    assert history.history_change_reason == "import services"


def test_ptv_import_is_idempotent(organisation):
    _run(PTV)
    assert "0 new, 0 changed, 2 unchanged" in _run(PTV)


def test_ptv_import_refuses_an_unknown_organisation_and_writes_nothing(regions):
    with pytest.raises(CommandError, match="Joutsan seudun kehittämisyhtiö"):
        _run(PTV)
    assert not Service.objects.exists()


def test_csv_import_with_promise_and_sub_regions(organisation, tmp_path):
    path = tmp_path / "palvelut.csv"
    path.write_text(
        "organisation,name_fi,name_en,sub_regions,channels,first_contact_days,plan_days\n"
        "JoSK,Kansainvälistymisneuvonta,Internationalisation advice,132,Puhelin; Verkko,3,15\n",
        encoding="utf-8",
    )
    assert "1 new" in _run(path)
    service = Service.objects.get(name_fi="Kansainvälistymisneuvonta")
    assert (service.first_contact_days, service.plan_days) == (3, 15)
    assert service.channel_list() == ["Puhelin", "Verkko"]


def test_csv_import_names_the_bad_row(organisation, tmp_path):
    path = tmp_path / "palvelut.csv"
    path.write_text(
        "organisation,name_fi,first_contact_days\nJoSK,Hyvä,2\nJoSK,Huono,kaksi\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="row 3: first_contact_days"):
        _run(path)
    assert not Service.objects.exists()


def test_xlsx_import(organisation, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["organisation", "name_fi", "plan_days"])
    sheet.append(["0112038-9", "Rekrytointiapu", 5])
    path = tmp_path / "palvelut.xlsx"
    book.save(path)
    assert "1 new" in _run(path)
    assert Service.objects.get().plan_days == 5
