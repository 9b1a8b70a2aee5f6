"""The events' sections on other capabilities' pages, registered in `core.panels`: the
organisation page's calendar feed, and the guidance network's calendar of guidance and
adult-education days."""

from __future__ import annotations

from typing import Any

from optiimi.core import panels
from optiimi.events import permissions
from optiimi.events.models import Category

GUIDANCE_KINDS = (Category.GUIDANCE_DAY, Category.ADULT_EDUCATION_DAY)


def organisation_context(request: Any, organisation: Any) -> dict[str, Any] | None:
    return {"organisation": organisation}


def guidance_calendar_context(request: Any, sub_region: Any) -> dict[str, Any] | None:
    """The coming guidance and adult-education days the reader may see (of one sub-region,
    with the whole region's, when a sub-region is given), soonest first."""
    events = (
        permissions.visible_events(request.user)
        .planned()
        .filter(category__in=GUIDANCE_KINDS)
        .select_related("sub_region")
        .order_by("start", "pk")
    )
    if sub_region is not None:
        events = events.filter(sub_region__in=[sub_region]) | events.filter(sub_region=None)
    return {"events": list(events[:100]), "sub_region": sub_region}


panels.register("network.organisation", "events/_organisation.html", organisation_context, order=40)
panels.register(
    "guidance.calendar", "events/_guidance_calendar.html", guidance_calendar_context, order=10
)
