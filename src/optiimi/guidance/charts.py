"""The gap chart of a sub-region: need and places by field, in rank order."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from optiimi.core.charts import Chart
from optiimi.guidance.queries import Gap


def gap_chart(rows: list[Gap], region_name: str, year: int) -> Chart:
    need, places = _("need"), _("places")
    values = []
    for g in rows:
        label = f"{g.rank}. {g.field_name}"
        values.append({"field": label, "series": need, "value": g.need})
        values.append({"field": label, "series": places, "value": g.places})
    order = [f"{g.rank}. {g.field_name}" for g in rows]
    spec = {
        "height": {"step": 14},
        "data": {"values": values},
        "mark": "bar",
        "encoding": {
            "y": {"field": "field", "type": "nominal", "sort": order, "title": None},
            "yOffset": {"field": "series"},
            "x": {"field": "value", "type": "quantitative", "title": _("people a year")},
            "color": {"field": "series", "type": "nominal", "title": None},
            "tooltip": [{"field": "field"}, {"field": "series"}, {"field": "value"}],
        },
    }
    return Chart(
        _("Competence need and education places by field: %(region)s") % {"region": region_name},
        spec,
        unit=_("people a year"),
        source=_("needs and education imported into Optiimi"),
        period=str(year),
        columns=[_("field"), need, places],
        rows=[
            [f"{g.rank}. {g.field_name}", number_format(g.need, 1, use_l10n=True), g.places]
            for g in rows
        ],
    )
