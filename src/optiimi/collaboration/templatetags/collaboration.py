"""Shares as percentages and changes as percentage points, in the reader's number format."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(share: Any) -> str:
    """0.123 → '12,3 %'."""
    if share is None:
        return "—"
    return f"{number_format(round(100 * float(share), 1), 1, use_l10n=True)} %"


@register.filter
def pp(change: Any) -> str:
    """0.045 → '+4,5' (percentage points, signed)."""
    if change is None:
        return "—"
    value = round(100 * float(change), 1)
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{number_format(abs(value), 1, use_l10n=True)}"
