"""Reads for event pages: counts, the yearly project-day target per sub-region, summaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from optiimi.events.indicators import active_years, attendance_by_kind, project_days_held
from optiimi.events.models import Event, EventSeries, Registration, Status
from optiimi.network.models import OrganisationKind
from optiimi.regions.models import Region


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


# Asked by every registration that lands on the waiting list: SQL of its own, as the
# registration's other queries (see `services._KNOWN`), because the ORM took longer to build it
# than the database to answer.
_WAITING_AHEAD = """
    SELECT count(*) FROM events_registration WHERE event_id = %s AND status = %s AND id <= %s
"""


def waiting_position(registration: Registration) -> int | None:
    """A waiting registration's place on the waiting list (1 = next); None for the others."""
    if registration.status != Status.WAITING:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_WAITING_AHEAD, [registration.event_id, Status.WAITING, registration.pk])
        return int(cursor.fetchone()[0])


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
            }
        )
    return {"years": years, "rows": rows}


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
