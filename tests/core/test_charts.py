"""Chart specs mean the same in every language: series styled by key, numbers in the reader's
locale, whole numbers without decimals, descriptions in words."""

import itertools

import pytest
from django.utils import translation

from optiimi.benchmark.charts import company_chart, trends_chart
from optiimi.core import charts
from optiimi.core.charts import Series, series_encoding
from optiimi.foresight.dashboards import backtest_error, certainty

TRENDS = [
    {"group": group, "year": year, "index": (year - 2015) * 1.5}
    for group in ("cohort", "peers")
    for year in range(2012, 2022)
]


def _trends(language: str) -> dict:
    with translation.override(language):
        return trends_chart(TRENDS, 2016, "lähde", "2012–2021").spec


def _line_layer(spec: dict) -> dict:
    return spec["layer"][0]["encoding"]


@pytest.mark.parametrize("channel", ["color", "strokeDash", "strokeWidth"])
def test_series_style_follows_the_key_not_the_translated_label(channel):
    fi, en = _line_layer(_trends("fi")), _line_layer(_trends("en"))
    assert fi[channel]["field"] == en[channel]["field"] == "key"
    assert fi[channel]["scale"] == en[channel]["scale"]
    assert fi[channel]["scale"]["domain"] == ["cohort", "peers"]
    # The legend shows the label of each key in the page's language.
    assert "Kohortti" not in en["color"]["legend"]["labelExpr"]
    assert '"cohort": "kohortti"' in fi["color"]["legend"]["labelExpr"]


def test_the_cohort_is_the_strongest_series_in_every_language():
    for language in ("fi", "en"):
        encoding = _line_layer(_trends(language))
        colour = dict(
            zip(
                encoding["color"]["scale"]["domain"],
                encoding["color"]["scale"]["range"],
                strict=True,
            )
        )
        width = dict(
            zip(
                encoding["strokeWidth"]["scale"]["domain"],
                encoding["strokeWidth"]["scale"]["range"],
                strict=True,
            )
        )
        assert colour["cohort"] == charts.FOCAL_COLOUR != colour["peers"]
        assert width["cohort"] > width["peers"]


def test_order_given_decides_colours_whatever_the_labels_sort_to():
    a = series_encoding([Series("x", "Zeta", focal=True), Series("y", "Alpha")])
    b = series_encoding([Series("x", "Alpha", focal=True), Series("y", "Zeta")])
    assert a["color"]["scale"] == b["color"]["scale"]
    assert a["strokeDash"]["scale"]["range"] == [charts.SOLID, charts.SOLID]


@pytest.mark.parametrize(
    ("language", "decimal", "thousands"),
    [("fi", ",", "\u00a0"), ("sv", ",", "\u00a0"), ("en", ".", ",")],
)
def test_locale_of_the_reader_goes_into_the_spec(language, decimal, thousands):
    with translation.override(language):
        spec = trends_chart(TRENDS, 2016, "s", "p").spec
    number = spec["config"]["locale"]["number"]
    assert (number["decimal"], number["thousands"]) == (decimal, thousands)
    months = spec["config"]["locale"]["time"]["months"]
    assert months[0] == {"fi": "tammikuu", "sv": "januari", "en": "January"}[language]


def test_years_are_plain_horizontal_and_spaced():
    spec = _trends("fi")
    x = _line_layer(spec)["x"]
    assert x["type"] == "quantitative" and x["axis"]["format"] == "d"
    assert x["axis"]["tickMinStep"] == 1 and "width" in x["axis"]["tickCount"]["expr"]
    assert spec["config"]["axisX"]["labelAngle"] == 0
    assert spec["config"]["axisX"]["labelOverlap"]


def test_count_axes_have_no_decimals():
    assert charts.value_axis("henkeä", counts=True) == {
        "title": "henkeä",
        "format": ",d",
        "tickMinStep": 1,
    }
    assert "format" not in charts.value_axis("%")


def test_marks_are_described_in_words_of_the_page_language():
    rows = [{"year": 2020, "own": 12345.6, "median": 3.25, "n": 7}]
    with translation.override("fi"):
        spec = company_chart(rows, "lähde", "2020").spec
    texts = [v["text"] for v in spec["data"]["values"]]
    assert texts == ["Yritys 2020: 12\u00a0345,6 %", "Vertailuryhmän mediaani 2020: 3,2 %"]
    assert spec["encoding"]["description"] == {"field": "text"}
    assert spec["encoding"]["tooltip"] == {"field": "text"}
    assert "series" not in spec["description"] and spec["description"].startswith("Yrityksen")


def test_chart_description_defaults_to_its_title():
    chart = charts.Chart("Väkiluku", {"mark": "bar"}, unit="henkeä", source="s")
    assert chart.spec["description"] == "Väkiluku"


def test_backtest_error_is_mase_times_its_scale_over_the_level():
    # steps of 10 before the last three years; MASE 0.5 → 5 off on a level of 200 = 2.5 %
    history = [150.0, 160.0, 170.0, 180.0, 190.0, 200.0, 200.0, 200.0]
    assert backtest_error(history, 0.5) == pytest.approx(2.5)
    assert backtest_error(history[:4], 0.5) is None
    assert backtest_error(history, None) is None


def test_certainty_is_one_plain_sentence():
    with translation.override("fi"):
        sure = certainty(1.2)
        unsure = certainty(12.0)
        unknown = certainty(None)
    assert sure.startswith("Ennuste on melko varma") and "1,2 %" in sure
    assert "epävarma" in unsure and "12 %" in unsure
    assert "MASE" not in sure + unsure + unknown and unknown.endswith(".")


def test_report_chart_year_labels_never_run_together():
    from optiimi.strategy.charts import _spaced

    labels = [(44.0, "2000"), (60.0, "2002"), (200.0, "2010"), (440.0, "2025"), (460.0, "2026")]
    kept = _spaced(labels)
    assert [t for _x, t in kept] == ["2000", "2010", "2026"]
    assert all(b[0] - a[0] >= 40 for a, b in itertools.pairwise(kept))
    assert _spaced([(44.0, "2000"), (60.0, "2001")]) == [(44.0, "2000")]
