"""The registry of page panels: a capability adds a section to another's page.

The page's owner names a place ("network.organisation") and renders whatever is registered
there; a capability registers, in its AppConfig.ready, a template and a function giving its
context for the object shown (or None to show nothing). Neither imports the other.

    panels.register("network.organisation", "collaboration/_organisation.html", context_fn)

In the owner's view: `panels.render("network.organisation", request, organisation)`; the
template prints each rendered panel with `{{ panel }}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Context = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    place: str
    template: str
    context: Context
    order: int = 100


_panels: dict[tuple[str, str], Panel] = {}


def register(place: str, template: str, context: Context, *, order: int = 100) -> None:
    _panels[(place, template)] = Panel(place, template, context, order)


def registered(place: str) -> list[Panel]:
    return sorted((p for p in _panels.values() if p.place == place), key=lambda p: p.order)


def render(place: str, request: Any, obj: Any) -> list[str]:
    """Each panel registered at `place`, rendered for `obj` (those with nothing to show left
    out)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    out: list[str] = []
    for panel in registered(place):
        context = panel.context(request, obj)
        if context is not None:
            out.append(mark_safe(render_to_string(panel.template, context, request=request)))  # noqa: S308
    return out
