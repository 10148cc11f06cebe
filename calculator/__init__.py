"""Stages, working-day due dates and roles for adult safeguarding escalation procedures.

How the package is split (described here once; the README and the build point here):

- The core is every module at the top of this folder but `__main__` (the command line's entry
  point). It uses the standard library only and reads no file, clock or network, so that the
  same code runs under CPython and, in the page, under Pyodide. The page's zip is this folder's
  top, found by walking it (`scripts/sitegen/runtime.core_modules`), and
  `tests/test_core_is_pure.py` proves that every module in that zip runs on the standard library
  alone.
- The CPython tools are the sub-package `calculator/tools/`: the command line, the board-file
  checker and its loader, the bank-holiday table, and the "Check a board file" page's entry to
  the checker. They use PyYAML, jsonschema and holidays; the core never imports them, and they
  are never in the calculator's zip (the "Check a board file" page loads a larger zip of its
  own, `scripts/sitegen/check_page.py`).

So a module's place says what it may import: a new module that needs only the standard library
goes at the top, one that needs a third-party package under `tools/`.
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
