"""The plan: which stage the case is at, when each step is due, whom to contact.

`make_plan` is the whole contract: plain data in (the board's data, the request, the calendar's
data), one JSON-ready dict out. The command line prints that dict as JSON, and the page gets
exactly the same dict from the same function under Pyodide.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from .dates import (
    first_day_of,
    human_date,
    human_month_or_date,
    last_day_of,
    parse_iso_date,
    shown_value,
)
from .errors import InputError
from .policy import ANY_AGENCY, USER_SET_KINDS, Board, Deadline, Reading, Stage, board_from_data
from .timescales import Due, Moment, Timeline, due_for
from .wording import (
    NOT_APPLICABLE,
    NOT_FOR_YOU_WORD,
    OVERDUE_WORD,
    STATUS_WORDS,
    TARGET_PASSED_WORD,
    USER_DATE,
    and_list,
    counted_from_text,
    day_text,
    detail_clause,
    due_sentence,
    due_text,
    escalate_step,
    escalate_text,
    escalated_start_text,
    in_sentence,
    ladder_gap_text,
    ladder_gap_warning,
    last_for_agency_text,
    lower_first,
    no_date_text,
    not_for_you_text,
    not_working_day_note,
    partners_text,
    passed_over_text,
    stage_of,
)
from .workdays import WorkingCalendar, calendar_from_data

#: A procedure whose review is "as required" is called old after this many years.
UNDATED_REVIEW_AGE_YEARS = 3


@dataclass(frozen=True)
class Case:
    """One escalation as the user described it: its dates, agencies and events, checked."""

    raised: date
    today: date
    agency: str
    started: Mapping[int, date]  # stage number -> the day it started (stage 1: the day raised)
    agreed: Mapping[int, date]  # stage number -> the date someone fixed for the stage
    events: Mapping[str, date]  # every event the board counts from -> its day
    events_given: frozenset[str] = frozenset()  # the other events the user gave a date for
    other_agency: str | None = None  # the agency the disagreement is with, where given

    @property
    def current_stage(self) -> int:
        return max(self.started)


# ---------------------------------------------------------------------------------------------
# A stage only some agencies use: the ladder runs past it for everyone else


def applies(board: Board, agency: str, number: int) -> bool:
    return board.stage(number).applies_to(agency)


def following_stage(board: Board, agency: str, number: int) -> int | None:
    """The next stage after `number` that this agency's professionals go through, or None."""
    return next((stage.number for stage in board.stages[number:] if stage.applies_to(agency)),
                None)


def _stage_only_for(board: Board, number: int) -> str:
    """'health staff' style list of the agencies a stage is for, by their names."""
    return and_list([board.agency_name(agency) for agency in board.stage(number).agencies])


# ---------------------------------------------------------------------------------------------
# Reading the request


def _stage_number(board: Board, key: object, what: str, field: str) -> int:
    """A stage number as a request gives it ("3", "03", " 3" or 3): the digits 0 to 9 only (a
    superscript, circled, Arabic-Indic or full-width digit is no stage number), at most three
    of them (no board has a thousand stages; a number of thousands of digits is not read)."""
    text = str(key) if isinstance(key, int) and not isinstance(key, bool) and abs(key) < 1000 \
        else key
    text = text.strip(" \t") if isinstance(text, str) else text
    last = len(board.stages)
    if not (isinstance(text, str) and 1 <= len(text) <= 3 and text.isascii() and text.isdigit()
            and 1 <= int(text) <= last):
        raise InputError(
            f"{what}: there is no stage {shown_value(text)}; {board.short_name} has stages 1 to "
            f"{last} (written with the digits 0 to 9)", field,
        )
    return int(text)


def _dated_stages(board: Board, entries: object, what: str, prefix: str) -> dict[int, date]:
    """Stage number -> date; the same stage twice ("2" and "02") is refused, naming both."""
    if entries is None:
        return {}
    if not isinstance(entries, Mapping):
        raise InputError(f"{what} must map stage numbers to dates", prefix)
    dated: dict[int, date] = {}
    keys: dict[int, object] = {}  # stage number -> the key it was given as
    for key, value in entries.items():
        number = _stage_number(board, key, what, prefix)
        field = f"{prefix}.{number}"
        if number in keys:
            raise InputError(
                f"{what}: stage {number} is given twice, as {shown_value(keys[number])} and "
                f"{shown_value(key)}; give each stage once", field,
            )
        keys[number] = key
        dated[number] = parse_iso_date(value, f"The {what.lower()} date for stage {number}", field)
    return dated


def read_case(board: Board, request: Mapping, calendar: WorkingCalendar) -> Case:
    """Check the request against the board and the calendar; every problem is an InputError."""
    main = board.main_event
    if request.get("raised") in (None, ""):
        raise InputError(f"Enter {in_sentence(main.label)} (YYYY-MM-DD)", "raised")
    raised = parse_iso_date(request["raised"], "The date raised", "raised")
    calendar.require_covered(raised, "The date raised", "raised")
    if request.get("today") in (None, ""):
        raise InputError("Enter today's date (YYYY-MM-DD)", "today")
    today = parse_iso_date(request["today"], "Today's date", "today")
    calendar.require_covered(today, "Today's date", "today")
    if raised > today:
        raise InputError(
            f"The date raised ({human_date(raised)}) is after today ({human_date(today)}); "
            f"enter {in_sentence(main.label)}", "raised",
        )
    agency = _agency(board, request.get("agency"))
    other_agency = _other_agency(board, request.get("other_agency"))
    started = _dated_stages(board, request.get("started"), "Started", "started")
    agreed = _dated_stages(board, request.get("agreed"), "Agreed", "agreed")
    given = _event_dates(board, request.get("events"), raised, today, calendar)
    _check_applies(board, agency, started, "started")
    _check_applies(board, agency, agreed, "agreed")
    _check_started(board, raised, today, started)
    _check_agreed(board, raised, started, agreed, calendar)
    events = {main.id: raised, **{event.id: given.get(event.id, raised)
                                  for event in board.other_events}}
    return Case(raised, today, agency, {1: raised, **started}, agreed, events,
                frozenset(given), other_agency)


def _other_agency(board: Board, other: object) -> str | None:
    """The agency the disagreement is with: one of the board's agencies, or none given."""
    if other in (None, "", ANY_AGENCY):
        return None
    allowed = [agency.id for agency in board.agencies]
    if other not in allowed:
        raise InputError(
            f"{board.short_name} has no agency {shown_value(other)} to disagree with; choose one "
            f"of: {', '.join(allowed) or 'none'} (or leave it out)", "other_agency",
        )
    return str(other)


def _check_applies(board: Board, agency: str, dated: Mapping[int, date], field: str) -> None:
    """A date for a stage this agency does not go through is refused, naming who uses it."""
    for number in sorted(dated):
        if not applies(board, agency, number):
            raise InputError(
                f"Stage {number} is only for {_stage_only_for(board, number)}, so it does not "
                f"apply to your agency: leave its date out (your ladder runs past it)",
                f"{field}.{number}",
            )


def _event_dates(board: Board, entries: object, raised: date, today: date,
                 calendar: WorkingCalendar) -> dict[str, date]:
    """The other events' dates the user gave; each defaults to the day raised when left out."""
    if entries in (None, ""):
        return {}
    if not isinstance(entries, Mapping):
        raise InputError("events must map event ids to dates", "events")
    allowed = {event.id: event for event in board.other_events}
    dated = {}
    for key, value in entries.items():
        if key not in allowed:
            names = ", ".join(allowed) or "none"
            raise InputError(f"{board.short_name} counts from no event {shown_value(key)}; "
                             f"its other events: {names}", "events")
        if value in (None, ""):
            continue
        event, field = allowed[key], f"events.{key}"
        day = parse_iso_date(value, event.label, field)
        calendar.require_covered(day, event.label, field)
        if day > today:
            raise InputError(f"{event.label} ({human_date(day)}) cannot be after today "
                             f"({human_date(today)})", field)
        if day < raised:
            raise InputError(f"{event.label} ({human_date(day)}) cannot be before "
                             f"{in_sentence(board.main_event.label)} ({human_date(raised)})",
                             field)
        dated[key] = day
    return dated


def _agency(board: Board, agency: object) -> str:
    if agency in (None, ""):
        return ANY_AGENCY
    allowed = [choice["id"] for choice in board.agency_choices()]
    if agency not in allowed:
        raise InputError(
            f"{board.short_name} has no agency {shown_value(agency)}; choose one of: "
            f"{', '.join(allowed)}",
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
    board: Board, raised: date, started: Mapping[int, date], agreed: Mapping[int, date],
    calendar: WorkingCalendar,
) -> None:
    for number, day in sorted(agreed.items()):
        stage, field = board.stage(number), f"agreed.{number}"
        calendar.require_covered(day, f"The date entered for stage {number}", field)
        if stage.timescale.primary.kind not in USER_SET_KINDS:
            raise InputError(
                f"Stage {number} already has a timescale in the procedure "
                f"({stage.timescale.primary.words.rstrip('.')}); a date of your own is only "
                "for stages without one", field,
            )
        if not stage.timescale.set_by_user:
            raise InputError(
                f"Nobody sets a date for stage {number} in the procedure "
                f"({stage.timescale.primary.words.rstrip('.')}); leave it blank", field,
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
    """One stage's dates in a plan: when it starts, what is due by when (and by the other
    readings), and when the next stage must be raised by."""

    start: Moment  # actual, or projected from the stage before (never before today)
    due: Due
    alternatives: tuple[tuple[Reading, Due], ...]
    escalate: Due | None = None  # when the next stage must be raised by (escalate_within)


def _stage_dates(
    board: Board, case: Case, calendar: WorkingCalendar
) -> tuple[dict[int, StageDates], Timeline]:
    """Each stage in order: a stage's anchors only look back (check makes sure), so every date
    a stage counts from is known, or known to be unknown, by the time it is reached."""
    dates: dict[int, StageDates] = {}

    def end_of(number: int) -> Moment:
        """The day the next stage started. A stage skipped over (a later one started) had
        ended by that later start: its due date, capped there. A stage still open, or not
        reached, ends no earlier than its due date, today and its own start (cases running
        late). With no due date the end stays unknown: a later start bounds it, it does not
        date it."""
        what = f"stage_end:{number}"
        following = following_stage(board, case.agency, number)
        if following in case.started:
            return Moment(case.started[following], True, what)
        if not applies(board, case.agency, number):  # passed over: it takes no time
            start = start_of(number)
            return Moment(start.day, start.happened, what)
        due = dates[number].due.day if number in dates else None
        later = [day for stage, day in case.started.items() if stage > number]
        if due is None:
            return Moment(None, bool(later), what)
        if later:
            return Moment(min(due, *later), True, what)
        start = start_of(number).day or due
        return Moment(max(due, case.today, start), False, what)

    def start_of(number: int) -> Moment:
        if number in case.started:
            return Moment(case.started[number], True, f"stage_start:{number}")
        previous = end_of(number - 1)
        escalation = escalation_due(number - 1)
        if escalation is None or escalation.day is None:
            return Moment(previous.day, previous.happened, f"stage_start:{number}")
        # The time allowed to escalate: the stage starts by then, not the same day; a later
        # stage that has started bounds it (this one was skipped on the way).
        later = [day for stage, day in case.started.items() if stage > number]
        day = min(escalation.day, *later) if later else escalation.day
        return Moment(day, previous.happened, f"stage_start:{number}")

    def escalation_due(number: int) -> Due | None:
        """When the stage after `number` must be raised by, where `number` allows a time."""
        reading = board.stage(number).escalate_within
        return None if reading is None else due_for(reading, timeline, calendar, None)

    timeline = Timeline(case.raised, case.events.__getitem__, start_of, end_of)
    for stage in board.stages:
        agreed = case.agreed.get(stage.number)
        if not stage.applies_to(case.agency):  # no date of its own for this agency
            dates[stage.number] = StageDates(start_of(stage.number), Due(None, NOT_APPLICABLE),
                                             ())
            continue
        dates[stage.number] = StageDates(
            start=start_of(stage.number),
            due=due_for(stage.timescale.primary, timeline, calendar, agreed),
            alternatives=tuple(
                (reading, due_for(reading, timeline, calendar, agreed))
                for reading in stage.timescale.alternatives
            ),
        )
    # Once every stage has its date: the time allowed to escalate counts from each one's end.
    for number, entry in dates.items():
        dates[number] = replace(entry, escalate=escalation_due(number))
    return dates, timeline


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _status(number: int, current: int) -> str:
    if number < current:
        return "done"
    return "current" if number == current else "upcoming"


def contact_for(board: Board, stage: Stage, agency_id: str,
                other_agency: str | None = None) -> dict:
    """The agency's own role for the stage where the procedure names one (for a disagreement
    with `other_agency`, its role for that agency first), else the stage's general role (the
    plan and the site's role tables both use this)."""
    agency = next((agency for agency in board.agencies if agency.id == agency_id), None)
    specific = None
    if agency and other_agency:
        specific = agency.roles_with.get((stage.number, other_agency))
    if agency and specific is None:
        specific = agency.roles.get(stage.number)
    role = specific or stage.contact
    return {
        "contact": role.role,
        "contact_generic": specific is None,
        "contact_note": role.note,
        "contact_source": role.source,
    }


def _event_labels(board: Board) -> dict[str, str]:
    return {event.id: event.label for event in board.events}


def _dated(reading: Reading, due: Due, today: date, calendar: WorkingCalendar,
           labels: dict[str, str], counts: bool = True) -> dict:
    """What every date in a plan says about itself: the date, what is due by it, what it was
    counted from (and whether that has happened), whether it has passed, and its words.
    `counts` is False for a stage already done: its date can no longer pass."""
    passed = counts and due.fixed and today > due.day
    closed = (due.day is not None and due.basis in ("calendar_days", "clock_hours")
              and not calendar.is_working_day(due.day))
    entry = {
        "due": _iso(due.day),
        "basis": due.basis,
        "what": reading.due_what,
        "what_source": reading.due_source,
        "counted_from": _counted_from(due, labels),
        "range_from": _iso(due.range_from),
        "parts": [_part(part_reading, part, due, labels)
                  for part_reading, part in zip(reading.parts, due.parts, strict=True)],
        "passed": passed,
        "not_working_day": (not_working_day_note(due.day, calendar.closed_name(due.day))
                            if closed else None),
        "pace": reading.pace,
        "date_set_by": reading.date_set_by,
        "target": reading.target,
    }
    called = USER_DATE[reading.date_set_by]["called"] if reading.date_set_by else None
    entry["text"] = due_text(entry, agreed_called=called)
    return entry


def _counted_from(due: Due, labels: dict[str, str]) -> dict | None:
    counted = due.counted_from
    if counted is None or counted.day is None:
        return None
    return {"date": counted.day.isoformat(), "happened": counted.happened,
            "text": counted_from_text(counted.what, counted.happened, labels)}


def _part(reading: Reading, part: Due, whole: Due, labels: dict[str, str]) -> dict:
    """One reading of 'whichever is sooner', with its own date; `sooner` marks the one (or
    those) whose date is the whole timescale's."""
    return {"due": _iso(part.day), "basis": part.basis, "words": reading.words,
            "source": reading.source, "counted_from": _counted_from(part, labels),
            "sooner": part.day is not None and part.day == whole.day}


def _escalate_by(board: Board, case: Case, stage: Stage, due: Due | None,
                 calendar: WorkingCalendar) -> dict | None:
    """When the next stage must be raised by if this one ends unresolved (escalate_within).
    Counted from this stage's end, so it can pass only once that end has happened and the
    next stage has still not started."""
    reading = stage.escalate_within
    if reading is None or due is None:
        return None
    # The next stage this agency goes through (a stage only others use is passed over).
    following = following_stage(board, case.agency, stage.number) or stage.number + 1
    dated = _dated(reading, due, case.today, calendar, _event_labels(board),
                   counts=following > case.current_stage)
    return {"stage": following, "due": dated["due"], "basis": dated["basis"],
            "what": dated["what"], "passed": dated["passed"],
            "counted_from": dated["counted_from"], "not_working_day": dated["not_working_day"],
            "due_text": dated["text"], "words": reading.words, "source": reading.source,
            "text": escalate_text(following, dated["due"], dated["passed"])}


def _stage_entry(board: Board, case: Case, stage: Stage, dates: StageDates,
                 calendar: WorkingCalendar) -> dict:
    entry = _stage_entry_dated(board, case, stage, dates, calendar)
    if stage.applies_to(case.agency):
        return {**entry, "applies": True, "only_for": None}
    words = not_for_you_text(_stage_only_for(board, stage.number))
    return {**entry, "applies": False, "only_for": list(stage.agencies),
            "status": NOT_APPLICABLE, "status_text": NOT_FOR_YOU_WORD, "expected_start": None,
            "start_text": words, "due_text": words, "overdue": False,
            "agreed_date_allowed": False, "escalate_by": None}


def _stage_entry_dated(board: Board, case: Case, stage: Stage, dates: StageDates,
                       calendar: WorkingCalendar) -> dict:
    status = _status(stage.number, case.current_stage)
    labels = _event_labels(board)
    dated = _dated(stage.timescale.primary, dates.due, case.today, calendar, labels,
                   counts=status != "done")
    overdue = status == "current" and dated["passed"]
    started = case.started.get(stage.number)
    expected = None if started else dates.start.day
    reading = stage.timescale.primary
    raised_by = stage.number > 1 and board.stage(stage.number - 1).escalate_within is not None
    return {
        "number": stage.number,
        "title": stage.title,
        "status": status,
        "status_text": _late_word(reading) if overdue else STATUS_WORDS[status],
        "you_are_here": {"text": stage.you_are_here.text, "source": stage.you_are_here.source},
        "started": _iso(started),
        "expected_start": _iso(expected),
        "start_text": _start_text(stage.number, started, expected, raised_by),
        "due": dated["due"],
        "due_basis": dated["basis"],
        "due_what": dated["what"],
        "due_what_source": dated["what_source"],
        "due_counted_from": dated["counted_from"],
        "due_passed": dated["passed"],
        "due_not_working_day": dated["not_working_day"],
        "due_text": dated["text"],
        "due_range_from": dated["range_from"],
        "due_parts": dated["parts"],
        "overdue": overdue,
        "escalate_by": _escalate_by(board, case, stage, dates.escalate, calendar),
        "alternative_dues": [
            {**_alternative(alt_reading, alt_due, case, calendar, labels, status != "done"),
             "words": alt_reading.words, "source": alt_reading.source, "why": alt_reading.why}
            for alt_reading, alt_due in dates.alternatives
        ],
        "timescale": reading.words,
        "timescale_source": reading.source,
        "pace": reading.pace,
        "agreed_date_allowed": stage.timescale.set_by_user,
        "date_set_by": reading.date_set_by,
        "source": stage.source,
        **contact_for(board, stage, case.agency, case.other_agency),
    }


def _late_word(reading: Reading) -> str:
    """A date the source calls a target has its target passed; any other is overdue."""
    return TARGET_PASSED_WORD if reading.target else OVERDUE_WORD


def _alternative(reading: Reading, due: Due, case: Case, calendar: WorkingCalendar,
                 labels: dict[str, str], counts: bool) -> dict:
    dated = _dated(reading, due, case.today, calendar, labels, counts)
    return {"due": dated["due"], "basis": dated["basis"], "what": dated["what"],
            "passed": dated["passed"], "counted_from": dated["counted_from"],
            "not_working_day": dated["not_working_day"], "due_text": dated["text"],
            "range_from": dated["range_from"], "parts": dated["parts"]}


def _start_text(number: int, started: date | None, expected: date | None,
                raised_by: bool = False) -> str:
    """`raised_by`: the stage before allows a time to raise it here, so `expected` is the
    day it is to be raised by, not the same day the stage before ends."""
    if started:
        return f"Started {day_text(started)}"
    if expected and raised_by:
        return escalated_start_text(number - 1, expected)
    if expected:
        return f"Not started; expected {day_text(expected)} at the earliest"
    return "Not started; its start is not known yet"


def _deadline_entries(
    board: Board, deadline: Deadline, timeline: Timeline, calendar: WorkingCalendar,
    today: date,
) -> list[dict]:
    readings = [("primary", deadline.timescale.primary)] + [
        ("alternative", reading) for reading in deadline.timescale.alternatives
    ]
    labels = _event_labels(board)
    entries = []
    for which, reading in readings:
        dated = _dated(reading, due_for(reading, timeline, calendar, None), today, calendar,
                       labels)
        entries.append({
            "id": deadline.id,
            "label": deadline.label,
            "reading": which,
            "due": dated["due"],
            "basis": dated["basis"],
            "what": dated["what"],
            "what_source": dated["what_source"],
            "counted_from": dated["counted_from"],
            "passed": dated["passed"],
            "not_working_day": dated["not_working_day"],
            "due_text": dated["text"],
            "range_from": dated["range_from"],
            "parts": dated["parts"],
            "words": reading.words,
            "source": reading.source,
            "why": reading.why,
            "whole_process": deadline.whole_process,
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
    """A stage due after an overall deadline still to come (one that has passed is in 'do
    this now' instead)."""
    warnings = []
    whole = [entry for entry in deadlines
             if entry["whole_process"] and entry["due"] and not entry["passed"]]
    for stage in stages:
        if stage["status"] == "done" or not stage["due"]:
            continue
        for deadline in whole:
            if stage["due"] > deadline["due"]:
                warnings.append(
                    f"Stage {stage['number']} is due on {day_text(stage['due'])}, after the "
                    f"overall deadline '{deadline['label']}' ({day_text(deadline['due'])}, "
                    f"{deadline['source']})."
                )
    return warnings


def _passed_upcoming_warnings(stages: list[dict]) -> list[str]:
    """A stage not reached yet whose fixed date (counted from the day raised) has gone: the
    case is behind the procedure. A projected date can never have passed."""
    return [
        f"Stage {stage['number']} was due by {day_text(stage['due'])} ({_basis_of(stage)}); "
        "that date has passed though the case has not reached the stage."
        for stage in stages
        if stage["status"] == "upcoming" and stage["due_passed"]
    ]


def _basis_of(stage: dict) -> str:
    """Where a fixed date came from: what it was counted from, or the date entered."""
    if stage["due_counted_from"]:
        return f"counted from {stage['due_counted_from']['text']}"
    return USER_DATE[stage["date_set_by"]]["called"] if stage["date_set_by"] else "entered"


def _not_working_day_warnings(stages: list[dict], deadlines: list[dict]) -> list[str]:
    """A calendar-day or clock-hours date still to come that falls when offices are closed."""
    warnings = []
    for stage in stages:
        if stage["status"] != "done" and stage["due_not_working_day"] and not stage["due_passed"]:
            warnings.append(f"Stage {stage['number']}'s date, {day_text(stage['due'])}, is "
                            f"{stage['due_not_working_day']}: plan for the working day before.")
    for entry in deadlines:
        if entry["not_working_day"] and not entry["passed"]:
            warnings.append(f"'{entry['label']}' falls on {day_text(entry['due'])}, "
                            f"{entry['not_working_day']}: plan for the working day before.")
    return warnings


def ladder_warnings(board: Board) -> list[str]:
    """A procedure we hold only part of says so on every plan (and the board's page)."""
    if board.ladder_gap is None:
        return []
    return [ladder_gap_warning(board.ladder_gap.text, board.ladder_gap.source)]


def version_warnings(board: Board, case: Case) -> list[str]:
    """A case raised before the version we hold came into force: the plan follows that version
    all the same, and says so."""
    if not board.in_force or case.raised >= first_day_of(board.in_force):
        return []
    version = f"version {board.version}" if board.version else "the version we hold"
    return [
        f"This case was raised on {human_date(case.raised)}, before {version} of the procedure "
        f"came into force ({human_month_or_date(board.in_force)}). The plan follows {version}; "
        "check whether the earlier version applies to this case."
    ]


def _agreed_day_warnings(case: Case, calendar: WorkingCalendar) -> list[str]:
    return [
        f"The date entered for stage {number} ({human_date(day)}) is not a working day."
        for number, day in sorted(case.agreed.items())
        if calendar.covers(day) and not calendar.is_working_day(day)
    ]


def _event_default_notes(board: Board, case: Case) -> list[str]:
    """An event left blank counts from the day raised: say so, since the user may not know."""
    return [
        f"No date was given for '{event.label}', so what counts from it is counted from "
        f"{in_sentence(board.main_event.label)} ({human_date(case.raised)}) ({event.source})."
        for event in board.other_events if event.id not in case.events_given
    ]


# ---------------------------------------------------------------------------------------------
# What to do: now, and next


def _contact_phrase(stage: dict) -> str:
    return in_sentence(stage["contact"])


def _when_sentence(stage: dict, overall: list[dict]) -> str:
    """The current stage's date as a sentence; with no date, what the procedure says instead,
    and the overall deadline that still applies."""
    if stage["due"]:
        sentence = due_sentence(stage["due_what"], stage["due"], stage["due_passed"])
        if stage["due_basis"] == "clock_hours":
            sentence += ", at the time of day the count started (clock hours)"
        sentence += detail_clause({"due": stage["due"], "range_from": stage["due_range_from"],
                                   "parts": stage["due_parts"]})
        return sentence + "."
    sentence = no_date_text(stage["pace"], stage["date_set_by"], stage["due_basis"]) + "."
    for deadline in overall:
        said = due_sentence(deadline["what"], deadline["due"], deadline["passed"])
        sentence += (f" The overall deadline still applies: {lower_first(said)} "
                     f"({deadline['label']}, {deadline['source']}).")
    return sentence


def _next_for_you(stages: list[dict], current: int) -> dict | None:
    """The next stage the user's agency goes through after the current one, or None."""
    return next((stage for stage in stages[current:] if stage["applies"]), None)


def _passed_over(stages: list[dict], current: int, following: dict) -> str:
    """' (stage 3 does not apply to your agency)' for the stages between, or ''."""
    return passed_over_text([stage["number"] for stage in stages[current:following["number"] - 1]])


def _no_next_stage(board: Board, stages: list[dict], current: int) -> str:
    """At the top of the user's ladder: the last stage of the procedure (a complete ladder),
    the last for their agency, or the highest we hold of a procedure we hold only part of."""
    later = [stage["number"] for stage in stages[current:]]
    if later:
        return last_for_agency_text(later)
    if board.ladder_gap is not None:
        return ladder_gap_text(board.ladder_gap.text, board.ladder_gap.source)
    return f"This is the last stage of the procedure: {lower_first(board.final_say.text)}"


def _next_step(board: Board, stages: list[dict], deadlines: list[dict], current: int) -> str:
    stage = stages[current - 1]
    overall = [entry for entry in deadlines
               if entry["whole_process"] and entry["reading"] == "primary" and entry["due"]]
    # A role's note goes with it wherever it is named (say, a children's role to check).
    note = f"{stage['contact_note'].rstrip('.')}. " if stage["contact_note"] else ""
    step = (f"Stage {current}, {stage['title']}: contact {_contact_phrase(stage)}. {note}"
            f"{_when_sentence(stage, overall)}")
    following = _next_for_you(stages, current)
    if following is None:
        return f"{step} {_no_next_stage(board, stages, current)}"
    number, passed_over = following["number"], _passed_over(stages, current, following)
    if stage["escalate_by"]:  # the procedure allows a time to raise it at the next stage
        raise_it = escalate_step(number, following["title"], stage["escalate_by"]["due"])
        return step + (f" If it is not resolved, {raise_it}{passed_over}: contact "
                       f"{_contact_phrase(following)}.")
    return step + (
        f" If it is not resolved, go to stage {number}, {following['title']}{passed_over}: "
        f"contact {_contact_phrase(following)}."
    )


def _do_now(board: Board, stages: list[dict], deadlines: list[dict], current: int) -> list[dict]:
    """What is already late, first: the current stage past its date, an overall deadline or a
    form that has passed. Each item: the action, the role, the date it was due, the source."""
    items = []
    stage = stages[current - 1]
    if stage["overdue"]:
        action = (f"{due_sentence(stage['due_what'], stage['due'], True)} (stage {current}, "
                  f"{stage['title']}). Contact {_contact_phrase(stage)} today")
        following = _next_for_you(stages, current)
        if following is not None:
            number = following["number"]
            step = (escalate_step(number, None, stage["escalate_by"]["due"])
                    if stage["escalate_by"] else f"go to stage {number}")
            action += (f"; if it cannot be settled now, {step}"
                       f"{_passed_over(stages, current, following)}: contact "
                       f"{_contact_phrase(following)}.")
        elif board.ladder_complete and current == len(stages):
            action += f"; this is the last stage: {lower_first(board.final_say.text)}"
        else:
            action += f". {_no_next_stage(board, stages, current)}"
        items.append({"text": action, "role": stage["contact"], "due": stage["due"],
                      "source": stage["timescale_source"]})
    for entry in deadlines:
        if entry["passed"] and entry["reading"] == "primary":
            said = lower_first(due_sentence(entry["what"], entry["due"], True))
            items.append({
                "text": f"{entry['label']}: {said}. Act on it today.",
                "role": stage["contact"], "due": entry["due"], "source": entry["source"],
            })
    return items


def _if_not_resolved(board: Board, stages: list[dict], current: int) -> str | None:
    """The next stage for the user's agency, for the answer's summary; at the top of their
    ladder, None, or what is missing where we hold only part of the procedure."""
    following = _next_for_you(stages, current)
    if following is None:
        return None if board.ladder_complete else _no_next_stage(board, stages, current)
    return f"Stage {following['number']}: {following['title']}"


# ---------------------------------------------------------------------------------------------
# The plan


def plan_case(board: Board, case: Case, calendar: WorkingCalendar) -> dict:
    calendar = calendar.with_extra_days(board.extra_days)
    dates, timeline = _stage_dates(board, case, calendar)
    stages = [_stage_entry(board, case, stage, dates[stage.number], calendar)
              for stage in board.stages]
    deadlines = [entry for deadline in board.deadlines
                 for entry in _deadline_entries(board, deadline, timeline, calendar, case.today)]
    agency_name = next(
        choice["name"] for choice in board.agency_choices() if choice["id"] == case.agency
    )
    return {
        "board": board.id,
        "board_name": board.name,
        "partners": [{"name": partner.name, "short_name": partner.short_name,
                      "area": partner.area, "source": partner.source}
                     for partner in board.partners],
        "partners_text": partners_text([{"name": partner.name, "area": partner.area}
                                        for partner in board.partners]),
        "raised": case.raised.isoformat(),
        "today": case.today.isoformat(),
        "agency": {"id": case.agency, "name": agency_name},
        "other_agency": ({"id": case.other_agency, "name": board.agency_name(case.other_agency)}
                         if case.other_agency else None),
        "events": [
            {"id": event.id, "label": event.label, "date": case.events[event.id].isoformat(),
             "given": event.id == board.main_event.id or event.id in case.events_given,
             "source": event.source}
            for event in board.events
        ],
        "current_stage": case.current_stage,
        "total_stages": len(board.stages),
        "ladder": {"complete": board.ladder_complete,
                   "text": board.ladder_gap.text if board.ladder_gap else None,
                   "source": board.ladder_gap.source if board.ladder_gap else None},
        "stage_of": stage_of(case.current_stage, len(board.stages), board.ladder_complete),
        "heading": (f"You are at stage "
                    f"{stage_of(case.current_stage, len(board.stages), board.ladder_complete)}: "
                    f"{stages[case.current_stage - 1]['title']}"),
        "do_now": _do_now(board, stages, deadlines, case.current_stage),
        "next_step": _next_step(board, stages, deadlines, case.current_stage),
        "if_not_resolved": _if_not_resolved(board, stages, case.current_stage),
        "final_say": ({"text": board.final_say.text, "source": board.final_say.source}
                      if board.final_say and board.ladder_complete else None),
        "stages": stages,
        "deadlines": deadlines,
        "warnings": [
            *review_warnings(board, case.today),
            *ladder_warnings(board),
            *version_warnings(board, case),
            *_late_stage_warnings(stages, deadlines),
            *_passed_upcoming_warnings(stages),
            *_not_working_day_warnings(stages, deadlines),
            *_agreed_day_warnings(case, calendar),
            *_event_default_notes(board, case),
            *_unclear_warnings(board, case),
        ],
        "calendar": calendar.describe(),
        "calendar_text": calendar_sentence(calendar.describe()),
    }


def calendar_sentence(calendar: Mapping) -> str:
    """Which calendar the dates were counted with, in one sentence (every page with a date)."""
    extra = ", ".join(entry["date"] for entry in calendar["extra_non_working_days"]) or "none"
    return (f"Working days leave out weekends and the bank holidays of {calendar['region']} "
            f"(from the {calendar['package']} package, version {calendar['version']}; "
            f"{calendar['first_year']} to {calendar['last_year']}; extra non-working days: "
            f"{extra}).")


def unknown_board(board_id: object, known: list[str]) -> InputError:
    """The error for a board that is not in the policies (the command line and the page)."""
    return InputError(f"there is no board {shown_value(board_id)}; boards: "
                      f"{', '.join(known) or 'none'}",
                      "board")


def make_plan(board_data: Mapping, request: Mapping, calendar_data: Mapping) -> dict:
    """The one entry point the command line and the page share."""
    board = board_from_data(board_data)
    calendar = calendar_from_data(calendar_data)
    return plan_case(board, read_case(board, request, calendar), calendar)
