"""The events section of the organisation page (its calendar feed), registered in `core.panels`."""

from __future__ import annotations

from typing import Any

from optiimi.core import panels


def organisation_context(request: Any, organisation: Any) -> dict[str, Any] | None:
    return {"organisation": organisation}


panels.register("network.organisation", "events/_organisation.html", organisation_context, order=40)
