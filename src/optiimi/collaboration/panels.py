"""The collaboration section of the organisation page, registered in `core.panels`."""

from __future__ import annotations

from typing import Any

from optiimi.core import panels


def organisation_context(request: Any, organisation: Any) -> dict[str, Any] | None:
    from optiimi.collaboration.queries import organisation_summary

    summary = organisation_summary(organisation.pk)
    if summary is None:
        return None
    return {"organisation": organisation, **summary}


panels.register(
    "network.organisation", "collaboration/_organisation.html", organisation_context, order=50
)
