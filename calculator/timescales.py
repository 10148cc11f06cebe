"""From a timescale reading and what is known of the case to a due date.

The counting conventions (shared/DOMAIN.md):
- "N working days after D": the N-th working day after D; D itself never counts.
- "by working day N": day 1 is the day raised if a working day, else the next working day.
- "N clock hours after D": clock time, weekends included; with only the date of D known, the
  due date is the calendar day on which those hours run out, at the time of day D began.
- a stage whose source sets no timescale has a due date only when the user enters one agreed
  between the professionals.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .policy import USER_SET_KINDS, Reading
from .workdays import WorkingCalendar


@dataclass(frozen=True)
class Due:
    day: date | None
    basis: str  # working_days | calendar_days | clock_hours | agreed | none | unknown_anchor


@dataclass(frozen=True)
class Timeline:
    """What the count can start from: the day raised, and when each stage started or ended
    (actual where the user gave it, projected from the due dates where not)."""

    raised: date
    start_of: Callable[[int], date | None]
    end_of: Callable[[int], date | None]


def anchor_date(reading: Reading, timeline: Timeline) -> date | None:
    if reading.anchor == "raised":
        return timeline.raised
    if reading.anchor == "stage_start":
        return timeline.start_of(reading.anchor_stage)
    if reading.anchor == "stage_end":
        return timeline.end_of(reading.anchor_stage)
    raise ValueError(f"unknown anchor {reading.anchor!r}")  # the schema makes this unreachable


def due_for(
    reading: Reading, timeline: Timeline, calendar: WorkingCalendar, agreed: date | None
) -> Due:
    """The due date of one reading; `agreed` is the user's date for a stage set by agreement."""
    if reading.kind in USER_SET_KINDS:
        return Due(agreed, "agreed") if agreed else Due(None, "none")
    if reading.kind == "by_working_day":
        return Due(calendar.working_day_number(timeline.raised, reading.days), "working_days")
    start = anchor_date(reading, timeline)
    if start is None:
        return Due(None, "unknown_anchor")
    if reading.kind == "working_days_after":
        return Due(calendar.add_working_days(start, reading.days), "working_days")
    if reading.kind == "calendar_days_after":
        return _within_calendar(Due(start + timedelta(days=reading.days), "calendar_days"),
                                calendar)
    if reading.kind == "clock_hours_after":
        return _within_calendar(Due(start + timedelta(hours=reading.hours), "clock_hours"),
                                calendar)
    raise ValueError(f"unknown timescale kind {reading.kind!r}")  # unreachable after check


def _within_calendar(due: Due, calendar: WorkingCalendar) -> Due:
    calendar.require_covered(due.day, "A due date")
    return due
