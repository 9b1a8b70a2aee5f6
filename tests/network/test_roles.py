"""Capability roles: granted by the coordinator through the one write path, checked per app."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from optiimi.core import writes
from optiimi.core.writes import System
from optiimi.events import permissions as event_permissions
from optiimi.foresight import permissions as foresight_permissions
from optiimi.network import services
from optiimi.network.models import CapabilityRole, Role, RoleKind
from optiimi.network.permissions import acting_organisation_id, has_capability
from tests.conftest import SETUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_user(django_user_model, organisation, coordinator):
    user = django_user_model.objects.create_user("analyst", "analyst@example.com", "pw")
    services.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=coordinator,
        capabilities=[CapabilityRole.FORESIGHT_ANALYST],
    )
    return user


def test_granting_a_capability_role_records_the_coordinator_in_history(analyst_user, coordinator):
    role = Role.objects.get(user=analyst_user)
    assert role.capabilities == ["foresight_analyst"]
    assert role.history.first().history_user == coordinator
    services.grant_capability(analyst_user, CapabilityRole.EVENT_ORGANISER, actor=coordinator)
    role.refresh_from_db()
    assert role.capabilities == ["foresight_analyst", "event_organiser"]
    assert role.history.count() == 2
    services.revoke_capability(analyst_user, CapabilityRole.FORESIGHT_ANALYST, actor=coordinator)
    role.refresh_from_db()
    assert role.capabilities == ["event_organiser"]


def test_unchanged_role_writes_no_history(analyst_user, organisation, coordinator):
    services.set_role(analyst_user, RoleKind.MEMBER, organisation, actor=coordinator)
    role = Role.objects.get(user=analyst_user)
    assert role.capabilities == ["foresight_analyst"]  # None keeps them
    assert role.history.count() == 1


def test_a_system_actor_is_named_in_history(django_user_model, organisation):
    user = django_user_model.objects.create_user("x", "x@example.com", "pw")
    role = services.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=System("demo users"),
        capabilities=["event_organiser"],
    )
    record = role.history.first()
    assert record.history_user is None
    assert record.history_change_reason == "demo users"


def test_bad_grants_name_the_field_and_write_nothing(django_user_model, organisation, coordinator):
    user = django_user_model.objects.create_user("y", "y@example.com", "pw")
    with pytest.raises(ValidationError) as exc:
        services.set_role(
            user, RoleKind.MEMBER, organisation, actor=coordinator, capabilities=["wizard"]
        )
    assert "wizard" in str(exc.value.message_dict["capabilities"])
    with pytest.raises(ValidationError) as exc:
        services.set_role(
            user, RoleKind.COORDINATOR, actor=coordinator, capabilities=["foresight_analyst"]
        )
    assert "capabilities" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.set_role(
            user, RoleKind.MEMBER, None, actor=coordinator, capabilities=["event_organiser"]
        )
    assert "organisation" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.grant_capability(user, "event_organiser", actor=coordinator)
    assert "kind" in exc.value.message_dict
    assert not Role.objects.filter(user=user).exists()


def test_a_role_is_given_within_the_persons_own_organisation(
    django_user_model, organisation, other_organisation, coordinator
):
    user = django_user_model.objects.create_user("z", "z@example.com", "pw")
    person = services.create_person(
        actor=SETUP, organisation=organisation, name="Zeta", email="z@x.fi"
    )
    person.user = user
    writes.save(person, actor=SETUP)
    with pytest.raises(ValidationError) as exc:
        services.set_role(
            user,
            RoleKind.MEMBER,
            other_organisation,
            actor=coordinator,
            capabilities=["foresight_analyst"],
        )
    assert "Zeta" in exc.value.message_dict["organisation"][0]
    assert "Keuruun" in exc.value.message_dict["organisation"][0]
    services.set_role(
        user, RoleKind.MEMBER, organisation, actor=coordinator, capabilities=["foresight_analyst"]
    )


def test_coordinator_becoming_coordinator_drops_capabilities(analyst_user, coordinator):
    role = services.set_role(analyst_user, RoleKind.COORDINATOR, actor=coordinator)
    assert role.capabilities == [] and role.organisation is None


def test_capabilities_mean_what_each_app_asks(analyst_user, owner, member, coordinator):
    assert has_capability(coordinator, CapabilityRole.GUIDANCE_COUNSELLOR)
    assert has_capability(analyst_user, CapabilityRole.FORESIGHT_ANALYST)
    assert not has_capability(analyst_user, CapabilityRole.EVENT_ORGANISER)
    assert not has_capability(owner, CapabilityRole.FORESIGHT_ANALYST)
    assert foresight_permissions.can_import(analyst_user)
    assert foresight_permissions.can_manage_barometer(analyst_user)
    assert not foresight_permissions.can_import(member)
    assert not foresight_permissions.can_import(owner)
    assert not event_permissions.can_create_event(analyst_user)
    assert not event_permissions.can_create_event(member)


def test_event_organiser_acts_for_their_own_organisation(
    django_user_model, organisation, other_organisation, coordinator, event
):
    user = django_user_model.objects.create_user("org", "org@example.com", "pw")
    services.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=coordinator,
        capabilities=[CapabilityRole.EVENT_ORGANISER],
    )
    assert acting_organisation_id(user, CapabilityRole.EVENT_ORGANISER) == organisation.pk
    assert acting_organisation_id(user, CapabilityRole.FORESIGHT_ANALYST) is None
    assert event_permissions.can_create_event(user)
    assert event_permissions.can_manage_event(user, event)
    assert list(event_permissions.host_choices(user)) == [organisation]
    other = services.set_role(
        django_user_model.objects.create_user("o2", "o2@example.com", "pw"),
        RoleKind.MEMBER,
        other_organisation,
        actor=coordinator,
        capabilities=[CapabilityRole.EVENT_ORGANISER],
    )
    assert not event_permissions.can_manage_event(other.user, event)
