"""Stages, working-day due dates and roles for adult safeguarding escalation procedures.

The core (this module and everything it imports) uses the standard library only, so that the
same code runs under CPython and, in the page, under Pyodide. The command line (`cli`), the
policy checker (`checking`, `loading`) and the holiday table (`holiday_table`) add PyYAML,
jsonschema and holidays, and are never imported here.
"""

from .errors import InputError, OutsideCalendarError
from .plan import make_plan
from .policy import board_from_data
from .text import render_plan
from .workdays import WorkingCalendar, calendar_from_data

__all__ = [
    "InputError",
    "OutsideCalendarError",
    "WorkingCalendar",
    "board_from_data",
    "calendar_from_data",
    "make_plan",
    "render_plan",
]
