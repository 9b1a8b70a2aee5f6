"""Fixtures named after the people and things of the domain.

The permission tests use three people throughout: `owner` (an editor of `organisation`),
`outsider` (an editor of `other_organisation`) and an anonymous visitor (`client`).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client

from optiimi.demo import facts
from optiimi.demo.loader import load_regions
from optiimi.network import services as network
from optiimi.network.models import Organisation, RoleKind

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real reference files beside the project; tests skip cleanly where they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def regions(db):
    """Central Finland's regions, sub-regions and municipalities with their borders."""
    load_regions()


@pytest.fixture
def competences(db):
    network.define_competences(facts.COMPETENCES)


@pytest.fixture
def organisation(regions) -> Organisation:
    from optiimi.regions.models import Region

    return network.create_organisation(
        actor=None,
        name="Joutsan seudun kehittämisyhtiö",
        short_name="JoSK",
        kind="development_company",
        business_id="0112038-9",
        home_municipality=Region.objects.get(level="kunta", code="172"),
        member_since=datetime.date(2004, 1, 1),
        sub_regions=[Region.objects.get(level="seutukunta", code="132")],
    )


@pytest.fixture
def other_organisation(regions) -> Organisation:
    from optiimi.regions.models import Region

    return network.create_organisation(
        actor=None,
        name="Keuruun seudun kehittämisyhtiö",
        short_name="KeSK",
        kind="development_company",
        home_municipality=Region.objects.get(level="kunta", code="249"),
        member_since=datetime.date(2004, 1, 1),
    )


def _user(django_user_model, username: str, kind: str, organisation: Organisation | None):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    network.set_role(user, kind, organisation, actor=None)
    return user


@pytest.fixture
def owner(django_user_model, organisation):
    """An editor of `organisation`."""
    return _user(django_user_model, "owner", RoleKind.EDITOR, organisation)


@pytest.fixture
def outsider(django_user_model, other_organisation):
    """An editor of another organisation."""
    return _user(django_user_model, "outsider", RoleKind.EDITOR, other_organisation)


@pytest.fixture
def member(django_user_model, other_organisation):
    return _user(django_user_model, "member", RoleKind.MEMBER, other_organisation)


@pytest.fixture
def coordinator(django_user_model, regions):
    return _user(django_user_model, "coordinator", RoleKind.COORDINATOR, None)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return _client_for(owner)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def member_client(member) -> Client:
    return _client_for(member)


@pytest.fixture
def coordinator_client(coordinator) -> Client:
    return _client_for(coordinator)
