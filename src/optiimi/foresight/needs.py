"""What foresight tells of competence needs (`core.needs`): the occupation outlook questions of
closed barometer rounds and the open vacancies by occupation in the store.

**Barometer.** For each year, the latest closed round opened that year that asked occupation
questions (an earlier round of the year is taken as replaced by it); for each of its
occupation themes and each sub-region whose 12-month answers number at least the barometer's
minimum (the same rule that blanks a small cell of the results): each answer weighs 2 for a
clear shortage, 1 for a shortage and 0 for balance or a surplus, and the need is
`NEED_PER_STEP × the mean weight` people a year on the occupation (all "clear shortage": 20;
all "shortage": 10; half "shortage", half "balance": 5).

**Vacancies.** An indicator whose metric is the open vacancies at the month's end
(`VACANCY_METRICS`, Statistics Finland's employment service statistics, e.g. table
`statfin_tyonv_pxt_12ti` with the dimensions Alue, Kuukausi, Ammattiryhmä, Tiedot) gives, for
each sub-region, occupation (the `Ammattiryhmä=CODE` of the cell's key; the total `SSS` and
unknown `X`/`9999` left out) and year, the mean of its periods' values that year: the open
vacancies on an average month.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from optiimi.core import needs
from optiimi.foresight.barometer import min_answers
from optiimi.foresight.models import (
    BarometerAnswer,
    BarometerRound,
    Horizon,
    Indicator,
    Observation,
)
from optiimi.regions.models import Level

NEED_PER_STEP = 10
SHORTAGE_WEIGHT = {2: 2, 1: 1}
VACANCY_METRICS = ("AVPAIKATLOPUSSA",)
OCCUPATION_DIMENSIONS = ("Ammattiryhmä", "Ammatti")
NOT_OCCUPATIONS = {"SSS", "X", "9999", "99999"}


def closed_rounds_by_year() -> list[BarometerRound]:
    """The latest closed round opened in each year that asked occupation questions."""
    closed = Q(state=BarometerRound.State.CLOSED) | Q(closes__lt=timezone.localdate())
    latest: dict[int, BarometerRound] = {}
    asked = BarometerRound.objects.filter(closed, themes__occupation__gt="").distinct()
    for round_ in asked.order_by("opens", "pk"):
        latest[round_.opens.year] = round_
    return list(latest.values())


@needs.register("foresight.barometer")
def barometer_needs() -> list[needs.NeedRow]:
    rows: list[needs.NeedRow] = []
    least = min_answers()
    for round_ in closed_rounds_by_year():
        weights: dict[tuple[str, str], list[int]] = defaultdict(list)
        for sub, occupation, score in (
            BarometerAnswer.objects.filter(
                round=round_, horizon=Horizon.M12, subregion__level=Level.SUBREGION
            )
            .exclude(theme__occupation="")
            .values_list("subregion__code", "theme__occupation", "score")
        ):
            weights[(sub, occupation)].append(SHORTAGE_WEIGHT.get(score, 0))
        url = reverse("foresight:barometer_round", args=[round_.pk])
        for (sub, occupation), found in sorted(weights.items()):
            if len(found) < least:
                continue
            amount = NEED_PER_STEP * sum(found) / len(found)
            if amount <= 0:
                continue
            rows.append(
                needs.NeedRow(
                    subregion=sub,
                    year=round_.opens.year,
                    amount=amount,
                    occupation=occupation,
                    source=f"Ammattinäkymäbarometri {round_.name}",
                    url=url,
                    synthetic=round_.synthetic,
                )
            )
    return rows


def _occupation(key: str) -> str:
    for part in key.split(";"):
        name, _sep, code = part.partition("=")
        if name in OCCUPATION_DIMENSIONS and code not in NOT_OCCUPATIONS:
            return code
    return ""


@needs.register("foresight.vacancies")
def vacancy_needs() -> list[needs.NeedRow]:
    metric = Q()
    for code in VACANCY_METRICS:
        metric |= Q(code__endswith=f".{code}")
    rows: list[needs.NeedRow] = []
    for indicator in Indicator.objects.filter(metric).order_by("code"):
        values: dict[tuple[str, str, int], list[float]] = defaultdict(list)
        for sub, period, key, value in Observation.objects.filter(
            indicator=indicator, area__startswith="SK", value__isnull=False
        ).values_list("area", "period", "key", "value"):
            occupation = _occupation(key)
            if value is not None and occupation and period[:4].isdigit():
                values[(sub[2:], occupation, int(period[:4]))].append(value)
        source = f"{indicator.name_fi} ({indicator.table_id or indicator.code})"
        for (sub, occupation, year), found in sorted(values.items()):
            amount = sum(found) / len(found)
            if amount > 0:
                rows.append(
                    needs.NeedRow(
                        subregion=sub,
                        year=year,
                        amount=amount,
                        occupation=occupation,
                        source=source,
                        url=reverse("foresight:subregion", args=[sub]),
                        synthetic=indicator.synthetic,
                    )
                )
    return rows
