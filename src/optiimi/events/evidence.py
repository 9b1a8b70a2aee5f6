"""What the board pack hears from joint events: project days held per sub-region
(core.evidence)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from optiimi.core.evidence import Claim, Scope, Section, register
from optiimi.events.indicators import active_years, project_days_held
from optiimi.events.models import Category, EventSeries
from optiimi.regions.models import Region


def _years(scope: Scope) -> str:
    return f"{scope.start_year}–{scope.end_year}"


@register("events.project_days", order=40)
def project_days(scope: Scope) -> Section | None:
    """Project days held in each sub-region in the scope's years, against the yearly target of
    its project-day series (one a year where it has none) times the years the network held any."""
    counts = project_days_held()
    years = [y for y in active_years(counts) if y in scope.years]
    subregions = Region.objects.subregions().filter(parent__code=scope.region).order_by("code")
    if scope.subregion is not None:
        subregions = subregions.filter(code=scope.subregion)
    targets = dict(
        EventSeries.objects.filter(category=Category.PROJECT_DAY)
        .exclude(sub_region=None)
        .values_list("sub_region__code", "target_per_year")
    )
    url = reverse("events:targets")
    claims = []
    for sub in subregions:
        held = sum(counts.get((sub.code, y), 0) for y in years)
        target = targets.get(sub.code, 1) * len(years)
        claims.append(
            Claim(
                label=sub.name,
                value=held,
                unit="events",
                url=url,
                target=target,
                n=len(years),
                n_unit="years",
                source=_("the events held, in the event calendar"),
                verdict=("good" if held >= target else "bad") if years else "",
                region=sub.code,
            )
        )
    if not claims:
        return None
    met = sum(c.verdict == "good" for c in claims)
    summary = Claim(
        label=_("Sub-regions that held their project days"),
        value=met,
        unit="sub-regions",
        url=url,
        target=len(claims),
        n=sum(int(c.value or 0) for c in claims),
        n_unit="events",
        source=_("the events held, in the event calendar"),
        verdict="good" if met == len(claims) else "bad",
    )
    if not years:
        note = _("No project days were held in these years.")
    else:
        note = _("Years counted: %(years)s.") % {"years": ", ".join(str(y) for y in years)}
    return Section(
        title=_("Project days held per sub-region"),
        method=_(
            "Sub-regional project days held (begun by today) in each sub-region, against the "
            "yearly target of its project-day series, for each year the network held any."
        )
        + " "
        + note,
        url=url,
        claims=claims,
        bars=claims,
        bars_title=_("Project days held, %(years)s") % {"years": _years(scope)},
        summary=summary if scope.subregion is None else claims[0],
    )
