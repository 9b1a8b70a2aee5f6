"""What the board pack hears from the service promise: the share of companies' service requests
answered within the promise, per sub-region (core.evidence).

The figures are the figures page's own (`queries.metrics` and `queries.totals` over the scope's
years), and each claim links to that page filtered the same way, so a reader finds the same
numbers there."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from optiimi.core.evidence import Claim, Scope, Section, register
from optiimi.regions.models import Region
from optiimi.services import queries
from optiimi.services.models import Case

#: The computed indicator the sub-regions' shares are (`services/indicators.py`).
INDICATOR = "services.promise_kept_share"


def figures_url(scope: Scope, sub_region: str | None = None) -> str:
    """The figures page over the scope's years, for one sub-region or the whole network."""
    query = {"year": scope.start_year, "until": scope.end_year}
    if sub_region is not None:
        query["sub_region"] = sub_region  # type: ignore[assignment]
    return reverse("services:metrics") + "?" + urlencode(query)


def fulfilment(scope: Scope, sub_region: str | None = None) -> dict[str, int | float | None]:
    """The figures page's totals over the scope's years: requests received (`cases`), promises
    kept and broken, and the share kept (`kept_share`, % of those kept or broken)."""
    rows = queries.metrics(
        start=datetime.date(scope.start_year, 1, 1),
        end=datetime.date(scope.end_year, 12, 31),
        sub_region=sub_region,
    )
    return queries.totals(rows)


@register("services.promise", order=60)
def promise_fulfilment(scope: Scope) -> Section | None:
    """Per sub-region in the scope, the share of requests received in the scope's years whose
    promised times were kept, of those whose promise was kept or broken."""
    subregions = Region.objects.subregions().filter(parent__code=scope.region).order_by("code")
    if scope.subregion is not None:
        subregions = subregions.filter(code=scope.subregion)
    source = _("the service requests recorded in Optiimi")
    synthetic = Case.objects.filter(
        synthetic=True,
        created_on__year__gte=scope.start_year,
        created_on__year__lte=scope.end_year,
    ).exists()
    claims = []
    for sub in subregions:
        total = fulfilment(scope, sub.code)
        judged = int(total["kept"] or 0) + int(total["broken"] or 0)
        if not total["cases"]:
            continue
        claims.append(
            Claim(
                label=sub.name,
                value=total["kept_share"],
                unit="%",
                url=figures_url(scope, sub.code),
                n=judged,
                n_unit="requests",
                source=source,
                note=_("%(cases)s requests received, %(kept)s promises kept, %(broken)s broken")
                % {"cases": total["cases"], "kept": total["kept"], "broken": total["broken"]},
                synthetic=synthetic,
                region=sub.code,
            )
        )
    if not claims:
        return None
    if scope.subregion is None:
        total = fulfilment(scope)
        summary = Claim(
            label=_("Service requests answered within the promise"),
            value=total["kept_share"],
            unit="%",
            url=figures_url(scope),
            n=int(total["kept"] or 0) + int(total["broken"] or 0),
            n_unit="requests",
            source=source,
            note=_("the whole network"),
            synthetic=synthetic,
        )
    else:
        summary = claims[0]
    years = f"{scope.start_year}–{scope.end_year}"
    return Section(
        title=_("Service-promise fulfilment"),
        method=_(
            "Companies' service requests received in these years whose first contact and plan "
            "came within the promised working days, of those whose promise was kept or broken "
            "(an open request past its due day counts as broken); n is the requests so judged."
        ),
        url=figures_url(scope, scope.subregion),
        claims=claims,
        bars=claims,
        bars_title=_("Service promises kept per sub-region, %(years)s (%%)") % {"years": years},
        summary=summary,
        indicator=INDICATOR,
    )
