"""What the "Check a board file" page's Web Worker calls under Pyodide: the command line's
`check` (calculator.tools.checking.check_board) on text pasted or chosen in the page, then, for a
file with no problems, a preview of the board: its stages and a sample plan, as `plan` prints it.

JSON text in, JSON text out, never an exception: like calculator/browser.py. The file's folder
and golden cases cannot be seen from the page, so the logo and golden-case checks are the
command line's alone (check_board skips them when given None).
"""

import json
from collections.abc import Mapping
from datetime import date

from ..errors import InputError
from ..plan import make_plan
from ..policy import ANY_AGENCY
from ..text import render_plan
from .checking import check_board
from .loading import Problem, one_line

YAML_SUFFIXES = (".yaml", ".yml")


def file_names(name: str) -> tuple[str, str]:
    """(the id the file must hold, the name problems are shown with) for a file name typed or
    chosen: "newshire.yaml" -> ("newshire", "newshire.yaml"); a name without .yaml gets it."""
    name = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in YAML_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], name
    return name, f"{name}.yaml"


def problem_entry(problem: Problem) -> dict:
    """A problem as the page lists it ("line 11: id: what"), and its line exactly as the
    command line prints it ("newshire.yaml:11: id: what")."""
    text = str(problem)
    prefix = one_line(f"{problem.file}:{problem.line}: ")
    return {"line": problem.line, "text": text,
            "summary": f"line {problem.line}: {text.removeprefix(prefix)}"}


def sample_request(board_id: str, today: str) -> dict:
    """The preview's plan: a disagreement raised today, by the generic agency."""
    return {"board": board_id, "raised": today, "agency": ANY_AGENCY, "today": today}


def preview(data: Mapping, calendar: Mapping, today: str) -> dict:
    """The board as a practitioner would first meet it: its stages, and a plan raised today."""
    try:
        plan = make_plan(data, sample_request(data["id"], today), calendar)
    except InputError as error:  # check has passed, so this would be a calculator bug
        return {"name": data["name"], "stages": [], "plan_text": None, "plan_error": str(error)}
    stages = [{"number": stage["number"], "title": stage["title"],
               "timescale": stage["timescale"], "source": stage["timescale_source"]}
              for stage in plan["stages"]]
    return {"name": plan["board_name"], "stages": stages, "plan_text": render_plan(plan),
            "plan_error": None}


def check_answer(text: str, name: str, today: str, schema: Mapping, calendar: Mapping) -> dict:
    """The page's whole answer for one file."""
    file_id, shown_as = file_names(name)
    checked = check_board(text, file_id, shown_as, schema, calendar, None, None)
    clean = not checked.problems and isinstance(checked.data, Mapping)
    return {
        "shown_as": shown_as,
        "problems": [problem_entry(problem) for problem in checked.problems],
        "notes": [problem_entry(note) for note in checked.notes],
        "preview": preview(checked.data, calendar, today) if clean else None,
    }


def _today(value: object) -> str:
    """The page's today (its own clock), or the worker's if it sent none that reads."""
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        return date.today().isoformat()


class BoardCheck:
    """Kept by the worker: the schema and the calendar arrive once, then each file is checked."""

    def __init__(self, calendar_json: str, schema_json: str) -> None:
        self.calendar = json.loads(calendar_json)
        self.schema = json.loads(schema_json)

    def check(self, request_json: str) -> str:
        """{"text", "name", "today"} -> the answer, or {"error", "field"}, as JSON text."""
        try:
            request = json.loads(request_json)
            text, name = request.get("text"), request.get("name")
            if not isinstance(text, str) or not isinstance(name, str):
                raise InputError("The request must give the file's text and name", "request")
            answer = check_answer(text, name, _today(request.get("today")), self.schema,
                                  self.calendar)
        except InputError as error:
            answer = {"error": str(error), "field": error.field or "request"}
        except Exception as error:  # a bug: still one line for the page, never a traceback
            line = (str(error).strip().splitlines() or [""])[0][:300]
            answer = {"error": f"The check could not finish ({type(error).__name__}: {line})",
                      "field": "request"}
        return json.dumps(answer, ensure_ascii=False)
