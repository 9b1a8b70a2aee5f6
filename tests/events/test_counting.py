"""Events that count right: the words on the form, series that fill kind and sub-region,
planned/held/cancelled, check-in on the day, feedback after it, and next year's plan."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from optiimi.core.writes import System

SETUP = System("test setup")


def _label(html: str, field: str) -> str:
    match = re.search(rf'<label[^>]*for="id_{field}"[^>]*>(.*?)</label>', html, re.S)
    assert match, field
    return re.sub(r"<[^>]+>", "", match.group(1)).strip().rstrip(" *")


@pytest.mark.django_db
def test_event_title_is_a_title_not_a_job_title(owner_client, coordinator_client):
    coordinator_client.cookies["django_language"] = "fi"
    owner_client.cookies["django_language"] = "fi"
    assert _label(owner_client.get("/events/new/").content.decode(), "title").lower() == "otsikko"
    person_form = coordinator_client.get("/people/new/").content.decode()
    assert _label(person_form, "title").lower() == "tehtävänimike"


@pytest.mark.django_db
def test_plan_export_header_says_title_not_job_title(plan):
    from optiimi.strategy.exports import plan_rows

    with translation.override("fi"):
        header = plan_rows(plan["period"])[0]
    assert header[3] == "otsikko"
