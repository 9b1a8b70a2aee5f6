"""The site's navigation: a few sections built around what people come to do, each with its pages.

The header shows the sections; the current section's pages appear in a second row below it.
An entry names a URL, not a view, so a section lists pages of several apps without importing
them; an entry whose URL name is not (yet) in the URL configuration is left out, which keeps a
place for a coming front door: it appears as soon as its app's URLs are included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from optiimi.network import permissions as network_permissions
from optiimi.services import permissions as service_permissions

Allowed = Callable[[Any], bool]


def _everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    allowed: Allowed = _everyone


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    # Paths under these prefixes belong to the section (the first entry is its landing page).
    prefixes: tuple[str, ...]
    entries: tuple[Entry, ...] = field(default_factory=tuple)
    # A front door shown as a call to action rather than as a section of pages.
    front_door: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(
        "network",
        pgettext_lazy("navigation", "Network"),
        ("/organisations/", "/people/", "/competences/", "/network/", "/users/"),
        (
            Entry(_("Organisations"), "network:organisations"),
            Entry(_("People"), "network:people"),
            Entry(_("Competences"), "network:competences"),
            Entry(_("Collaboration"), "collaboration:map"),
            Entry(_("Bridging organisations"), "collaboration:bridging"),
            Entry(_("Logins"), "network:users", network_permissions.is_coordinator),
        ),
    ),
    Section(
        "plan",
        pgettext_lazy("navigation", "Plan and evidence"),
        ("/plan/",),
        (Entry(pgettext_lazy("navigation", "Action plan"), "strategy:index"),),
    ),
    Section(
        "events",
        _("Events"),
        ("/events/",),
        (
            Entry(pgettext_lazy("navigation", "Calendar"), "events:list"),
            Entry(_("Event series"), "events:series_list"),
            Entry(pgettext_lazy("navigation", "Targets"), "events:targets"),
            Entry(
                _("Participants' data"),
                "events:participant_data",
                network_permissions.is_coordinator,
            ),
        ),
    ),
    Section(
        "foresight",
        _("Foresight"),
        ("/foresight/",),
        (
            Entry(pgettext_lazy("navigation", "Regional outlook"), "foresight:region"),
            Entry(_("Outlook barometer"), "foresight:barometer"),
            Entry(_("Weak signals"), "foresight:signals"),
        ),
    ),
    Section(
        "projects",
        pgettext_lazy("navigation", "Projects and experts"),
        ("/projects/",),
        (
            Entry(_("Projects"), "projects:list"),
            Entry(pgettext_lazy("navigation", "Find an expert"), "projects:experts"),
            Entry(pgettext_lazy("navigation", "Search"), "projects:search"),
        ),
    ),
    Section(
        "companies",
        pgettext_lazy("navigation", "Companies"),
        ("/benchmark/", "/services/"),
        (
            Entry(_("Benchmarks"), "benchmark:index"),
            Entry(pgettext_lazy("navigation", "Joutsa pilot"), "benchmark:joutsa"),
            Entry(pgettext_lazy("navigation", "Cohorts"), "benchmark:cohorts"),
            Entry(_("Services"), "services:catalogue"),
            Entry(pgettext_lazy("navigation", "Service promise"), "services:metrics"),
            Entry(_("Service requests"), "services:queue", service_permissions.is_advisor),
        ),
    ),
    # The guidance front door joins here when its URLs ("guidance:index") are included.
    Section(
        "guidance",
        pgettext_lazy("navigation", "Guidance"),
        ("/guidance/",),
        (Entry(pgettext_lazy("navigation", "Guidance"), "guidance:index"),),
        front_door=True,
    ),
    Section(
        "help",
        pgettext_lazy("navigation", "Get help"),
        ("/services/help/", "/services/status/"),
        (Entry(pgettext_lazy("navigation", "Get help"), "services:front_door"),),
        front_door=True,
    ),
)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _active(section: Section, path: str) -> bool:
    return any(path.startswith(prefix) for prefix in section.prefixes)


def menu(request: HttpRequest) -> dict[str, Any]:
    """`nav_sections` for the header and `nav_current` (the section of this page) for the row
    of its pages; a front door's own pages take it from the section that also holds its path."""
    path = request.path
    user = getattr(request, "user", None)
    sections: list[dict[str, Any]] = []
    for section in SECTIONS:
        entries = []
        for entry in section.entries:
            url = _url(entry.url_name)
            if url is None or not entry.allowed(user):
                continue
            entries.append({"label": entry.label, "url": url, "current": path == url})
        if not entries:
            continue
        sections.append(
            {
                "key": section.key,
                "label": section.label,
                "url": entries[0]["url"],
                "entries": entries,
                "front_door": section.front_door,
                "active": _active(section, path),
            }
        )
    # The front door's prefix is also under /services/: the more specific section wins.
    front = [s for s in sections if s["front_door"] and s["active"]]
    if front:
        for shown in sections:
            if not shown["front_door"]:
                shown["active"] = False
    current = next((s for s in sections if s["active"] and not s["front_door"]), None)
    return {
        "nav_sections": [s for s in sections if not s["front_door"]],
        "nav_front_doors": [s for s in sections if s["front_door"]],
        "nav_current": current,
    }
