"""The promise's clock counts Finnish working days, skips public holidays and pauses."""

from datetime import date

from optiimi.services import clock


def test_weekend_does_not_count():
    # Friday 6 March 2026: two working days later is Tuesday.
    assert clock.due_date(date(2026, 3, 6), 2) == date(2026, 3, 10)


def test_juhannus_eve_and_day_are_not_working_days():
    # Midsummer Eve is Friday 19 June 2026 and Midsummer Day Saturday 20 June.
    assert not clock.is_working_day(date(2026, 6, 19))
    # Received Thursday 18 June: Friday is Juhannusaatto, so the 2nd working day is Tuesday 23.
    assert clock.due_date(date(2026, 6, 18), 2) == date(2026, 6, 23)
    assert clock.working_days_between(date(2026, 6, 18), date(2026, 6, 22)) == 1


def test_christmas_and_new_year():
    # Received Wednesday 23 Dec 2026: 24, 25 (Thu, Fri) holidays, 26-27 weekend, then Mon 28.
    assert clock.due_date(date(2026, 12, 23), 1) == date(2026, 12, 28)
    # Ten working days across Christmas, New Year's Day (Fri) and Epiphany (Wed 6 Jan 2027):
    # 28-31 Dec, 4-5, 7-8 and 11-12 Jan.
    assert clock.due_date(date(2026, 12, 23), 10) == date(2027, 1, 12)


def test_pause_while_waiting_for_the_client_moves_the_due_date():
    start = date(2026, 3, 2)  # Monday
    assert clock.due_date(start, 2) == date(2026, 3, 4)
    # Asked the client on Tuesday, the client answered on Thursday: Wed and Thu do not count.
    pauses = [(date(2026, 3, 3), date(2026, 3, 5))]
    assert clock.due_date(start, 2, pauses) == date(2026, 3, 6)
    assert clock.working_days_between(start, date(2026, 3, 6), pauses) == 2


def test_open_pause_stops_the_clock():
    pauses = [(date(2026, 3, 3), None)]
    assert clock.due_date(date(2026, 3, 2), 2, pauses) is None
    assert clock.remaining(date(2026, 3, 2), 2, date(2026, 3, 20), pauses) is None


def test_pause_over_juhannus_counts_neither():
    # Received Tue 16 June 2026, promise 2 working days; the client was asked on Wed 17 (which
    # counts) and answered on Tue 23: Thu 18 to Tue 23 do not count, Wed 24 is the 2nd day.
    pauses = [(date(2026, 6, 17), date(2026, 6, 23))]
    assert clock.due_date(date(2026, 6, 16), 2, pauses) == date(2026, 6, 24)


def test_remaining_counts_down_and_goes_negative():
    start = date(2026, 3, 2)
    assert clock.remaining(start, 2, date(2026, 3, 2)) == 2
    assert clock.remaining(start, 2, date(2026, 3, 4)) == 0
    assert clock.remaining(start, 2, date(2026, 3, 9)) == -3


def test_kept_means_done_by_the_due_day():
    start = date(2026, 6, 18)
    assert clock.kept(start, 2, date(2026, 6, 23))
    assert not clock.kept(start, 2, date(2026, 6, 24))
