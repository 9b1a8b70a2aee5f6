import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Registration, Seat, Status

SETUP = System("test setup")


@pytest.fixture(autouse=True)
def english():
    """The messages asserted below are the English source texts."""
    with translation.override("en"):
        yield


def reg(event, n, **kw):
    return services.register(
        event, name=f"Osallistuja {n}", email=f"o{n}@example.com", **kw, actor=services.PUBLIC
    )


@pytest.mark.django_db(transaction=True)
def test_full_event_puts_registrant_on_waiting_list_and_mails_each(event):
    statuses = [reg(event, n).status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert len(mail.outbox) == 4
    assert mail.outbox[2].subject == "On the waiting list: Seutuhankepäivä"


@pytest.mark.django_db(transaction=True)
def test_cancelling_promotes_the_first_waiting_and_tells_them(event):
    first, _second, third, _fourth = (reg(event, n) for n in range(4))
    link = re.search(r"/events/cancel/(\S+)/", mail.outbox[0].body).group(1)
    promoted = services.cancel(services.registration_from_token(link), actor=services.PUBLIC)
    assert [p.pk for p in promoted] == [third.pk]
    third.refresh_from_db()
    first.refresh_from_db()
    assert third.status == "confirmed" and first.status == "cancelled"
    assert mail.outbox[-1].to == [third.email]
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 2


@pytest.mark.django_db
def test_same_email_twice_is_refused_politely(event):
    reg(event, 1)
    with pytest.raises(services.RegistrationRefused, match="registered for this event already"):
        services.register(event, name="Toinen", email="O1@example.com", actor=services.PUBLIC)
    assert event.registrations.count() == 1


@pytest.mark.django_db
def test_cancelled_person_may_register_again(event):
    first = reg(event, 1)
    services.cancel(first, actor=services.PUBLIC)
    assert reg(event, 1).status == "confirmed"


@pytest.mark.django_db
def test_registration_window_is_respected(event):
    closes = timezone.now() - datetime.timedelta(minutes=1)
    event = services.update_event(event, actor=SETUP, registration_closes=closes)
    with pytest.raises(services.RegistrationRefused, match="closed"):
        reg(event, 1)


@pytest.mark.django_db
def test_invitation_only_event_refuses_the_public(event):
    event = services.update_event(event, actor=SETUP, public=False)
    with pytest.raises(services.RegistrationRefused, match="invitation"):
        reg(event, 1)


@pytest.mark.django_db
def test_feedback_is_asked_only_from_attendees(event):
    registration = reg(event, 1)
    with pytest.raises(services.RegistrationRefused):
        services.give_feedback(registration, 5, actor=services.PUBLIC)
    services.check_in(registration, actor=SETUP, now=event.start)
    registration.refresh_from_db()
    assert services.give_feedback(registration, 4, "Hyvä", actor=services.PUBLIC).rating == 4


@pytest.mark.django_db
def test_waiting_person_cannot_be_checked_in(event):
    reg(event, 1), reg(event, 2)
    waiting = reg(event, 3)
    with pytest.raises(services.RegistrationRefused):
        services.check_in(waiting, actor=SETUP, now=event.start)


@pytest.mark.django_db
def test_invitations_reach_the_subregions_actors_and_funders(
    event, organisation, other_organisation
):
    from optiimi.network import services as network

    inside = network.create_person(
        actor=SETUP, organisation=organisation, name="Joutsalainen", email="j@example.com"
    )
    outside = network.create_person(
        actor=SETUP, organisation=other_organisation, name="Keuruulainen", email="k@example.com"
    )
    funder = network.create_organisation(actor=SETUP, name="Rahasto", kind="funder")
    funded = network.create_person(
        actor=SETUP, organisation=funder, name="Rahoittaja", email="r@example.com"
    )
    people = services.invitees(event)
    assert inside in people and funded in people and outside not in people
    assert services.send_invitations(event, people, actor=SETUP) == 2
    assert services.send_invitations(event, people, actor=SETUP) == 0  # once each


@pytest.mark.django_db(transaction=True)
def test_answering_an_invitation_records_yes_and_no(event, organisation):
    from optiimi.network import services as network

    person = network.create_person(
        actor=SETUP, organisation=organisation, name="Kutsuttu", email="kutsuttu@example.com"
    )
    services.send_invitations(event, [person], actor=SETUP)
    token = re.search(r"/events/invitation/(\S+)/yes/", mail.outbox[-1].body).group(1)
    invitation, registration = services.answer_invitation(token, "yes", actor=services.PUBLIC)
    assert invitation.answer == "yes" and registration.status == "confirmed"
    invitation, _ = services.answer_invitation(token, "no", actor=services.PUBLIC)
    assert invitation.answer == "no"
    assert Registration.objects.get(email="kutsuttu@example.com").status == "cancelled"


@pytest.mark.django_db
def test_purge_removes_external_participants_after_the_retention(event, organisation):
    from optiimi.network import services as network

    member = network.create_person(
        actor=SETUP, organisation=organisation, name="Jäsen", email="jasen@example.com"
    )
    reg(event, 1)
    services.register(event, name=member.name, email=member.email, actor=services.PUBLIC)
    later = event.end + datetime.timedelta(days=91)
    assert services.purge(90, now=later, actor=SETUP).registrations == 1
    names = set(event.registrations.values_list("name", flat=True))
    assert "Jäsen" in names and "Osallistuja 1" not in names
    assert (
        services.purge(90, now=event.end + datetime.timedelta(days=10), actor=SETUP).registrations
        == 0
    )


@pytest.mark.django_db
def test_participant_export_and_erasure(event):
    reg(event, 1)
    assert services.export_participant("o1@example.com")[0]["event"] == "Seutuhankepäivä"
    assert services.erase_participant("o1@example.com", actor=SETUP) == 1
    assert services.export_participant("o1@example.com") == []
    assert event.registrations.count() == 1  # counted, but nameless


@pytest.mark.django_db(transaction=True)
def test_feedback_is_requested_by_mail_from_attendees_only(event):
    attended, absent = reg(event, 1), reg(event, 2)
    services.check_in(attended, actor=SETUP, now=event.start)
    mail.outbox.clear()
    assert services.request_feedback(event, actor=SETUP, now=event.end) == 1
    (message,) = mail.outbox
    assert message.to == [attended.email] and absent.email not in message.to
    token = re.search(r"/events/feedback/(\S+)/", message.body).group(1)
    registration = services.registration_from_token(token, salt=services.SALT_FEEDBACK)
    services.give_feedback(registration, 5, "Hyödyllinen", actor=services.PUBLIC)
    assert (
        services.request_feedback(event, actor=SETUP, now=event.end) == 0
    )  # asked once the feedback is in


def seats(event):
    """The event's seats, each as the e-mail of the registration holding it (None when free)."""
    return [
        s.registration.email if s.registration else None
        for s in Seat.objects.filter(event=event).select_related("registration").order_by("pk")
    ]


@pytest.mark.django_db
def test_an_event_has_a_seat_for_each_place_and_a_confirmed_registration_holds_one(event):
    assert seats(event) == [None, None]
    reg(event, 1)
    assert seats(event) == ["o1@example.com", None]  # claimed in order
    reg(event, 2), reg(event, 3)
    assert sorted(seats(event)) == ["o1@example.com", "o2@example.com"]


@pytest.mark.django_db
def test_a_cancelled_seat_passes_to_the_first_waiting(event):
    first, _second, third, _fourth = (reg(event, n) for n in range(4))
    services.cancel(first, actor=services.PUBLIC)
    assert sorted(seats(event)) == ["o1@example.com", "o2@example.com"]
    assert Seat.objects.get(registration=third).event == event
    services.cancel(third, actor=services.PUBLIC)
    assert sorted(seats(event)) == ["o1@example.com", "o3@example.com"]


@pytest.mark.django_db
def test_cancelling_a_waiting_registration_leaves_the_seats_as_they_are(event):
    for n in range(3):
        reg(event, n)
    waiting = Registration.objects.get(email="o2@example.com")
    assert services.cancel(waiting, actor=services.PUBLIC) == []
    assert sorted(seats(event)) == ["o0@example.com", "o1@example.com"]


@pytest.mark.django_db
def test_raising_capacity_adds_seats_and_fills_them_from_the_waiting_list(event):
    for n in range(5):
        reg(event, n)
    event = services.update_event(event, actor=SETUP, capacity=4)
    assert sorted(seats(event)) == [f"o{n}@example.com" for n in range(4)]
    assert Registration.objects.get(email="o4@example.com").status == Status.WAITING
    event = services.update_event(event, actor=SETUP, capacity=7)
    assert seats(event).count(None) == 2
    assert reg(event, 9).status == Status.CONFIRMED


@pytest.mark.django_db
def test_lowering_capacity_removes_free_seats_and_refuses_below_the_confirmed(event):
    event = services.update_event(event, actor=SETUP, capacity=6)
    reg(event, 1), reg(event, 2), reg(event, 3)
    event = services.update_event(event, actor=SETUP, capacity=4)
    assert seats(event) == [f"o{n}@example.com" for n in (1, 2, 3)] + [None]
    with pytest.raises(ValidationError):
        services.update_event(event, actor=SETUP, capacity=2)
    assert len(seats(event)) == 4
    reg(event, 4)
    assert reg(event, 5).status == Status.WAITING
