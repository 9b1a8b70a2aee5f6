"""Units of measure as the reader's language says them.

Indicators store their unit as data (`persons`, `EUR million`, `%`); the pages show it in the
active language. A unit not listed here is shown as stored (a source's own Finnish unit, say).
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

UNITS = {
    "persons": pgettext_lazy("unit", "persons"),
    "people": pgettext_lazy("unit", "people"),
    "count": pgettext_lazy("unit", "count"),
    "companies": pgettext_lazy("unit", "companies"),
    "organisations": pgettext_lazy("unit", "organisations"),
    "sub-regions": pgettext_lazy("unit", "sub-regions"),
    "events": pgettext_lazy("unit", "events"),
    "participations": pgettext_lazy("unit", "participations"),
    "consultations": pgettext_lazy("unit", "consultations"),
    "views": pgettext_lazy("unit", "views"),
    "imports": pgettext_lazy("unit", "imports"),
    "EUR": pgettext_lazy("unit", "EUR"),
    "EUR 1000": pgettext_lazy("unit", "EUR 1000"),
    "EUR million": pgettext_lazy("unit", "EUR million"),
    "years": pgettext_lazy("unit", "years"),
    "periods": pgettext_lazy("unit", "periods"),
    "projects": pgettext_lazy("unit", "projects"),
    "pp a year": pgettext_lazy("unit", "pp a year"),
    "pp": pgettext_lazy("unit", "pp"),
    "requests": pgettext_lazy("unit", "requests"),
}


# The unit of one thing ("1 event", "1 tapahtuma"), where it differs from the unit of many.
ONE = {
    "events": pgettext_lazy("unit", "event"),
    "years": pgettext_lazy("unit", "year"),
    "projects": pgettext_lazy("unit", "project"),
    "companies": pgettext_lazy("unit", "company"),
    "sub-regions": pgettext_lazy("unit", "sub-region"),
    "organisations": pgettext_lazy("unit", "organisation"),
    "consultations": pgettext_lazy("unit", "consultation"),
    "requests": pgettext_lazy("unit", "request"),
}


def label(unit: str, value: float | None = None) -> str:
    """The unit in the reader's language; of one thing when `value` is one."""
    if value is not None and value == 1 and unit in ONE:
        return str(ONE[unit])
    return str(UNITS.get(unit, unit))


# Units that count whole things: shown without decimals ("6", never "6,0").
COUNTS = frozenset(
    {
        "persons",
        "people",
        "count",
        "companies",
        "organisations",
        "sub-regions",
        "events",
        "participations",
        "years",
        "periods",
        "projects",
        "consultations",
        "views",
        "imports",
        "requests",
    }
)


def decimals(unit: str, value: float) -> int:
    """How many decimals a value in `unit` is shown with: none for counts, otherwise as few as
    the value needs, at most two."""
    if unit in COUNTS:
        return 0
    rounded = round(float(value), 2)
    if rounded.is_integer():
        return 0
    return 1 if round(rounded, 1) == rounded else 2


def format_value(value: float | None, unit: str) -> str:
    """A value as the reader's locale writes it, with the decimals its unit calls for."""
    from django.utils.formats import number_format

    if value is None:
        return "—"
    return number_format(
        round(float(value), decimals(unit, value)),
        decimal_pos=decimals(unit, value),
        use_l10n=True,
        force_grouping=True,
    )
