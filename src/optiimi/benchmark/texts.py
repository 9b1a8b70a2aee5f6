"""Results said in words (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from optiimi.benchmark.analytics import Impact


def fmt(x: float) -> str:
    from optiimi.core.templatetags.optiimi import num

    return str(num(x, 1))


def impact_statement(r: Impact) -> str:
    if r.reason == "too_few":
        return _(
            "The data cannot support a conclusion: the cohort has %(c)s matched companies "
            "and the peers %(p)s; at least 5 of each are needed."
        ) % {"c": r.n_cohort, "p": r.n_peers}
    if r.reason == "too_short":
        return _(
            "The data cannot support a conclusion: at least two years before the start "
            "year and one from it are needed."
        )
    if r.effect is None or r.ci_low is None or r.ci_high is None:
        return _("The data cannot support a conclusion.")
    faster = r.effect >= 0
    text = (
        _("The cohort grew %(x)s percentage points a year faster than its peers")
        if faster
        else _("The cohort grew %(x)s percentage points a year slower than its peers")
    ) % {"x": fmt(abs(r.effect))}
    text += " " + _("(95%% CI %(lo)s to %(hi)s; %(c)s companies, %(p)s matched peers).") % {
        "lo": fmt(r.ci_low),
        "hi": fmt(r.ci_high),
        "c": r.n_cohort,
        "p": r.n_peers,
    }
    if not r.conclusive:
        text += " " + _(
            "The interval includes zero, so the data cannot tell whether the cohort "
            "grew faster or slower than its peers."
        )
    return text
