"""The map of the sub-regions coloured by the share of their competence need that local
education places do not meet; drawn by the regions' sub-region map renderer."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from optiimi.guidance.queries import Overview
from optiimi.regions.maps import SvgMap, subregion_map
from optiimi.regions.models import Region

# (upper bound of the unmet share, colour): a sequential, colour-blind-safe red scale
CLASSES = [(0.10, "#fee5d9"), (0.25, "#fcae91"), (0.50, "#fb6a4a"), (1.01, "#cb181d")]
NO_DATA = "#d9d9d9"


def tone(share: float | None) -> str:
    if share is None:
        return NO_DATA
    return next(colour for bound, colour in CLASSES if share < bound)


def gap_map(rows: list[Overview]) -> SvgMap:
    if not rows:
        return SvgMap(0, 0)
    parents = {r.sub_region.parent_id for r in rows}
    municipalities = list(
        Region.objects.municipalities()
        .filter(parent__parent_id__in=parents)
        .select_related("parent")
    )
    fills, labels = {}, {}
    for row in rows:
        code = row.sub_region.code
        fills[code] = tone(row.unmet)
        labels[code] = (
            _("no needs")
            if row.unmet is None
            else _("%(share)s %% unmet") % {"share": number_format(round(100 * row.unmet), 0)}
        )
    for m in municipalities:
        if m.parent and m.parent.code not in fills:
            fills[m.parent.code], labels[m.parent.code] = NO_DATA, _("no needs")
    return subregion_map(municipalities, labels, fills)


def legend() -> list[tuple[str, str]]:
    return [
        (_("under 10 % of the need unmet"), CLASSES[0][1]),
        (_("10–25 %"), CLASSES[1][1]),
        (_("25–50 %"), CLASSES[2][1]),
        (_("over 50 %"), CLASSES[3][1]),
        (_("no needs imported"), NO_DATA),
    ]
