"""The page and the command line give the same answer: every golden case and a few hundred
generated ones (seeded, so every run checks the same cases) go through
`python -m calculator plan ... --format json` in CPython and through
`window.escalationCalculator.plan` in one page, and must agree exactly: the same plan dict, or the
same one-line message the command line prints on stderr."""

import io
import json
import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, timedelta

import pytest

from calculator.tools.cli import main as cli_main
from calculator.tools.holiday_table import calendar_data
from conftest import assert_plan_contract
from golden_cases import load_cases
from scripts.sitegen.data import board_summary, load_boards

from .conftest import plan_all

SEED = 20260401
GENERATED = 240
FIRST, LAST = date(2015, 1, 1), date(2035, 12, 31)
MALFORMED = ["2026-02-30", "2026-2-3", "2026-13-01", "2025-02-29", "30/03/2026", "2026-03"]


# ---------------------------------------------------------------------------------------------
# The cases


def golden_requests() -> list[tuple[str, dict]]:
    return [(name, {"board": board, **given}) for name, board, given, _ in load_cases()]


def easter(year: int) -> date:
    """Easter Sunday (the Gregorian computus, as in the 'anonymous' algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (h + m - 7 * ((a + 11 * h + 22 * m) // 451) + 114)
    return date(year, n // 31, n % 31 + 1)


class CaseMaker:
    """Random requests across every board: mostly sound, a good share with one thing wrong."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.boards = [board_summary(data) for data in load_boards()]
        self.holidays = [date.fromisoformat(day["date"])
                         for day in calendar_data()["bank_holidays"]]

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def raised(self) -> date:
        """Plain days, and the awkward ones: weekends, bank holidays, Easter, Christmas."""
        rng, kind = self.rng, self.rng.random()
        if kind < 0.35:
            return self.day_between(FIRST, date(2035, 10, 31))
        if kind < 0.55:
            return rng.choice(self.holidays) + timedelta(days=rng.randint(-2, 2))
        if kind < 0.7:
            return easter(rng.randint(2015, 2035)) + timedelta(days=rng.randint(-4, 2))
        if kind < 0.85:
            return date(rng.randint(2015, 2034), 12, 20) + timedelta(days=rng.randint(0, 14))
        day = self.day_between(FIRST, date(2035, 10, 31))
        return day + timedelta(days=(5 - day.weekday()) % 7 + rng.randint(0, 1))  # Sat or Sun

    def sound(self) -> dict:
        rng = self.rng
        board = rng.choice(self.boards)
        stages = board["stages"]
        raised = self.raised()
        today = raised + timedelta(days=rng.randint(0, 90))
        reached = rng.randint(1, len(stages))
        numbers = [n for n in range(2, reached + 1) if n == reached or rng.random() < 0.5]
        days = sorted(self.day_between(raised, today) for _ in numbers)
        started = dict(zip(numbers, days, strict=True))
        agreed = {}
        for stage in stages:
            if stage["agreed_allowed"] and stage["number"] <= reached and rng.random() < 0.4:
                start = started.get(stage["number"], raised)
                agreed[stage["number"]] = start + timedelta(days=rng.randint(0, 20))
        case = {"board": board["id"], "raised": raised, "today": today,
                "started": started, "agreed": agreed}
        agency = rng.choice([None, "any", *(agency["id"] for agency in board["agencies"])])
        if agency is not None:
            case["agency"] = agency
        return case

    def faulty(self) -> dict:
        """A sound case with one thing wrong (or, where the board cannot have that fault,
        another one)."""
        faults = [
            self.raised_after_today, self.started_before_raised, self.started_out_of_order,
            self.started_after_today, self.started_stage_one, self.started_unknown_stage,
            self.agreed_not_allowed, self.agreed_before_start, self.malformed_date,
            self.empty_raised, self.unknown_board, self.unknown_agency, self.outside_calendar,
        ]
        while True:
            case = self.sound()
            if self.rng.choice(faults)(case, self.board(case)) is not False:
                return case

    def board(self, case: dict) -> dict:
        return next(board for board in self.boards if board["id"] == case["board"])

    # Each fault changes the case in place; False means it cannot apply to this board.

    def raised_after_today(self, case, board):
        case["today"] = case["raised"] - timedelta(days=self.rng.randint(1, 30))

    def started_before_raised(self, case, board):
        number = self.rng.randint(2, len(board["stages"]))
        case["started"][number] = case["raised"] - timedelta(days=self.rng.randint(1, 10))

    def started_out_of_order(self, case, board):
        if len(board["stages"]) < 3:
            return False
        first = self.rng.randint(2, len(board["stages"]) - 1)
        case["today"] = case["raised"] + timedelta(days=self.rng.randint(5, 60))
        early, late = sorted(self.day_between(case["raised"], case["today"]) for _ in range(2))
        if early == late:
            late += timedelta(days=1)
            case["today"] = max(case["today"], late)
        case["started"] = {first: late, first + 1: early}
        case["agreed"] = {}
        return None

    def started_after_today(self, case, board):
        number = self.rng.randint(2, len(board["stages"]))
        case["started"] = {number: case["today"] + timedelta(days=self.rng.randint(1, 10))}

    def started_stage_one(self, case, board):
        case["started"][1] = case["raised"]

    def started_unknown_stage(self, case, board):
        number = self.rng.choice([0, len(board["stages"]) + 1, len(board["stages"]) + 5])
        case["started"][number] = case["today"]

    def agreed_not_allowed(self, case, board):
        fixed = [stage["number"] for stage in board["stages"] if not stage["agreed_allowed"]]
        if not fixed:
            return False
        case["agreed"][self.rng.choice(fixed)] = case["today"]
        return None

    def agreed_before_start(self, case, board):
        free = [stage["number"] for stage in board["stages"] if stage["agreed_allowed"]]
        if not free:
            return False
        number = self.rng.choice(free)
        start = case["started"].get(number, case["raised"])
        case["agreed"][number] = start - timedelta(days=self.rng.randint(1, 5))
        return None

    def malformed_date(self, case, board):
        bad = self.rng.choice(MALFORMED)
        where = self.rng.choice(["raised", "today", "started", "agreed"])
        if where in ("raised", "today"):
            case[where] = bad
        elif case[where]:
            case[where][self.rng.choice(sorted(case[where]))] = bad
        else:
            case["raised"] = bad

    def empty_raised(self, case, board):
        case["raised"] = ""

    def unknown_board(self, case, board):
        case["board"] = self.rng.choice(["hampshire", "Surrey", "surrey-heartlands", "kent"])

    def unknown_agency(self, case, board):
        case["agency"] = self.rng.choice(["fire-service", "Police", "ANY", "none"])

    def outside_calendar(self, case, board):
        raised = self.rng.choice([date(2014, 12, 29), date(2036, 1, 5), date(2013, 6, 3)])
        case.update(raised=raised, today=raised + timedelta(days=3), started={}, agreed={})

    def cases(self, count: int) -> list[tuple[str, dict]]:
        made = []
        for index in range(count):
            case = self.faulty() if self.rng.random() < 0.45 else self.sound()
            made.append((f"generated #{index}", as_request(case)))
        return made


def as_request(case: dict) -> dict:
    """Dates as text and stage numbers as text keys, in stage order (as the API takes them)."""
    text = lambda value: value.isoformat() if isinstance(value, date) else value  # noqa: E731
    request = {key: text(value) for key, value in case.items()
               if key not in ("started", "agreed")}
    for key in ("started", "agreed"):
        if case.get(key):
            request[key] = {str(n): text(day) for n, day in sorted(case[key].items())}
    return request


# ---------------------------------------------------------------------------------------------
# The two sides


def argv_of(request: dict) -> list[str]:
    """The command line for a request, exactly as a person would type it."""
    argv = ["plan", request["board"], "--raised", request["raised"]]
    if "agency" in request:
        argv += ["--agency", request["agency"]]
    for option in ("started", "agreed"):
        for number, day in request.get(option, {}).items():
            argv += [f"--{option}", f"{number}={day}"]
    for event, day in request.get("events", {}).items():
        argv += ["--event", f"{event}={day}"]
    return [*argv, "--today", request["today"], "--format", "json"]


def command_line(request: dict) -> dict:
    """What `python -m calculator` prints: {ok: the JSON on stdout} or {error: the stderr line}."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_main(argv_of(request))
    if code == 0:
        assert not err.getvalue(), err.getvalue()
        printed = json.loads(out.getvalue())
        assert_plan_contract(printed)  # the page gives the same dict, so it holds it too
        return {"ok": printed}
    lines = err.getvalue().splitlines()
    assert code == 2 and len(lines) == 1 and not out.getvalue(), (argv_of(request), code, lines)
    return {"error": lines[0]}


def command_lines(requests: list[dict]) -> list[dict]:
    """command_line for each request, on two processes (each run reads and checks the board's
    YAML afresh, as the command line does, which is most of its time)."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=spawn) as pool:
        return list(pool.map(command_line, requests, chunksize=8))


def differences(cli: object, page: object, where: str = "") -> list[str]:
    """Where two JSON values differ, one line each ('stages[2].due: ...')."""
    if isinstance(cli, dict) and isinstance(page, dict):
        lines = []
        for key in [*cli, *(key for key in page if key not in cli)]:
            here = f"{where}.{key}" if where else key
            if key not in page or key not in cli:
                lines.append(f"{here}: only in {'the command line' if key in cli else 'the page'}")
            else:
                lines += differences(cli[key], page[key], here)
        return lines
    if isinstance(cli, list) and isinstance(page, list) and len(cli) == len(page):
        return [line for index, (a, b) in enumerate(zip(cli, page, strict=True))
                for line in differences(a, b, f"{where}[{index}]")]
    return [] if cli == page and type(cli) is type(page) else [
        f"{where or '(whole)'}: command line {cli!r}, page {page!r}"]


def mismatches(cases: list[tuple[str, dict]], cli: list[dict], page: list[dict]) -> list[str]:
    found = []
    for (name, request), want, got in zip(cases, cli, page, strict=True):
        if "ok" in want:
            lines = ["page refused it: " + repr(got)] if "ok" not in got else differences(
                want["ok"], got["ok"])
        elif "error" not in got:
            lines = [f"the command line refused it ({want['error']}), the page answered"]
        else:
            lines = differences(want["error"], got["error"])
            if not isinstance(got["field"], str) or got["field"] == "(none)":
                lines.append(f"the page's error names no field: {got['field']!r}")
        if lines:
            found.append(f"{name}: {json.dumps(request)}\n  " + "\n  ".join(lines[:12]))
    return found


# ---------------------------------------------------------------------------------------------
# The tests


@pytest.fixture(scope="module")
def answers(browser, site_url):
    """Both sides' answers to every case: the page loads Python while CPython works."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(site_url + "calculator/")
    cases = {"golden": golden_requests(), "generated": CaseMaker(SEED).cases(GENERATED)}
    cli = {kind: command_lines([request for _, request in made]) for kind, made in cases.items()}
    everything = [request for made in cases.values() for _, request in made]
    from_page = iter(plan_all(page, everything))
    on_page = {kind: [next(from_page) for _ in made] for kind, made in cases.items()}
    context.close()
    return cases, cli, on_page


def test_every_golden_case_matches_the_command_line(answers):
    cases, cli, page = answers
    assert len(cases["golden"]) == len(load_cases()) > 0
    found = mismatches(cases["golden"], cli["golden"], page["golden"])
    assert not found, f"{len(found)} golden case(s) differ:\n" + "\n".join(found)


def test_generated_cases_match_the_command_line(answers):
    cases, cli, page = answers
    found = mismatches(cases["generated"], cli["generated"], page["generated"])
    assert not found, f"{len(found)} generated case(s) differ:\n" + "\n".join(found[:20])


def test_generated_cases_exercise_answers_and_refusals(answers):
    cases, cli, _ = answers
    generated = cli["generated"]
    refused = sum("error" in answer for answer in generated)
    assert len(generated) >= 200
    assert refused >= 0.3 * len(generated), f"only {refused} of {len(generated)} refused"
    assert len(generated) - refused >= 0.5 * len(generated), f"{refused} of {len(generated)}"
    boards = {request["board"] for (_, request), answer in zip(cases["generated"], generated,
                                                              strict=True) if "ok" in answer}
    assert boards == {board["id"] for board in CaseMaker(SEED).boards}


def test_generated_cases_are_the_same_every_run():
    assert CaseMaker(SEED).cases(20) == CaseMaker(SEED).cases(20)
