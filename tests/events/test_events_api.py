"""The events API: list with filters, change (lost-update safe), registrations for the
organisers, invitations."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from optiimi.accounts.models import ApiToken
from optiimi.core.writes import System
from optiimi.events import services
from tests import factories

SETUP = System("test setup")


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}


@pytest.mark.django_db
def test_list_filters_by_series_subregion_kind_dates_and_status(client, event, regions):
    series = factories.series("132")
    jamsa = services.create_event(
        actor=SETUP,
        title="Jämsän päivä",
        series=series,
        start=event.start + datetime.timedelta(days=30),
        end=event.start + datetime.timedelta(days=30, hours=3),
        capacity=5,
    )
    cancelled = services.create_event(
        actor=SETUP,
        title="Peruttu",
        start=event.start,
        end=event.end,
        capacity=5,
    )
    services.cancel_event(cancelled, actor=SETUP)

    def ids(**params):
        response = client.get("/api/v1/events", params)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["items"]]

    assert ids(series=series.pk) == [jamsa.pk]
    assert set(ids(sub_region="132")) == {event.pk, jamsa.pk}
    assert ids(kind="other") == [cancelled.pk]
    day = timezone.localdate(jamsa.start).isoformat()
    assert ids(**{"from": day}) == [jamsa.pk]
    assert jamsa.pk not in ids(to=timezone.localdate(event.start).isoformat())
    assert ids(status="cancelled") == [cancelled.pk]
    assert cancelled.pk not in ids(status="planned")
    assert client.get("/api/v1/events", {"sub_region": "999"}).status_code == 422
    assert client.get("/api/v1/events", {"from": "12345"}).status_code == 422
    body = client.get("/api/v1/events").json()
    assert body["count"] == 3 and {"status", "series", "version"} <= set(body["items"][0])


@pytest.mark.django_db
def test_list_hides_invitation_only_events_from_the_public(client, event, owner):
    services.update_event(event, actor=SETUP, public=False)
    assert client.get("/api/v1/events").json()["count"] == 0
    assert client.get("/api/v1/events", **auth(owner)).json()["count"] == 1


@pytest.mark.django_db
def test_patch_changes_an_event_and_refuses_a_lost_update(client, event, owner, outsider):
    read = client.get(f"/api/v1/events/{event.pk}").json()
    url = f"/api/v1/events/{event.pk}"
    response = client.patch(
        url,
        {"venue": "Jämsä-sali", "version": read["version"]},
        content_type="application/json",
        **auth(owner),
    )
    assert response.status_code == 200, response.content
    assert response.json()["venue"] == "Jämsä-sali"
    stale = client.patch(
        url,
        {"venue": "Vanha", "version": read["version"]},
        content_type="application/json",
        **auth(owner),
    )
    assert stale.status_code == 409
    event.refresh_from_db()
    assert event.venue == "Jämsä-sali"
    forbidden = client.patch(url, {"venue": "X"}, content_type="application/json", **auth(outsider))
    assert forbidden.status_code == 403
    bad = client.patch(url, {"capacity": 0}, content_type="application/json", **auth(owner))
    assert bad.status_code == 422
    null_title = client.patch(url, {"title": None}, content_type="application/json", **auth(owner))
    assert null_title.status_code == 422 and "title" in null_title.content.decode()
    emptied = client.patch(
        url,
        {"description_fi": None, "venue": None},
        content_type="application/json",
        **auth(owner),
    )
    assert emptied.status_code == 200, emptied.content
    event.refresh_from_db()
    assert (event.description_fi, event.venue) == ("", "")


@pytest.mark.django_db
def test_registrations_with_answers_for_organisers_only(client, event, owner, outsider):
    diet = services.add_question(event, actor=SETUP, asked="registration", text="Diet", type="text")
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        {"name": "Aino", "email": "aino@example.com", "answers": {str(diet.pk): "vegaani"}},
        content_type="application/json",
    )
    assert response.status_code == 201
    url = f"/api/v1/events/{event.pk}/registrations"
    assert client.get(url).status_code == 401
    assert client.get(url, **auth(outsider)).status_code == 403
    (row,) = client.get(url, **auth(owner)).json()
    assert row["name"] == "Aino" and row["answers"] == {"Diet": "vegaani"}


@pytest.mark.django_db(transaction=True)
def test_post_invitations(client, event, owner, outsider, organisation):
    from optiimi.network import services as network

    person = network.create_person(
        actor=SETUP, organisation=organisation, name="Kutsuttu", email="k@example.com"
    )
    url = f"/api/v1/events/{event.pk}/invitations"
    body = {"people": [person.pk], "guests": ["Vieras@example.com"], "message": "Tervetuloa"}
    assert (
        client.post(url, body, content_type="application/json", **auth(outsider)).status_code == 403
    )
    response = client.post(url, body, content_type="application/json", **auth(owner))
    assert response.status_code == 201 and response.json() == {"sent": 2, "invited": 2}
    assert {m.to[0] for m in mail.outbox} == {"k@example.com", "vieras@example.com"}
    again = client.post(url, body, content_type="application/json", **auth(owner))
    assert again.json() == {"sent": 0, "invited": 2}
    bad = client.post(
        url, {"guests": ["ei osoite"]}, content_type="application/json", **auth(owner)
    )
    assert bad.status_code == 422
    missing = client.post(url, {"people": [999999]}, content_type="application/json", **auth(owner))
    assert missing.status_code == 422
