"""The guidance capability's computed indicators (`core.indicators`), per sub-region and year."""

from __future__ import annotations

from optiimi.core.indicators import Record, Value, register


@register(
    "guidance.top_needs_covered",
    name_fi="Suurimmista osaamistarpeista alueen koulutuksella katettujen osuus",
    name_en="Share of the largest competence needs covered by regional programmes",
    name_sv="Andel av de största kompetensbehoven som täcks av regionens utbildning",
    unit="%",
    breakdown="subregion",
    description_en="Of a sub-region's five largest competence needs by education field in a "
    "year, the share for which the sub-region's programmes offer at least as many starting "
    "places as the need.",
    description_fi="Seutukunnan viidestä suurimmasta koulutusalan osaamistarpeesta vuonna se "
    "osuus, jolle seutukunnan koulutus tarjoaa vähintään tarpeen verran aloituspaikkoja.",
)
def top_needs_covered() -> list[Value]:
    from optiimi.guidance import queries
    from optiimi.guidance.models import Need
    from optiimi.regions.models import Region

    values = []
    pairs = sorted(set(Need.objects.values_list("sub_region", "year")))
    regions = Region.objects.in_bulk({r for r, _y in pairs})
    for region_id, year in pairs:
        covered, counted = queries.top_needs_covered(regions[region_id], year)
        if counted:
            values.append(
                Value(str(year), round(100 * covered / counted, 1), regions[region_id].code)
            )
    return values


def _completed_referrals() -> list[tuple[int, str, int]]:
    """(year of completion, sub-region code, client id) of every client whose guidance was
    completed by a service that took the client by an accepted referral."""
    from optiimi.core.referrals import Status
    from optiimi.guidance.models import ClientReferral, ClientStatus

    rows = (
        ClientReferral.objects.filter(status=Status.ACCEPTED, client__status=ClientStatus.COMPLETED)
        .values_list("client_id", "client__completed_at", "client__municipality__parent__code")
        .distinct()
    )
    seen: dict[int, tuple[int, str, int]] = {}
    for client_id, completed_at, code in rows:
        if completed_at is not None and code:
            seen[client_id] = (completed_at.year, code, client_id)
    return sorted(seen.values())


def _referral_records(year: int, region: str | None) -> list[Record]:
    return [
        Record(label=f"#{client_id}", public=False)
        for y, code, client_id in _completed_referrals()
        if y == year and (region is None or code == region)
    ]


@register(
    "guidance.referrals_completed",
    name_fi="Loppuun viedyt ohjauslähetteet",
    name_en="Guidance referrals completed",
    name_sv="Slutförda vägledningshänvisningar",
    unit="count",
    breakdown="subregion",
    description_en="Guidance clients referred between guidance services with their consent, "
    "accepted, and whose guidance the receiving service completed, by the year of completion "
    "and the client's sub-region.",
    description_fi="Ohjauspalveluiden välillä asiakkaan suostumuksella lähetetyt ja vastaanotetut "
    "ohjausasiakkaat, joiden ohjauksen vastaanottaja vei loppuun, loppuunviennin vuoden ja "
    "asiakkaan seutukunnan mukaan.",
    records=_referral_records,
)
def referrals_completed() -> list[Value]:
    counts: dict[tuple[int, str], int] = {}
    for year, code, _client in _completed_referrals():
        counts[(year, code)] = counts.get((year, code), 0) + 1
    return [Value(str(y), n, code) for (y, code), n in sorted(counts.items())]
