"""Two people open the same record's edit form; the first saves, the second's save is refused
with 409 and a 'changed meanwhile' message, and the first's change is kept."""

from __future__ import annotations

import pytest
from django.test import Client

from optiimi.core.forms import VERSION_FIELD
from optiimi.network.models import Organisation
from tests.lost_updates import opened

CHANGED = "changed by"


def _second_is_refused(first: Client, second: Client, url: str, field: str, a: str, b: str):
    mine = opened(first, url)
    theirs = opened(second, url)
    mine[field] = a
    saved = first.post(url, mine)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    theirs[field] = b
    refused = second.post(url, theirs)
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "your changes were not saved" in html or "muutoksiasi ei tallennettu" in html
    # The form now shows the current values and carries the new version: saving again works.
    again = opened(second, url)
    assert again[field] in ([a], a)
    assert f'value="{again[VERSION_FIELD][0]}"' in html
    return html


@pytest.mark.django_db
def test_organisation_edit_refuses_a_lost_update(owner_client, coordinator_client, organisation):
    url = f"/organisations/{organisation.pk}/edit/"
    html = _second_is_refused(
        owner_client, coordinator_client, url, "website", "https://a.example", "https://b.example"
    )
    assert "owner" in html
    organisation.refresh_from_db()
    assert organisation.website == "https://a.example"


@pytest.mark.django_db
def test_organisation_single_edit_saves(owner_client, organisation):
    url = f"/organisations/{organisation.pk}/edit/"
    data = opened(owner_client, url)
    data["website"] = "https://a.example"
    assert owner_client.post(url, data).status_code == 302
    data = opened(owner_client, url)
    data["website"] = "https://b.example"
    assert owner_client.post(url, data).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).website == "https://b.example"
