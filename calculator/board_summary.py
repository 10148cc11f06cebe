"""A summary for the Board: one escalation as a row of facts a Board can collate, for the boards
whose procedure asks for escalations to be reported to them (`reporting` in the board's YAML).

It holds the board, the agency type (the board's own agency id and name, never a person or an
organisation typed by the user), the stage reached, the date raised, each stage's status, start
and due date, whether the disagreement was resolved and when, the day it was made and the
procedure's version: never a name, never free text. `summary_csv` writes it as RFC 4180 CSV (a
header row and one row, CRLF), `summary_json` as JSON with the same keys in the same order.
Standard library only: the page makes the file under Pyodide and nothing is sent anywhere.
"""

import csv
import io
import json
import re
from collections.abc import Mapping
from datetime import date

from .dates import human_date, parse_iso_date, shown_value
from .errors import InputError

#: The summary's formats, and the file type each is offered as.
FORMATS = {"csv": "text/csv;charset=utf-8", "json": "application/json"}
#: The summary's options (besides the plan's request): nothing else is taken.
OPTIONS = ("resolved",)
#: The columns every summary has, in order; then three for each of the board's stages.
COLUMNS = ("board_id", "board_name", "procedure_version", "made_on", "agency_id", "agency",
           "raised", "stages_total", "stage_reached", "resolved", "resolved_on")
STAGE_COLUMNS = ("status", "started", "due")
#: A spreadsheet takes a cell beginning with one of these as a formula (CSV injection; tab and
#: carriage return too, as OWASP advises): such a cell gets an apostrophe in front.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_FILENAME_SAFE = re.compile(r"[^A-Za-z0-9-]+")


def asks_for_reporting(board: Mapping) -> bool:
    """Whether the board's procedure asks for escalations to be reported to it."""
    return bool(board.get("reporting"))


def not_asked(board: Mapping) -> InputError:
    """The one-line refusal for a board that asks for no report (the page offers none)."""
    return InputError(f"{board['name']} does not ask for escalations to be reported to it, so "
                      "there is no summary for the Board", "board")


def summary_columns(board: Mapping) -> list[str]:
    """The summary's keys, in the fixed order of the CSV's columns and of the JSON's keys."""
    per_stage = [f"stage_{stage['number']}_{column}" for stage in board["stages"]
                 for column in STAGE_COLUMNS]
    return [*COLUMNS, *per_stage]


def read_options(options: object) -> date | None:
    """The summary's options, {"resolved": "YYYY-MM-DD" or null} or None, as the date resolved
    (None: not resolved); anything else is refused in one line."""
    if options is None:
        return None
    if not isinstance(options, Mapping):
        raise InputError("The summary's options must be an object with the key 'resolved'",
                         "summary")
    unknown = sorted(str(key) for key in options if key not in OPTIONS)
    if unknown:
        raise InputError(f"The summary's options take only 'resolved', not "
                         f"{shown_value(unknown[0])}", "summary")
    resolved = options.get("resolved")
    if resolved in (None, ""):
        return None
    return parse_iso_date(resolved, "The date resolved", "resolved")


def _check_resolved(plan: Mapping, resolved: date) -> None:
    """Resolved at the stage reached: not before it started, nor after today."""
    current = plan["stages"][plan["current_stage"] - 1]
    started = date.fromisoformat(current["started"] or plan["raised"])
    today = date.fromisoformat(plan["today"])
    if resolved < started:
        raise InputError(f"The date resolved ({human_date(resolved)}) is before stage "
                         f"{current['number']} started ({human_date(started)}), the stage "
                         "reached", "resolved")
    if resolved > today:
        raise InputError(f"The date resolved ({human_date(resolved)}) is after today "
                         f"({human_date(today)})", "resolved")


def _stage_values(stage: Mapping) -> list[str | None]:
    """A stage's status, start and due date: dates only for a stage the case has reached (an
    upcoming stage's dates are projections, not facts the Board asked for)."""
    reached = stage["status"] in ("done", "current")
    return [stage["status"], stage["started"] if reached else None,
            stage["due"] if reached else None]


def board_summary(plan: Mapping, board: Mapping, resolved: date | None = None) -> dict:
    """The summary of a plan (exactly what `make_plan` returned for this board): a flat dict of
    summary_columns(board) -> a date (YYYY-MM-DD), a number, true or false, a word the
    calculator wrote, or None. Nothing in it was typed by the user but dates."""
    if not asks_for_reporting(board):
        raise not_asked(board)
    if plan["board"] != board["id"]:
        raise InputError(f"The plan is for {shown_value(plan['board'])}, not "
                         f"{shown_value(board['id'])}", "board")
    if resolved is not None:
        _check_resolved(plan, resolved)
    values = [
        board["id"], board["name"], board["source_document"]["version"], plan["today"],
        plan["agency"]["id"], plan["agency"]["name"], plan["raised"], plan["total_stages"],
        plan["current_stage"], resolved is not None,
        resolved.isoformat() if resolved else None,
        *(value for stage in plan["stages"] for value in _stage_values(stage)),
    ]
    return dict(zip(summary_columns(board), values, strict=True))


def csv_cell(value: object) -> str:
    """A value as its CSV cell: None blank, true/false as words, a number as digits, text with
    an apostrophe in front where a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def summary_csv(summary: Mapping) -> str:
    """RFC 4180: a header row of the keys, then one row of the values; CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_cell(key) for key in summary])
    writer.writerow([csv_cell(value) for value in summary.values()])
    return out.getvalue()


def summary_json(summary: Mapping) -> str:
    """The summary as JSON, its keys in the summary's (fixed) order."""
    return json.dumps(dict(summary), ensure_ascii=False, indent=2) + "\n"


def summary_filename(summary: Mapping, form: str) -> str:
    """e.g. escalation-summary-worcestershire-raised-2026-11-19-stage-2.csv"""
    board = _NOT_FILENAME_SAFE.sub("-", str(summary["board_id"]))
    raised = _NOT_FILENAME_SAFE.sub("-", str(summary["raised"]))
    stage = _NOT_FILENAME_SAFE.sub("-", str(summary["stage_reached"]))
    extension = form if form in FORMATS else "txt"
    return f"escalation-summary-{board}-raised-{raised}-stage-{stage}.{extension}"


def summary_file(plan: Mapping, board: Mapping, form: object,
                 resolved: date | None = None) -> dict:
    """{"text", "filename", "type"}: the summary in `form` ("csv" or "json"), ready to save."""
    if not isinstance(form, str) or form not in FORMATS:
        raise InputError(f"The summary's format must be csv or json, not {shown_value(form)}",
                         "format")
    summary = board_summary(plan, board, resolved)
    text = summary_csv(summary) if form == "csv" else summary_json(summary)
    return {"text": text, "filename": summary_filename(summary, str(form)), "type": FORMATS[form]}


def summary_offer(board: Mapping, plan: Mapping) -> str:
    """The sentences under the download links: whom the board asks to be told (its `to` says
    when, for a board that asks when it wants to know), and what the summary holds."""
    reporting = board["reporting"]
    when = ""
    if reporting["when"] == "at_stage":
        reached = " (as this one has)" if plan["current_stage"] >= reporting["stage"] else ""
        when = f", once a disagreement reaches stage {reporting['stage']}{reached}"
    return (f"Reporting to the Board ({reporting['source']}): {reporting['to']}{when}. The "
            "summary holds the board, your agency type, the stage reached and the dates: no "
            "names and nothing you typed. It is made in your browser and nothing is sent.")


def summary_files(plan: Mapping, board: Mapping) -> dict | None:
    """What the page offers with a plan: both files and the sentence about them, or None for
    a board that asks for no report."""
    if not asks_for_reporting(board):
        return None
    return {"offer": summary_offer(board, plan),
            "files": [summary_file(plan, board, form) for form in FORMATS]}
