"""English as the network's partners abroad read it: day before month and a 24-hour clock
(1 December 2026, 14:30), not Django's American `en` formats (Dec. 1, 2026, 2:30 p.m., 12/01/2026,
which a Finnish reader takes for 12 January). What is not set here falls back to Django's `en`."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
