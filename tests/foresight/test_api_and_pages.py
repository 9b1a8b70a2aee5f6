import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from optiimi.core.writes import System, save
from optiimi.foresight import services
from optiimi.foresight.models import Forecast, Indicator, Observation

SETUP = System("test setup")


CSV = b"indicator,area,period,value\nx.rate,SK131,2023,5\nx.rate,SK131,2024,6\n"
BAD = b"indicator,area,period,value\nx.rate,SK131,2023,abc\n"


@pytest.mark.django_db
def test_indicator_catalogue_lists_demo_indicators(client, demo_statistics):
    body = client.get("/api/v1/indicators").json()
    population = next(i for i in body if i["code"] == "demo.population")
    assert population["unit"] == "persons" and population["synthetic"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["131", "SK131"])
def test_observations_by_our_code_or_statfin_code(client, demo_statistics, region):
    body = client.get(
        "/api/v1/observations", {"indicator": "demo.population", "region": region, "period": "2024"}
    ).json()
    assert len(body) == 1 and body[0]["area"] == "SK131" and body[0]["value"] > 100_000


@pytest.mark.django_db
def test_observations_of_municipality_region_and_country(client, demo_statistics):
    def one(region):
        return client.get(
            "/api/v1/observations",
            {"indicator": "demo.population", "region": region, "period": "2020"},
        ).json()

    assert one("179")[0]["area"] == "KU179"
    assert one("13")[0]["area"] == "MK13"
    assert one("SSS")[0]["area"] == "SSS"


@pytest.mark.django_db
def test_observations_of_unknown_indicator_is_404_and_bad_region_422(client, demo_statistics):
    assert client.get("/api/v1/observations", {"indicator": "nope"}).status_code == 404
    response = client.get(
        "/api/v1/observations", {"indicator": "demo.population", "region": "Jyväskylä"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "region"


@pytest.mark.django_db
def test_series_csv_download_round_trips_through_the_importer(client, demo_statistics, tmp_path):
    response = client.get(
        "/foresight/series.csv", {"indicator": "demo.unemployment_rate", "region": "135"}
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.count("\n") == 27 and "SK135" in text
    Observation.objects.filter(area="SK135").update(value=1.0)
    path = tmp_path / "back.csv"
    path.write_bytes(response.content)
    from django.core.management import call_command

    call_command("import_indicators", str(path), verbosity=0)
    assert not Observation.objects.filter(
        area="SK135", indicator__code="demo.unemployment_rate", value=1.0
    ).exists()


@pytest.mark.django_db
def test_coordinator_upload_shows_summary(coordinator_client, regions):
    response = coordinator_client.post(
        "/foresight/import/", {"file": SimpleUploadedFile("x.csv", CSV)}
    )
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    response = coordinator_client.get(response["Location"])
    assert "2 new" in response.content.decode()
    assert Observation.objects.count() == 2


@pytest.mark.django_db
def test_upload_of_bad_file_reports_the_line_and_writes_nothing(coordinator_client, regions):
    response = coordinator_client.post(
        "/foresight/import/", {"file": SimpleUploadedFile("x.csv", BAD)}, follow=True
    )
    assert response.status_code == 200 and "job-failed" in response.content.decode()
    assert "line 2: value &#x27;abc&#x27; is not a number" in response.content.decode()
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_owner_and_outsider_may_not_upload(owner_client, outsider_client, regions):
    for c in (owner_client, outsider_client):
        response = c.post("/foresight/import/", {"file": SimpleUploadedFile("x.csv", CSV)})
        assert response.status_code == 403
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_anonymous_upload_is_sent_to_login(client, regions):
    response = client.post("/foresight/import/", {"file": SimpleUploadedFile("x.csv", CSV)})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_subregion_page_shows_key_figures_comparison_and_synthetic_label(
    client, demo_statistics, django_assert_num_queries
):
    # 8, and 3 for the day's first view counted (update, insert the day's row, update)
    with django_assert_num_queries(11):
        response = client.get("/foresight/135/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Äänekoski" in html and "synthetic" in html.lower()
    assert "index, 2000 = 100" in html or "indeksi, 2000 = 100" in html
    # the source's name, and "synthetic" in the page's language
    assert "Optiimi demo (synteettinen)" in html and "(synthetic)" not in html


@pytest.mark.django_db
def test_subregion_page_shows_forecast_with_interval_and_mase(client, demo_statistics):
    indicator = Indicator.objects.get(code="demo.population")
    services.forecast_indicator(indicator, areas=["SK131"], n_jobs=1, actor=SETUP)
    forecast = Forecast.objects.get(area="SK131")
    assert forecast.mase is not None and forecast.data_version
    assert all(p["lo"] <= p["mean"] <= p["hi"] for p in forecast.points)
    html = client.get("/foresight/131/").content.decode()
    assert "80 %" in html
    # How sure the forecast is, in one plain sentence; the model's details are folded away.
    assert "aiempien vuosien ennusteet osuivat keskimäärin" in html
    shown, folded = html.split('<details class="chart-method">', 1)
    assert "MASE" not in shown and "AutoETS" not in shown and forecast.data_version not in shown
    assert "MASE" in folded.split("</details>")[0]


@pytest.mark.django_db
def test_region_page_ranks_subregions(client, demo_statistics, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = client.get("/foresight/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/foresight/13') >= 6


@pytest.mark.django_db
def test_series_csv_runs_no_formulas_and_keeps_negative_numbers(client, demo_statistics):
    indicator = Indicator.objects.get(code="demo.unemployment_rate")
    indicator.source = '=HYPERLINK("http://evil.example")'
    indicator.unit = "+cmd"
    save(indicator, actor=System("test"))
    Observation.objects.filter(indicator=indicator, area="SK135").update(value=-1.5)
    response = client.get(
        "/foresight/series.csv", {"indicator": "demo.unemployment_rate", "region": "135"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows and all(row["source"] == '\'=HYPERLINK("http://evil.example")' for row in rows)
    assert all(row["unit"] == "'+cmd" for row in rows)
    assert {row["value"] for row in rows if row["period"].isdigit()} == {"-1.5"}
