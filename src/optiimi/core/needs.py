"""The registry of competence-need sources: where a capability tells of needs for skills.

Competence needs per sub-region, education field and year are held by the guidance capability,
but they are stated in other capabilities too: the outlook barometer's occupation questions and
the vacancy statistics in foresight, the company service requests in services. Capabilities
never import each other, so each source registers a collector here once (in its
AppConfig.ready) returning plain rows; guidance collects every registered source, turns
occupations into education fields through its crosswalk, and writes the needs.

    @register("services.requests")
    def requests() -> list[NeedRow]:
        return [NeedRow(subregion="132", year=2025, amount=1, field="072",
                        source="Palvelupyynnöt", url="/services/promise/"), ...]

The education field classification itself belongs to guidance; it registers the fields it
knows (`register_fields`) so that a form elsewhere can offer them (`field_choices`). The
registry knows nothing of Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NeedRow:
    """A need for `amount` people (a year) in a sub-region (`subregion`, its code) in `year`,
    stated either on an education field (`field`, Koulutusluokitus 2016) or on an occupation
    (`occupation`, Ammattiluokitus 2010, turned into fields by the collector of needs). `source`
    names where it comes from, as the gaps page shows it; `url` is where it can be checked."""

    subregion: str
    year: int
    amount: float
    source: str
    field: str = ""
    occupation: str = ""
    url: str = ""
    synthetic: bool = False


Collect = Callable[[], list[NeedRow]]


@dataclass(frozen=True)
class Source:
    code: str
    collect: Collect = field(compare=False)


_registry: dict[str, Source] = {}


def register(code: str) -> Callable[[Collect], Collect]:
    """Decorator: register `collect` as the need source `code`; registering it again replaces
    it."""

    def decorate(collect: Collect) -> Collect:
        _registry[code] = Source(code, collect)
        return collect

    return decorate


def unregister(code: str) -> None:
    _registry.pop(code, None)


def registered() -> list[Source]:
    return sorted(_registry.values(), key=lambda s: s.code)


# The education field classification, told by the capability that holds it.
FieldChoices = Callable[[], list[tuple[str, str]]]
_fields: list[FieldChoices] = []


def register_fields(choices: FieldChoices) -> FieldChoices:
    """Register the function that lists the education fields (code, name in the reader's
    language); the last one registered answers."""
    _fields[:] = [choices]
    return choices


def field_choices() -> list[tuple[str, str]]:
    """The education fields a need can be stated on; empty when no capability tells them."""
    return _fields[0]() if _fields else []


# Told when a source's needs may have changed (a barometer round closed), so that the holder of
# the needs collects them again.
Listener = Callable[[], None]
_listeners: dict[str, Listener] = {}


def on_changed(code: str, listener: Listener) -> None:
    """Call `listener` whenever a source says its needs changed; a code registers one."""
    _listeners[code] = listener


def changed() -> None:
    """A source's needs may have changed: tell every listener."""
    for listener in list(_listeners.values()):
        listener()
