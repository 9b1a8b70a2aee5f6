"""What the board pack hears from the collaboration network: ties to knowledge organisations
per sub-region and how they changed, with the permutation test's p-value and the bootstrap
interval that the bridging page shows (core.evidence)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from optiimi.collaboration import queries
from optiimi.collaboration.models import ImportedTie
from optiimi.collaboration.wording import MIN_ORGANISATIONS, significance
from optiimi.core import units
from optiimi.core.evidence import Claim, Scope, Section, register
from optiimi.regions.models import Region

#: The computed indicator the sub-regions' shares are (`collaboration/indicators.py`).
INDICATOR = "collaboration.bridging_share"
#: A change counts as shown below this p-value.
LEVEL = 0.05


def compared_years(scope: Scope) -> tuple[int, int] | None:
    """The years compared: the network's first year of ties (the bridging page's default start)
    and the latest year with ties within the scope; None when the scope has no year with ties."""
    years = queries.years()
    within = [y for y in years if y in scope.years]
    if not within:
        return None
    return years[0], within[-1]


def bridging_url(year_from: int, year_to: int) -> str:
    return reverse("collaboration:bridging") + "?" + urlencode({"from": year_from, "to": year_to})


def _verdict(change: queries.BridgingChange | None) -> str:
    if change is None or change.p_value is None or change.change is None:
        return ""
    if change.organisations < MIN_ORGANISATIONS or change.p_value >= LEVEL:
        return "unclear"
    return "good" if change.change > 0 else "bad"


def _pp(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


@register("collaboration.knowledge_ties", order=70)
def knowledge_ties(scope: Scope) -> Section | None:
    """Per sub-region: the share of its organisations' tie weight reaching a knowledge
    organisation in the latest year with ties in the scope, its change since the network's first
    year with the p-value and 95 % interval, and the companies with such a tie."""
    compared = compared_years(scope)
    if compared is None:
        return None
    year_from, year_to = compared
    subregions = Region.objects.subregions().filter(parent__code=scope.region).order_by("code")
    if scope.subregion is not None:
        subregions = subregions.filter(code=scope.subregion)
    shares = {(b.subregion, b.year): b for b in queries.bridging()}
    changes = (
        {c.subregion: c for c in queries.bridging_changes(year_from, year_to)}
        if year_from < year_to
        else {}
    )
    url = (
        bridging_url(year_from, year_to)
        if year_from < year_to
        else reverse("collaboration:bridging")
    )
    source = _("the ties in the collaboration network (projects, consultations, events)")
    # the sub-regions whose figures rest partly on ties imported as synthetic demo data
    orgs = queries.organisations()
    synthetic = {
        orgs[pk].subregion
        for pair in ImportedTie.objects.filter(
            synthetic=True, year__in=[year_from, year_to]
        ).values_list("organisation_a_id", "organisation_b_id")
        for pk in pair
        if pk in orgs
    }
    claims: list[Claim] = []
    bars: list[Claim] = []
    named = {sub.code: sub.name for sub in subregions}
    for sub in subregions:
        now = shares.get((sub.code, year_to))
        change = changes.get(sub.code)
        if now is None and change is None:
            continue
        share_to = _pp(now.share) if now is not None else None
        tied = now.companies_tied if now is not None else 0
        if share_to is not None:
            bars.append(Claim(label=sub.name, value=share_to, unit="%", url=url, region=sub.code))
        if change is None or change.change is None:
            if share_to is None:
                continue
            claims.append(
                Claim(
                    label=f"{sub.name}, {year_to}",
                    value=share_to,
                    unit="%",
                    url=url,
                    source=source,
                    note=significance(None, None)
                    + " "
                    + _("Companies with a tie to a knowledge organisation in %(year)s: %(n)s.")
                    % {"year": year_to, "n": tied},
                    synthetic=sub.code in synthetic,
                    region=sub.code,
                )
            )
            continue
        claims.append(
            Claim(
                label=_("%(area)s: %(before)s %% (%(from)s) → %(after)s %% (%(to)s)")
                % {
                    "area": sub.name,
                    "before": units.format_value(_pp(change.share_from), "%"),
                    "from": year_from,
                    "after": units.format_value(_pp(change.share_to), "%"),
                    "to": year_to,
                },
                value=_pp(change.change),
                unit="pp",
                url=url,
                low=_pp(change.low),
                high=_pp(change.high),
                n=change.organisations,
                n_unit="organisations",
                source=source,
                note=significance(change.p_value, change.change, change.organisations)
                + " "
                + _("Companies with a tie to a knowledge organisation in %(year)s: %(n)s.")
                % {"year": year_to, "n": tied},
                verdict=_verdict(change),
                synthetic=sub.code in synthetic,
                region=sub.code,
            )
        )
    if not claims:
        return None
    summary: Claim | None
    if scope.subregion is not None:
        summary = claims[0]
    elif changes:
        rose = [c for c in claims if c.verdict == "good"]
        names = ", ".join(named[c.region] for c in rose if c.region)
        summary = Claim(
            label=(
                _(
                    "Sub-regions whose ties to knowledge organisations clearly strengthened, "
                    "%(from)s–%(to)s"
                )
                % {"from": year_from, "to": year_to}
            )
            + (f": {names}" if names else ""),
            value=len(rose),
            unit="sub-regions",
            url=url,
            n=len(claims),
            n_unit="sub-regions",
            source=source,
            note=_("a rise with p < %(level)s in the permutation test")
            % {"level": units.format_value(LEVEL, "")},
            verdict="good" if rose else "unclear",
            synthetic=any(c.synthetic for c in rose),
        )
    else:
        summary = None
    method = _(
        "The share of each sub-region's organisations' tie weight (projects, consultations, "
        "events) that reaches a university, a university of applied sciences or a vocational "
        "institution, in %(to)s against %(from)s, the network's first year with ties; the "
        "p-value of a permutation test and a 95 %% bootstrap interval over the organisations "
        "say how sure the change is."
    ) % {"from": year_from, "to": year_to}
    return Section(
        title=_("Ties to knowledge organisations"),
        method=method,
        url=url,
        claims=claims,
        bars=bars,
        bars_title=_("Share of ties reaching knowledge organisations per sub-region, %(year)s (%%)")
        % {"year": year_to},
        summary=summary,
        indicator=INDICATOR,
    )
