"""Reading and writing dates, the same way under CPython and Pyodide (no locale)."""

import re
from datetime import date, datetime

from .errors import InputError

# ASCII digits only (a plain \d takes Arabic-Indic or full-width digits too), and the whole
# text (fullmatch: `$` would let a trailing newline through).
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
#: How much of an odd value a message quotes: enough to recognise it, never a wall of text.
SHOWN_LENGTH = 40
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def parse_iso_date(text: object, what: str, field: str | None = None) -> date:
    """Read a YYYY-MM-DD date, or raise InputError naming `what` (e.g. "the date raised")."""
    if isinstance(text, datetime):  # a date too, but one that cannot be compared with a date
        return text.date()
    if isinstance(text, date):
        return text
    match = _ISO_DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InputError(
            f"{what} must be a date written YYYY-MM-DD, not {shown_value(text)}", field
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(
            f"{what} {text} is not a real date (check the day and the month)", field
        ) from None


def shown_value(value: object) -> str:
    """An input as a one-line message may quote it: text in quotes, cut short when long
    (newlines and other controls escaped by repr); anything else by its kind, so that a huge or
    deeply nested value is never written out (nor recursed into)."""
    if isinstance(value, str):
        if len(value) <= SHOWN_LENGTH:
            return repr(value)
        return f"{value[:SHOWN_LENGTH]!r}… ({len(value):,} characters)"
    if value is None or isinstance(value, bool | float):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if abs(value) < 10**SHOWN_LENGTH else "a very long number"
    kinds = {list: "a list", tuple: "a list", dict: "an object"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)),
                f"a {type(value).__name__}")


def human_date(day: date) -> str:
    """'Thu 30 Oct 2025': short enough for a table, with the weekday people plan by."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def human_month_or_date(text: str) -> str:
    """'2020-05' -> 'May 2020'; '2015-09-21' -> '21 September 2015'."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 2:
        return f"{_MONTHS_LONG[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {_MONTHS_LONG[parts[1] - 1]} {parts[0]}"


def first_day_of(text: str) -> date:
    """The first day a month-or-date string covers: 'October 2023' begins on 1 October."""
    parts = [int(part) for part in text.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


def last_day_of(text: str) -> date:
    """The last day a month-or-date string covers: 'May 2020' has passed only after 31 May."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    year, month = parts
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(first_of_next.toordinal() - 1)
