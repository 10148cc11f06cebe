"""Reading and writing dates, the same way under CPython and Pyodide (no locale)."""

import re
from datetime import date

from .errors import InputError

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def parse_iso_date(text: object, what: str, field: str | None = None) -> date:
    """Read a YYYY-MM-DD date, or raise InputError naming `what` (e.g. "the date raised")."""
    if isinstance(text, date):
        return text
    match = _ISO_DATE.match(text) if isinstance(text, str) else None
    if match is None:
        raise InputError(f"{what} must be a date written YYYY-MM-DD, not {text!r}", field)
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(
            f"{what} {text} is not a real date (check the day and the month)", field
        ) from None


def human_date(day: date) -> str:
    """'Thu 30 Oct 2025': short enough for a table, with the weekday people plan by."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def human_month_or_date(text: str) -> str:
    """'2020-05' -> 'May 2020'; '2015-09-21' -> '21 September 2015'."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 2:
        return f"{_MONTHS_LONG[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {_MONTHS_LONG[parts[1] - 1]} {parts[0]}"


def last_day_of(text: str) -> date:
    """The last day a month-or-date string covers: 'May 2020' has passed only after 31 May."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    year, month = parts
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(first_of_next.toordinal() - 1)
