"""Computed indicators of the common service promise (seed goal 2), for the plan's measures."""

from __future__ import annotations

from django.utils import timezone

from optiimi.core.indicators import Value, register
from optiimi.services import analytics, queries


def _yearly(by: str | None = None) -> list[dict[str, object]]:
    cases, referrals = queries.frames()
    if cases.is_empty():
        return []
    frame = analytics.monthly(
        cases.with_columns(cases["created"].dt.truncate("1y")),
        referrals.with_columns(referrals["created"].dt.truncate("1y"))
        if not referrals.is_empty()
        else referrals,
        today=timezone.localdate(),
        by=by,
    )
    return frame.to_dicts()


def _values(column: str, by: str | None = None) -> list[Value]:
    return [
        Value(str(row["month"])[:4], float(row[column]), row.get(by) if by else None)  # type: ignore[arg-type]
        for row in _yearly(by)
        if row[column] is not None
    ]


@register(
    "services.promise_kept_share",
    name_fi="Pidettyjen palvelulupausten osuus",
    name_en="Share of service promises kept",
    name_sv="Andel hållna servicelöften",
    unit="%",
    breakdown="subregion",
    description_en="Service requests whose first-contact and plan promises were kept, of those "
    "whose promise was met or broken, per year and sub-region.",
)
def promise_kept_share() -> list[Value]:
    return _values("kept_share", "sub_region") + _values("kept_share")


@register(
    "services.time_to_right_organisation",
    name_fi="Aika oikeaan organisaatioon (työpäiviä, mediaani)",
    name_en="Time to the right organisation (working days, median)",
    name_sv="Tid till rätt organisation (arbetsdagar, median)",
    unit="working days",
    direction="lower",
    description_en="From a company's request to its acceptance by the organisation that closed "
    "it, median per year.",
)
def time_to_right_organisation() -> list[Value]:
    return _values("right_org_median")


@register(
    "services.referral_acceptance",
    name_fi="Hyväksyttyjen ohjausten osuus",
    name_en="Referral acceptance rate",
    name_sv="Andel godkända hänvisningar",
    unit="%",
    description_en="Accepted referrals of those answered, per year.",
)
def referral_acceptance() -> list[Value]:
    return _values("referral_acceptance")


@register(
    "services.first_contact_median",
    name_fi="Aika ensimmäiseen yhteydenottoon (työpäiviä, mediaani)",
    name_en="Time to first contact (working days, median)",
    name_sv="Tid till första kontakt (arbetsdagar, median)",
    unit="working days",
    direction="lower",
)
def first_contact_median() -> list[Value]:
    return _values("first_contact_median")
