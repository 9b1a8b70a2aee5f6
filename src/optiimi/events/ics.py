"""iCalendar (RFC 5545) for one event and for feeds, with stable UIDs and Europe/Helsinki."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vText
from icalendar import Event as VEvent

from optiimi.events.models import Event

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
# A lone CR (or CRLF) in a text value would end the content line early; icalendar escapes LF
# in TEXT values (X- properties are "unknown" to it, so they are given as vText).
_LINE_BREAK = re.compile(r"\r\n?")


def _text(value: str) -> str:
    """Text for a TEXT property: every line break a plain LF, which icalendar writes as `\\n`."""
    return _LINE_BREAK.sub("\n", value)


def uid(event: Event) -> str:
    return f"event-{event.pk}@{settings.OPTIIMI_SITE_URL.split('//')[-1].split('/')[0]}"


def calendar(events: Iterable[Event], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Optiimi//Joint events//FI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", vText(_text(name)))
    cal.add("x-wr-timezone", "Europe/Helsinki")
    for event in events:
        item = VEvent()
        item.add("uid", uid(event))
        item.add("summary", _text(event.title))
        item.add("dtstart", event.start.astimezone(HELSINKI))
        item.add("dtend", event.end.astimezone(HELSINKI))
        item.add("dtstamp", timezone.now())
        if event.venue:
            item.add("location", _text(event.venue))
        description = event.description_fi or event.description_en
        if event.online_url:
            description = f"{description}\n\n{event.online_url}".strip()
            item.add("url", event.online_url)
        if description:
            item.add("description", _text(description))
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
