"""Who may do what with the guidance capability: the one place these checks live.

- anyone: the gap pages, the occupation–field crosswalk and the gaps API (needs and places
  are regional figures that name no person), and the public page "Mitä opiskelisin, kuka
  ohjaa?" (a person's words are used for that one search and are not stored);
- the administrator: the importers of needs, education and the crosswalk
  (`optiimi import needs|education|crosswalk`), which run on the server.

Nothing here is written through the web yet, so no page checks a role.
"""

from __future__ import annotations

from typing import Any


def can_read_gaps(user: Any) -> bool:
    """The gaps are public figures."""
    return True
