"""What the page's Web Worker calls under Pyodide: JSON text in, JSON text out.

The worker keeps one `PlanService`: the calendar and the list of boards arrive once, each board's
data when it is first asked for, then every request is answered with exactly the dict that
`python -m calculator plan --format json` prints, or with the same one-line message it prints
for bad input, plus the field that message is about. `details` adds what the page shows beside
a plan (the stage's checklist, the record of escalation, the calendar file), from the same
Python as `plan --format ics|record`.
"""

import json
from collections.abc import Callable, Mapping

from .checklist import checklist_for
from .errors import InputError
from .ics import calendar_filename, plan_calendar
from .plan import make_plan, unknown_board
from .record import record_for, record_text


class PlanService:
    def __init__(self, calendar_json: str, board_ids_json: str) -> None:
        self.calendar = json.loads(calendar_json)
        self.board_ids: list[str] = json.loads(board_ids_json)
        self.boards: dict[str, Mapping] = {}

    def needs_board(self, request_json: str) -> str | None:
        """The id of a known board this request needs and the service does not have yet."""
        board = _board_of(json.loads(request_json))
        if isinstance(board, str) and board in self.board_ids and board not in self.boards:
            return board
        return None

    def add_board(self, board_json: str) -> None:
        data = json.loads(board_json)
        self.boards[data["id"]] = data

    def plan(self, request_json: str) -> str:
        """{"plan": {...}} or {"error": "one line", "field": "raised"}, as JSON text."""
        return _answer(lambda: {"plan": self._plan(json.loads(request_json))})

    def details(self, request_json: str, page_url: str | None = None) -> str:
        """The plan with its checklist, record and calendar file, or the error `plan` gives."""
        def build() -> dict:
            plan = self._plan(json.loads(request_json))
            board = self.boards[plan["board"]]
            return {
                "plan": plan,
                "checklist": checklist_for(board, plan),
                "record": record_for(board, plan),
                "calendar": _calendar(plan, board, page_url),
            }
        return _answer(build)

    def record_text(self, record_json: str, values_json: str, page_url: str | None = None) -> str:
        """{"text": ...}: the record as plain text, with what the user typed in its fields."""
        return json.dumps({"text": record_text(json.loads(record_json), json.loads(values_json),
                                               page_url)}, ensure_ascii=False)

    def _plan(self, request: object) -> dict:
        if not isinstance(request, Mapping):
            raise InputError("the request must be an object with the key 'board'", "board")
        board = _board_of(request)
        if board in (None, ""):
            raise InputError(f"Choose a board: {', '.join(self.board_ids)}", "board")
        if board not in self.board_ids:
            raise unknown_board(board, self.board_ids)
        return make_plan(self.boards[board], request, self.calendar)


def _calendar(plan: Mapping, board: Mapping, page_url: str | None) -> dict | None:
    """The calendar file, or None for a plan with no date in it yet."""
    try:
        return {"text": plan_calendar(plan, board, page_url), "filename": calendar_filename(plan)}
    except InputError:
        return None


def _answer(build: Callable[[], dict]) -> str:
    try:
        return json.dumps(build(), ensure_ascii=False)
    except InputError as error:
        return json.dumps({"error": str(error), "field": error.field}, ensure_ascii=False)


def _board_of(request: object) -> object:
    return request.get("board") if isinstance(request, Mapping) else None
