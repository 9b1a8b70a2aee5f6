"""The promise's clock in Finnish working days: pure functions, no database.

A working day is Monday to Friday that is not a Finnish public holiday (the `holidays`
library keeps the calendar: Juhannusaatto and Juhannuspäivä, Christmas Eve, Epiphany, Easter
and the rest). A request received on day D and promised "first contact within 2 working days"
is due at the end of the second working day after D.

The clock pauses while the case waits for the client: a pause from day P (the day the holder
asked the client) to day R (the day the client answered) stops the working days after P up to
and including R from counting. A pause not yet ended stops the clock: there is no due date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import cache

import holidays

Pause = tuple[datetime.date, datetime.date | None]
ONE_DAY = datetime.timedelta(days=1)


@cache
def _finnish(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("FI", years=year).keys())


def is_holiday(day: datetime.date) -> bool:
    return day in _finnish(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def _paused(day: datetime.date, pauses: Sequence[Pause]) -> bool:
    return any(start < day and (end is None or day <= end) for start, end in pauses)


def _counts(day: datetime.date, pauses: Sequence[Pause]) -> bool:
    return is_working_day(day) and not _paused(day, pauses)


def due_date(start: datetime.date, days: int, pauses: Iterable[Pause] = ()) -> datetime.date | None:
    """The last day of a promise of `days` working days from `start` (the day after counts
    first), or None while the clock is paused with no end."""
    stops = list(pauses)
    if any(end is None for _start, end in stops):
        return None
    day = start
    counted = 0
    while counted < days:
        day += ONE_DAY
        if _counts(day, stops):
            counted += 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, pauses: Iterable[Pause] = ()
) -> int:
    """Working days counted after `start` up to and including `end` (0 when end <= start)."""
    stops = list(pauses)
    counted = 0
    day = start
    while day < end:
        day += ONE_DAY
        if _counts(day, stops):
            counted += 1
    return counted


def remaining(
    start: datetime.date, days: int, today: datetime.date, pauses: Iterable[Pause] = ()
) -> int | None:
    """Working days left until the promise is due (0 on the due day, negative after it), or
    None while the clock is paused."""
    stops = list(pauses)
    due = due_date(start, days, stops)
    if due is None:
        return None
    if today <= due:
        return working_days_between(today, due, stops)
    return -working_days_between(due, today, stops)


def kept(
    start: datetime.date, days: int, done: datetime.date, pauses: Iterable[Pause] = ()
) -> bool:
    """Was the promise met by `done` (the first contact, the plan)?"""
    due = due_date(start, days, pauses)
    return due is None or done <= due
