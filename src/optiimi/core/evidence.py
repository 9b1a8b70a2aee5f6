"""The registry of evidence sections: what a capability can tell the board about a period.

The strategy's board pack ("järkee vai ei?") answers whether the network makes sense with
evidence held by other capabilities — a pilot's estimated effect, project days held, planning
consultations across organisations. Capabilities never import each other, so each one that
holds such evidence registers a section here once (in its AppConfig.ready); the board pack asks
every registered section for its claims about a scope (years and an optional sub-region) and
shows them with their links, intervals, counts and sources. The registry knows nothing of
Django: texts arrive already in the reader's language (the collector runs under it).

    @register("events.project_days", order=40)
    def project_days(scope: Scope) -> Section | None:
        return Section(title=_("Project days held"), claims=[Claim(...), ...])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scope:
    """What the board asks about: the years `start_year`–`end_year`, in one sub-region (its
    code) or, with `subregion` None, the whole home region `region`."""

    start_year: int
    end_year: int
    region: str
    subregion: str | None = None

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


@dataclass(frozen=True)
class Claim:
    """One figure and how sure it is: the interval `low`–`high` when it is an estimate, `n` (what
    it rests on, counted in `n_unit`), its `source`, and `url`, the records behind it."""

    label: str
    value: float | None
    unit: str
    url: str = ""
    target: float | None = None
    low: float | None = None
    high: float | None = None
    n: int | None = None
    n_unit: str = ""
    source: str = ""
    note: str = ""
    # "good", "bad" or "unclear" when the claim itself says so (an interval above zero is
    # "good", one spanning zero "unclear"); "" leaves the judgement to the reader.
    verdict: str = ""
    synthetic: bool = False
    region: str | None = None  # the sub-region's code when the claim is about one


@dataclass(frozen=True)
class Section:
    """What one capability says: a title, a sentence of method, the claims, and the page where
    all of it can be checked. `bars`: claims drawn as a bar chart titled `bars_title` (one unit;
    a target, when a claim has one, is marked on its bar)."""

    title: str
    claims: list[Claim]
    method: str = ""
    url: str = ""
    bars: list[Claim] = field(default_factory=list)
    bars_title: str = ""
    summary: Claim | None = None  # the one figure for the board pack's first screen
    # The computed indicator (its `core.indicators` code) that the claims in its unit measure:
    # where the plan has a target for it, the board marks that target on each such claim
    # without one (a sub-region's claim gets the sub-region's target).
    indicator: str = ""


Collect = Callable[[Scope], "Section | None"]


@dataclass(frozen=True)
class Provider:
    code: str
    order: int
    collect: Collect = field(compare=False)


_registry: dict[str, Provider] = {}


def register(code: str, *, order: int = 100) -> Callable[[Collect], Collect]:
    """Decorator: register `collect` as the section `code`; registering a code again replaces it.
    Sections are shown by `order`, then code."""

    def decorate(collect: Collect) -> Collect:
        _registry[code] = Provider(code, order, collect)
        return collect

    return decorate


def registered() -> list[Provider]:
    return sorted(_registry.values(), key=lambda p: (p.order, p.code))


def unregister(code: str) -> None:
    _registry.pop(code, None)


def collect(scope: Scope) -> list[tuple[str, Section]]:
    """Every registered section's answer for `scope` (code, section); sections with nothing to
    say (None) are left out."""
    found = []
    for provider in registered():
        section = provider.collect(scope)
        if section is not None:
            found.append((provider.code, section))
    return found
