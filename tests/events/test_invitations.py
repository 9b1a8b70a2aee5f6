"""Invitations like an event tool: groups of the network, select-all, outside guests, a
personal message, a mail with time, venue, link and .ics, the invitee's private link, and
reminders."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Invitation, Registration
from optiimi.network import services as network

SETUP = System("test setup")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(event, organisation, other_organisation, competences):
    from optiimi.network.models import Competence

    competence = Competence.objects.order_by("code").first()
    return {
        "inside": network.create_person(
            actor=SETUP,
            organisation=organisation,
            name="Joutsalainen",
            email="j@example.com",
            title="toimitusjohtaja",
        ),
        "outside": network.create_person(
            actor=SETUP,
            organisation=other_organisation,
            name="Keuruulainen",
            email="k@example.com",
            title="hankepäällikkö",
            competences=[competence],
        ),
        "competence": competence,
    }


@pytest.mark.django_db
def test_groups_list_people_by_organisation_kind_subregion_role_and_competence(
    event, people, organisation, other_organisation
):
    inside, outside = people["inside"], people["outside"]
    assert services.candidates(event) == services.invitees(event)
    by = services.Group
    assert services.candidates(event, by(organisation=other_organisation)) == [outside]
    funder = network.create_organisation(actor=SETUP, name="Rahasto", kind="funder")
    funded = network.create_person(
        actor=SETUP, organisation=funder, name="Rahoittaja", email="r@example.com"
    )
    assert services.candidates(event, by(kind="funder")) == [funded]
    assert inside in services.candidates(event, by(kind=organisation.kind))
    assert services.candidates(event, by(role="hankepäällikkö")) == [outside]
    assert services.candidates(event, by(competence=people["competence"])) == [outside]
    assert inside in services.candidates(event, by(sub_region=event.sub_region))


@pytest.mark.django_db(transaction=True)
def test_invitation_mail_carries_message_time_venue_link_and_ics(event, people):
    sent = services.send_invitations(
        event,
        [people["inside"]],
        guests=["Vieras@Example.com", "j@example.com"],
        message="Tervetuloa suunnittelemaan ensi vuotta!",
        actor=SETUP,
    )
    assert sent == 2  # the guest address that is a person's is not invited twice
    guest = Invitation.objects.get(email="vieras@example.com")
    assert guest.person is None
    message = next(m for m in mail.outbox if m.to == ["j@example.com"])
    start = timezone.localtime(event.start)
    assert "Tervetuloa suunnittelemaan ensi vuotta!" in message.body
    assert f"{start:%d.%m.%Y %H:%M}" in message.body
    assert "Joutsa" in message.body  # the venue
    assert "/events/invited/" in message.body
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    (item,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert item.decoded("DTSTART") == event.start


@pytest.mark.django_db(transaction=True)
def test_invitee_opens_an_invitation_only_event_by_the_private_link(client, event, people):
    event = services.update_event(event, actor=SETUP, public=False)
    services.send_invitations(event, [], guests=["vieras@example.com"], actor=SETUP)
    token = re.search(r"/events/invited/(\S+)/", mail.outbox[-1].body).group(1)
    assert client.get(f"/events/{event.pk}/").status_code == 404
    page = client.get(f"/events/invited/{token}/")
    assert page.status_code == 200 and "Seutuhankepäivä" in page.content.decode()
    assert client.get(f"/events/invited/{token}/event.ics").status_code == 200
    assert client.get("/events/invited/forged/").status_code == 404
    # the guest gives a name and registers
    response = client.post(f"/events/invited/{token}/", {"reply": "yes", "name": "Vilja Vieras"})
    assert response.status_code == 302
    registration = Registration.objects.get(email="vieras@example.com")
    assert registration.name == "Vilja Vieras" and registration.status == "confirmed"
    assert Invitation.objects.get(email="vieras@example.com").answer == "yes"


@pytest.mark.django_db
def test_invitations_page_groups_select_all_guests_and_message(owner_client, event, people):
    page = owner_client.get(
        f"/events/{event.pk}/invitations/",
        {"organisation": people["outside"].organisations.get().pk},
    )
    html = page.content.decode()
    assert "Keuruulainen" in html and "Joutsalainen" not in html
    assert 'id="select-all"' in html and "events/invitations.js" in html
    response = owner_client.post(
        f"/events/{event.pk}/invitations/?role=hankepäällikkö",
        {
            "person": [people["outside"].pk],
            "guests": "a@example.com, b@example.com",
            "message": "Tule!",
        },
    )
    assert response.status_code == 302
    assert set(event.invitations.values_list("email", flat=True)) == {
        "k@example.com",
        "a@example.com",
        "b@example.com",
    }
    assert set(event.invitations.values_list("message", flat=True)) == {"Tule!"}
    refused = owner_client.post(f"/events/{event.pk}/invitations/", {"guests": "ei osoite"})
    assert refused.status_code == 422 and event.invitations.count() == 3


@pytest.mark.django_db(transaction=True)
def test_reminders_go_to_those_not_answered_and_the_day_before_to_those_registered(event, people):
    services.send_invitations(event, [people["inside"]], guests=["v@example.com"], actor=SETUP)
    services.register(event, name="Rekisteröity", email="r@example.com", actor=services.PUBLIC)
    token = re.search(
        r"/events/invitation/(\S+)/no/",
        next(m for m in mail.outbox if m.to == ["v@example.com"]).body,
    ).group(1)
    services.answer_invitation(token, "no", actor=services.PUBLIC)
    mail.outbox.clear()
    early = event.start - datetime.timedelta(days=5)
    done = services.send_reminders(event, actor=SETUP, now=early)
    assert (done.invitations, done.registrations) == (1, 0)
    assert [m.to for m in mail.outbox] == [["j@example.com"]]
    assert mail.outbox[0].subject.startswith("Reminder")
    # not twice the same day
    assert services.send_reminders(event, actor=SETUP, now=early).invitations == 0
    day_before = event.start - datetime.timedelta(days=1)
    done = services.send_reminders(event, actor=SETUP, now=day_before)
    assert (done.invitations, done.registrations) == (1, 1)
    tomorrow = next(m for m in mail.outbox if m.to == ["r@example.com"])
    assert tomorrow.subject == "Tomorrow: Seutuhankepäivä" and tomorrow.attachments
    assert services.send_reminders(event, actor=SETUP, now=day_before).registrations == 0
    with pytest.raises(services.RegistrationRefused):
        services.send_reminders(event, actor=SETUP, now=event.start)


@pytest.mark.django_db(transaction=True)
def test_reminder_button_and_command(owner_client, event, people):
    services.send_invitations(event, [people["inside"]], actor=SETUP)
    mail.outbox.clear()
    response = owner_client.post(f"/events/{event.pk}/invitations/", {"action": "remind"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    Invitation.objects.update(reminded=None)
    call_command("events", "remind", str(event.pk))
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_guests_addresses_go_with_erasure_and_the_purge(event, people):
    services.send_invitations(
        event, [people["inside"]], guests=["v@example.com", "w@example.com"], actor=SETUP
    )
    services.erase_participant("V@example.com", actor=SETUP)
    assert not Invitation.objects.filter(email="v@example.com").exists()
    assert not Invitation.history.filter(email="v@example.com").exists()
    services.purge(0, actor=SETUP, now=event.end + datetime.timedelta(days=1))
    assert list(Invitation.objects.values_list("email", flat=True)) == ["j@example.com"]
    assert not Invitation.history.filter(email="w@example.com").exists()
