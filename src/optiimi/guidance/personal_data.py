"""What the guidance capability holds about a person: guidance clients whose contact is their
e-mail address (registered with `core.personal_data`). Erasure blanks the client's name,
contact and need, in the record and its history; the referrals' course stays for the figures."""

from __future__ import annotations

from typing import Any

from optiimi.core import personal_data, writes
from optiimi.guidance.models import GuidanceClient


def _clients(subject: personal_data.Subject) -> Any:
    if not subject.email:
        return GuidanceClient.objects.none()
    return GuidanceClient.objects.filter(contact__iexact=subject.email)


def export_clients(subject: personal_data.Subject) -> dict[str, Any] | None:
    clients = list(_clients(subject).select_related("holder", "municipality"))
    if not clients:
        return None
    return {
        "guidance_clients": [
            {
                "name": c.name,
                "contact": c.contact,
                "need": c.need,
                "municipality": c.municipality.name_fi,
                "guidance_service": c.holder.name,
                "opened": c.created.isoformat(),
                "status": c.status,
            }
            for c in clients
        ]
    }


def erase_clients(subject: personal_data.Subject, actor: writes.Actor) -> None:
    from optiimi.guidance.services import erase_client

    for client in _clients(subject):
        erase_client(client, actor=actor)


personal_data.register("guidance", export=export_clients, erase=erase_clients)
