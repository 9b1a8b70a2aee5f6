"""A change of the bridging share and how sure it is, said in words (the bridging page and the
board pack say it the same way)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# With n organisations the swaps make 2**n equally likely patterns, two of which (none swapped,
# all swapped) are as extreme as the observed one: below six, p cannot fall under 0.05.
MIN_ORGANISATIONS = 6


def significance(p: float | None, change: float | None, organisations: int | None = None) -> str:
    """The change and how sure it is, in words."""
    if p is None or change is None:
        return _("Not enough ties in both years to compare.")
    if organisations is not None and organisations < MIN_ORGANISATIONS:
        return _(
            "Too few organisations (%(n)s) for the test to tell a change from chance (p = %(p)s)."
        ) % {"n": organisations, "p": number_format(p, 3, use_l10n=True)}
    direction = _("rose") if change > 0 else _("fell") if change < 0 else _("stayed the same")
    if p < 0.01:
        sure = _("very unlikely to be chance")
    elif p < 0.05:
        sure = _("unlikely to be chance")
    elif p < 0.10:
        sure = _("weak evidence: could be chance")
    else:
        sure = _("could well be chance")
    return _("The share %(direction)s; %(sure)s (p = %(p)s).") % {
        "direction": direction,
        "sure": sure,
        "p": number_format(p, 3, use_l10n=True),
    }
