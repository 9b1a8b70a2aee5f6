"""The migration that gives existing events their seats: one per place, the confirmed
registrations holding the first of them, so registration and cancellation go on as before."""

from __future__ import annotations

import pytest

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Event, Registration, Seat, Status
from tests import migration_steps as steps

SETUP = System("test setup")
BEFORE = [("events", "0001_events_registrations_invitations")]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_existing_events_get_their_seats_held_by_the_confirmed(event):
    roomy = services.update_event(event, actor=SETUP, capacity=3)
    steps.record_the_schema_as_migrated()
    latest = steps.latest()
    try:
        old = steps.migrate(BEFORE)
        OldEvent = old.get_model("events", "Event")
        OldRegistration = old.get_model("events", "Registration")
        full = OldEvent.objects.create(
            title="Täysi", start=roomy.start, end=roomy.end, capacity=2, public=True
        )
        for n, status in enumerate(["confirmed", "cancelled", "confirmed", "waiting", "waiting"]):
            OldRegistration.objects.create(
                event=full, name=f"T{n}", email=f"t{n}@example.com", status=status
            )
        OldRegistration.objects.create(
            event_id=roomy.pk, name="Väljä", email="v@example.com", status="confirmed"
        )
    finally:
        steps.migrate(latest)
    full = Event.objects.get(title="Täysi")
    holders = [
        s.registration.email if s.registration else None
        for s in Seat.objects.filter(event=full).select_related("registration")
    ]
    assert holders == ["t0@example.com", "t2@example.com"]
    holders = list(Seat.objects.filter(event=roomy).values_list("registration__email", flat=True))
    assert holders == ["v@example.com", None, None]

    # Registration and cancellation work on the migrated seats.
    new = services.register(roomy, name="Uusi", email="uusi@example.com", actor=services.PUBLIC)
    late = services.register(full, name="Myöhässä", email="m@example.com", actor=services.PUBLIC)
    assert new.status == Status.CONFIRMED and late.status == Status.WAITING
    promoted = services.cancel(Registration.objects.get(email="t0@example.com"), actor=SETUP)
    assert [r.email for r in promoted] == ["t3@example.com"]
    assert Seat.objects.filter(event=full, registration=None).count() == 0
