"""calculator.browser.PlanService, which the page's worker calls under Pyodide: JSON text in,
and out exactly what the command line gives: the same plan dict, or the same one-line message
(with the field it is about)."""

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from calculator.browser import PlanService
from calculator.errors import InputError
from calculator.plan import make_plan
from calculator.tools.cli import main as cli_main
from calculator.tools.holiday_table import calendar_data
from conftest import BOARD_IDS

GOOD = {"board": "kent-medway", "raised": "2026-03-02", "agency": "police",
        "started": {"3": "2026-03-11"}, "today": "2026-03-12"}


def answer(service: PlanService, request: object) -> dict:
    return json.loads(service.plan(json.dumps(request)))


def stderr_of(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert cli_main(argv) == 2
    return err.getvalue().rstrip("\n")


def test_a_good_request_gives_make_plans_dict(service, boards):
    assert answer(service, GOOD) == {
        "plan": make_plan(boards["kent-medway"], GOOD, calendar_data())}


def test_a_bad_request_gives_the_message_and_the_field(service, boards):
    bad = {**GOOD, "started": {"3": "2026-02-27"}}
    with pytest.raises(InputError) as refused:
        make_plan(boards["kent-medway"], bad, calendar_data())
    assert answer(service, bad) == {"error": str(refused.value), "field": "started.3"}


@pytest.mark.parametrize(("change", "field"), [
    ({"raised": "2026-02-30"}, "raised"),
    ({"raised": ""}, "raised"),
    ({"today": "2026-03-01"}, "raised"),
    ({"agency": "fire-service"}, "agency"),
    ({"agreed": {"3": "2026-03-20"}}, "agreed.3"),
    ({"started": {"9": "2026-03-11"}}, "started"),
])
def test_each_refusal_names_its_field(service, change, field):
    got = answer(service, {**GOOD, **change})
    assert set(got) == {"error", "field"} and got["field"] == field
    assert "\n" not in got["error"]


def test_the_message_is_the_command_lines(service):
    request = {**GOOD, "raised": "2026-2-3"}
    argv = ["plan", "kent-medway", "--raised", "2026-2-3", "--agency", "police",
            "--started", "3=2026-03-11", "--today", "2026-03-12", "--format", "json"]
    assert answer(service, request)["error"] == stderr_of(argv)


def test_an_unknown_board_is_refused_as_the_command_line_does(service):
    got = answer(service, {**GOOD, "board": "hampshire"})
    assert got == {"error": stderr_of(["plan", "hampshire", "--raised", "2026-03-02"]),
                   "field": "board"}


@pytest.mark.parametrize("request_", [{"raised": "2026-03-02"}, {**GOOD, "board": ""}, [1, 2]])
def test_a_request_without_a_board_is_refused(service, request_):
    got = answer(service, request_)
    assert got["field"] == "board"
    assert ("Choose a board" in got["error"]) or ("'board'" in got["error"])


def test_needs_board_asks_for_each_known_board_until_it_has_it(boards):
    service = PlanService(json.dumps(calendar_data()), json.dumps(BOARD_IDS))
    request = json.dumps(GOOD)
    assert service.needs_board(request) == "kent-medway"
    assert service.needs_board(request) == "kent-medway"  # asking does not add it
    assert service.needs_board(json.dumps({**GOOD, "board": "hampshire"})) is None
    assert service.needs_board(json.dumps({"raised": "2026-03-02"})) is None
    assert service.needs_board(json.dumps([1])) is None
    service.add_board(json.dumps(boards["kent-medway"]))
    assert service.needs_board(request) is None
    assert service.needs_board(json.dumps({**GOOD, "board": "surrey"})) == "surrey"
    assert "plan" in answer(service, GOOD)
