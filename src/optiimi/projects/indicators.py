"""Computed indicators from projects."""

from __future__ import annotations

from typing import Any

from optiimi.core.indicators import Record, Value, register


@register(
    "projects.outside_consultation_share",
    name_fi="Ulkopuolisen asiantuntijan kanssa suunniteltujen hankkeiden osuus",
    name_en="Share of projects started with outside consultation",
    name_sv="Andel projekt som planerats med en utomstående expert",
    unit="%",
    description_en="Projects that started running, by start year: the share with a "
    "consultation from an organisation other than the lead.",
    description_fi="Käynnistyneet hankkeet aloitusvuoden mukaan: osuus, jonka "
    "suunnittelussa kuultiin muun kuin päätoteuttajan asiantuntijaa.",
)
def outside_consultation_share() -> list[Value]:
    from django.db.models import F

    from optiimi.projects.models import Consultation, Phase, Project

    started = Project.objects.filter(phase__in=[Phase.RUNNING, Phase.CLOSED], start__isnull=False)
    outside = set(
        Consultation.objects.exclude(organisation_id=F("project__lead_id")).values_list(
            "project_id", flat=True
        )
    )
    by_year: dict[str, list[int]] = {}
    for pk, start in started.values_list("pk", "start"):
        if start is None:  # excluded above; for the type checker
            continue
        by_year.setdefault(str(start.year), []).append(pk)
    return [
        Value(period=year, value=round(100 * sum(p in outside for p in pks) / len(pks), 1))
        for year, pks in sorted(by_year.items())
    ]


def _outside_consultations() -> Any:
    """Consultations of an expert from an organisation other than the project's lead."""
    from django.db.models import F

    from optiimi.projects.models import Consultation

    return Consultation.objects.exclude(organisation_id=F("project__lead_id"))


def _outside_counts() -> dict[tuple[str, int], int]:
    """(sub-region code, year) → outside consultations on projects aimed at the sub-region."""
    counts: dict[tuple[str, int], int] = {}
    for code, date in _outside_consultations().values_list("project__sub_regions__code", "date"):
        if code is not None:
            counts[(code, date.year)] = counts.get((code, date.year), 0) + 1
    return counts


def outside_expert_records(year: int, region: str | None) -> list[Record]:
    import datetime

    from django.urls import reverse

    rows = (
        _outside_consultations()
        .filter(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
        .select_related("project", "organisation")
        .order_by("date", "pk")
    )
    if region:
        rows = rows.filter(project__sub_regions__code=region)
    return [
        Record(
            label=c.project.name,
            url=reverse("projects:detail", args=[c.project_id]),
            date=c.date,
            detail=c.organisation.name,
        )
        for c in rows
    ]


@register(
    "projects.outside_experts",
    name_fi="Muiden organisaatioiden asiantuntijoiden kuulemiset seutukunnittain vuodessa",
    name_en="Experts from other organisations consulted per sub-region a year",
    name_sv="Samråd med experter från andra organisationer per ekonomisk region och år",
    unit="consultations",
    breakdown="subregion",
    description_en="Consultations recorded while planning a project, of an expert from an "
    "organisation other than the project's lead, by the project's target sub-regions and the "
    "consultation's year.",
    description_fi="Hankkeiden suunnitteluvaiheessa kirjatut muun kuin päätoteuttajan "
    "organisaation asiantuntijoiden kuulemiset hankkeen kohdeseutukuntien ja kuulemisvuoden "
    "mukaan.",
    records=outside_expert_records,
)
def outside_experts() -> list[Value]:
    from django.utils import timezone

    from optiimi.regions.models import Region

    counts = _outside_counts()
    if not counts:
        return []
    years = sorted({year for _code, year in counts} | {timezone.localdate().year})
    codes = Region.objects.subregions().filter(projects__isnull=False).distinct()
    return [
        Value(str(year), counts.get((code, year), 0), code)
        for code in codes.values_list("code", flat=True)
        for year in years
    ]
