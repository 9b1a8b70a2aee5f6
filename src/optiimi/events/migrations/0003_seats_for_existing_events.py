"""Give every existing event its seats: as many as its capacity, the first of them held by its
confirmed registrations (earliest first)."""

from django.db import migrations

BATCH = 1000


def make_seats(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Registration = apps.get_model("events", "Registration")
    Seat = apps.get_model("events", "Seat")
    for event_id, capacity in Event.objects.order_by("pk").values_list("pk", "capacity"):
        confirmed = list(
            Registration.objects.filter(event_id=event_id, status="confirmed")
            .order_by("created", "pk")
            .values_list("pk", flat=True)[:capacity]
        )
        holders = confirmed + [None] * (capacity - len(confirmed))
        Seat.objects.bulk_create(
            [Seat(event_id=event_id, registration_id=holder) for holder in holders],
            batch_size=BATCH,
        )


def remove_seats(apps, schema_editor):
    apps.get_model("events", "Seat").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0002_seats")]

    operations = [migrations.RunPython(make_seats, remove_seats)]
