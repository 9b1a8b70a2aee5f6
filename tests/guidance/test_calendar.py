"""The guidance network's calendar: the coming guidance and adult-education days (the events
capability's panel, through core.panels) and the adult-education days held per sub-region
(the events indicator, through core.indicators)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from optiimi.events import services as events
from optiimi.regions.models import Region
from tests import factories
from tests.factories import SETUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def days(regions):
    jamsa = Region.objects.get(code="134")
    jyvaskyla = Region.objects.get(code="132")
    soon = timezone.now() + datetime.timedelta(days=10)
    ago = timezone.now() - datetime.timedelta(days=30)
    factories.event(title="Ohjauspäivä Jämsä", category="guidance_day", sub_region=jamsa)
    factories.event(
        title="Aikuiskoulutuspäivä Joutsa",
        category="adult_education_day",
        sub_region=jyvaskyla,
        public=False,
        start=soon,
    )
    factories.event(title="Seutuhankepäivä", category="project_day", sub_region=jamsa)
    called_off = factories.event(title="Peruttu ohjauspäivä", category="guidance_day")
    events.cancel_event(called_off, actor=SETUP)
    factories.attend(
        factories.event(
            title="Pidetty aikuiskoulutuspäivä",
            category="adult_education_day",
            sub_region=jamsa,
            start=ago,
        )
    )
    return ago.year


def test_anyone_sees_the_coming_public_guidance_and_adult_education_days(client, days):
    page = client.get("/guidance/calendar/").content.decode()
    assert "Ohjauspäivä Jämsä" in page
    assert "Aikuiskoulutuspäivä Joutsa" not in page  # invitation only
    assert "Seutuhankepäivä" not in page and "Peruttu ohjauspäivä" not in page
    assert "Pidetty aikuiskoulutuspäivä" not in page  # held, not coming


def test_a_member_sees_invitation_only_days_and_can_pick_a_sub_region(member_client, days):
    page = member_client.get("/guidance/calendar/").content.decode()
    assert "Aikuiskoulutuspäivä Joutsa" in page and "Ohjauspäivä Jämsä" in page
    page = member_client.get("/guidance/calendar/?subregion=134").content.decode()
    assert "Ohjauspäivä Jämsä" in page and "Aikuiskoulutuspäivä Joutsa" not in page


def test_the_adult_education_days_held_per_sub_region(client, days):
    response = client.get("/guidance/calendar/")
    held = response.context["held"]
    assert held["indicator"].code == "events.adult_education_days"
    assert str(days) in held["periods"]
    counts = {region.code: n for region, n in held["rows"]}
    column = held["periods"].index(str(days))
    assert counts["134"][column] == 1 and counts["132"][column] == 0


def test_the_calendar_is_linked_from_the_guidance_front_page(client, regions):
    assert 'href="/guidance/calendar/"' in client.get("/guidance/").content.decode()
