"""The guidance capability's computed indicators (`core.indicators`), per sub-region and year."""

from __future__ import annotations

from optiimi.core.indicators import Value, register


@register(
    "guidance.top_needs_covered",
    name_fi="Suurimmista osaamistarpeista alueen koulutuksella katettujen osuus",
    name_en="Share of the largest competence needs covered by regional programmes",
    unit="%",
    breakdown="subregion",
    description_en="Of a sub-region's five largest competence needs by education field in a "
    "year, the share for which the sub-region's programmes offer at least as many starting "
    "places as the need.",
    description_fi="Seutukunnan viidestä suurimmasta koulutusalan osaamistarpeesta vuonna se "
    "osuus, jolle seutukunnan koulutus tarjoaa vähintään tarpeen verran aloituspaikkoja.",
)
def top_needs_covered() -> list[Value]:
    from optiimi.guidance import queries
    from optiimi.guidance.models import Need
    from optiimi.regions.models import Region

    values = []
    pairs = sorted(set(Need.objects.values_list("sub_region", "year")))
    regions = Region.objects.in_bulk({r for r, _y in pairs})
    for region_id, year in pairs:
        covered, counted = queries.top_needs_covered(regions[region_id], year)
        if counted:
            values.append(
                Value(str(year), round(100 * covered / counted, 1), regions[region_id].code)
            )
    return values
