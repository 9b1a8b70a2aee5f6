"""Computed indicators of the use of the joint foresight system (seed goal 1)."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.core.indicators import Record, Value, register
from optiimi.foresight.models import DashboardView, ImportRun
from optiimi.regions.models import Region


def _years(years: set[int]) -> list[int]:
    return sorted(years | {timezone.localdate().year})


def dashboard_view_records(year: int, region: str | None) -> list[Record]:
    rows = DashboardView.objects.filter(date__year=year).select_related("region")
    if region:
        rows = rows.filter(region__code=region)
    return [
        Record(
            label=_("%(region)s dashboard") % {"region": row.region.name},
            url=reverse("foresight:subregion", args=[row.region.code]),
            date=row.date,
            detail=_("%(count)s views") % {"count": row.count},
            count=row.count,
        )
        for row in rows.order_by("date", "region__code")
    ]


@register(
    "foresight.dashboard_views",
    name_fi="Seutukunnan ennakointinäkymän käyttökerrat vuodessa",
    name_en="Views of the sub-region's foresight dashboard a year",
    name_sv="Visningar av den ekonomiska regionens prognostiseringsvy per år",
    unit="views",
    breakdown="subregion",
    description_en="Times the sub-region's foresight dashboard was opened in the year. Only a "
    "count per sub-region and day is kept: nothing about who looked.",
    description_fi="Kuinka monta kertaa seutukunnan ennakointinäkymä avattiin vuoden aikana. "
    "Vain lukumäärä seutukunnittain ja päivittäin tallennetaan, ei katsojasta mitään.",
    records=dashboard_view_records,
)
def dashboard_views() -> list[Value]:
    totals: Counter[tuple[str, int]] = Counter()
    for code, date, count in DashboardView.objects.values_list("region__code", "date", "count"):
        totals[(code, date.year)] += count
    if not totals:
        return []
    years = _years({year for _code, year in totals})
    codes = Region.objects.subregions().filter(pk__in=DashboardView.objects.values("region"))
    return [
        Value(str(year), totals[(code, year)], code)
        for code in codes.values_list("code", flat=True)
        for year in years
    ]


def _runs(year: int) -> Any:
    tz = timezone.get_current_timezone()
    first = datetime.datetime(year, 1, 1, tzinfo=tz)
    return ImportRun.objects.filter(
        imported_at__gte=first, imported_at__lt=first.replace(year=year + 1)
    )


def import_records(year: int, region: str | None) -> list[Record]:
    return [
        Record(
            label=run.table_id or run.source,
            url=reverse("foresight:upload"),
            date=timezone.localtime(run.imported_at).date(),
            detail=_("%(format)s: %(new)s new, %(changed)s changed")
            % {"format": run.format, "new": run.created, "changed": run.changed},
        )
        for run in _runs(year).order_by("imported_at", "pk")
    ]


@register(
    "foresight.imports",
    name_fi="Ennakointijärjestelmän tilastotuonnit vuodessa",
    name_en="Statistics imports into the foresight system a year",
    name_sv="Statistikimporter till prognostiseringssystemet per år",
    unit="imports",
    description_en="Imports of statistics into the joint foresight store in the year (files, "
    "PxWeb tables), whoever ran them.",
    description_fi="Tilastojen tuonnit yhteiseen ennakointitietovarastoon vuoden aikana "
    "(tiedostot, PxWeb-taulukot).",
    records=import_records,
)
def imports() -> list[Value]:
    counts: Counter[int] = Counter(
        timezone.localtime(at).year
        for at in ImportRun.objects.values_list("imported_at", flat=True)
    )
    if not counts:
        return []
    return [Value(str(year), counts[year]) for year in _years(set(counts))]
