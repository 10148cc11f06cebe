"""The summary for the Board (calculator/board_summary.py): for a board whose procedure asks for
escalations to be reported (`reporting` in its YAML), one row of facts, as CSV and JSON, that
holds no name and nothing typed; for any other board, a one-line refusal. The page's worker
(PlanService.board_summary) and `plan --format summary-csv|summary-json` give the same bytes.
"""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest

from calculator.board_summary import (
    board_summary,
    csv_cell,
    summary_csv,
    summary_file,
    summary_filename,
    summary_json,
)
from calculator.errors import InputError
from calculator.policy import board_from_data
from calculator.tools.checking import rule_problems
from calculator.tools.cli import main as cli_main
from conftest import BOARD_IDS

#: A Monday; each later stage starts a day after the one before, "today" a day after the last.
RAISED = date(2026, 3, 2)
#: The keys a summary may hold, whatever the board: none can carry free text.
FIXED_KEYS = {"board_id", "board_name", "procedure_version", "made_on", "agency_id", "agency",
              "raised", "stages_total", "stage_reached", "resolved", "resolved_on"}
STATUSES = {"done", "current", "upcoming", "not_applicable"}
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def asks(board: dict) -> bool:
    return "reporting" in board


def reachable(board: dict, agency: str) -> list[int]:
    """The stages this agency's ladder goes through (a stage only for others is passed over)."""
    model = board_from_data(board)
    return [stage.number for stage in model.stages if stage.applies_to(agency)]


def agencies_of(board: dict) -> list[str]:
    return [choice["id"] for choice in board_from_data(board).agency_choices()]


def request_at(board_id: str, board: dict, agency: str, stage: int, **more) -> dict:
    """A request at `stage`: each stage reached started a day after the one before."""
    numbers = [number for number in reachable(board, agency) if 1 < number <= stage]
    started = {str(number): (RAISED + timedelta(days=index)).isoformat()
               for index, number in enumerate(numbers, 1)}
    today = RAISED + timedelta(days=len(numbers) + 1)
    return {"board": board_id, "raised": RAISED.isoformat(), "agency": agency,
            "started": started, "today": today.isoformat(), **more}


def argv_of(request: dict, form: str, resolved: str | None = None) -> list[str]:
    argv = ["plan", request["board"], "--raised", request["raised"], "--agency",
            request["agency"], "--today", request["today"], "--format", f"summary-{form}"]
    for number, day in request["started"].items():
        argv += ["--started", f"{number}={day}"]
    return argv + (["--resolved", resolved] if resolved else [])


def cases(boards: dict) -> list[tuple[str, str, int]]:
    """(board, agency, stage) for every stage each agency of each asking board can reach."""
    return [(board_id, agency, number)
            for board_id in BOARD_IDS if asks(boards[board_id])
            for agency in agencies_of(boards[board_id])
            for number in reachable(boards[board_id], agency)]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# ---------------------------------------------------------------------------------------------
# A board that asks


def test_the_data_has_boards_of_both_kinds_to_test(boards):
    """Every test below runs on the boards that exist; make sure it has something to run on."""
    assert cases(boards), "no board asks for escalations to be reported: nothing is tested"


def test_every_stage_gives_exactly_the_allowed_keys_and_values(boards, plan):
    for board_id, agency, number in cases(boards):
        board = boards[board_id]
        request = request_at(board_id, board, agency, number)
        result = plan(**request)
        summary = board_summary(result, board)
        stage_keys = [f"stage_{stage['number']}_{column}" for stage in board["stages"]
                      for column in ("status", "started", "due")]
        assert set(summary) == FIXED_KEYS | set(stage_keys)
        assert list(summary)[len(FIXED_KEYS):] == stage_keys  # the stages in order, after
        assert summary["board_id"] == board_id and summary["board_name"] == board["name"]
        assert summary["procedure_version"] == board["source_document"]["version"]
        assert (summary["agency_id"], summary["agency"]) == (agency, result["agency"]["name"])
        assert summary["stage_reached"] == number == result["current_stage"]
        assert summary["stages_total"] == len(board["stages"])
        assert (summary["raised"], summary["made_on"]) == (request["raised"], request["today"])
        assert summary["resolved"] is False and summary["resolved_on"] is None
        assert summary[f"stage_{number}_status"] == "current"
        assert summary[f"stage_{number}_started"] == (request["started"].get(str(number))
                                                      or request["raised"])
        for stage in result["stages"]:
            status = summary[f"stage_{stage['number']}_status"]
            assert status in STATUSES and status == stage["status"]
            dates = [summary[f"stage_{stage['number']}_{key}"] for key in ("started", "due")]
            if status in ("upcoming", "not_applicable"):
                assert dates == [None, None]
            else:
                assert dates[1] == stage["due"]
        _assert_no_free_text(summary, board)


def _assert_no_free_text(summary: dict, board: dict) -> None:
    """Every text value is a date, a status word, or the board's own id, name, version or
    agency: nothing a user could have typed."""
    own = {board["id"], board["name"], board["source_document"]["version"],
           *(name for choice in board_from_data(board).agency_choices()
             for name in choice.values())}
    for key, value in summary.items():
        if isinstance(value, str):
            assert ISO_DATE.fullmatch(value) or value in STATUSES or value in own, (key, value)
        else:
            assert value is None or isinstance(value, bool | int), (key, value)


def test_nothing_typed_reaches_the_summary(boards, service):
    """Text sent with the request (a name, a note) is never in the file."""
    for board_id in BOARD_IDS:
        if not asks(boards[board_id]):
            continue
        typed = "Mrs Jane Example, 1 High Street"
        request = request_at(board_id, boards[board_id], "any", 1, case_reference=typed,
                             note=typed)
        for form in ("csv", "json"):
            made = json.loads(service.board_summary(json.dumps(request), form))
            assert "error" not in made, made
            assert "Jane" not in made["text"] and "High Street" not in made["text"]


def test_csv_is_rfc_4180_and_reads_back_to_the_same_values(boards, plan):
    for board_id, agency, number in cases(boards):
        board = boards[board_id]
        request = request_at(board_id, board, agency, number)
        summary = board_summary(plan(**request), board,
                                resolved=date.fromisoformat(request["today"]))
        text = summary_csv(summary)
        assert text.endswith("\r\n") and text.count("\r\n") == 2
        assert "\n" not in text.replace("\r\n", "")
        header, row = csv_rows(text)
        assert header == list(summary)
        assert dict(zip(header, row, strict=True)) == {
            key: ("" if value is None else "true" if value is True else "false"
                  if value is False else str(value))
            for key, value in summary.items()}


def test_json_round_trips_with_keys_in_the_csv_order(boards, plan):
    for board_id, agency, number in cases(boards):
        board = boards[board_id]
        summary = board_summary(plan(**request_at(board_id, board, agency, number)), board)
        text = summary_json(summary)
        assert json.loads(text) == summary
        assert list(json.loads(text)) == csv_rows(summary_csv(summary))[0]
        assert summary_json(summary) == text  # the same summary, the same bytes


def test_resolved_says_when_and_is_checked(boards, plan):
    for board_id in BOARD_IDS:
        board = boards[board_id]
        if not asks(board):
            continue
        result = plan(**request_at(board_id, board, "any", 1))
        today = date.fromisoformat(result["today"])
        summary = board_summary(result, board, resolved=today)
        assert (summary["resolved"], summary["resolved_on"]) == (True, today.isoformat())
        for wrong in (RAISED - timedelta(days=1), today + timedelta(days=1)):
            with pytest.raises(InputError) as refused:
                board_summary(result, board, resolved=wrong)
            assert refused.value.field == "resolved" and "\n" not in str(refused.value)


def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe():
    hostile = {"a": "=HYPERLINK(\"x\")", "b": "+1", "c": "-1", "d": "@SUM(A1)", "e": "\t=1",
               "f": "\r=1", "g": "safe = text", "h": None, "i": 5, "j": True}
    header, row = csv_rows(summary_csv(hostile))
    assert header == list(hostile)
    assert row == ["'=HYPERLINK(\"x\")", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1",
                   "safe = text", "", "5", "true"]
    assert csv_rows(summary_csv({"=key": "x"}))[0] == ["'=key"]  # the header too
    assert csv_cell("2026-03-02") == "2026-03-02"


def test_board_text_that_looks_like_a_formula_is_guarded(boards, plan):
    for board_id in BOARD_IDS:
        if not asks(boards[board_id]):
            continue
        board = {**boards[board_id], "name": "=cmd|' /C calc'!A0"}
        summary = board_summary(plan(**request_at(board_id, board, "any", 1)), board)
        header, row = csv_rows(summary_csv(summary))
        assert row[header.index("board_name")] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("board_id", ["worcestershire", "../../etc/passwd", "a b\nc", "é"])
def test_the_filename_is_safe(board_id):
    for form in ("csv", "json"):
        name = summary_filename({"board_id": board_id, "raised": "2026-03-02",
                                 "stage_reached": 2}, form)
        assert re.fullmatch(r"escalation-summary-[A-Za-z0-9-]+-raised-2026-03-02-stage-2\."
                            + form, name), name


# ---------------------------------------------------------------------------------------------
# A board that does not ask


def test_a_board_that_does_not_ask_is_refused_in_one_line(boards, plan, service, capsys):
    for board_id in BOARD_IDS:
        board = boards[board_id]
        if asks(board):
            continue
        request = request_at(board_id, board, "any", 1)
        with pytest.raises(InputError) as refused:
            board_summary(plan(**request), board)
        message = str(refused.value)
        assert "\n" not in message and board["name"] in message
        assert refused.value.field == "board"
        assert json.loads(service.board_summary(json.dumps(request), "csv")) == {
            "error": message, "field": "board"}
        assert cli_main(argv_of(request, "csv")) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == message + "\n"


# ---------------------------------------------------------------------------------------------
# The page's worker and the command line


def test_the_worker_and_the_command_line_give_the_same_bytes(boards, service, capsysbinary):
    # The generic agency at its first and last stage, resolved at the last (each command line
    # run reads and checks the board afresh, which takes a while).
    for board_id in BOARD_IDS:
        if not asks(boards[board_id]):
            continue
        for number in sorted({reachable(boards[board_id], "any")[0],
                              reachable(boards[board_id], "any")[-1]}):
            request = request_at(board_id, boards[board_id], "any", number)
            resolved = request["today"] if number > 1 else None
            _same_bytes(service, capsysbinary, request, number, resolved)


def _same_bytes(service, capsysbinary, request: dict, number: int, resolved: str | None) -> None:
    options = json.dumps({"resolved": resolved})
    for form, kind in (("csv", "text/csv;charset=utf-8"), ("json", "application/json")):
        made = json.loads(service.board_summary(json.dumps(request), form, options))
        assert set(made) == {"text", "filename", "type"} and made["type"] == kind
        assert made["filename"].endswith(f"-stage-{number}.{form}")
        if form == "json":
            assert json.loads(made["text"])["resolved_on"] == resolved
        assert cli_main(argv_of(request, form, resolved)) == 0
        out, err = capsysbinary.readouterr()
        assert err == b"" and out == made["text"].encode("utf-8")


@pytest.mark.parametrize(("form", "options", "field"), [
    ("xlsx", None, "format"),
    (None, None, "format"),
    ("csv", '{"resolved": "2026-02-30"}', "resolved"),
    ("csv", '{"resolved": "yesterday"}', "resolved"),
    ("csv", '{"resolved": "2099-01-01"}', "resolved"),
    ("csv", '{"name": "Jane"}', "summary"),
    ("csv", '["2026-03-02"]', "summary"),
    ("csv", "{", "summary"),
])
def test_bad_options_are_refused_with_their_field(boards, service, form, options, field):
    board_id = next((board for board in BOARD_IDS if asks(boards[board])), None)
    if board_id is None:
        pytest.skip("no board asks for escalations to be reported")
    request = request_at(board_id, boards[board_id], "any", 1)
    got = json.loads(service.board_summary(json.dumps(request), form, options))
    assert set(got) == {"error", "field"} and got["field"] == field, got
    assert "\n" not in got["error"]


def test_a_bad_plan_request_gets_the_plans_own_error(service):
    got = json.loads(service.board_summary(json.dumps({"board": BOARD_IDS[0], "raised": "x"}),
                                           "csv"))
    assert got["field"] == "raised"


def test_resolved_goes_only_with_a_summary_format(capsys):
    assert cli_main(["plan", BOARD_IDS[0], "--raised", "2026-03-02", "--today", "2026-03-03",
                     "--resolved", "2026-03-03"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_summary_file_refuses_a_plan_of_another_board(boards, plan):
    asking = [board_id for board_id in BOARD_IDS if asks(boards[board_id])]
    if len(BOARD_IDS) < 2 or not asking:
        pytest.skip("needs a board that asks and another board")
    other = next(board_id for board_id in BOARD_IDS if board_id != asking[0])
    result = plan(**request_at(other, boards[other], "any", 1))
    with pytest.raises(InputError):
        summary_file(result, boards[asking[0]], "csv")


def test_check_refuses_a_reporting_stage_the_board_does_not_have(boards):
    for board_id in BOARD_IDS:
        last = len(boards[board_id]["stages"])
        for stage, refused in ((last, False), (last + 1, True)):
            data = {**boards[board_id], "reporting": {
                "to": "the Board", "when": "at_stage", "stage": stage, "source": "§1",
                "what": [{"text": "that it reached the stage", "source": "§1"}]}}
            found = [message for path, message in rule_problems(data, board_id)
                     if path == ("reporting", "stage")]
            assert found == ([f"there is no stage {stage} (stages 1 to {last})"] if refused
                             else [])


def test_details_offers_both_files_with_the_boards_own_words_only_where_asked(boards, service):
    for board_id, board in boards.items():
        request = request_at(board_id, board, "any", 1)
        details = json.loads(service.details(json.dumps(request), None))
        offered = details["board_summary"]
        if not asks(board):
            assert offered is None, board_id
            continue
        assert [file["filename"].rsplit(".", 1)[1] for file in offered["files"]] == ["csv", "json"]
        assert offered["files"][0]["text"] == json.loads(
            service.board_summary(json.dumps(request), "csv"))["text"]
        assert board["reporting"]["to"] in offered["offer"]
        assert board["reporting"]["source"] in offered["offer"]
        if board["reporting"]["when"] == "at_stage":
            assert f"stage {board['reporting']['stage']}" in offered["offer"]
