"""A calculated plan as an RFC 5545 iCalendar file: one all-day event per due date.

Pure like the rest of the core (standard library only, no file, clock or network), so the
command line and the page (under Pyodide) make the same bytes from the same plan.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from urllib.parse import quote

from .dates import human_date
from .errors import InputError
from .wording import stage_of

PRODID = "-//Safeguarding escalation guide//calculator//EN"
#: UIDs need a domain part (RFC 5545 §3.8.4.7); .invalid can never belong to anyone else.
UID_DOMAIN = "escalation-guide.invalid"
#: The longest a content line may be, in octets, not counting its CRLF (RFC 5545 §3.1).
MAX_LINE_OCTETS = 75
CRLF = "\r\n"

_STAGE_STATUS = {
    "done": "done (a later stage has started)",
    "current": "the current stage",
    "upcoming": "not started yet",
}
# TEXT may not hold control characters other than tab (RFC 5545 §3.3.11, TSAFE-CHAR).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NOT_UID_SAFE = re.compile(r"[^A-Za-z0-9-]+")
# Characters a URI may hold as they are; anything else (spaces, non-ASCII) is %-encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
#: The longest case reference, in characters after trimming: enough for any case-recording
#: system's number and a word or two, short enough to keep the events' titles readable.
MAX_CASE_REFERENCE = 40
#: How many hex digits of the reference's SHA-256 go into a UID (64 bits: two cases of the
#: same board raised on the same day will not share one).
CASE_HASH_DIGITS = 16
#: The reminder: 15 hours before the start of the all-day event, i.e. 09:00 the day before
#: the due date. A relative trigger on an all-day (floating) DTSTART goes off at 09:00 in
#: whatever time zone the calendar app is set to, which is what we want. It is what Apple
#: Calendar itself writes for "1 day before at 09:00", and Outlook and Google Calendar import
#: it as a reminder the day before. An absolute TRIGGER;VALUE=DATE-TIME would have to be in
#: UTC (RFC 5545 §3.8.6.3), so the core would need to know the user's time zone and British
#: Summer Time to land on 09:00: it has no clock and no time zone, and must not guess.
ALARM_TRIGGER = "-PT15H"
# Characters a case reference may not hold: control characters (line breaks, tabs and the
# like), line and paragraph separators, and lone surrogates (not encodable as UTF-8).
_REFUSED_CATEGORIES = {"Cc", "Cs", "Zl", "Zp"}


# ---------------------------------------------------------------------------------------------
# RFC 5545 text: escaping and folding


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 §3.3.11 writes it. Backslash goes first, or the backslashes
    the later escapes add would be doubled. Any line break becomes the two characters \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROLS.sub("", value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold_line(line: str) -> str:
    """One content line split into physical lines of at most 75 octets, each continuation
    starting with a space (§3.1). Splits fall between characters, never inside one's UTF-8
    bytes, so every physical line is valid UTF-8 on its own."""
    pieces: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > MAX_LINE_OCTETS:
            pieces.append(current)
            current, size = " ", 1  # the continuation's leading space counts towards the 75
        current += char
        size += width
    pieces.append(current)
    return CRLF.join(pieces)


def _property(name: str, value: str) -> str:
    """`name:value`, value already in its final form (escaped if it is TEXT)."""
    return fold_line(f"{name}:{value}")


def _text(name: str, value: str) -> str:
    return _property(name, escape_text(value))


def _ical_date(day: date) -> str:
    return day.strftime("%Y%m%d")


# ---------------------------------------------------------------------------------------------
# What goes in each event


def _day(iso: str | None) -> str:
    return human_date(date.fromisoformat(iso)) if iso else "no date yet"


def _sentence(text: str) -> str:
    """Data text ends with or without a full stop; the description reads as sentences."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _footer(board: Mapping, plan: Mapping, page_url: str | None, status: str) -> list[str]:
    """The end of every description: the status, which procedure, where it was worked out."""
    document = board["source_document"]
    version = f", version {document['version']}" if document.get("version") else ""
    lines = [
        f"Status on {_day(plan['today'])}, when this calendar was made: {status}.",
        f"Procedure: {document['title']}{version} ({document['publisher']}).",
        "These dates were worked out from the procedure and the dates you entered; work them "
        "out again when a stage starts or a date is agreed.",
    ]
    if page_url:
        lines.append(f"Worked out at {_uri(page_url)}")
    return lines


def _stage_description(
    stage: Mapping, plan: Mapping, board: Mapping, page_url: str | None
) -> str:
    agency = plan["agency"]["name"]
    role = stage["contact"] if stage["contact_generic"] else f"{stage['contact']} (for {agency})"
    place = stage_of(stage["number"], plan["total_stages"], plan["ladder"]["complete"])
    lines = [
        _sentence(f"Stage {place}: {stage['title']}"),
        _sentence(f"Due: {stage['due_text']}"),
        _sentence(f"Contact: {role}"),
    ]
    if stage["contact_note"]:
        lines.append(_sentence(stage["contact_note"]))
    lines += [
        _sentence(f"Role source: {stage['contact_source']}"),
        _sentence(f"Timescale: {stage['timescale']}"),
        _sentence(f"Timescale source: {stage['timescale_source']}"),
    ]
    if stage["started"]:
        lines.append(f"Stage started: {_day(stage['started'])}.")
    elif stage["expected_start"]:
        lines.append(f"Expected to start: {_day(stage['expected_start'])}.")
    for other in stage["alternative_dues"]:
        why = f" {_sentence(other['why'])}" if other["why"] else ""
        lines.append(f"Another reading of the procedure: {other['due_text']} "
                     f"({other['words']}; {other['source']}).{why}")
    status = _STAGE_STATUS.get(stage["status"], stage["status"])
    if stage["overdue"]:
        status += ", overdue"
    elif stage["due_passed"]:
        status += ", its date has passed"
    return "\n".join(lines + _footer(board, plan, page_url, status))


def _deadline_description(
    deadline: Mapping, plan: Mapping, board: Mapping, page_url: str | None
) -> str:
    lines = [
        _sentence(f"Deadline: {deadline['label']}"),
        _sentence(f"Due: {deadline['due_text']}"),
        _sentence(f"Timescale: {deadline['words']}"),
        _sentence(f"Source: {deadline['source']}"),
    ]
    if deadline["reading"] != "primary":
        lines.append("This is another reading of the procedure, not the one the calculator "
                     "follows.")
    if deadline["why"]:
        lines.append(_sentence(deadline["why"]))
    status = "passed" if deadline["passed"] else "not passed"
    return "\n".join(lines + _footer(board, plan, page_url, status))


def _stage_summary(stage: Mapping, short_name: str) -> str:
    agreed = " (agreed date)" if stage["due_basis"] == "agreed" else ""
    return f"Stage {stage['number']} due{agreed}: {stage['title']} ({short_name})"


def _deadline_summary(deadline: Mapping, short_name: str) -> str:
    other = "" if deadline["reading"] == "primary" else " (other reading)"
    return f"Deadline{other}: {deadline['label']} ({short_name})"


def _deadline_keys(deadlines: list) -> list[str]:
    """`deadline-<id>-<reading>`; a second entry with the same id and reading (a deadline
    with two alternatives) gets -2, and so on. Entries without a date still count, so a key
    does not shift when another entry's date comes or goes."""
    seen: dict[str, int] = {}
    keys = []
    for deadline in deadlines:
        key = f"deadline-{deadline['id']}-{deadline['reading']}"
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return keys


def _events(
    plan: Mapping, board: Mapping, page_url: str | None
) -> Iterator[tuple[str, str, str, str]]:
    """(key, due, summary, description) for each dated stage, then each dated deadline."""
    short_name = board["short_name"]
    for stage in plan["stages"]:
        if stage["due"]:
            yield (f"stage-{stage['number']}", stage["due"], _stage_summary(stage, short_name),
                   _stage_description(stage, plan, board, page_url))
    for key, deadline in zip(_deadline_keys(plan["deadlines"]), plan["deadlines"], strict=True):
        if deadline["due"]:
            yield (key, deadline["due"], _deadline_summary(deadline, short_name),
                   _deadline_description(deadline, plan, board, page_url))


# ---------------------------------------------------------------------------------------------
# The case reference: typed by the user, written into the events' text, never into a UID


def check_case_reference(value: object) -> str | None:
    """The reference as it will be written: trimmed, in Unicode NFC (so that the same-looking
    text always gives the same UIDs), or None for none. Anything may be typed except control
    characters, and at most MAX_CASE_REFERENCE characters; otherwise InputError, field
    "case_reference"."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError("The case reference must be text, or left out", "case_reference")
    text = unicodedata.normalize("NFC", value).strip()
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            raise InputError(f"The case reference has a line break, tab or other control "
                             f"character (character {position}); type it on one line",
                             "case_reference")
    if len(text) > MAX_CASE_REFERENCE:
        raise InputError(f"The case reference is {len(text):,} characters long; give at most "
                         f"{MAX_CASE_REFERENCE}", "case_reference")
    return text or None


def case_hash(reference: str) -> str:
    """A stable stand-in for the reference in UIDs: the same reference, the same UIDs; the
    reference itself (any characters) is never written into one."""
    return hashlib.sha256(reference.encode("utf-8")).hexdigest()[:CASE_HASH_DIGITS]


# ---------------------------------------------------------------------------------------------
# The calendar


def event_uid(plan: Mapping, key: str, reference: str | None = None) -> str:
    """Board, day raised, event key and, if given, a hash of the case reference only:
    recalculating the same case with other start dates or another today gives the same
    UIDs, so a calendar app updates its events instead of adding copies; two cases of the
    same board raised on the same day differ once each has its reference. Without a
    reference the UID is what it always was. `reference` as check_case_reference() returns it."""
    parts = [key, f"raised-{plan['raised']}", plan["board"]]
    if reference:
        parts.append(f"case-{case_hash(reference)}")
    return ".".join(_NOT_UID_SAFE.sub("-", str(part)) for part in parts) + f"@{UID_DOMAIN}"


def _uri(url: str) -> str:
    # A URI cannot hold spaces, line breaks or non-ASCII; %-encode them, keep the rest.
    return quote(url.strip(), safe=_URI_SAFE)


def _vevent(
    plan: Mapping, key: str, due: str, summary: str, description: str, page_url: str | None,
    reference: str | None,
) -> list[str]:
    day = date.fromisoformat(due)
    if reference:
        # First, so that a calendar's narrow day view still tells two cases apart.
        summary = f"{reference}: {summary}"
        description = f"Case reference: {reference}\n{description}"
    lines = [
        "BEGIN:VEVENT",
        _property("UID", event_uid(plan, key, reference)),
        # The plan's today, not the clock: the same plan always gives the same bytes.
        _property("DTSTAMP", _ical_date(date.fromisoformat(plan["today"])) + "T000000Z"),
        # All day: DTEND is exclusive, so it is the day after (RFC 5545 §3.6.1).
        _property("DTSTART;VALUE=DATE", _ical_date(day)),
        _property("DTEND;VALUE=DATE", _ical_date(day + timedelta(days=1))),
        _text("SUMMARY", summary),
        _text("DESCRIPTION", description),
    ]
    if page_url:
        lines.append(_property("URL", _uri(page_url)))
    # A due date is a reminder, not a meeting: it should not show the day as busy.
    lines += [
        "TRANSP:TRANSPARENT",
        # A reminder the morning before (ALARM_TRIGGER says why this trigger).
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        _property("TRIGGER", ALARM_TRIGGER),
        _text("DESCRIPTION", f"Tomorrow, {human_date(day)}: {summary}"),
        "END:VALARM",
        "END:VEVENT",
    ]
    return lines


def plan_calendar(
    plan: Mapping,
    board: Mapping,
    page_url: str | None = None,
    *,
    case_reference: object = None,
    include_past: object = False,
) -> str:
    """The plan's due dates (stages and deadlines, every reading) as an iCalendar file, with
    CRLF line endings, each event with a reminder the morning before. `board` is the board's
    data as loaded from policies/<id>.yaml. `case_reference`, typed by the user, goes
    into each event's title and description and (hashed) its UID; it is checked here
    (check_case_reference). Dates before the plan's today are left out unless `include_past`.
    Raises InputError if nothing is left to put in it: RFC 5545 requires at least one
    event, and an empty calendar would be no use anyway."""
    reference = check_case_reference(case_reference)
    if not isinstance(include_past, bool):
        raise InputError("include_past must be true or false", "include_past")
    events = list(_events(plan, board, page_url))
    if not events:
        raise InputError("This plan has no due dates yet to put in a calendar")
    if not include_past:
        dated = events
        events = [event for event in events if event[1] >= plan["today"]]
        if not events:
            last = max(event[1] for event in dated)
            raise InputError(f"Every due date in this plan has passed (the last was "
                             f"{_day(last)}), so the calendar would be empty; ask for past "
                             "dates too to put them in it", "include_past")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _property("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _text("X-WR-CALNAME", f"Escalation {board['short_name']}, raised {_day(plan['raised'])}"),
    ]
    for key, due, summary, description in events:
        lines += _vevent(plan, key, due, summary, description, page_url, reference)
    lines.append("END:VCALENDAR")
    return CRLF.join(lines) + CRLF


def calendar_filename(plan: Mapping) -> str:
    """e.g. escalation-worcestershire-raised-2026-11-19.ics"""
    board = _NOT_UID_SAFE.sub("-", str(plan["board"]))
    raised = _NOT_UID_SAFE.sub("-", str(plan["raised"]))
    return f"escalation-{board}-raised-{raised}.ics"
