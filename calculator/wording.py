"""Every sentence a plan says about a date, written once.

The plan (calculator/plan.py) puts these words into its JSON; the command line's text, the
checklist, the record, the calendar file, the training pages and the page's JavaScript all show
them as they are, so a phrase can only be wrong in one place.
Standard library only: the page runs this under Pyodide.
"""

from datetime import date

from .dates import human_date

#: What is due by a date (schema: $defs/due_what): "Thu 24 Apr 2025, for a written response".
DUE_NOUNS = {
    "raise_it": "the concern to be raised",
    "written_response": "a written response",
    "response": "a response",
    "managers_liaised": "the two managers to have liaised",
    "discussion_held": "the discussion to have taken place",
    "meeting_held": "the meeting to be held",
    "decision": "a decision",
    "recommendation": "a recommendation",
    "form_sent": "the form to be sent",
    "stage_completed": "the stage to be completed",
    "resolved": "the disagreement to be resolved",
}

#: The same, as a sentence about a date still to come ("{} by Thu 24 Apr 2025.").
_DUE_SENTENCES = {
    "raise_it": "Raise it by {day}",
    "written_response": "A written response is due by {day}",
    "response": "A response is due by {day}",
    "managers_liaised": "The two managers should have liaised by {day}",
    "discussion_held": "The discussion should take place by {day}",
    "meeting_held": "The meeting should be held by {day}",
    "decision": "A decision is due by {day}",
    "recommendation": "A recommendation is due by {day}",
    "form_sent": "The form should be sent by {day}",
    "stage_completed": "This stage should be completed by {day}",
    "resolved": "The disagreement should be resolved by {day}",
}

#: ... and about a date that has passed.
_WAS_DUE_SENTENCES = {
    "raise_it": "It should have been raised by {day}",
    "written_response": "A written response was due by {day}",
    "response": "A response was due by {day}",
    "managers_liaised": "The two managers should have liaised by {day}",
    "discussion_held": "The discussion should have taken place by {day}",
    "meeting_held": "The meeting should have been held by {day}",
    "decision": "A decision was due by {day}",
    "recommendation": "A recommendation was due by {day}",
    "form_sent": "The form should have been sent by {day}",
    "stage_completed": "This stage should have been completed by {day}",
    "resolved": "The disagreement should have been resolved by {day}",
}

#: What a source says about speed where it sets no timescale (schema: pace).
PACE_WORDS = {
    "as_soon_as_possible": "as soon as possible",
    "without_delay": "without delay",
    "immediately": "immediately",
    "not_stated": "",
}

#: Who may fix a date for a stage with no timescale (schema: date_set_by): the form's label
#: and hint, and what the plan calls such a date.
USER_DATE = {
    "both_professionals": {
        "label": "The date you and the other professional agreed for stage {number}",
        "hint": "The procedure sets no date for this stage. If you agreed one, enter it; "
                "otherwise leave it blank.",
        "called": "the date you agreed",
    },
    "escalating_professional": {
        "label": "The date you set for a reply at stage {number}",
        "hint": "The procedure asks the professional escalating to set the timescale. If you "
                "set one, enter it; otherwise leave it blank.",
        "called": "the date you set",
    },
    "given_to_you": {
        "label": "The date you were given for stage {number}",
        "hint": "The procedure sets no date for this stage. If you were given one, enter it; "
                "otherwise leave it blank.",
        "called": "the date you were given",
    },
}

STATUS_WORDS = {"done": "Done", "current": "Current", "upcoming": "Upcoming"}
OVERDUE_WORD = "Overdue"
TARGET_PASSED_WORD = "Target passed"

#: A stage only some agencies use (schema: a stage's `agencies`), for a user of another agency:
#: its status and its due date's basis.
NOT_APPLICABLE = "not_applicable"
NOT_FOR_YOU_WORD = "Not for your agency"


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def not_for_you_text(only_for: str) -> str:
    """Said of a stage the user's agency does not go through (its status, start and date)."""
    return f"Only for {only_for}: it does not apply to your agency, so your ladder runs past it"


def _stages_phrase(numbers: list[int]) -> str:
    verb = "does" if len(numbers) == 1 else "do"
    return f"{and_list([f'stage {number}' for number in numbers])} {verb} not apply to"


def passed_over_text(numbers: list[int]) -> str:
    """After 'go to stage 4': the stages in between that the user's agency does not use."""
    return f" ({_stages_phrase(numbers)} your agency)" if numbers else ""


def last_for_agency_text(numbers: list[int]) -> str:
    """At the last stage the user's agency goes through, with later stages for others only."""
    return (f"There is no later stage for your agency: {_stages_phrase(numbers)} it, so the "
            "procedure's top is not yours to go to.")


def ladder_gap_text(gap: str, source: str) -> str:
    """At the highest stage we hold of a procedure we hold only part of: never 'the last'."""
    return (f"We hold only part of this procedure, and it has no stage after this one: "
            f"{lower_first(gap).rstrip('.')} ({source}). Ask the Board what comes next.")


def ladder_gap_warning(gap: str, source: str) -> str:
    """On every plan and the board's page, for a procedure we hold only part of."""
    return (f"We hold only part of this procedure's ladder: {lower_first(gap).rstrip('.')} "
            f"({source}). The highest stage here may not be the procedure's last.")


def stage_of(number: int, total: int, complete: bool) -> str:
    """'2 of 4', or '2 of the 4 we hold' when we hold only part of the ladder."""
    return f"{number} of {total}" if complete else f"{number} of the {total} we hold"


def partners_text(partners: list[dict]) -> str | None:
    """'Published jointly by A (area) and B (area)' for a procedure with partners, or None."""
    if not partners:
        return None
    named = [f"{partner['name']} ({partner['area']})" for partner in partners]
    return f"Published jointly by {and_list(named)}."

CLOCK_HOURS_NOTE = "clock hours: by the time of day the count started"
CALENDAR_DAYS_NOTE = "calendar days"

_PROJECTED_FROM = {
    "stage_start": "when stage {n} starts (not yet, so not before today)",
    "stage_end": "when stage {n} ends (not yet, so not before today)",
}
_HAPPENED_FROM = {
    "stage_start": "the day stage {n} started",
    "stage_end": "the day stage {n} ended",
}


#: First words that are lower case mid-sentence ('Your line manager' -> 'your line manager');
#: any other first word (a name, a title such as 'Line Manager') keeps its capital.
_COMMON_FIRST_WORDS = frozenset({"Your", "The", "Their", "Nobody", "Senior", "A", "An"})


def in_sentence(text: str) -> str:
    """'Your line manager' reads 'your line manager' mid-sentence; names keep their capitals."""
    first, _, rest = text.partition(" ")
    if first in _COMMON_FIRST_WORDS and rest:
        return f"{first.lower()} {rest}"
    return text


def lower_first(text: str) -> str:
    """A sentence's first word lower-cased to follow a colon, unless it is a name (a role such
    as 'Independent Chair' or an acronym keeps its capitals)."""
    first, _, rest = text.partition(" ")
    if first in ("Your", "The", "Their", "A", "An", "It", "This", "If", "Each") and rest:
        return f"{first.lower()} {rest}"
    return text


def day_text(day: date | str | None) -> str:
    if day is None:
        return ""
    return human_date(date.fromisoformat(day) if isinstance(day, str) else day)


def due_sentence(what: str, day: date | str, passed: bool) -> str:
    """'A written response is due by Thu 24 Apr 2025', or 'was due by' once it has passed."""
    table = _WAS_DUE_SENTENCES if passed else _DUE_SENTENCES
    return table[what].format(day=day_text(day))


def counted_from_text(what: str, happened: bool, event_labels: dict[str, str]) -> str:
    """What a date was counted from, in words: 'the day stage 2 started', 'the day you became
    aware of the issue', 'when stage 1 ends (it is still open, so not before today)'."""
    if what == "raised":
        return in_sentence(event_labels["raised"])
    kind, _, detail = what.partition(":")
    if kind == "event":
        return in_sentence(event_labels[detail])
    table = _HAPPENED_FROM if happened else _PROJECTED_FROM
    return table[kind].format(n=detail)


_WEEKEND_DAYS = {5: "a Saturday", 6: "a Sunday"}


def not_working_day_note(day: date, closed_because: str | None) -> str:
    """Said of a calendar-day or clock-hours date that falls when offices are closed."""
    why = _WEEKEND_DAYS.get(day.weekday()) or closed_because or "a non-working day"
    return f"not a working day: {why}"


def no_date_text(pace: str | None, date_set_by: str | None, basis: str) -> str:
    """Why a stage has no date: its anchor is not known yet, or the procedure sets none."""
    if basis == "unknown_anchor":
        return "No date yet: it counts from an earlier stage whose end is not known"
    pace_words = PACE_WORDS.get(pace or "not_stated", "")
    text = "The procedure sets no date"
    if pace_words:
        text += f": {pace_words}"
    if date_set_by:
        text += f" (enter {USER_DATE[date_set_by]['called']}, if there is one)"
    return text


def due_text(entry: dict, *, agreed_called: str | None = None) -> str:
    """The due date of a stage, an alternative reading or a deadline in one phrase:
    'Thu 24 Apr 2025, for a written response' with any note (clock hours, not a working day,
    passed). `entry` has due, basis, what, passed and not_working_day (plan.py fills them)."""
    if not entry["due"]:
        return no_date_text(entry.get("pace"), entry.get("date_set_by"), entry["basis"])
    notes = []
    if entry["basis"] == "clock_hours":
        notes.append(CLOCK_HOURS_NOTE)
    elif entry["basis"] == "calendar_days":
        notes.append(CALENDAR_DAYS_NOTE)
    elif entry["basis"] == "agreed" and agreed_called:
        notes.append(agreed_called)
    if entry.get("not_working_day"):
        notes.append(entry["not_working_day"])
    text = f"{day_text(entry['due'])}, for {DUE_NOUNS[entry['what']]}"
    notes += _shape_notes(entry)
    if notes:
        text += f" ({'; '.join(notes)})"
    if entry.get("passed"):
        text += ", target passed" if entry.get("target") else ", passed"
    return text


def range_note(start: date | str, end: date | str) -> str:
    """A range ('within 2 to 5 working days'): due at its end, so it is never late before."""
    return f"the end of the range {day_text(start)} to {day_text(end)}"


def _part_text(part: dict) -> str:
    when = day_text(part["due"]) if part["due"] else "not known yet"
    return f"'{part['words'].rstrip('.')}', {when}"


def sooner_note(parts: list[dict]) -> str:
    """'Whichever is sooner': says so, and names every reading with its own date."""
    which = "sooner" if len(parts) == 2 else "soonest"
    return f"the {which} of: {'; '.join(_part_text(part) for part in parts)}"


def _shape_notes(entry: dict) -> list[str]:
    """What a dated entry says of its range or its 'whichever is sooner' parts."""
    notes = []
    if entry.get("range_from"):
        notes.append(range_note(entry["range_from"], entry["due"]))
    if entry.get("parts"):
        notes.append(sooner_note(entry["parts"]))
    return notes


def detail_clause(entry: dict) -> str:
    """What a sentence about a due date adds for a range or 'whichever is sooner', or ''."""
    notes = _shape_notes(entry)
    return f" ({'; '.join(notes)})" if notes else ""


def escalate_step(number: int, title: str | None, day: date | str | None) -> str:
    """The next stage, where the procedure allows a time to raise it there (escalate_within):
    'raise it at stage 2, Line managers, by Tue 7 Apr 2026' (without the title: 'raise it at
    stage 2 by Tue 7 Apr 2026')."""
    named = f"stage {number}, {title}," if title else f"stage {number}"
    return f"raise it at {named} by {day_text(day)}" if day else \
        f"raise it at {named.rstrip(',')}"


def escalate_text(number: int, day: date | str | None, passed: bool) -> str:
    """A stage's time allowed to escalate, as the plan lists it."""
    if not day:
        return (f"If it is not resolved, raise it at stage {number} within the time allowed, "
                "counted from when this stage ends (not known yet)")
    verb = "should have been raised" if passed else "raise it"
    return f"If it is not resolved, {verb} at stage {number} by {day_text(day)}"


def escalate_within_note(following: int) -> str:
    """The board's page, beside a stage's time allowed to escalate (escalate_within)."""
    return (f"If this stage ends unresolved, it is to be raised at stage {following} within "
            "this time, counted from the day this stage ends.")


def escalated_start_text(previous: int, day: date | str) -> str:
    """The start of a stage the procedure gives a time to be raised by."""
    return (f"Not started; if stage {previous} ends unresolved, it is to be raised here by "
            f"{day_text(day)}")


#: How each kind of date is counted, said only where a plan or a page uses that kind.
WORKING_DAY_RULE = ("Working days are Monday to Friday, except bank holidays in England and "
                    "Wales.")
COUNTING_RULES = (
    ("working_days", "'Within N working days of a date' is the N-th working day after it; the "
                     "date itself never counts."),
    ("same_working_day", "A same-day target is the day it counts from if that is a working "
                         "day, else the next working day."),
    ("working_day_number", "'By working day N' counts the day raised as day 1 if it is a "
                           "working day, else the next working day."),
    ("calendar_days", "Calendar days count every day, weekends and bank holidays included; the "
                      "date counted from never counts."),
    ("clock_hours", "Clock hours run through nights, weekends and bank holidays, from the time "
                    "of day the count started."),
)

#: Cases running late (shared/DOMAIN.md): the rule every plan follows, in one sentence.
LATE_CASE_RULE = (
    "A step that has not happened yet is never dated before today: while a stage is still open "
    "past its date, the stages after it are counted from today, and only a date counted from "
    "something that has happened can be 'passed'."
)


def counting_rules(bases: set[str]) -> str:
    """The counting rules for the kinds of date in `bases` (Due.basis values), and no others."""
    rules = [rule for basis, rule in COUNTING_RULES if basis in bases]
    if bases & {"working_days", "same_working_day", "working_day_number"}:
        rules.insert(0, WORKING_DAY_RULE)
    return " ".join(rules)


# ---------------------------------------------------------------------------------------------
# Someone at immediate risk: the board's own route first where it names one, then 999

RISK_NO_WAITING = "Do not wait for the escalation stages, and do not wait to discuss it first."
RISK_999_FIRST = "Call 999 and ask for the police."
RISK_999_AFTER = ("If anyone's life or safety is in danger right now, call 999 and ask for the "
                  "police.")


def immediate_risk_order(has_own_route: bool) -> dict:
    """What the immediate-risk box says, in order: a board that names its own route (a MASH, a
    single point of access) leads with it and keeps 999 for danger to life; one that names none
    leads with 999."""
    if has_own_route:
        return {"lead": RISK_NO_WAITING, "route_first": True, "emergency": RISK_999_AFTER}
    return {"lead": RISK_NO_WAITING, "route_first": False, "emergency": RISK_999_FIRST}
