"""From a timescale reading and what is known of the case to a due date.

The counting conventions (shared/DOMAIN.md):
- "N working days after D": the N-th working day after D; D itself never counts.
- "by working day N": day 1 is the day raised if a working day, else the next working day.
- "N clock hours after D": clock time, weekends included; with only the date of D known, the
  due date is the calendar day on which those hours run out, at the time of day D began.
- "within 2 to 5 working days" (a range): due at the range's end, so never late before it; the
  range's start is kept only to show it.
- "whichever is sooner" (earliest_of): the earliest date any of its readings gives. A reading
  whose date is not known yet is left out (the date can only come sooner once it is known).
- a stage whose source sets no timescale has a due date only when someone fixes one (the
  source says who) and the user enters it.
- cases running late: an event that has not happened by today is never projected before
  today. Every date therefore says what it was counted from, and whether that has happened:
  only a date counted from events that have happened is fixed, and only a fixed date can pass.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .policy import USER_SET_KINDS, Reading
from .workdays import WorkingCalendar


@dataclass(frozen=True)
class Moment:
    """A day a count can start from: `happened` is False for a projection (a stage's end or
    start still to come, never before today); `what` names the event for the page."""

    day: date | None
    happened: bool
    what: str  # an anchor key: "raised", "event:<id>", "stage_start:<n>", "stage_end:<n>"


@dataclass(frozen=True)
class Due:
    """A date something is due by, with how it was counted (the basis) and from what."""

    day: date | None
    # working_days | same_working_day | working_day_number | calendar_days | clock_hours |
    # agreed | none | unknown_anchor
    basis: str
    counted_from: Moment | None = None  # None for a date the user entered, or no date
    range_from: date | None = None  # a range's start; `day` is its end
    parts: tuple["Due", ...] = ()  # earliest_of: each reading's own date, in the data's order

    @property
    def fixed(self) -> bool:
        """Counted only from events that have happened (or entered): it can pass."""
        return self.day is not None and (self.counted_from is None
                                         or self.counted_from.happened)


@dataclass(frozen=True)
class Timeline:
    """What the count can start from: the board's events (the day raised first), and when each
    stage started or ended (actual where the user gave it, projected where not)."""

    raised: date
    events: Callable[[str], date]
    start_of: Callable[[int], Moment]
    end_of: Callable[[int], Moment]


def anchor_moment(reading: Reading, timeline: Timeline) -> Moment:
    if reading.anchor == "raised":
        return Moment(timeline.raised, True, "raised")
    if reading.anchor == "event":
        return Moment(timeline.events(reading.anchor_event), True, f"event:{reading.anchor_event}")
    if reading.anchor == "stage_start":
        return timeline.start_of(reading.anchor_stage)
    if reading.anchor == "stage_end":
        return timeline.end_of(reading.anchor_stage)
    raise ValueError(f"unknown anchor {reading.anchor!r}")  # the schema makes this unreachable


def due_for(
    reading: Reading, timeline: Timeline, calendar: WorkingCalendar, agreed: date | None
) -> Due:
    """The due date of one reading; `agreed` is the user's date for a stage set by someone."""
    if reading.kind in USER_SET_KINDS:
        return Due(agreed, "agreed") if agreed else Due(None, "none")
    if reading.kind == "earliest_of":
        return earliest(tuple(due_for(part, timeline, calendar, agreed) for part in reading.parts))
    if reading.kind == "by_working_day":
        raised = timeline.raised
        return Due(calendar.working_day_number(raised, reading.days), "working_day_number",
                   Moment(raised, True, "raised"),
                   _range_start(reading, lambda n: calendar.working_day_number(raised, n)))
    start = anchor_moment(reading, timeline)
    if start.day is None:
        return Due(None, "unknown_anchor", start)
    if reading.kind == "working_days_after":
        basis = "same_working_day" if reading.days == 0 else "working_days"
        return Due(_working_days_after(calendar, start.day, reading.days), basis, start,
                   _range_start(reading, lambda n: _working_days_after(calendar, start.day, n)))
    if reading.kind == "calendar_days_after":
        return _within_calendar(
            Due(start.day + timedelta(days=reading.days), "calendar_days", start,
                _range_start(reading, lambda n: start.day + timedelta(days=n))), calendar)
    if reading.kind == "clock_hours_after":
        return _within_calendar(
            Due(start.day + timedelta(hours=reading.hours), "clock_hours", start), calendar)
    raise ValueError(f"unknown timescale kind {reading.kind!r}")  # unreachable after check


def _range_start(reading: Reading, count: Callable[[int], date]) -> date | None:
    """The date a range starts ("2 to 5 working days": the 2nd), or None for one number."""
    return None if reading.days_from is None else count(reading.days_from)


def earliest(parts: tuple[Due, ...]) -> Due:
    """'Whichever is sooner': the earliest date among the parts that have one. On a tie, a
    fixed date wins (it can pass; a projection only ever moves later). The chosen part's basis
    and anchor stand for the whole, so its counting rule and 'passed' apply."""
    dated = [due for due in parts if due.day is not None]
    if not dated:
        return Due(None, "unknown_anchor", parts=parts)
    chosen = min(dated, key=lambda due: (due.day, not due.fixed))
    return Due(chosen.day, chosen.basis, chosen.counted_from, chosen.range_from, parts)


def _working_days_after(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The N-th working day after `start`; 0 is the same working day (the next one if `start`
    is not a working day)."""
    if days == 0:
        return start if calendar.is_working_day(start) else calendar.next_working_day(start)
    return calendar.add_working_days(start, days)


def _within_calendar(due: Due, calendar: WorkingCalendar) -> Due:
    calendar.require_covered(due.day, "A due date")
    return due
