"""Reads for event pages: counts, the yearly project-day target per sub-region, summaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.events.indicators import active_years, attendance_by_kind, project_days_held
from optiimi.events.models import Category, Event, EventSeries, Status
from optiimi.network.models import OrganisationKind
from optiimi.regions.models import Region


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


@dataclass
class TargetCell:
    held: int
    met: bool
    future: bool


def project_day_targets() -> dict[str, Any]:
    """Sub-region × year: project days held against the target of at least one a year."""
    counts = project_days_held()
    this_year = timezone.localdate().year
    years = active_years(counts)
    subregions = list(
        Region.objects.subregions().filter(parent__code=settings.HOME_REGION).order_by("code")
    )
    targets = dict(
        EventSeries.objects.filter(category="project_day")
        .exclude(sub_region=None)
        .values_list("sub_region__code", "target_per_year")
    )
    next_year = this_year + 1
    planned = Counter(
        Event.objects.planned()
        .filter(category=Category.PROJECT_DAY, start__year=next_year)
        .exclude(sub_region=None)
        .values_list("sub_region__code", flat=True)
    )
    rows = []
    for sub in subregions:
        target = targets.get(sub.code, 1)
        cells = [
            TargetCell(
                counts.get((sub.code, y), 0), counts.get((sub.code, y), 0) >= target, y == this_year
            )
            for y in years
        ]
        rows.append(
            {
                "region": sub,
                "target": target,
                "cells": cells,
                "met_years": sum(c.met for c in cells),
                "planned_next": planned.get(sub.code, 0),
            }
        )
    return {"years": years, "rows": rows, "next_year": next_year}


def series_summary(series: EventSeries) -> dict[str, Any]:
    events = (
        with_counts(series.events.all())
        .annotate(
            attended=Count("registrations", filter=Q(registrations__attended=True)),
            rating=Avg("registrations__feedback__rating"),
            feedback_count=Count("registrations__feedback"),
        )
        .order_by("start")
    )
    kinds = attendance_by_kind(series.events.all())
    labels = dict(OrganisationKind.choices)
    return {
        "events": events,
        "by_kind": sorted(
            ((labels.get(k, "—") if k else "—", n) for k, n in kinds.items()), key=lambda kv: -kv[1]
        ),
        "rating": series.events.aggregate(r=Avg("registrations__feedback__rating"))["r"],
    }


def participants(event: Event) -> list[dict[str, Any]]:
    """The event's registrations for its organisers: who, from which organisation (as given
    when registering, else the person's organisations in the registry), status, attendance."""
    registrations = (
        event.registrations.select_related("person")
        .prefetch_related("person__organisations")
        .order_by("status", "name", "pk")
    )
    return [
        {
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_name
            or (", ".join(o.name for o in r.person.organisations.all()) if r.person else ""),
            "status": r.get_status_display(),
            "registered": timezone.localtime(r.created),
            "attended": r.attended,
        }
        for r in registrations
    ]


def participant_rows(event: Event) -> list[list[Any]]:
    """`participants` as a header and rows for CSV and XLSX."""
    header = [
        _("name"),
        _("e-mail"),
        _("organisation"),
        _("status"),
        _("registered"),
        _("attended"),
    ]
    return [header] + [
        [
            p["name"],
            p["email"],
            p["organisation"],
            p["status"],
            p["registered"].strftime("%Y-%m-%d %H:%M"),
            _("yes") if p["attended"] else _("no"),
        ]
        for p in participants(event)
    ]
