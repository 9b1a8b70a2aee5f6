"""The bridging figures as computed indicators (`core.indicators`), per sub-region and year, so
that the strategy's result 6 ("ties to knowledge organisations strengthen") reads them."""

from __future__ import annotations

from optiimi.core.indicators import Value, register


@register(
    "collaboration.bridging_share",
    name_fi="Osaamisorganisaatioihin ulottuvien yhteyksien osuus",
    name_en="Share of ties reaching knowledge organisations",
    name_sv="Andel av kopplingarna som når kunskapsorganisationer",
    unit="%",
    breakdown="subregion",
    description_en="The share of a sub-region's organisations' tie weight (projects, "
    "consultations, events) that reaches a university, UAS or vocational institution, per year.",
    description_fi="Seutukunnan organisaatioiden yhteyksien (hankkeet, kuulemiset, tapahtumat) "
    "painosta se osuus, joka ulottuu yliopistoon, ammattikorkeakouluun tai ammatilliseen "
    "oppilaitokseen, vuosittain.",
)
def bridging_share() -> list[Value]:
    from optiimi.collaboration.queries import bridging

    return [
        Value(period=str(row.year), value=round(100 * row.share, 1), region=row.subregion)
        for row in bridging()
        if row.share is not None
    ]


@register(
    "collaboration.companies_tied",
    name_fi="Osaamisorganisaatioon yhteydessä olevia yrityksiä",
    name_en="Companies with a tie to a knowledge organisation",
    name_sv="Företag med en koppling till en kunskapsorganisation",
    unit="count",
    breakdown="subregion",
    description_en="Companies of the sub-region with at least one tie to a knowledge "
    "organisation in the year.",
    description_fi="Seutukunnan yritykset, joilla on vuoden aikana vähintään yksi yhteys "
    "osaamisorganisaatioon.",
)
def companies_tied() -> list[Value]:
    from optiimi.collaboration.queries import bridging

    return [Value(str(row.year), row.companies_tied, row.subregion) for row in bridging()]
