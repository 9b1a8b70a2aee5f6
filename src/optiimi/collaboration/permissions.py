"""Who may do what with the collaboration network: the one place these checks live.

- anyone: the network map, the bridging table, the API's ties, measures and bridging, the
  exports — ties are between organisations, whose registry is public; the records behind a
  tie name a consulted expert only as `person_label` allows (their consent, or a reader who
  may see the profile);
- the coordinator: rebuild the ledger from the page (the command `optiimi collaboration
  rebuild` and `optiimi import ties` are the administrator's).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from optiimi.network.permissions import is_coordinator


def can_rebuild(user: Any) -> bool:
    return is_coordinator(user)


def check_rebuild(user: Any) -> None:
    if not can_rebuild(user):
        raise PermissionDenied("Only a coordinator rebuilds the tie ledger.")
