"""Swedish as written in Finland: dates and times like Finnish (1.12.2026, kl. 14.30), decimal
comma and a no-break space between thousands (Django's `sv` formats are Sweden's: 2026-12-01)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j F Y \k\l. H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y H.i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H.%M.%S", "%H.%M", "%H:%M:%S", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H.%M.%S",
    "%d.%m.%Y %H.%M",
    "%d.%m.%y %H.%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
