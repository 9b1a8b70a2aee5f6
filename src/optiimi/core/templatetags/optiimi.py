"""Template helpers: Finnish number formatting and query-string building for filters."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from optiimi.core import units

register = template.Library()


@register.filter
def unit(value: str) -> str:
    """A unit of measure in the active language (`core.units`)."""
    return units.label(value or "")


@register.filter
def unit_for(unit: str, value: Any) -> str:
    """A unit as said after `value`: "1 event", "2 events" ("1 tapahtuma", "2 tapahtumaa")."""
    try:
        number = float(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        number = None
    return units.label(unit or "", number)


@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    """1234.5 → '1 234,5' in Finnish, '1,234.5' in English (locale-aware grouping)."""
    if value is None or value == "":
        return "—"
    whole = (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()
    )
    if decimals is None and whole:
        value = int(value)  # a whole number never shows decimals ("5", not "5,0")
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def money(value: Any) -> str:
    """Euros as a table and a fact list show them: "147 000 €", never broken across lines."""
    if value is None or value == "":
        return "—"
    return f"{num(value, 0)}\u00a0€"


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A job's wait or run: "4 s", "2 min 5 s", "1 h 4 min" (units the same in both languages)."""
    if value is None:
        return ""
    seconds = max(0, round(value.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {seconds} s"
    return f"{seconds} s"


@register.filter
def in_unit(value: Any, unit: str) -> str:
    """A value with the decimals its unit calls for: counts without decimals ('6', not '6,0')."""
    if value is None or value == "":
        return "—"
    return units.format_value(float(value), unit or "")


@register.simple_tag(takes_context=True)
def query(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def localised(obj: Any, field: str) -> str:
    """`obj.<field>_<language>` in the active language, else the Finnish original
    (`core.localise`)."""
    from optiimi.core.localise import localised as pick_field

    return pick_field(obj, field)
