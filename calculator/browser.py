"""What the page's Web Worker calls under Pyodide: JSON text in, JSON text out.

The worker keeps one `PlanService`: the calendar and the list of boards arrive once, each board's
data when it is first asked for, then every request is answered with exactly the dict that
`python -m calculator plan --format json` prints, or with the same one-line message it prints
for bad input, plus the field that message is about. `details` adds what the page shows beside
a plan (the stage's checklist, the record of escalation, the calendar file), from the same
Python as `plan --format ics|record`; `calendar_file` makes the calendar file again with what
the user chose for it alone (a case reference, past dates too), never part of the plan's
request nor of its link.

Whatever the page sends, the answer is JSON text: never an exception. Text that is not JSON,
nested deeper than any request is, or with a number too long to read is refused before it is
read; an error nothing foresaw is still one line, with the field "request".
"""

import json
import re
from collections.abc import Callable, Mapping

from .board_summary import read_options, summary_file, summary_files
from .checklist import checklist_for
from .dates import shown_value
from .errors import InputError
from .ics import calendar_filename, plan_calendar
from .links import board_links
from .plan import make_plan, unknown_board
from .record import record_for, record_text


class PlanService:
    def __init__(self, calendar_json: str, board_ids_json: str) -> None:
        self.calendar = json.loads(calendar_json)
        self.board_ids: list[str] = json.loads(board_ids_json)
        self.boards: dict[str, Mapping] = {}

    def needs_board(self, request_json: str) -> str | None:
        """The id of a known board this request needs and the service does not have yet (None
        for a request that cannot be read: `plan` then says what is wrong with it)."""
        try:
            board = _board_of(_read(request_json))
        except Exception:
            return None
        if isinstance(board, str) and board in self.board_ids and board not in self.boards:
            return board
        return None

    def add_board(self, board_json: str) -> None:
        data = json.loads(board_json)
        self.boards[data["id"]] = data

    def plan(self, request_json: str) -> str:
        """{"plan": {...}} or {"error": "one line", "field": "raised"}, as JSON text."""
        return _answer(lambda: {"plan": self._plan(_read(request_json))})

    def details(self, request_json: str, page_url: str | None = None,
                calendar_json: str | None = None) -> str:
        """The plan with its checklist, record and calendar file, or the error `plan` gives.
        `calendar_json`: the calendar's own options, as `calendar_file` takes them (default:
        none).
        "calendar" is None when there is nothing to put in one, and "calendar_note" then says
        why in one line (no date yet; every date has passed). "board_summary" is the summary
        for the Board ({"offer", "files": [csv, json]}), or None for a board that asks for
        no report."""
        def build() -> dict:
            plan = self._plan(_read(request_json))
            board = self.boards[plan["board"]]
            options = _calendar_options(calendar_json)
            calendar, note = _calendar(plan, board, page_url, options)
            return {
                "plan": plan,
                "checklist": checklist_for(board, plan),
                "record": record_for(board, plan),
                "calendar": calendar,
                "calendar_note": note,
                "board_summary": summary_files(plan, board),
                "links": board_links(board),
            }
        return _answer(build)

    def calendar_file(self, request_json: str, options_json: str | None = None,
                 page_url: str | None = None) -> str:
        """{"calendar": {"text": ..., "filename": ...}} for the plan's request (the same as
        `plan` takes) and the calendar's options, JSON text of an object with at most
        "case_reference" (text, or null) and "include_past" (true or false); or
        {"error": "one line", "field": ...}: a field of the plan's, "case_reference",
        "include_past" (every date has passed), or "request" (no date yet)."""
        def build() -> dict:
            plan = self._plan(_read(request_json))
            options = _calendar_options(options_json)
            return {"calendar": {"text": plan_calendar(plan, self.boards[plan["board"]],
                                                       page_url, **options),
                                 "filename": calendar_filename(plan)}}
        return _answer(build)

    def board_summary(self, request_json: str, form: str,
                      options_json: str | None = None) -> str:
        """{"text", "filename", "type"}: the summary for the Board ("csv" or "json") of the
        plan's request, with its options, JSON text of {"resolved": "YYYY-MM-DD" or null}; or
        {"error": "one line", "field": ...}, "board" for a board that asks for no report."""
        def build() -> dict:
            plan = self._plan(_read(request_json))
            options = None if options_json is None else _read(options_json, "summary")
            return summary_file(plan, self.boards[plan["board"]], form, read_options(options))
        return _answer(build)

    def record_text(self, record_json: str, values_json: str, page_url: str | None = None) -> str:
        """{"text": ...}: the record as plain text, with what the user typed in its fields."""
        return _answer(lambda: {"text": record_text(_read(record_json, "record"),
                                                    _read(values_json, "values"), page_url)})

    def _plan(self, request: object) -> dict:
        if not isinstance(request, Mapping):
            raise InputError("the request must be an object with the key 'board'", "board")
        board = _board_of(request)
        if board in (None, ""):
            raise InputError(f"Choose a board: {', '.join(self.board_ids)}", "board")
        if not isinstance(board, str):
            raise InputError(f"The board must be one of {', '.join(self.board_ids)}, not "
                             f"{shown_value(board)}", "board")
        if board not in self.board_ids:
            raise unknown_board(board, self.board_ids)
        return make_plan(self.boards[board], request, self.calendar)


#: What the calendar's options may hold (`calendar_file`, `details`): nothing else.
CALENDAR_OPTIONS = ("case_reference", "include_past")


def _calendar_options(options_json: str | None) -> dict:
    """The calendar's options as plan_calendar's keyword arguments, checked: an object with
    at most CALENDAR_OPTIONS. Their values are plan_calendar's to check."""
    if options_json is None:
        return {}
    options = _read(options_json, "calendar")
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise InputError("The calendar's options must be an object with the keys "
                         f"{' and '.join(CALENDAR_OPTIONS)}", "calendar")
    unknown = sorted(str(key) for key in options if key not in CALENDAR_OPTIONS)
    if unknown:
        raise InputError(f"The calendar's options take only {' and '.join(CALENDAR_OPTIONS)}, "
                         f"not {shown_value(unknown[0])}", "calendar")
    past = options.get("include_past")
    if past is not None and not isinstance(past, bool):  # not 1 or 0, which == True/False
        raise InputError(f"include_past must be true or false, not "
                         f"{shown_value(past)}", "include_past")
    return {key: options[key] for key in CALENDAR_OPTIONS if options.get(key) is not None}


def _calendar(plan: Mapping, board: Mapping, page_url: str | None,
              options: Mapping) -> tuple[dict | None, str | None]:
    """(the calendar file, None), or (None, why) when there is nothing to put in one: no date
    yet, or every date has passed. Bad options were refused before (_calendar_options), but
    for the case reference's text, which is the request's error too."""
    try:
        text = plan_calendar(plan, board, page_url, **options)
    except InputError as error:
        if error.field == "case_reference":
            raise
        return None, str(error)
    return {"text": text, "filename": calendar_filename(plan)}, None


#: No request is nested deeper than this (a request is an object of objects: 2 levels); the
#: page refuses deeper values before it sends them (escalation/runtime.js, MAX_DEPTH).
MAX_DEPTH = 32
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def _read(text: object, what: str = "request") -> object:
    """JSON text to a value, or InputError (field `what`): never a RecursionError from a
    deeply nested value (which, under Pyodide, can overflow the stack), nor a ValueError."""
    if not isinstance(text, str):
        raise InputError(f"The {what} must be JSON text", what)
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise InputError(f"The {what} is nested too deeply ({deepest:,} levels); the "
                         f"calculator takes plain values at most {MAX_DEPTH} levels deep", what)
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(f"The {what} is nested too deeply", what) from None
    except ValueError as error:  # not JSON, or a number of more than 4,300 digits
        said = _first_line(error).split(";")[0]  # not Python's advice on raising its limit
        raise InputError(f"The {what} cannot be read as JSON ({said})", what) from None


def _answer(build: Callable[[], dict]) -> str:
    """JSON text, whatever happens: the answer, or {"error": one line, "field": ...}."""
    try:
        return json.dumps(build(), ensure_ascii=False)
    except InputError as error:
        return _error(str(error), error.field)
    except Exception as error:  # no check foresaw it: still one line, never a traceback
        return _error(f"The calculator could not work this out ({type(error).__name__}: "
                      f"{_first_line(error)}); check the values entered", "request")


def _error(message: str, field: str | None) -> str:
    # Every refusal names a field: an error about the request as a whole names "request". The
    # message is the command line's, word for word (an InputError's is one line already).
    return json.dumps({"error": message.strip().splitlines()[0] if message.strip() else message,
                       "field": field or "request"}, ensure_ascii=False)


def _first_line(said: object) -> str:
    """One line, of a sane length, of what an exception we did not raise says."""
    lines = str(said).strip().splitlines() or [""]
    line = lines[0]
    return line if len(line) <= 300 else line[:300] + "…"


def _board_of(request: object) -> object:
    return request.get("board") if isinstance(request, Mapping) else None
