"""What the service requests tell of competence needs (`core.needs`): a request whose need the
advisor read as an education field counts one person's need on that field in the request's
sub-region, in the year it was received. Requests closed as "no need after all" do not count."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils import timezone

from optiimi.core import needs
from optiimi.services.models import Case, Outcome

SOURCE = "Yritysten palvelupyynnöt"


@needs.register("services.requests")
def request_needs() -> list[needs.NeedRow]:
    counts: Counter[tuple[str, str, int, bool]] = Counter()
    for sub, field, created, synthetic in (
        Case.objects.exclude(education_field="")
        .exclude(sub_region=None)
        .exclude(outcome=Outcome.NO_NEED)
        .values_list("sub_region__code", "education_field", "created", "synthetic")
    ):
        counts[(sub, field, timezone.localtime(created).year, synthetic)] += 1
    url = reverse("services:metrics")
    return [
        needs.NeedRow(
            subregion=sub,
            year=year,
            amount=count,
            field=field,
            source=SOURCE,
            url=url,
            synthetic=synthetic,
        )
        for (sub, field, year, synthetic), count in sorted(counts.items())
    ]
