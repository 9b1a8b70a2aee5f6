"""The gap chart of a sub-region: need and places by field, in rank order."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from optiimi.core.charts import Chart, Series, describe, described, series_encoding
from optiimi.guidance.queries import Gap


def gap_chart(rows: list[Gap], region_name: str, year: int) -> Chart:
    need, places = _("need"), _("places")
    unit = _("people a year")

    def fmt(value: float) -> str:
        return number_format(value, 0 if float(value).is_integer() else 1, use_l10n=True)

    values = []
    for g in rows:
        label = f"{g.rank}. {g.field_name}"
        for key, name, value in (("need", need, g.need), ("places", places, g.places)):
            values.append(
                {
                    "field": label,
                    "key": key,
                    "value": value,
                    "text": describe(name, g.field_name, fmt(value), unit),
                }
            )
    order = [f"{g.rank}. {g.field_name}" for g in rows]
    style = series_encoding(
        [Series("need", need, focal=True), Series("places", places)], lines=False
    )
    spec = {
        "description": _("Competence need and education places by field, people a year"),
        "height": {"step": 14},
        "data": {"values": values},
        "mark": "bar",
        "encoding": described(
            {
                "y": {"field": "field", "type": "nominal", "sort": order, "title": None},
                "yOffset": {"field": "key", "sort": ["need", "places"]},
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": unit,
                    "axis": {"tickCount": {"expr": "ceil(width / 80)"}},
                },
                "color": style["color"],
            }
        ),
    }
    return Chart(
        _("Competence need and education places by field: %(region)s") % {"region": region_name},
        spec,
        unit=unit,
        source=_("needs and education imported into Optiimi"),
        period=str(year),
        columns=[_("field"), need, places],
        rows=[[f"{g.rank}. {g.field_name}", fmt(g.need), fmt(g.places)] for g in rows],
    )
