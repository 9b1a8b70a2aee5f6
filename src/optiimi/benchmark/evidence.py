"""What the board pack hears from benchmarking: pilots' estimated effects (core.evidence)."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from optiimi.benchmark import queries
from optiimi.benchmark.models import Cohort
from optiimi.core.evidence import Claim, Scope, Section, register

REASONS = {  # translated where shown
    "too_few": gettext_noop("too few companies to compare"),
    "too_short": gettext_noop("too few years before or after the start"),
    "interval_includes_zero": gettext_noop("the interval includes zero: no effect shown"),
}


def _home(cohort: Cohort) -> str | None:
    """The sub-region most of the cohort's companies are in."""
    codes = Counter(
        cohort.companies.exclude(municipality__parent=None).values_list(
            "municipality__parent__code", flat=True
        )
    )
    return codes.most_common(1)[0][0] if codes else None


@register("benchmark.cohorts", order=30)
def cohort_effects(scope: Scope) -> Section | None:
    """Each cohort started by the end of the scope: its turnover growth against matched peers."""
    cohorts = list(Cohort.objects.filter(start_year__lte=scope.end_year))
    if not cohorts:
        return None
    panel = queries.panel()
    claims = []
    for cohort in cohorts:
        home = _home(cohort)
        if scope.subregion is not None and home != scope.subregion:
            continue
        impact = queries.cohort_impact(cohort, panel_frame=panel)
        if impact.effect is None:
            verdict = ""
        elif impact.conclusive:
            verdict = "good" if impact.effect > 0 else "bad"
        else:
            verdict = "unclear"
        note = _(REASONS[impact.reason]) if impact.reason in REASONS else ""
        claims.append(
            Claim(
                label=f"{cohort.name} ({_('from %(year)s') % {'year': cohort.start_year}})",
                value=impact.effect,
                unit="pp a year",
                url=cohort.get_absolute_url(),
                low=impact.ci_low,
                high=impact.ci_high,
                n=impact.n_cohort,
                n_unit="companies",
                source=_("company financials; %(peers)s matched peer companies")
                % {"peers": impact.n_peers},
                note=note,
                verdict=verdict,
                synthetic=cohort.synthetic,
                region=home,
            )
        )
    if not claims:
        return None
    best = max(claims, key=lambda c: c.n or 0)
    return Section(
        title=_("Pilots' estimated effects"),
        method=_(
            "Turnover growth of each pilot's companies against companies of the same industry "
            "and size class, before and after the pilot began (difference in differences), "
            "with a 95 % bootstrap interval."
        ),
        url="/benchmark/cohorts/",
        claims=claims,
        summary=best,
    )
