import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from optiimi.accounts.models import ApiToken
from optiimi.core.writes import System
from optiimi.events import services
from tests import factories

SETUP = System("test setup")

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


@pytest.mark.django_db
def test_every_ics_parses_with_correct_times_and_zone(client, event, organisation):
    for path in [
        f"/events/{event.pk}/event.ics",
        "/events/calendar/subregion/132.ics",
        f"/events/calendar/organisation/{organisation.pk}.ics",
    ]:
        response = client.get(path)
        assert response["Content-Type"].startswith("text/calendar")
        cal = icalendar.Calendar.from_ical(response.content)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
        (item,) = cal.walk("VEVENT")
        start = item.decoded("DTSTART")
        assert start == event.start and str(start.tzinfo) == "Europe/Helsinki"
        assert item.decoded("DTEND") == event.end
        assert str(item["UID"]) == f"event-{event.pk}@127.0.0.1:8000"


@pytest.mark.django_db
@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_breaks_in_title_and_venue_give_a_valid_ics(client, event, newline):
    services.update_event(
        event,
        actor=System("test"),
        title=f"Seutupäivä{newline}BEGIN:VEVENT{newline}SUMMARY:Toinen",
        venue=f"Joutsa,{newline}sali 2; yläkerta",
    )
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response.status_code == 200
    body = response.content
    # Every content line ends in CRLF and no line holds a bare CR or LF.
    assert all(b"\r" not in line and b"\n" not in line for line in body.split(b"\r\n"))
    assert body.split(b"\r\n").count(b"BEGIN:VEVENT") == 1
    (item,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Seutupäivä\nBEGIN:VEVENT\nSUMMARY:Toinen"
    assert str(item["LOCATION"]) == "Joutsa,\nsali 2; yläkerta"


@pytest.mark.django_db
def test_public_page_registers_without_an_account(client, event):
    response = client.post(
        f"/events/{event.pk}/register/", {"name": "Aino", "email": "aino@example.com"}
    )
    assert response.status_code == 302
    again = client.post(
        f"/events/{event.pk}/register/", {"name": "Aino", "email": "aino@example.com"}
    )
    assert again.status_code == 422
    assert "already" in again.content.decode() or "jo" in again.content.decode()


@pytest.mark.django_db
def test_api_creates_event_and_takes_registrations(client, owner, regions):
    token = ApiToken.issue(owner, "t")[1]
    start = (timezone.now() + datetime.timedelta(days=5)).isoformat()
    end = (timezone.now() + datetime.timedelta(days=5, hours=3)).isoformat()
    created = client.post(
        "/api/v1/events",
        {"title": "Klinikka", "start": start, "end": end, "capacity": 1, "sub_region": "132"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    first = client.post(
        f"/api/v1/events/{pk}/registrations",
        {"name": "A", "email": "a@example.com"},
        content_type="application/json",
    )
    second = client.post(
        f"/api/v1/events/{pk}/registrations",
        {"name": "B", "email": "b@example.com", "organisation": "Oy"},
        content_type="application/json",
    )
    third = client.post(
        f"/api/v1/events/{pk}/registrations",
        {"name": "D", "email": "d@example.com"},
        content_type="application/json",
    )
    assert first.json()["status"] == "confirmed" and first.json()["position"] is None
    assert second.json()["status"] == "waiting" and second.json()["position"] == 1
    assert third.json()["position"] == 2
    counts = client.get(f"/api/v1/events/{pk}").json()
    assert (counts["confirmed"], counts["waiting"]) == (1, 2)
    bad = client.post(
        f"/api/v1/events/{pk}/registrations",
        {"name": "C", "email": "ei-osoite"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "email"


@pytest.mark.django_db
def test_event_ending_before_it_starts_is_422(client, coordinator):
    token = ApiToken.issue(coordinator, "t")[1]
    start = timezone.now() + datetime.timedelta(days=5)
    response = client.post(
        "/api/v1/events",
        {
            "title": "X",
            "start": start.isoformat(),
            "end": (start - datetime.timedelta(hours=1)).isoformat(),
            "capacity": 10,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422


@pytest.mark.django_db
def test_targets_view_shows_which_subregions_met_the_yearly_project_day(client, regions):
    factories.project_day("131", 2007)  # Jyväskylä
    factories.project_day("131", 2008)
    factories.project_day("138", 2008)  # Saarijärvi-Viitasaari: none in 2007
    html = client.get("/events/targets/").content.decode()
    rows = {r.split("</th>")[0].split(">")[-1]: r for r in html.split('<th scope="row">')[1:]}
    assert len(rows) == 6
    # Columns: 2007, 2008 (years with project days anywhere) and the year under way.
    cells = {
        name: [c.split('"')[0] for c in row.split("</tr>")[0].split('class="num target-cell ')[1:]]
        for name, row in rows.items()
    }
    assert cells["Jyväskylä"] == ["met", "met", "open"]
    assert cells["Saarijärvi-Viitasaari"] == ["missed", "met", "open"]
    assert cells["Joutsa"] == ["missed", "missed", "open"]


@pytest.mark.django_db
def test_project_days_indicator_counts_held_days_per_subregion(event, organisation):
    from optiimi.core.indicators import get

    start = timezone.now() - datetime.timedelta(days=3)
    event = services.update_event(
        event, actor=SETUP, start=start, end=start + datetime.timedelta(hours=2)
    )
    registration = event.registrations.create(name="A", email="a@example.com", status="confirmed")
    services.check_in(registration, actor=SETUP)
    values = get("events.project_days").compute()
    this_year = str(timezone.localdate().year)
    assert [v.value for v in values if v.region == "132" and v.period == this_year] == [1]


@pytest.mark.django_db
def test_list_pages_with_bounded_queries(client, event, django_assert_num_queries):
    for n in range(10):
        services.create_event(
            actor=SETUP, title=f"T{n}", start=event.start, end=event.end, capacity=5
        )
    # The count, the events, the sub-regions of the filter, and those of the calendar feeds.
    with django_assert_num_queries(4):
        response = client.get("/events/")
    assert response.status_code == 200
    page = response.content.decode()
    assert event.title in page and all(f">T{n}<" in page for n in range(10))
    assert "/events/calendar/subregion/132.ics" in page


@pytest.mark.django_db
def test_api_registration_in_five_queries_confirmed_or_waiting(client, event):
    """The busiest request: the event, the event held with what is known of the address, a
    seat claimed, the registration written, and then the seat taken (confirmed) or the place on
    the waiting list counted (waiting). Transaction statements are not counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/api/v1/events/{event.pk}/registrations"
    transaction_statements = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")
    for n, status in enumerate(["confirmed", "confirmed", "waiting", "waiting"]):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                url,
                {"name": f"R{n}", "email": f"r{n}@example.com"},
                content_type="application/json",
            )
        assert response.status_code == 201 and response.json()["status"] == status
        statements = [
            q["sql"].split()[0].upper()
            for q in queries.captured_queries
            if not q["sql"].strip().upper().startswith(transaction_statements)
        ]
        assert statements == ["SELECT", "SELECT", "SELECT", "INSERT"] + (
            ["UPDATE"] if status == "confirmed" else ["SELECT"]
        ), queries.captured_queries
    assert response.json()["position"] == 2


@pytest.mark.django_db
def test_api_registration_finds_only_an_event_the_caller_may_see(client, event):
    url = f"/api/v1/events/{event.pk}/registrations"
    body = {"name": "Aino", "email": "aino@example.com"}
    services.update_event(event, actor=SETUP, public=False)
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert event.registrations.count() == 0
    missing = f"/api/v1/events/{event.pk + 1000}/registrations"
    assert client.post(missing, body, content_type="application/json").status_code == 404
    services.update_event(event, actor=SETUP, public=True)
    assert client.post(url, body, content_type="application/json").status_code == 201
