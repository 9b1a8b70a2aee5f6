"""Who may read and change what in the network: the one place these checks live.

- coordinator (or superuser): everything, network-wide;
- organisation editor: their own organisation and the people affiliated with it;
- member: reads network-internal pages (every person, contact details);
- anonymous: public pages only (organisations, consented profiles).

On top of a member's or editor's role the coordinator grants capability roles (foresight
analyst, event organiser, service advisor, guidance counsellor); each capability's own
`permissions.py` asks `has_capability` or `acting_organisation_id` here, so that what a role
means is decided in this one place and the capabilities only name the role they accept.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from optiimi.network.models import CapabilityRole, Organisation, Person, Role, RoleKind


def role_of(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.optiimi_role
    except Role.DoesNotExist:
        return None


def is_coordinator(user: Any) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    role = role_of(user)
    return role is not None and role.kind == RoleKind.COORDINATOR


def is_member(user: Any) -> bool:
    """Any signed-in user with a role reads the network's internal pages."""
    return is_coordinator(user) or role_of(user) is not None


def edited_organisation_id(user: Any) -> int | None:
    role = role_of(user)
    if role is not None and role.kind == RoleKind.EDITOR:
        return role.organisation_id
    return None


def has_capability(user: Any, capability: CapabilityRole | str) -> bool:
    """The coordinator holds every capability role; others hold those granted to them."""
    if is_coordinator(user):
        return True
    role = role_of(user)
    return role is not None and role.has_capability(capability)


def acting_organisation_id(user: Any, capability: CapabilityRole | str) -> int | None:
    """The organisation a user acts for in a capability: the one they edit, or the one of the
    role in which they were granted `capability`."""
    own = edited_organisation_id(user)
    if own is not None:
        return own
    role = role_of(user)
    if role is not None and role.has_capability(capability):
        return role.organisation_id
    return None


def organisations_user_acts_for(
    user: Any, capability: CapabilityRole | str
) -> QuerySet[Organisation]:
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=acting_organisation_id(user, capability) or 0)


def can_grant_roles(user: Any) -> bool:
    """Logins, roles, capability roles and API tokens are given by the coordinator."""
    return is_coordinator(user)


def check_can_grant_roles(user: Any) -> None:
    if not can_grant_roles(user):
        raise PermissionDenied("Only the network coordinator gives logins and roles.")


def can_edit_vocabulary(user: Any) -> bool:
    return is_coordinator(user)


def check_can_edit_vocabulary(user: Any) -> None:
    if not can_edit_vocabulary(user):
        raise PermissionDenied("Only the network coordinator edits the competence vocabulary.")


def can_create_organisation(user: Any) -> bool:
    return is_coordinator(user)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) == organisation.pk


def can_create_person(user: Any) -> bool:
    return is_coordinator(user) or edited_organisation_id(user) is not None


def can_edit_person(user: Any, person: Person) -> bool:
    if is_coordinator(user):
        return True
    org_id = edited_organisation_id(user)
    return org_id is not None and person.affiliations.filter(organisation_id=org_id).exists()


def organisations_user_can_staff(user: Any) -> QuerySet[Organisation]:
    """Organisations a user may attach people to."""
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk=edited_organisation_id(user) or 0)


def visible_people(user: Any) -> QuerySet[Person]:
    people = Person.objects.all()
    return people if is_member(user) else people.filter(public=True)


def can_see_name(user: Any, person: Person) -> bool:
    """A person is named only to those who may read their profile: everyone when they have
    consented to a public profile, otherwise members of the network."""
    return person.public or is_member(user)


def can_see_email(user: Any, person: Person) -> bool:
    return person.public or is_member(user)


def get_person_for_user(user: Any, pk: int) -> Person:
    """A person the user may read (404 for profiles hidden from them)."""
    return get_object_or_404(visible_people(user), pk=pk)


def get_organisation_for_edit(user: Any, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied("You may not edit this organisation.")
    return organisation


def get_person_for_edit(user: Any, pk: int) -> Person:
    person = get_object_or_404(Person, pk=pk)
    if not can_edit_person(user, person):
        raise PermissionDenied("You may not edit this person.")
    return person


def check_can_create_organisation(user: Any) -> None:
    if not can_create_organisation(user):
        raise PermissionDenied("Only the network coordinator may add organisations.")


def check_can_create_person(user: Any, organisation: Organisation | None) -> None:
    if not can_create_person(user):
        raise PermissionDenied("Only coordinators and organisation editors may add people.")
    if organisation is not None and not can_edit_organisation(user, organisation):
        raise PermissionDenied("You may add people only to your own organisation.")
