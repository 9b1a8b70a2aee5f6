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
