"""Units of measure as the reader's language says them.

Indicators store their unit as data (`persons`, `EUR million`, `%`); the pages show it in the
active language. A unit not listed here is shown as stored (a source's own Finnish unit, say).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

UNITS = {
    "persons": _("persons"),
    "people": _("people"),
    "count": _("count"),
    "companies": _("companies"),
    "organisations": _("organisations"),
    "sub-regions": _("sub-regions"),
    "events": _("events"),
    "participations": _("participations"),
    "EUR": _("EUR"),
    "EUR 1000": _("EUR 1000"),
    "EUR million": _("EUR million"),
}


def label(unit: str) -> str:
    return str(UNITS.get(unit, unit))
