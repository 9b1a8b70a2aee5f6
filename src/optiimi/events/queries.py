"""Reads for event pages: counts, the yearly project-day target per sub-region, summaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from optiimi.events.indicators import active_years, attendance_by_kind, project_days_held
from optiimi.events.models import Category, Event, EventSeries, Feedback, Registration, Status
from optiimi.network.models import OrganisationKind
from optiimi.regions.models import Region


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


# Asked by every registration that lands on the waiting list: SQL of its own, as the
# registration's other queries (see `services._HOLD_EVENT`), because the ORM took longer to build it
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
    rated = rated_events(series.events.all())
    rows = list(events)
    for event in rows:
        event.rating_shown = event.pk in rated  # type: ignore[attr-defined]
    return {
        "events": rows,
        "by_kind": sorted(
            ((labels.get(k, "—") if k else "—", n) for k, n in kinds.items()), key=lambda kv: -kv[1]
        ),
        "rating": Feedback.objects.filter(registration__event__in=rated).aggregate(r=Avg("rating"))[
            "r"
        ],
        "min_answers": settings.OPTIIMI_FEEDBACK_MIN_ANSWERS,
    }


def rated_events(events: QuerySet[Event]) -> set[int]:
    """Ids of the events whose feedback may be shown and averaged: held, and answered by at
    least `OPTIIMI_FEEDBACK_MIN_ANSWERS` people (fewer, and one rating could be read off)."""
    return set(
        Event.objects.held()
        .filter(pk__in=events.values("pk"))
        .annotate(answers=Count("registrations__feedback"))
        .filter(answers__gte=settings.OPTIIMI_FEEDBACK_MIN_ANSWERS)
        .values_list("pk", flat=True)
    )


def feedback_for_organisers(event: Event) -> dict[str, Any]:
    """The event's feedback as its organisers read it: the ratings' average and every comment
    (without names), newest first."""
    feedback = Feedback.objects.filter(registration__event=event)
    questions = []
    for question in event.questions.filter(asked="feedback").prefetch_related("replies"):
        values = [r.value for r in question.replies.all() if r.value]
        scale = [int(v) for v in values if v.isdigit()]
        questions.append(
            {
                "text": question.text,
                "scale": question.type == "scale",
                "count": len(values),
                "average": sum(scale) / len(scale) if scale else None,
                "texts": values if question.type != "scale" else [],
            }
        )
    return {
        "questions": questions,
        "count": feedback.count(),
        "average": feedback.aggregate(r=Avg("rating"))["r"],
        "comments": list(
            feedback.exclude(comment="").order_by("-created").values("rating", "comment", "created")
        ),
    }


def participants(event: Event) -> list[dict[str, Any]]:
    """The event's registrations for its organisers: who, from which organisation (as given
    when registering, else the person's organisations in the registry), status, attendance."""
    registrations = (
        event.registrations.select_related("person")
        .prefetch_related("person__organisations", "replies")
        .order_by("status", "name", "pk")
    )
    questions = list(event.questions.filter(asked="registration").values_list("pk", flat=True))
    return [
        {
            "name": r.name,
            "confirmed": r.status == Status.CONFIRMED,
            "answers": [
                next((a.value for a in r.replies.all() if a.question_id == q), "")
                for q in questions
            ],
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
        *event.questions.filter(asked="registration").values_list("text", flat=True),
    ]
    return [header] + [
        [
            p["name"],
            p["email"],
            p["organisation"],
            p["status"],
            p["registered"].strftime("%Y-%m-%d %H:%M"),
            _("yes") if p["attended"] else _("no"),
            *p["answers"],
        ]
        for p in participants(event)
    ]
