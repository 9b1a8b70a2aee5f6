import json
import re

import pytest
from django.utils import translation

from optiimi.core import units
from optiimi.core.writes import System
from optiimi.regions.models import Region
from optiimi.strategy import services

SETUP = System("test setup")


def _specs(html: str) -> list[dict]:
    found = re.findall(r'<script id="chart-\d+-spec" type="application/json">(.*?)</script>', html)
    return [json.loads(s) for s in found]


def _values(spec: dict, key: str) -> list[float]:
    return [d["value"] for d in spec["data"]["values"] if d["key"] == key]


@pytest.fixture
def members(plan):
    """A typed-in count per sub-region with a target that holds in every sub-region."""
    indicator = services.define_indicator(
        "members_typed",
        actor=SETUP,
        name_fi="Jäsenet seutukunnittain",
        unit="organisations",
        by_subregion=True,
        source="kysely",
        public=True,
    )
    services.set_target(indicator, plan["period"], 8, actor=SETUP)
    joutsa = Region.objects.get(level="seutukunta", code="132")
    jyvaskyla = Region.objects.get(level="seutukunta", code="131")
    for year in range(1996, 2010):
        services.set_value(indicator, year, 6, actor=SETUP, source="kysely", region=joutsa)
        services.set_value(indicator, year, 30, actor=SETUP, source="kysely", region=jyvaskyla)
    return indicator


@pytest.mark.django_db
def test_per_subregion_target_is_compared_per_subregion_not_with_the_sum(client, members):
    html = client.get("/plan/indicators/members_typed/").content.decode()
    specs = _specs(html)
    assert len(specs) == 2  # one small chart per sub-region, no chart of the sum
    for spec in specs:
        assert _values(spec, "target") == [8]
        actual = set(_values(spec, "actual"))
        assert actual in ({6}, {30})  # one sub-region's own values, never the sum 36
    # One scale for all small multiples, so that they can be compared by eye.
    assert specs[0]["layer"][0]["encoding"]["y"]["scale"] == {"domain": [0.0, 30.0]}
    assert "Joutsa" in html and "Jyväskylä" in html
    assert "light-off_track" in html and "light-on_track" in html  # Joutsa 6 < 8 ≤ 30


@pytest.mark.django_db
def test_counts_are_shown_without_decimals(client, members):
    html = client.get("/plan/indicators/members_typed/").content.decode()
    assert "6,0" not in html and "30,0" not in html and "8,0" not in html
    # Columns in sub-region name order: Joutsa, Jyväskylä.
    assert '<td class="num">6</td><td class="num">30</td>' in html


@pytest.mark.django_db
def test_long_value_table_is_a_year_by_subregion_pivot_with_earlier_years_folded(client, members):
    html = client.get("/plan/indicators/members_typed/").content.decode()
    values = html.split('id="values-h"')[1]
    shown, folded = values.split("<details", 1)
    assert shown.count('<th scope="row">') == 10  # the ten newest years
    assert '<th scope="row">2009</th>' in shown and '<th scope="row">1999</th>' not in shown
    folded = folded.split("</details>")[0]
    assert folded.count('<th scope="row">') == 4 and "1996–1999" in folded
    # A pivot: one row a year, one column a sub-region (not a row per sub-region and year).
    assert shown.count('<th scope="col" class="num">') == 2


@pytest.mark.django_db
def test_total_indicator_is_charted_against_its_total_target(client, plan):
    services.set_value(plan["indicator"], 2008, 4, actor=SETUP, source="seuranta")
    html = client.get("/plan/indicators/strategies/").content.decode()
    (spec,) = _specs(html)
    assert _values(spec, "target") == [6] and set(_values(spec, "actual")) == {2, 4}
    assert spec["layer"][0]["encoding"]["y"]["axis"]["format"] == ",d"  # "1 000", no decimals
    assert "yhteensä" in html  # the target is named a total


@pytest.mark.django_db
def test_indicator_page_speaks_english_too(client, members):
    client.cookies["django_language"] = "en"
    text = client.get("/plan/indicators/members_typed/").content.decode()
    assert "By sub-region" in text and "in every sub-region" in text
    assert _values(_specs(text)[0], "target") == [8]


def test_values_are_formatted_by_their_unit():
    with translation.override("fi"):
        assert units.format_value(6.0, "organisations") == "6"
        assert units.format_value(1234.0, "persons") == "1\xa0234"
        assert units.format_value(52.5, "%") == "52,5"
        assert units.format_value(52.0, "%") == "52"
        assert units.format_value(1.25, "EUR million") == "1,25"
    with translation.override("en"):
        assert units.format_value(6.0, "events") == "6"
