"""What the service promise holds about a person: the contact data of the requests they filed
(registered with `core.personal_data`). Erasure blanks the contact person, e-mail and phone of
those requests and of their history; the request's course stays for the figures."""

from __future__ import annotations

from typing import Any

from optiimi.core import personal_data, writes
from optiimi.services.models import Case


def _cases(subject: personal_data.Subject) -> Any:
    if not subject.email:
        return Case.objects.none()
    return Case.objects.filter(email__iexact=subject.email)


def export_requests(subject: personal_data.Subject) -> dict[str, Any] | None:
    cases = list(_cases(subject).select_related("holder"))
    if not cases:
        return None
    return {
        "service_requests": [
            {
                "company": c.company_name,
                "contact": c.contact_name,
                "email": c.email,
                "phone": c.phone,
                "need": c.need,
                "received": c.created.isoformat(),
                "holder": c.holder.name,
                "status": c.status,
            }
            for c in cases
        ]
    }


def erase_requests(subject: personal_data.Subject, actor: writes.Actor) -> None:
    from optiimi.services.services import erase_contact

    for case in _cases(subject):
        erase_contact(case, actor=actor)


personal_data.register("services", export=export_requests, erase=erase_requests)
