"""The plan: which stage the case is at, when each step is due, whom to contact.

`make_plan` is the whole contract: plain data in (the board's data, the request, the calendar's
data), one JSON-ready dict out. The command line prints that dict as JSON, and the page gets
exactly the same dict from the same function under Pyodide.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .dates import human_date, human_month_or_date, last_day_of, parse_iso_date
from .errors import InputError
from .policy import ANY_AGENCY, Board, Deadline, Reading, Stage, board_from_data
from .timescales import Due, Timeline, due_for
from .workdays import WorkingCalendar, calendar_from_data

#: A procedure whose review is "as required" is called old after this many years.
UNDATED_REVIEW_AGE_YEARS = 3


@dataclass(frozen=True)
class Case:
    raised: date
    today: date
    agency: str
    started: Mapping[int, date]  # stage number -> the day it started (stage 1: the day raised)
    agreed: Mapping[int, date]  # stage number -> the due date the professionals agreed

    @property
    def current_stage(self) -> int:
        return max(self.started)


# ---------------------------------------------------------------------------------------------
# Reading the request


def _stage_number(board: Board, key: object, what: str, field: str) -> int:
    text = str(key).strip()
    last = len(board.stages)
    if not text.isdigit() or not 1 <= int(text) <= last:
        raise InputError(
            f"{what}: there is no stage {text!r}; {board.short_name} has stages 1 to {last}", field
        )
    return int(text)


def _dated_stages(board: Board, entries: object, what: str, prefix: str) -> dict[int, date]:
    if entries is None:
        return {}
    if not isinstance(entries, Mapping):
        raise InputError(f"{what} must map stage numbers to dates", prefix)
    dated = {}
    for key, value in entries.items():
        number = _stage_number(board, key, what, prefix)
        field = f"{prefix}.{number}"
        dated[number] = parse_iso_date(value, f"The {what.lower()} date for stage {number}", field)
    return dated


def read_case(board: Board, request: Mapping, calendar: WorkingCalendar) -> Case:
    """Check the request against the board and the calendar; every problem is an InputError."""
    if request.get("raised") in (None, ""):
        raise InputError("Enter the date the disagreement was raised (YYYY-MM-DD)", "raised")
    raised = parse_iso_date(request["raised"], "The date raised", "raised")
    calendar.require_covered(raised, "The date raised", "raised")
    if request.get("today") in (None, ""):
        raise InputError("Enter today's date (YYYY-MM-DD)", "today")
    today = parse_iso_date(request["today"], "Today's date", "today")
    if raised > today:
        raise InputError(
            f"The date raised ({human_date(raised)}) is after today ({human_date(today)}); "
            "enter the day the disagreement was first raised", "raised",
        )
    agency = _agency(board, request.get("agency"))
    started = _dated_stages(board, request.get("started"), "Started", "started")
    agreed = _dated_stages(board, request.get("agreed"), "Agreed", "agreed")
    _check_started(board, raised, today, started)
    _check_agreed(board, raised, started, agreed)
    return Case(raised, today, agency, {1: raised, **started}, agreed)


def _agency(board: Board, agency: object) -> str:
    if agency in (None, ""):
        return ANY_AGENCY
    allowed = [choice["id"] for choice in board.agency_choices()]
    if agency not in allowed:
        raise InputError(
            f"{board.short_name} has no agency {agency!r}; choose one of: {', '.join(allowed)}",
            "agency",
        )
    return str(agency)


def _check_started(board: Board, raised: date, today: date, started: Mapping[int, date]) -> None:
    if 1 in started:
        raise InputError(
            "Stage 1 always starts on the day the disagreement was raised; give that as the "
            "date raised instead", "started.1",
        )
    previous_number, previous_day = 1, raised
    for number in sorted(started):
        day, field = started[number], f"started.{number}"
        if day < raised:
            raise InputError(
                f"Stage {number} cannot have started ({human_date(day)}) before the disagreement "
                f"was raised ({human_date(raised)})", field,
            )
        if day < previous_day:
            raise InputError(
                f"Stage {number} cannot have started ({human_date(day)}) before stage "
                f"{previous_number} started ({human_date(previous_day)})", field,
            )
        if day > today:
            raise InputError(
                f"Stage {number} cannot have started ({human_date(day)}) after today "
                f"({human_date(today)})", field,
            )
        previous_number, previous_day = number, day


def _check_agreed(
    board: Board, raised: date, started: Mapping[int, date], agreed: Mapping[int, date]
) -> None:
    for number, day in sorted(agreed.items()):
        stage, field = board.stage(number), f"agreed.{number}"
        if not stage.timescale.set_by_user:
            raise InputError(
                f"Stage {number} already has a timescale in the procedure "
                f"({stage.timescale.primary.words.rstrip('.')}); an agreed date is only for "
                "stages without one", field,
            )
        stage_start = started.get(number, raised)
        if day < stage_start:
            raise InputError(
                f"The date agreed for stage {number} ({human_date(day)}) is before the stage "
                f"started ({human_date(stage_start)})", field,
            )


# ---------------------------------------------------------------------------------------------
# Working out the dates


@dataclass(frozen=True)
class StageDates:
    start: date | None  # actual, or projected from the stage before
    due: Due
    alternatives: tuple[tuple[Reading, Due], ...]


def _stage_dates(
    board: Board, case: Case, calendar: WorkingCalendar
) -> tuple[dict[int, StageDates], Timeline]:
    """Each stage in order: a stage's anchors only look back (check makes sure), so every date
    a stage counts from is known, or known to be unknown, by the time it is reached."""
    dates: dict[int, StageDates] = {}

    def end_of(number: int) -> date | None:
        """The day the next stage started; else the due date, but never later than the
        start of any later stage (a stage that was skipped over had ended by then). With no
        due date the end stays unknown: a later start bounds it, it does not date it."""
        if number + 1 in case.started:
            return case.started[number + 1]
        due = dates[number].due.day if number in dates else None
        if due is None:
            return None
        return min([due, *(day for later, day in case.started.items() if later > number)])

    def start_of(number: int) -> date | None:
        if number in case.started:
            return case.started[number]
        return end_of(number - 1)

    timeline = Timeline(case.raised, start_of, end_of)
    for stage in board.stages:
        agreed = case.agreed.get(stage.number)
        start = start_of(stage.number)
        dates[stage.number] = StageDates(
            start=start,
            due=due_for(stage.timescale.primary, timeline, calendar, agreed),
            alternatives=tuple(
                (reading, due_for(reading, timeline, calendar, agreed))
                for reading in stage.timescale.alternatives
            ),
        )
    return dates, timeline


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _status(number: int, current: int) -> str:
    if number < current:
        return "done"
    return "current" if number == current else "upcoming"


def contact_for(board: Board, stage: Stage, agency_id: str) -> dict:
    """The agency's own role for the stage where the procedure names one, else the stage's
    general role (the plan and the site's role tables both use this)."""
    agency = next((agency for agency in board.agencies if agency.id == agency_id), None)
    specific = agency.roles.get(stage.number) if agency else None
    role = specific or stage.contact
    return {
        "contact": role.role,
        "contact_generic": specific is None,
        "contact_note": role.note,
        "contact_source": role.source,
    }


def _stage_entry(board: Board, case: Case, stage: Stage, dates: StageDates) -> dict:
    status = _status(stage.number, case.current_stage)
    due = dates.due.day
    return {
        "number": stage.number,
        "title": stage.title,
        "status": status,
        "started": _iso(case.started.get(stage.number)),
        "expected_start": None if stage.number in case.started else _iso(dates.start),
        "due": _iso(due),
        "due_basis": dates.due.basis,
        "overdue": status == "current" and due is not None and case.today > due,
        "alternative_dues": [
            {"due": _iso(alt.day), "basis": alt.basis, "words": reading.words,
             "source": reading.source, "why": reading.why}
            for reading, alt in dates.alternatives
        ],
        "timescale": stage.timescale.primary.words,
        "timescale_source": stage.timescale.primary.source,
        "agreed_date_allowed": stage.timescale.set_by_user,
        "source": stage.source,
        **contact_for(board, stage, case.agency),
    }


def _deadline_entries(
    deadline: Deadline, timeline: Timeline, calendar: WorkingCalendar, today: date
) -> list[dict]:
    readings = [("primary", deadline.timescale.primary)] + [
        ("alternative", reading) for reading in deadline.timescale.alternatives
    ]
    entries = []
    for which, reading in readings:
        due = due_for(reading, timeline, calendar, None)
        entries.append({
            "id": deadline.id,
            "label": deadline.label,
            "reading": which,
            "due": _iso(due.day),
            "basis": due.basis,
            "passed": due.day is not None and today > due.day,
            "words": reading.words,
            "source": reading.source,
            "why": reading.why,
        })
    return entries


# ---------------------------------------------------------------------------------------------
# Warnings


def review_warnings(board: Board, today: date) -> list[str]:
    """A procedure past its review date, undated, or old (the plan and the board's page)."""
    review = board.review
    if review.due:
        if today > last_day_of(review.due):
            return [
                f"This procedure was due for review in {human_month_or_date(review.due)} "
                f"({review.source}); check with the Board that it is still current."
            ]
        return []
    if not board.document_dates:
        return [
            "This procedure states no date or review date; check with the Board that it is "
            "still current."
        ]
    latest = max(board.document_dates)
    if (today - last_day_of(latest)).days > UNDATED_REVIEW_AGE_YEARS * 365:
        return [
            f"This procedure was last dated {human_month_or_date(latest)} and gives no review "
            f"date ('{review.words}'); check with the Board that it is still current."
        ]
    return []


def _unclear_warnings(board: Board, case: Case) -> list[str]:
    warnings = []
    for item in board.unclear:
        if item.in_plan is None:
            continue
        stages, agencies = item.in_plan.get("stages"), item.in_plan.get("agencies")
        touches_stage = stages is not None and any(n >= case.current_stage for n in stages)
        touches_agency = agencies is not None and case.agency in agencies
        if (stages is None and agencies is None) or touches_stage or touches_agency:
            sources = "; ".join(dict.fromkeys(item.sources))
            warnings.append(
                f"Where the procedure is unclear: {item.topic}. {item.we_use} ({sources})"
            )
    return warnings


def _late_stage_warnings(stages: list[dict], deadlines: list[dict]) -> list[str]:
    warnings = []
    whole = [entry for entry in deadlines if entry["whole_process"] and entry["due"]]
    for stage in stages:
        if stage["status"] == "done" or not stage["due"]:
            continue
        for deadline in whole:
            if stage["due"] > deadline["due"]:
                warnings.append(
                    f"Stage {stage['number']} is due on "
                    f"{human_date(date.fromisoformat(stage['due']))}, after the overall "
                    f"deadline '{deadline['label']}' "
                    f"({human_date(date.fromisoformat(deadline['due']))}, {deadline['source']})."
                )
    return warnings


def _passed_upcoming_warnings(stages: list[dict], today: date) -> list[str]:
    """A stage not reached yet whose date has gone: the case is behind the procedure."""
    return [
        f"Stage {stage['number']} was due by {human_date(date.fromisoformat(stage['due']))}, "
        "which has already passed though the case has not reached it."
        for stage in stages
        if stage["status"] == "upcoming" and stage["due"]
        and date.fromisoformat(stage["due"]) < today
    ]


def _agreed_day_warnings(case: Case, calendar: WorkingCalendar) -> list[str]:
    return [
        f"The date agreed for stage {number} ({human_date(day)}) is not a working day."
        for number, day in sorted(case.agreed.items())
        if calendar.covers(day) and not calendar.is_working_day(day)
    ]


# ---------------------------------------------------------------------------------------------
# The next step, in words


def _in_sentence(role: str) -> str:
    """'Your line manager' reads 'your line manager' mid-sentence; names keep their capitals."""
    first, _, rest = role.partition(" ")
    return f"{first.lower()} {rest}" if first in ("Your", "The") else role


def _when(stage: dict) -> str:
    if not stage["due"]:
        return " (the procedure sets no date: agree one with the other agency)"
    day = human_date(date.fromisoformat(stage["due"]))
    if stage["due_basis"] == "clock_hours":
        return f" by {day}, at the time of day the stage started (clock hours)"
    return f" by {day}"


def _next_step(stages: list[dict], current: int) -> str:
    stage = stages[current - 1]
    step = f"Stage {current}, {stage['title']}: contact {_in_sentence(stage['contact'])}" \
           f"{_when(stage)}."
    if current == len(stages):
        return step + " This is the last stage of the procedure."
    following = stages[current]
    return step + (
        f" If it is not resolved, go to stage {current + 1}, {following['title']}: "
        f"contact {_in_sentence(following['contact'])}."
    )


# ---------------------------------------------------------------------------------------------
# The plan


def plan_case(board: Board, case: Case, calendar: WorkingCalendar) -> dict:
    calendar = calendar.with_extra_days(board.extra_days)
    dates, timeline = _stage_dates(board, case, calendar)
    stages = [_stage_entry(board, case, stage, dates[stage.number]) for stage in board.stages]
    deadlines = []
    for deadline in board.deadlines:
        for entry in _deadline_entries(deadline, timeline, calendar, case.today):
            deadlines.append({**entry, "whole_process": deadline.whole_process})
    agency_name = next(
        choice["name"] for choice in board.agency_choices() if choice["id"] == case.agency
    )
    return {
        "board": board.id,
        "board_name": board.name,
        "raised": case.raised.isoformat(),
        "today": case.today.isoformat(),
        "agency": {"id": case.agency, "name": agency_name},
        "current_stage": case.current_stage,
        "total_stages": len(board.stages),
        "next_step": _next_step(stages, case.current_stage),
        "stages": stages,
        "deadlines": deadlines,
        "warnings": [
            *review_warnings(board, case.today),
            *_late_stage_warnings(stages, deadlines),
            *_passed_upcoming_warnings(stages, case.today),
            *_agreed_day_warnings(case, calendar),
            *_unclear_warnings(board, case),
        ],
        "calendar": calendar.describe(),
    }


def unknown_board(board_id: object, known: list[str]) -> InputError:
    """The error for a board that is not in the policies (the command line and the page)."""
    return InputError(f"there is no board {board_id!r}; boards: {', '.join(known) or 'none'}",
                      "board")


def make_plan(board_data: Mapping, request: Mapping, calendar_data: Mapping) -> dict:
    """The one entry point the command line and the page share."""
    board = board_from_data(board_data)
    calendar = calendar_from_data(calendar_data)
    return plan_case(board, read_case(board, request, calendar), calendar)
