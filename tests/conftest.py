"""Shared fixtures: the real policies, the real calendar, and a one-call plan helper."""

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from calculator.browser import PlanService
from calculator.plan import make_plan
from calculator.tools.holiday_table import calendar_data
from calculator.tools.loading import load_policy
from calculator.workdays import calendar_from_data

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
BOARD_IDS = sorted(path.stem for path in POLICIES.glob("*.yaml"))
#: The boards this project encoded from their procedures and checked by hand. Tests that hold
#: hand-checked values (a compare cell, a version list) read these; a board that adds itself
#: is checked by the rules that hold for every board, never by a list.
HAND_CHECKED = ("kent-medway", "north-east-lincolnshire", "staffordshire-stoke", "surrey",
                "worcestershire")


@pytest.fixture(scope="session")
def calendar_table() -> dict:
    return calendar_data()


@pytest.fixture(scope="session")
def calendar(calendar_table):
    return calendar_from_data(calendar_table)


@pytest.fixture(scope="session")
def boards() -> dict[str, dict]:
    return {board: load_policy(POLICIES / f"{board}.yaml", board).data for board in BOARD_IDS}


#: The plan's contract (README: `plan --format json`): every plan a test makes is checked
#: against it, so the golden, property and command-line tests all hold the contract too.
PLAN_SCHEMA = json.loads((ROOT / "calculator" / "plan.schema.json").read_text(encoding="utf-8"))
PLAN_VALIDATOR = jsonschema.Draft202012Validator(PLAN_SCHEMA)


def assert_plan_contract(result: dict) -> None:
    problems = [f"{error.json_path}: {error.message}" for error in
                PLAN_VALIDATOR.iter_errors(result)]
    assert not problems, problems


@pytest.fixture(scope="session")
def plan(boards, calendar_table):
    """plan("kent-medway", raised="2025-04-17", today=..., started={3: ...}) -> the plan dict,
    checked against calculator/plan.schema.json."""

    def run(board: str, **request) -> dict:
        request.setdefault("today", request["raised"])
        result = make_plan(boards[board], {"board": board, **request}, calendar_table)
        assert_plan_contract(result)
        return result

    return run


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def service(boards) -> PlanService:
    """The page's worker service (calculator.browser), with every board added."""
    made = PlanService(json.dumps(calendar_data()), json.dumps(BOARD_IDS))
    for board in boards.values():
        made.add_board(json.dumps(board))
    return made
