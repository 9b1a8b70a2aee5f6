"""Computed indicators from projects."""

from __future__ import annotations

from optiimi.core.indicators import Value, register


@register(
    "projects.outside_consultation_share",
    name_fi="Ulkopuolisen asiantuntijan kanssa suunniteltujen hankkeiden osuus",
    name_en="Share of projects started with outside consultation",
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
