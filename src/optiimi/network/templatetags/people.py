"""How other capabilities' pages name a person: by name only to those who may read the
profile, otherwise by organisation ("an expert of JAMK")."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from optiimi.network import permissions
from optiimi.network.models import Organisation, Person

register = template.Library()


@register.simple_tag(takes_context=True)
def person_label(
    context: dict[str, Any], person: Person | None, organisation: Organisation | None = None
) -> str:
    """ "Name (Org)" for a reader who may see the person, "an expert of Org" for anyone else,
    and "(person removed)" once the person has been erased."""
    org = organisation.short_name or organisation.name if organisation is not None else ""
    if person is None:
        return format_html("{} ({})", _("(person removed)"), org) if org else _("(person removed)")
    request = context.get("request")
    if permissions.can_see_name(getattr(request, "user", None), person):
        return format_html("{} ({})", person.name, org) if org else person.name
    if org:
        return _("an expert of %(organisation)s") % {"organisation": org}
    return _("an expert of the network")
