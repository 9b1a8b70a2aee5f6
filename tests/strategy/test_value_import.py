import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from optiimi.cli import _import_kinds, _rewrite
from optiimi.core.formats import InvalidRows
from optiimi.core.writes import System
from optiimi.strategy import services
from optiimi.strategy.models import IndicatorValue

HEADER = "indicator;sub_region;year;value;source\r\n"

SETUP = System("test setup")


@pytest.fixture
def members(plan):
    """A typed-in indicator broken down by sub-region."""
    return services.define_indicator(
        "members_typed",
        actor=SETUP,
        name_fi="Jäsenet seutukunnittain",
        unit="organisations",
        by_subregion=True,
        source="kysely",
        measures=[plan["measure"]],
        public=True,
    )


def _run(path) -> str:
    out = io.StringIO()
    call_command("import_indicator_values", str(path), stdout=out)
    return out.getvalue()


def _stored() -> dict[tuple[str, str | None, int], tuple[float, str]]:
    return {
        (v.indicator.code, v.region.code if v.region else None, v.year): (v.value, v.source)
        for v in IndicatorValue.objects.select_related("indicator", "region")
    }


@pytest.mark.django_db
def test_csv_with_semicolons_decimal_comma_and_windows_encoding(tmp_path, members):
    path = tmp_path / "arvot.csv"
    text = (
        HEADER
        + "strategies;;2008;4;Seurantakysely 2008\r\n"
        + "members_typed;Jyväskylä;2008;12,5;Jäsenrekisteri\r\n"
        + "members_typed;132;2008;3;Jäsenrekisteri\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    assert "3 new, 0 changed, 0 unchanged" in _run(path)
    assert _stored() == {
        ("strategies", None, 2008): (4.0, "Seurantakysely 2008"),
        ("members_typed", "131", 2008): (12.5, "Jäsenrekisteri"),
        ("members_typed", "132", 2008): (3.0, "Jäsenrekisteri"),
    }
    # Importing the same file again changes nothing and writes no history.
    before = IndicatorValue.history.count()
    assert "0 new, 0 changed, 3 unchanged" in _run(path)
    assert IndicatorValue.history.count() == before


@pytest.mark.django_db
def test_xlsx_first_sheet_and_a_changed_value(tmp_path, members):
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "sub_region", "year", "value", "source"])
    sheet.append(["strategies", None, 2008, 4, "kysely"])
    sheet.append(["members_typed", "Joutsa", 2009, 2.5, "rekisteri"])
    path = tmp_path / "arvot.xlsx"
    book.save(path)
    assert "2 new" in _run(path)
    sheet["D2"] = 5
    book.save(path)
    assert "0 new, 1 changed, 1 unchanged" in _run(path)
    value = IndicatorValue.objects.get(indicator__code="strategies", year=2008)
    assert value.value == 5 and value.history.count() == 2
    assert value.history.first().history_change_reason == "import indicator values"
    assert IndicatorValue.objects.get(indicator__code="members_typed").value == 2.5


@pytest.mark.django_db
def test_one_bad_row_and_nothing_is_written(tmp_path, members):
    path = tmp_path / "arvot.csv"
    path.write_text(
        HEADER
        + "strategies;;2008;4;kysely\n"
        + "members_typed;132;2008;kolme;kysely\n"
        + "members_typed;;2009;3;kysely\n"
        + "strategies;;2008;5;kysely\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        _run(path)
    message = str(error.value)
    assert "line 3, column value: 'kolme' is not a number" in message
    assert "line 4, column sub_region" in message
    assert "line 5" in message and "line 2" in message  # the same value twice
    assert "nothing was written" in message
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_computed_indicator_is_refused_by_name(plan):
    rows = [(2, {"indicator": "active_members", "year": "2008", "value": "3", "source": "x"})]
    with pytest.raises(InvalidRows) as error:
        services.import_values(rows, actor=System("import indicator values"))
    assert "line 2, column indicator: 'active_members' is computed" in str(error.value)
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_unknown_indicator_and_year_are_named(plan):
    rows = [
        (2, {"indicator": "nope", "year": "2008", "value": "3", "source": "x"}),
        (3, {"indicator": "strategies", "year": "20O8", "value": "3", "source": "x"}),
    ]
    with pytest.raises(InvalidRows) as error:
        services.import_values(rows, actor=System("test"))
    assert "line 2, column indicator: no indicator with the code 'nope'" in str(error.value)
    assert "line 3, column year: '20O8' is not a year" in str(error.value)


def test_the_command_is_an_import_kind():
    assert "indicator-values" in _import_kinds()
    assert _rewrite(["optiimi", "import", "indicator-values", "a.xlsx"]) == [
        "optiimi",
        "import_indicator_values",
        "a.xlsx",
    ]


def _upload(client, text: str, **extra):
    data = {"file": SimpleUploadedFile("arvot.csv", text.encode("utf-8"), "text/csv"), **extra}
    return client.post("/plan/indicators/import/", data)


@pytest.mark.django_db
def test_owner_uploads_values_of_their_measures_indicator(owner_client, owner, plan):
    page = owner_client.get("/plan/indicators/strategies/").content.decode()
    assert 'action="/plan/indicators/import/"' in page and "Tuo arvot tiedostosta" in page
    response = _upload(
        owner_client, HEADER + "strategies;;2008;4;kysely\n", next="/plan/indicators/strategies/"
    )
    assert response.status_code == 302 and response["Location"] == "/plan/indicators/strategies/"
    value = IndicatorValue.objects.get(indicator__code="strategies", year=2008)
    assert value.history.get().history_user == owner


@pytest.mark.django_db
def test_upload_without_a_final_line_break_warns_that_the_file_may_be_cut(owner_client, plan):
    response = _upload(owner_client, HEADER + "strategies;;2008;4321;kysely")
    assert response.status_code == 302
    page = owner_client.get(response["Location"]).content.decode()
    assert "4321" in page  # the warning names the last row's values
    assert IndicatorValue.objects.get(indicator__code="strategies", year=2008).value == 4321


@pytest.mark.django_db
def test_outsider_upload_is_refused_row_by_row_and_writes_nothing(outsider_client, plan):
    response = _upload(outsider_client, HEADER + "strategies;;2008;4;kysely\n")
    assert response.status_code == 422
    html = response.content.decode()
    assert "line 2, column indicator" in html and "you may not enter values" in html
    assert not IndicatorValue.objects.exists()
    assert (
        'action="/plan/indicators/import/"'
        not in outsider_client.get("/plan/indicators/strategies/").content.decode()
    )


@pytest.mark.django_db
def test_anonymous_and_members_cannot_upload(client, member_client, plan):
    response = _upload(client, HEADER + "strategies;;2008;4;kysely\n")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _upload(member_client, HEADER + "strategies;;2008;4;kysely\n").status_code == 403
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_coordinator_sees_the_typed_in_indicators_to_import(coordinator_client, plan):
    html = coordinator_client.get("/plan/indicators/import/").content.decode()
    assert "<code>strategies</code>" in html and "<code>active_members</code>" not in html
    assert "Mittarien arvojen tuonti" in html and "Tuo arvot" not in html
