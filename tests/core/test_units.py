from django.template import Context, Template
from django.utils import translation

from optiimi.core import units


def test_units_follow_the_language_and_unknown_ones_stay_as_stored():
    with translation.override("fi"):
        assert units.label("persons") == "henkeä"
        assert units.label("EUR million") == "miljoonaa euroa"
        rendered = Template("{% load optiimi %}{{ u|unit }}").render(Context({"u": "count"}))
        assert rendered == "lukumäärä"
    with translation.override("en"):
        assert units.label("persons") == "persons"
    assert units.label("henkeä") == "henkeä"
    assert units.label("") == ""


def test_num_filter_writes_whole_numbers_without_decimals():
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load optiimi %}{{ a|num }} / {{ b|num }} · {{ c|num }} · {{ d|num:1 }} · {{ e|num }}"
    )
    with translation.override("fi"):
        context = {"a": 5.0, "b": 6.0, "c": 2.5, "d": 3.0, "e": Decimal("147000.00")}
        text = template.render(Context(context))
    assert text == "5 / 6 · 2,5 · 3,0 · 147\xa0000"
