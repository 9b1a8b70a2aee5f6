"""The registry of computed indicators: a small function over platform data, registered once.

A capability registers what it can measure (in its AppConfig.ready, importing its own
`indicators.py`); the strategy module lists, evaluates and stores whatever is registered. The
registry itself knows nothing of Django.

    @register("events.project_days", name_fi="Seutuhankepäiviä", name_en="Project days held",
              unit="count", breakdown="subregion")
    def project_days() -> list[Value]:
        return [Value(period="2024", value=3, region="132"), ...]

A count registers `records` too: the records one value counts (a year, and a sub-region's code
when broken down), so that every figure is one click from its evidence and a test can check
that a value is the sum of its records' `count`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["higher", "lower"]
Breakdown = Literal["none", "subregion"]


@dataclass(frozen=True)
class Value:
    """One computed value: a period ("2024", "2024Q1", "2024-03"), optionally for a region
    (a sub-region's or municipality's code)."""

    period: str
    value: float
    region: str | None = None


@dataclass(frozen=True)
class Record:
    """One record a computed value counts: what it is, where it is seen, and how much it adds
    to the value (1 for one event; a day's number of page views)."""

    label: str
    url: str = ""
    date: datetime.date | None = None
    detail: str = ""
    count: float = 1
    public: bool = True  # anyone may see it; others are listed to network members only


RecordsFn = Callable[[int, "str | None"], list[Record]]


@dataclass(frozen=True)
class ComputedIndicator:
    code: str
    name_fi: str
    name_en: str
    unit: str
    compute: Callable[[], list[Value]]
    direction: Direction = "higher"
    breakdown: Breakdown = "none"
    description_fi: str = ""
    description_en: str = ""
    source: str = field(default="Optiimi")
    records: RecordsFn | None = None
    name_sv: str = ""
    description_sv: str = ""

    @property
    def name(self) -> str:
        """The name in the active language (Swedish and English fall back to Finnish)."""
        from optiimi.core.localise import pick

        return pick(self.name_fi, self.name_en, self.name_sv)

    @property
    def description(self) -> str:
        from optiimi.core.localise import pick

        return pick(self.description_fi, self.description_en, self.description_sv)


_registry: dict[str, ComputedIndicator] = {}


class UnknownIndicator(KeyError):
    pass


def register(
    code: str,
    *,
    name_fi: str,
    name_en: str,
    name_sv: str = "",
    unit: str,
    direction: Direction = "higher",
    breakdown: Breakdown = "none",
    description_fi: str = "",
    description_en: str = "",
    description_sv: str = "",
    source: str = "Optiimi",
    records: RecordsFn | None = None,
) -> Callable[[Callable[[], list[Value]]], Callable[[], list[Value]]]:
    """Decorator: register `compute` under `code`; registering a code twice replaces it."""

    def decorate(compute: Callable[[], list[Value]]) -> Callable[[], list[Value]]:
        _registry[code] = ComputedIndicator(
            code=code,
            name_fi=name_fi,
            name_en=name_en,
            unit=unit,
            compute=compute,
            direction=direction,
            breakdown=breakdown,
            description_fi=description_fi,
            description_en=description_en,
            source=source,
            records=records,
            name_sv=name_sv,
            description_sv=description_sv,
        )
        return compute

    return decorate


def registered() -> list[ComputedIndicator]:
    return sorted(_registry.values(), key=lambda i: i.code)


def get(code: str) -> ComputedIndicator:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownIndicator(code) from None


def unregister(code: str) -> None:
    _registry.pop(code, None)
