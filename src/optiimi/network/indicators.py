"""Computed indicators the network's own records answer."""

from __future__ import annotations

import datetime

from django.utils import timezone

from optiimi.core.indicators import Value, register
from optiimi.network.models import Organisation
from optiimi.regions.models import Region


@register(
    "network.active_members",
    name_fi="Aktiiviset jäsenorganisaatiot seutukunnittain",
    name_en="Active member organisations per sub-region",
    name_sv="Aktiva medlemsorganisationer per ekonomisk region",
    unit="organisations",
    breakdown="subregion",
    description_fi="Verkoston jäsenet, jotka palvelevat seutukuntaa vuoden aikana.",
    description_en="Network members serving the sub-region during the year.",
)
def active_members() -> list[Value]:
    """For each year since the first membership: members serving each sub-region that year."""
    organisations = list(
        Organisation.objects.exclude(member_since=None).prefetch_related("sub_regions")
    )
    if not organisations:
        return []
    this_year = timezone.localdate().year
    first = min(o.member_since.year for o in organisations if o.member_since)
    subregions = {r.pk: r.code for r in Region.objects.subregions()}
    values = []
    for year in range(first, this_year + 1):
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        counts = dict.fromkeys(subregions.values(), 0)
        for organisation in organisations:
            since, until = organisation.member_since, organisation.member_until
            if since and since <= end and (until is None or until >= start):
                for region in organisation.sub_regions.all():
                    if region.pk in subregions:
                        counts[subregions[region.pk]] += 1
        values += [Value(str(year), n, code) for code, n in counts.items()]
    return values
