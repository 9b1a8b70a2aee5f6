"""What the service promise holds about a person: the contact data of the requests they filed
(registered with `core.personal_data`). Erasure blanks the contact person, e-mail and phone of
those requests and of their history; the request's course stays for the figures."""

from __future__ import annotations

from typing import Any

from optiimi.core import personal_data
from optiimi.services.models import Case
from optiimi.services.services import erase_contact


def _request(c: Case) -> dict[str, Any]:
    return {
        "company": c.company_name,
        "contact": c.contact_name,
        "email": c.email,
        "phone": c.phone,
        "need": c.need,
        "received": c.created.isoformat(),
        "holder": c.holder.name,
        "status": c.status,
    }


personal_data.register_by_email(
    "services",
    records=lambda email: Case.objects.filter(email__iexact=email).select_related("holder"),
    key="service_requests",
    row=_request,
    erase_one=erase_contact,
)
