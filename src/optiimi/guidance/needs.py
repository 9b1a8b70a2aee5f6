"""Guidance's side of `core.needs`: it tells the education fields a need can be stated on, it
is a source itself (the companies' needs survey), and it collects every source's needs again
when one says they changed (a barometer round closed, a company answered the survey)."""

from __future__ import annotations

from collections import defaultdict

from optiimi.core import needs
from optiimi.guidance import fields
from optiimi.guidance.models import SurveyAnswer

SURVEY_SOURCE = "Osaamistarvekysely (yritykset)"


@needs.register_fields
def field_choices() -> list[tuple[str, str]]:
    return [(f.code, f.name) for f in fields.FIELDS.values()]


@needs.register("guidance.survey")
def survey_needs() -> list[needs.NeedRow]:
    """Each answered field is a need of the company's sub-region in the year asked about (two
    years after the answer), the companies' numbers of people added up."""
    people: dict[tuple[str, str, int], int] = defaultdict(int)
    synthetic: dict[tuple[str, str, int], bool] = {}
    for sub, field, year, count, is_synthetic in SurveyAnswer.objects.filter(
        invitation__answered_at__isnull=False
    ).values_list(
        "invitation__sub_region__code", "field", "year", "people", "invitation__synthetic"
    ):
        key = (sub, field, year)
        people[key] += count
        synthetic[key] = synthetic.get(key, True) and is_synthetic
    return [
        needs.NeedRow(
            subregion=sub,
            year=year,
            amount=count,
            field=field,
            source=SURVEY_SOURCE,
            synthetic=synthetic[(sub, field, year)],
        )
        for (sub, field, year), count in sorted(people.items())
    ]


def collect_again() -> None:
    from optiimi.guidance import jobs

    jobs.collect()


needs.on_changed("guidance", collect_again)
