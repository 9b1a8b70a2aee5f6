"""Fixtures of the service promise: a service of `organisation` (the Joutsa development
company), and advisors of it and of `other_organisation`."""

from __future__ import annotations

import pytest

from optiimi.core.writes import System
from optiimi.network import services as network
from optiimi.network.models import CapabilityRole, RoleKind
from optiimi.regions.models import Region
from optiimi.services import services

SETUP = System("test setup")


@pytest.fixture
def service(organisation):
    return services.save_service(
        None,
        actor=SETUP,
        organisation=organisation,
        name_fi="Yritysneuvonta kasvuun",
        name_en="Business advice for growth",
        description_fi="Rahoitus, kasvu ja kansainvälistyminen.",
        first_contact_days=2,
        plan_days=10,
        sub_regions=organisation.sub_regions.all(),
    )


def _advisor(django_user_model, name, organisation):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    network.set_role(
        user,
        RoleKind.MEMBER,
        organisation,
        actor=SETUP,
        capabilities=[CapabilityRole.SERVICE_ADVISOR],
    )
    return user


@pytest.fixture
def advisor(django_user_model, organisation):
    """A service advisor of the Joutsa development company."""
    return _advisor(django_user_model, "aino", organisation)


@pytest.fixture
def other_advisor(django_user_model, other_organisation):
    """A service advisor of the Keuruu development company."""
    return _advisor(django_user_model, "kalle", other_organisation)


@pytest.fixture
def joutsa(regions):
    return Region.objects.get(level="kunta", code="172")


@pytest.fixture
def case(organisation, joutsa, service):
    return services.receive_request(
        actor=services.COMPANY,
        company_name="Puuseppä Oy",
        business_id="0112038-9",
        contact_name="Maija Puuseppä",
        email="maija@example.com",
        municipality=joutsa,
        need="Tarvitsemme rahoitusta kasvuun ja viennin aloittamiseen.",
        consent_to_share=True,
        service=service,
    )
