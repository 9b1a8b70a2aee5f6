"""Which language's copy of a text to show: one rule for every model with `_fi`/`_en`/`_sv`.

Optiimi speaks Finnish (the default and the original of all content), English and Swedish.
Data carries its texts in fields named by language (`name_fi`, `name_en`, `name_sv`). The rule:

- the active language's own field when the object has one and it is filled;
- otherwise the Finnish field, the original (so a Swedish page shows a project written only in
  Finnish and English in Finnish, never in English).

Registries in `core` (indicators, links, ties, evidence) use the same rule through `pick`.
"""

from __future__ import annotations

from django.utils.translation import get_language

LANGUAGES = ("fi", "en", "sv")


def active() -> str:
    """The active language's two-letter code ("fi" when none is active or it is unknown)."""
    code = (get_language() or "fi")[:2]
    return code if code in LANGUAGES else "fi"


def pick(fi: str, en: str = "", sv: str = "") -> str:
    """The text for the active language out of its versions; Finnish when that one is empty."""
    own = {"en": en, "sv": sv}.get(active(), "")
    return str(own or fi or "")


def localised(obj: object, field: str) -> str:
    """`obj.<field>_<language>` when the object has it and it is filled, else `<field>_fi`."""
    language = active()
    if language != "fi":
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return str(value)
    return str(getattr(obj, f"{field}_fi", "") or "")
