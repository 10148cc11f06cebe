"""The plan: which stage the case is at, when each step is due, whom to contact.

`make_plan` is the whole contract: plain data in (the board's data, the request, the calendar's
data), one JSON-ready dict out. The command line prints that dict as JSON, and the page gets
exactly the same dict from the same function under Pyodide.
"""

from collections.abc import Mapping
from dataclasses import dataclass
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
    OVERDUE_WORD,
    STATUS_WORDS,
    TARGET_PASSED_WORD,
    USER_DATE,
    counted_from_text,
    day_text,
    due_sentence,
    due_text,
    in_sentence,
    lower_first,
    no_date_text,
    not_working_day_note,
)
from .workdays import WorkingCalendar, calendar_from_data

#: A procedure whose review is "as required" is called old after this many years.
UNDATED_REVIEW_AGE_YEARS = 3


@dataclass(frozen=True)
class Case:
    raised: date
    today: date
    agency: str
    started: Mapping[int, date]  # stage number -> the day it started (stage 1: the day raised)
    agreed: Mapping[int, date]  # stage number -> the date someone fixed for the stage
    events: Mapping[str, date]  # every event the board counts from -> its day
    events_given: frozenset[str] = frozenset()  # the other events the user gave a date for

    @property
    def current_stage(self) -> int:
        return max(self.started)


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
    started = _dated_stages(board, request.get("started"), "Started", "started")
    agreed = _dated_stages(board, request.get("agreed"), "Agreed", "agreed")
    given = _event_dates(board, request.get("events"), raised, today, calendar)
    _check_started(board, raised, today, started)
    _check_agreed(board, raised, started, agreed, calendar)
    events = {main.id: raised, **{event.id: given.get(event.id, raised)
                                  for event in board.other_events}}
    return Case(raised, today, agency, {1: raised, **started}, agreed, events,
                frozenset(given))


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
    start: Moment  # actual, or projected from the stage before (never before today)
    due: Due
    alternatives: tuple[tuple[Reading, Due], ...]


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
        if number + 1 in case.started:
            return Moment(case.started[number + 1], True, what)
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
        return Moment(previous.day, previous.happened, f"stage_start:{number}")

    timeline = Timeline(case.raised, case.events.__getitem__, start_of, end_of)
    for stage in board.stages:
        agreed = case.agreed.get(stage.number)
        dates[stage.number] = StageDates(
            start=start_of(stage.number),
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


def _event_labels(board: Board) -> dict[str, str]:
    return {event.id: event.label for event in board.events}


def _dated(reading: Reading, due: Due, today: date, calendar: WorkingCalendar,
           labels: dict[str, str], counts: bool = True) -> dict:
    """What every date in a plan says about itself: the date, what is due by it, what it was
    counted from (and whether that has happened), whether it has passed, and its words.
    `counts` is False for a stage already done: its date can no longer pass."""
    passed = counts and due.fixed and today > due.day
    counted = due.counted_from
    closed = (due.day is not None and due.basis in ("calendar_days", "clock_hours")
              and not calendar.is_working_day(due.day))
    entry = {
        "due": _iso(due.day),
        "basis": due.basis,
        "what": reading.due_what,
        "what_source": reading.due_source,
        "counted_from": None if counted is None or counted.day is None else {
            "date": counted.day.isoformat(),
            "happened": counted.happened,
            "text": counted_from_text(counted.what, counted.happened, labels),
        },
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


def _stage_entry(board: Board, case: Case, stage: Stage, dates: StageDates,
                 calendar: WorkingCalendar) -> dict:
    status = _status(stage.number, case.current_stage)
    labels = _event_labels(board)
    dated = _dated(stage.timescale.primary, dates.due, case.today, calendar, labels,
                   counts=status != "done")
    overdue = status == "current" and dated["passed"]
    started = case.started.get(stage.number)
    expected = None if started else dates.start.day
    reading = stage.timescale.primary
    return {
        "number": stage.number,
        "title": stage.title,
        "status": status,
        "status_text": _late_word(reading) if overdue else STATUS_WORDS[status],
        "you_are_here": {"text": stage.you_are_here.text, "source": stage.you_are_here.source},
        "started": _iso(started),
        "expected_start": _iso(expected),
        "start_text": _start_text(stage.number, started, expected),
        "due": dated["due"],
        "due_basis": dated["basis"],
        "due_what": dated["what"],
        "due_what_source": dated["what_source"],
        "due_counted_from": dated["counted_from"],
        "due_passed": dated["passed"],
        "due_not_working_day": dated["not_working_day"],
        "due_text": dated["text"],
        "overdue": overdue,
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
        **contact_for(board, stage, case.agency),
    }


def _late_word(reading: Reading) -> str:
    """A date the source calls a target has its target passed; any other is overdue."""
    return TARGET_PASSED_WORD if reading.target else OVERDUE_WORD


def _alternative(reading: Reading, due: Due, case: Case, calendar: WorkingCalendar,
                 labels: dict[str, str], counts: bool) -> dict:
    dated = _dated(reading, due, case.today, calendar, labels, counts)
    return {"due": dated["due"], "basis": dated["basis"], "what": dated["what"],
            "passed": dated["passed"], "counted_from": dated["counted_from"],
            "not_working_day": dated["not_working_day"], "due_text": dated["text"]}


def _start_text(number: int, started: date | None, expected: date | None) -> str:
    if started:
        return f"Started {day_text(started)}"
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
        return sentence + "."
    sentence = no_date_text(stage["pace"], stage["date_set_by"], stage["due_basis"]) + "."
    for deadline in overall:
        said = due_sentence(deadline["what"], deadline["due"], deadline["passed"])
        sentence += (f" The overall deadline still applies: {lower_first(said)} "
                     f"({deadline['label']}, {deadline['source']}).")
    return sentence


def _next_step(board: Board, stages: list[dict], deadlines: list[dict], current: int) -> str:
    stage = stages[current - 1]
    overall = [entry for entry in deadlines
               if entry["whole_process"] and entry["reading"] == "primary" and entry["due"]]
    # A role's note goes with it wherever it is named (say, a children's role to check).
    note = f"{stage['contact_note'].rstrip('.')}. " if stage["contact_note"] else ""
    step = (f"Stage {current}, {stage['title']}: contact {_contact_phrase(stage)}. {note}"
            f"{_when_sentence(stage, overall)}")
    if current == len(stages):
        final = lower_first(board.final_say.text)
        return step + f" This is the last stage of the procedure: {final}"
    following = stages[current]
    return step + (
        f" If it is not resolved, go to stage {current + 1}, {following['title']}: "
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
        if current < len(stages):
            following = stages[current]
            action += (f"; if it cannot be settled now, go to stage {current + 1}: contact "
                       f"{_contact_phrase(following)}.")
        else:
            action += f"; this is the last stage: {lower_first(board.final_say.text)}"
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


def _if_not_resolved(stages: list[dict], current: int) -> str | None:
    """The stage after the current one, for the answer's summary; None at the last stage."""
    if current == len(stages):
        return None
    following = stages[current]
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
        "raised": case.raised.isoformat(),
        "today": case.today.isoformat(),
        "agency": {"id": case.agency, "name": agency_name},
        "events": [
            {"id": event.id, "label": event.label, "date": case.events[event.id].isoformat(),
             "given": event.id == board.main_event.id or event.id in case.events_given,
             "source": event.source}
            for event in board.events
        ],
        "current_stage": case.current_stage,
        "total_stages": len(board.stages),
        "heading": (f"You are at stage {case.current_stage} of {len(board.stages)}: "
                    f"{stages[case.current_stage - 1]['title']}"),
        "do_now": _do_now(board, stages, deadlines, case.current_stage),
        "next_step": _next_step(board, stages, deadlines, case.current_stage),
        "if_not_resolved": _if_not_resolved(stages, case.current_stage),
        "final_say": {"text": board.final_say.text, "source": board.final_say.source},
        "stages": stages,
        "deadlines": deadlines,
        "warnings": [
            *review_warnings(board, case.today),
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
