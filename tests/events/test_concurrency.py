"""Never more confirmed than capacity, also under concurrent registrations, cancellations and
capacity changes (PostgreSQL, whose row locks the seats rely on)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from optiimi.core.writes import System
from optiimi.events import services
from optiimi.events.models import Registration, Seat, Status

SETUP = System("test setup")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.django_db(transaction=True)
def test_sixty_concurrent_registrations_never_exceed_capacity(event):
    event = services.update_event(event, actor=System("test setup"), capacity=10)
    barrier = threading.Barrier(20)

    def attempt(n: int) -> str:
        try:
            if n < 20:
                barrier.wait(timeout=10)  # start the first twenty at once
            return services.register(
                event, name=f"R{n}", email=f"r{n}@example.com", actor=services.PUBLIC
            ).status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(attempt, range(60)))
    assert results.count("confirmed") == 10 and results.count("waiting") == 50
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 10
    assert event.registrations.count() == 60
    assert_seats_match(event)


@pytest.mark.django_db(transaction=True)
def test_the_same_address_twice_at_once_is_one_registration_and_one_clear_refusal(event):
    barrier = threading.Barrier(2)

    def attempt(n: int) -> str:
        try:
            barrier.wait(timeout=10)
            return services.register(
                event, name=f"R{n}", email="sama@example.com", actor=services.PUBLIC
            ).status
        except services.RegistrationRefused as refused:
            return f"refused: {refused}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(attempt, range(2)))
    assert results[0] == "confirmed"
    assert results[1].startswith("refused: sama@example.com")  # not a database error
    assert event.registrations.count() == 1


def assert_seats_match(event):
    """As many seats as capacity; the held ones held by exactly the confirmed registrations;
    nobody waiting while a seat is free."""
    event.refresh_from_db()
    seats = Seat.objects.filter(event=event)
    held = set(seats.exclude(registration=None).values_list("registration_id", flat=True))
    confirmed = set(
        event.registrations.filter(status=Status.CONFIRMED).values_list("pk", flat=True)
    )
    assert seats.count() == event.capacity
    assert held == confirmed
    waiting = event.registrations.filter(status=Status.WAITING).exists()
    assert not (waiting and seats.filter(registration=None).exists())


def _run(jobs, workers=16):
    """Run the callables at once in threads (each closing its connection), return results."""
    barrier = threading.Barrier(min(workers, len(jobs)))

    def call(n_job):
        n, job = n_job
        try:
            if n < workers:
                barrier.wait(timeout=10)
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, enumerate(jobs)))


def _holding(url, event, sql, params, hold: threading.Event, release: threading.Event):
    """In a connection of its own: lock what `sql` selects (as a registration in flight does),
    signal `hold`, and roll back when `release` is set."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT id FROM events_event WHERE id = %s FOR KEY SHARE", [event.pk])
        conn.execute(sql, params)
        hold.set()
        release.wait(timeout=30)
        conn.rollback()


def _url():
    settings = connection.settings_dict
    return (
        f"postgresql://{settings['USER']}@{settings['HOST'] or 'localhost'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_a_registration_takes_another_free_seat_without_waiting_for_one_in_flight(event):
    """Registrations lock different seats, so one in flight never makes another wait; when the
    only free seat is held by one that then rolls back, the next registration gets that seat
    rather than the waiting list."""
    first_seat = Seat.objects.filter(event=event).order_by("pk").first()
    hold, release = threading.Event(), threading.Event()
    lock_first = "SELECT id FROM events_seat WHERE id = %s FOR UPDATE"
    holder = threading.Thread(
        target=_holding, args=(_url(), event, lock_first, [first_seat.pk], hold, release)
    )
    holder.start()
    try:
        assert hold.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # a wait would fail the test, not hang it
        try:
            aino = services.register(
                event, name="Aino", email="aino@example.com", actor=services.PUBLIC
            )
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
        assert aino.status == Status.CONFIRMED
        assert Seat.objects.get(registration=aino).pk != first_seat.pk

        # The only free seat is locked by the one in flight: the next registration waits for it.
        outcome = {}

        def register_bertta():
            try:
                outcome["bertta"] = services.register(
                    event, name="Bertta", email="bertta@example.com", actor=services.PUBLIC
                )
            finally:
                connections.close_all()

        waiter = threading.Thread(target=register_bertta)
        waiter.start()
        _wait_until_someone_waits_for_a_lock()
        release.set()  # the registration in flight rolls back, its seat is free again
        waiter.join(timeout=30)
    finally:
        release.set()
        holder.join(timeout=30)
    assert outcome["bertta"].status == Status.CONFIRMED
    assert Seat.objects.get(registration=outcome["bertta"]).pk == first_seat.pk
    assert_seats_match(event)


def _wait_until_someone_waits_for_a_lock():
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(query)
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("no registration waited for the seat held in flight")


@pytest.mark.django_db(transaction=True)
def test_cancellations_during_a_rush_promote_the_first_waiting_and_keep_capacity(event):
    event = services.update_event(event, actor=SETUP, capacity=10)
    early = [
        services.register(event, name=f"E{n}", email=f"e{n}@example.com", actor=services.PUBLIC)
        for n in range(16)
    ]
    confirmed, waiting = early[:10], early[10:]
    assert {r.status for r in confirmed} == {"confirmed"} and {r.status for r in waiting} == {
        "waiting"
    }
    cancels = [(lambda r=r: services.cancel(r, actor=services.PUBLIC)) for r in confirmed[:4]]
    rush = [
        (
            lambda n=n: services.register(
                event, name=f"R{n}", email=f"r{n}@example.com", actor=services.PUBLIC
            )
        )
        for n in range(24)
    ]
    _run(cancels + rush)
    # Each freed seat went to the earliest waiting, never to someone who came in the rush.
    statuses = dict(event.registrations.values_list("email", "status"))
    assert [statuses[r.email] for r in waiting] == ["confirmed"] * 4 + ["waiting"] * 2
    assert all(statuses[f"r{n}@example.com"] == "waiting" for n in range(24))
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 10
    assert_seats_match(event)


@pytest.mark.django_db(transaction=True)
def test_capacity_raised_and_cancellations_during_a_rush_fill_exactly_the_new_capacity(event):
    event = services.update_event(event, actor=SETUP, capacity=5)
    first = [
        services.register(event, name=f"F{n}", email=f"f{n}@example.com", actor=services.PUBLIC)
        for n in range(5)
    ]
    jobs = [
        (
            lambda n=n: services.register(
                event, name=f"R{n}", email=f"r{n}@example.com", actor=services.PUBLIC
            )
        )
        for n in range(30)
    ]
    jobs.insert(8, lambda: services.update_event(event, actor=SETUP, capacity=12))
    jobs.insert(16, lambda: services.cancel(first[0], actor=services.PUBLIC))
    jobs.insert(20, lambda: services.cancel(first[1], actor=services.PUBLIC))
    _run(jobs)
    event.refresh_from_db()
    assert event.capacity == 12
    assert event.registrations.filter(status=Status.CONFIRMED).count() == 12
    assert event.registrations.filter(status=Status.WAITING).count() == 35 - 2 - 12
    assert_seats_match(event)


@pytest.mark.django_db(transaction=True)
def test_capacity_lowered_during_a_rush_never_leaves_more_confirmed_than_seats(event):
    event = services.update_event(event, actor=SETUP, capacity=30)
    jobs = [
        (
            lambda n=n: services.register(
                event, name=f"R{n}", email=f"r{n}@example.com", actor=services.PUBLIC
            )
        )
        for n in range(20)
    ]

    def lower():
        try:
            services.update_event(event, actor=SETUP, capacity=8)
            return "lowered"
        except ValidationError:
            return "refused"  # more than 8 were confirmed by the time it ran

    jobs.insert(4, lower)
    results = _run(jobs)
    event.refresh_from_db()
    confirmed = event.registrations.filter(status=Status.CONFIRMED).count()
    if "lowered" in results:
        assert event.capacity == 8 and confirmed == 8
    else:
        assert event.capacity == 30 and confirmed == 20
    assert Registration.objects.filter(event=event).count() == 20
    assert_seats_match(event)
