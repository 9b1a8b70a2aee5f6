"""The page that says how forecasts are made, linked from every forecast's note."""

import re

import pytest

from optiimi.core.writes import System
from optiimi.foresight import services
from optiimi.foresight.models import Indicator

SETUP = System("test setup")


@pytest.mark.django_db
def test_the_forecast_note_links_to_the_method_page(client, demo_statistics):
    indicator = Indicator.objects.get(code="demo.population")
    services.forecast_indicator(indicator, areas=["SK131"], n_jobs=1, actor=SETUP)
    html = client.get("/foresight/131/").content.decode()
    notes = re.findall(r'<p class="chart-note">(.*?)</p>', html, re.S)
    assert notes and all("aiempien vuosien ennusteet" in note for note in notes)
    assert all('<a href="/foresight/method/">Miten ennusteet tehdään</a>' in n for n in notes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "words"),
    [
        ("fi", "Miten ennusteet tehdään", ["Jälkitesti", "Ennusteväli", "80 %"]),
        ("sv", "Så görs prognoserna", ["Efterhandstestet", "Prognosintervallet", "80 %"]),
        ("en", "How the forecasts are made", ["The backtest", "prediction interval", "80 %"]),
    ],
)
def test_the_method_page_explains_the_forecasts_in_each_language(
    client, regions, language, title, words
):
    client.cookies["django_language"] = language
    response = client.get("/foresight/method/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html and f"<title>{title}" in html
    assert all(word in html for word in ["AutoETS", "Theta", "MASE", *words])
    assert "%%" not in html
    assert 'href="/foresight/"' in html  # in the site's layout, back to foresight
