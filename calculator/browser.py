"""What the page's Web Worker calls under Pyodide: JSON text in, JSON text out.

The worker keeps one `PlanService`: the calendar and the list of boards arrive once, each board's
data when it is first asked for, then every request is answered with exactly the dict that
`python -m calculator plan --format json` prints, or with the same one-line message it prints
for bad input, plus the field that message is about.
"""

import json
from collections.abc import Mapping

from .errors import InputError
from .plan import make_plan, unknown_board


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
        try:
            request = json.loads(request_json)
            return json.dumps({"plan": self._plan(request)}, ensure_ascii=False)
        except InputError as error:
            return json.dumps({"error": str(error), "field": error.field}, ensure_ascii=False)

    def _plan(self, request: object) -> dict:
        if not isinstance(request, Mapping):
            raise InputError("the request must be an object with the key 'board'", "board")
        board = _board_of(request)
        if board in (None, ""):
            raise InputError(f"Choose a board: {', '.join(self.board_ids)}", "board")
        if board not in self.board_ids:
            raise unknown_board(board, self.board_ids)
        return make_plan(self.boards[board], request, self.calendar)


def _board_of(request: object) -> object:
    return request.get("board") if isinstance(request, Mapping) else None
