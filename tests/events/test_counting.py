"""Events that count right: the words on the form, series that fill kind and sub-region,
planned/held/cancelled, check-in on the day, feedback after it, and next year's plan."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.indicators import project_days_held
from optiimi.events.models import Category, Event, State
from tests import factories

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


def _event_form(series, **extra):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=30)).replace(
        hour=9, minute=0
    )
    return {
        "title": "Seutuhankepäivä 2027",
        "series": series.pk,
        "category": "",
        "sub_region": "",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + datetime.timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 40,
        "public": "on",
        **extra,
    }


@pytest.mark.django_db
def test_picking_a_series_fills_kind_and_sub_region(coordinator_client, organisation):
    series = factories.series("134", name_fi="Seutuhankepäivä — Jämsä")
    response = coordinator_client.post("/events/new/", _event_form(series, hosts=[organisation.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(title="Seutuhankepäivä 2027")
    assert event.category == Category.PROJECT_DAY and event.sub_region.code == "134"
    assert event.series == series


@pytest.mark.django_db
def test_a_kind_or_sub_region_other_than_the_series_is_refused_naming_the_field(
    coordinator_client, organisation
):
    series = factories.series("134")
    keuruu = factories.subregion("133")
    for field, value in [("sub_region", keuruu.pk), ("category", "other")]:
        response = coordinator_client.post(
            "/events/new/", _event_form(series, hosts=[organisation.pk], **{field: value})
        )
        assert response.status_code == 422
        form = response.context["form"]
        assert list(form.errors) == [field]
    assert not Event.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            actor=SETUP,
            series=series,
            sub_region=keuruu,
            title="X",
            start=timezone.now(),
            end=timezone.now() + datetime.timedelta(hours=1),
            capacity=5,
        )
    assert set(refused.value.message_dict) == {"sub_region"}


@pytest.mark.django_db
def test_an_empty_back_dated_event_is_not_held(organisation):
    year = timezone.localdate().year
    empty = factories.project_day("134", year - 1, held=False)
    assert empty.state() == State.PLANNED
    assert not Event.objects.held().exists()
    assert project_days_held() == {}
    factories.attend(empty)
    assert empty.state() == State.HELD
    assert project_days_held() == {("134", year - 1): 1}


@pytest.mark.django_db
def test_a_cancelled_event_is_not_held_and_does_not_count(organisation):
    year = timezone.localdate().year
    day = factories.project_day("134", year - 1)
    assert project_days_held() == {("134", year - 1): 1}
    services.cancel_event(day, actor=SETUP)
    day.refresh_from_db()
    assert day.state() == State.CANCELLED
    assert project_days_held() == {}
    assert list(Event.objects.cancelled()) == [day]


@pytest.mark.django_db(transaction=True)
def test_organisers_cancel_an_event_and_those_registered_are_told(
    owner_client, outsider_client, event
):
    services.register(event, name="Aino", email="aino@example.com", actor=services.PUBLIC)
    assert outsider_client.post(f"/events/{event.pk}/cancel/", {}).status_code == 403
    mail.outbox.clear()
    response = owner_client.post(f"/events/{event.pk}/cancel/", {"reason": "Uusi päivä tulossa."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.cancelled is not None and event.state() == State.CANCELLED
    (message,) = mail.outbox
    assert message.to == ["aino@example.com"] and "Uusi päivä tulossa." in message.body
    with pytest.raises(services.RegistrationRefused):
        services.register(event, name="Olli", email="olli@example.com", actor=services.PUBLIC)
    page = owner_client.get(f"/events/{event.pk}/").content.decode()
    assert f"/events/{event.pk}/register/" not in page


@pytest.mark.django_db
def test_check_in_opens_on_the_event_day_not_before(owner_client, event):
    registration = services.register(
        event, name="Aino", email="aino@example.com", actor=services.PUBLIC
    )
    day_before = event.start - datetime.timedelta(days=1)
    with pytest.raises(services.RegistrationRefused):
        services.check_in(registration, actor=SETUP, now=day_before)
    owner_client.post(
        f"/events/{event.pk}/checkin/", {"registration": registration.pk, "attended": "1"}
    )
    registration.refresh_from_db()
    assert not registration.attended  # two weeks ahead
    morning = timezone.localtime(event.start).replace(hour=7, minute=0)
    services.check_in(registration, actor=SETUP, now=morning)
    registration.refresh_from_db()
    assert registration.attended


@pytest.mark.django_db
def test_feedback_is_requested_only_after_the_event(owner_client, event):
    registration = services.register(
        event, name="Aino", email="aino@example.com", actor=services.PUBLIC
    )
    services.check_in(registration, actor=SETUP, now=event.start)
    with pytest.raises(services.RegistrationRefused):
        services.request_feedback(event, actor=SETUP, now=event.start)
    page = owner_client.get(f"/events/{event.pk}/checkin/").content.decode()
    assert 'value="feedback"' not in page
    response = owner_client.post(f"/events/{event.pk}/checkin/", {"action": "feedback"})
    assert response.status_code == 302
    assert services.request_feedback(event, actor=SETUP, now=event.end) == 1


@pytest.mark.django_db
def test_targets_view_shows_next_years_planned_beside_this_years_held(client, organisation):
    this_year = timezone.localdate().year
    factories.project_day("134", this_year - 1)
    ahead = datetime.datetime(this_year + 1, 3, 10, 9, tzinfo=datetime.UTC)
    factories.event(
        category=Category.PROJECT_DAY, sub_region=factories.subregion("134"), start=ahead
    )
    response = client.get("/events/targets/")
    assert response.context["next_year"] == this_year + 1
    rows = {row["region"].code: row for row in response.context["rows"]}
    assert rows["134"]["planned_next"] == 1 and rows["132"]["planned_next"] == 0
    html = response.content.decode()
    assert str(this_year + 1) in html and 'class="num planned-cell">1<' in html


@pytest.mark.django_db
def test_registration_confirmation_follows_post_redirect_get(client, event):
    response = client.post(
        f"/events/{event.pk}/register/", {"name": "Aino", "email": "aino@example.com"}
    )
    assert response.status_code == 302
    confirmation = response["Location"]
    assert confirmation.startswith("/events/registered/")
    for _reload in range(2):
        page = client.get(confirmation)
        assert page.status_code == 200
    assert event.registrations.count() == 1
    html = page.content.decode()
    when = timezone.localtime(event.start)
    assert when.strftime("%Y-%m-%dT%H:%M") in html  # the <time> element's date
    assert f"{when.day}.{when.month}.{when.year}" in html
    ics_link = re.search(r'href="(/events/registered/[^"]+/event\.ics)"', html).group(1)
    calendar = client.get(ics_link)
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Seutuhankep" in calendar.content
    assert client.get("/events/registered/forged/").status_code == 404


@pytest.mark.django_db
def test_invitation_only_registrant_gets_the_calendar_file_by_the_confirmation_link(client, event):
    event = services.update_event(event, actor=SETUP, public=False)
    registration = services.register(
        event, name="Aino", email="aino@example.com", actor=services.PUBLIC, invited_only_ok=True
    )
    assert client.get(f"/events/{event.pk}/event.ics").status_code == 404
    token = services.registered_token(registration)
    assert client.get(f"/events/registered/{token}/event.ics").status_code == 200


def _participants_world(event, organisation):
    from optiimi.network import services as network

    person = network.create_person(
        actor=SETUP, organisation=organisation, name="Kutsuttu Kaisa", email="kaisa@example.com"
    )
    services.register(event, name=person.name, email=person.email, actor=services.PUBLIC)
    services.register(
        event,
        name='=HYPERLINK("http://evil.example")',
        email="evil@example.com",
        organisation="@SUM(1+1)",
        actor=services.PUBLIC,
    )
    services.register(event, name="Odottava", email="o@example.com", actor=services.PUBLIC)


@pytest.mark.django_db
def test_organisers_see_participants_with_organisations_and_attendance(
    owner_client, event, organisation
):
    _participants_world(event, organisation)
    kaisa = event.registrations.get(email="kaisa@example.com")
    services.check_in(kaisa, actor=SETUP, now=event.start)
    rows = {
        p["email"]: p
        for p in owner_client.get(f"/events/{event.pk}/participants/").context["participants"]
    }
    assert rows["kaisa@example.com"]["organisation"] == organisation.name  # from the registry
    assert rows["kaisa@example.com"]["attended"] is True
    assert rows["evil@example.com"]["attended"] is False
    assert len(rows) == 3


@pytest.mark.django_db
def test_participants_export_to_csv_and_xlsx_runs_no_formulas(owner_client, event, organisation):
    import csv
    import io

    from openpyxl import load_workbook

    _participants_world(event, organisation)
    response = owner_client.get(f"/events/{event.pk}/participants.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 4
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells and "'@SUM(1+1)" in cells
    assert organisation.name in cells
    book = load_workbook(
        io.BytesIO(owner_client.get(f"/events/{event.pk}/participants.xlsx").content)
    )
    sheet = book.active
    assert sheet.max_row == 4
    values = [c for row in sheet.iter_rows() for c in row]
    evil = next(c for c in values if c.value == '=HYPERLINK("http://evil.example")')
    assert evil.data_type == "s" and evil.quotePrefix
    assert owner_client.get(f"/events/{event.pk}/participants.pdf").status_code == 404


def _rated(event, ratings, comment="Hyvä"):
    """Registrations a week ahead, checked in on the day and giving `ratings`."""
    for n, rating in enumerate(ratings):
        registration = services.register(
            event,
            name=f"Arvioija {n}",
            email=f"arvioija{n}-{event.pk}@example.com",
            now=event.start - datetime.timedelta(days=7),
            actor=services.PUBLIC,
        )
        services.check_in(registration, actor=SETUP, now=event.start)
        registration.refresh_from_db()
        services.give_feedback(registration, rating, f"{comment} {n}", actor=services.PUBLIC)


@pytest.mark.django_db
def test_feedback_comments_are_shown_to_the_organisers_on_the_event_page(
    owner_client, outsider_client, client, organisation
):
    past = factories.event(
        hosts=[organisation],
        capacity=10,
        start=(timezone.now() - datetime.timedelta(days=30)).replace(microsecond=0),
    )
    _rated(past, [4, 2], comment="Rahoituskatsaus oli hyödyllinen")
    page = owner_client.get(f"/events/{past.pk}/").content.decode()
    assert "Rahoituskatsaus oli hyödyllinen 0" in page
    assert "Rahoituskatsaus oli hyödyllinen 1" in page
    for other in (outsider_client, client):
        assert "Rahoituskatsaus" not in other.get(f"/events/{past.pk}/").content.decode()


@pytest.mark.django_db
def test_series_average_counts_only_held_events_with_enough_answers(client, settings, regions):
    settings.OPTIIMI_FEEDBACK_MIN_ANSWERS = 3
    series = factories.series("134")
    year = timezone.localdate().year
    enough = factories.project_day("134", year - 2, series=series, capacity=10, held=False)
    _rated(enough, [4, 4, 5])
    too_few = factories.project_day("134", year - 1, series=series, capacity=10, held=False)
    _rated(too_few, [1])
    cancelled = factories.project_day("134", year - 3, series=series, capacity=10, held=False)
    _rated(cancelled, [1, 1, 1])
    services.cancel_event(cancelled, actor=SETUP)
    response = client.get(f"/events/series/{series.pk}/")
    assert round(response.context["rating"], 2) == round(13 / 3, 2)
    shown = {e.pk: e.rating_shown for e in response.context["events"]}
    assert shown == {enough.pk: True, too_few.pk: False, cancelled.pk: False}
    settings.OPTIIMI_FEEDBACK_MIN_ANSWERS = 4
    assert client.get(f"/events/series/{series.pk}/").context["rating"] is None
