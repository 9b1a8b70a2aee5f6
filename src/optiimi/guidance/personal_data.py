"""What the guidance capability holds about a person: guidance clients whose contact is their
e-mail address (registered with `core.personal_data`). Erasure blanks the client's name,
contact and need, in the record and its history; the referrals' course stays for the figures."""

from __future__ import annotations

from typing import Any

from optiimi.core import personal_data
from optiimi.guidance.models import GuidanceClient
from optiimi.guidance.services import erase_client


def _client(c: GuidanceClient) -> dict[str, Any]:
    return {
        "name": c.name,
        "contact": c.contact,
        "need": c.need,
        "municipality": c.municipality.name_fi,
        "guidance_service": c.holder.name,
        "opened": c.created.isoformat(),
        "status": c.status,
    }


personal_data.register_by_email(
    "guidance",
    records=lambda email: GuidanceClient.objects.filter(contact__iexact=email).select_related(
        "holder", "municipality"
    ),
    key="guidance_clients",
    row=_client,
    erase_one=erase_client,
)
