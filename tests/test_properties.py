"""Properties that hold for every board, every day raised and every consistent history."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.tools.loading import load_policy
from conftest import BOARD_IDS, POLICIES

WORKING_DAY_BASES = {"working_days", "same_working_day", "working_day_number"}
FIRST, LAST = date(2016, 1, 1), date(2034, 6, 30)
#: Each board's file (hypothesis draws before fixtures exist).
DATA = {board: load_policy(POLICIES / f"{board}.yaml", board).data for board in BOARD_IDS}
STAGE_COUNTS = {board: len(data["stages"]) for board, data in DATA.items()}
#: Each board's stages due "by working day N": (board, [(stage index, N), ...]).
BY_WORKING_DAY = [(board, [(index, stage["timescale"]["days"])
                           for index, stage in enumerate(data["stages"])
                           if stage["timescale"]["kind"] == "by_working_day"])
                  for board, data in DATA.items()]
BY_WORKING_DAY = [(board, stages) for board, stages in BY_WORKING_DAY if stages]


@st.composite
def cases(draw, board_ids=tuple(BOARD_IDS)):
    """A board, a day raised, and a consistent history: some later stages started, in order,
    on or after the day raised, with today on or after the last of them."""
    board = draw(st.sampled_from(board_ids))
    raised = draw(st.dates(FIRST, LAST))
    stages = STAGE_COUNTS[board]
    started, day = {}, raised
    for number in range(2, stages + 1):
        if draw(st.booleans()):
            day += timedelta(days=draw(st.integers(0, 12)))
            started[str(number)] = day.isoformat()
    today = day + timedelta(days=draw(st.integers(0, 40)))
    return board, {"raised": raised.isoformat(), "started": started,
                   "today": today.isoformat()}


def all_dues(result):
    for stage in result["stages"]:
        yield stage["due"], stage["due_basis"]
        for alternative in stage["alternative_dues"]:
            yield alternative["due"], alternative["basis"]
    for deadline in result["deadlines"]:
        yield deadline["due"], deadline["basis"]


@settings(max_examples=300, deadline=None)
@given(cases())
def test_working_day_dues_are_working_days_and_never_before_raised(plan, calendar, case):
    board, request = case
    result = plan(board, **request)
    for due, basis in all_dues(result):
        if due is None:
            continue
        assert date.fromisoformat(due) >= date.fromisoformat(request["raised"])
        if basis in WORKING_DAY_BASES:
            assert calendar.is_working_day(date.fromisoformat(due)), (due, basis)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_no_stage_is_due_before_it_started(plan, boards, case):
    """Except "by working day N" stages: their day is fixed from the day raised, so a stage
    that starts late is already overdue."""
    board, request = case
    kinds = [stage["timescale"]["kind"] for stage in boards[board]["stages"]]
    for stage, kind in zip(plan(board, **request)["stages"], kinds, strict=True):
        start = stage["started"] or stage["expected_start"]
        if stage["due"] and start and kind != "by_working_day":
            assert stage["due"] >= start, stage


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BOARD_IDS), st.dates(FIRST, LAST))
def test_projected_chain_never_goes_backwards(plan, board, raised):
    result = plan(board, raised=raised.isoformat())
    dues = [stage["due"] for stage in result["stages"] if stage["due"]]
    assert dues == sorted(dues)


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(1, 10))
def test_a_later_start_never_brings_a_date_earlier(plan, case, delay):
    board, request = case
    if not request["started"]:
        return
    last = max(request["started"], key=int)
    later = dict(request["started"])
    moved = date.fromisoformat(later[last]) + timedelta(days=delay)
    later[last] = moved.isoformat()
    today = max(date.fromisoformat(request["today"]), moved).isoformat()
    before = plan(board, **{**request, "today": today})
    after = plan(board, **{**request, "started": later, "today": today})
    for old, new in zip(before["stages"], after["stages"], strict=True):
        if old["due"] and new["due"]:
            assert new["due"] >= old["due"], (old, new)


@pytest.mark.parametrize(("board", "stages"), BY_WORKING_DAY,
                         ids=[board for board, _ in BY_WORKING_DAY])
@settings(max_examples=300, deadline=None)
@given(raised=st.dates(FIRST, LAST))
def test_by_working_day_n_has_n_minus_1_working_days_after_day_1(plan, calendar, board, stages,
                                                                 raised):
    result = plan(board, raised=raised.isoformat())
    day_1 = raised if calendar.is_working_day(raised) else calendar.next_working_day(raised)
    for index, number in stages:
        due = date.fromisoformat(result["stages"][index]["due"])
        assert calendar.working_days_between(day_1, due) == number - 1
        assert calendar.is_working_day(due)


# ---------------------------------------------------------------------------------------------
# Cases running late (shared/DOMAIN.md): what has not happened is never dated before today


def dated_entries(result):
    """Every date in a plan with what it was counted from: (label, entry)."""
    for stage in result["stages"]:
        yield f"stage {stage['number']}", {
            "due": stage["due"], "counted_from": stage["due_counted_from"],
            "passed": stage["due_passed"], "done": stage["status"] == "done"}
        for alternative in stage["alternative_dues"]:
            yield f"stage {stage['number']} (other reading)", {
                **alternative, "done": stage["status"] == "done"}
    for deadline in result["deadlines"]:
        yield f"deadline {deadline['id']}", {**deadline, "done": False}


@settings(max_examples=300, deadline=None)
@given(cases())
def test_nothing_that_has_not_happened_is_dated_before_today(plan, case):
    board, request = case
    result = plan(board, **request)
    today = request["today"]
    for label, entry in dated_entries(result):
        counted = entry["counted_from"]
        if counted and not counted["happened"]:
            assert counted["date"] >= today, (label, entry)
            assert entry["due"] is None or entry["due"] >= today, (label, entry)
            assert not entry["passed"], (label, entry)
    for stage in result["stages"]:
        if stage["status"] == "upcoming" and stage["expected_start"]:
            assert stage["expected_start"] >= today, stage
        if stage["status"] == "current" and stage["number"] > 1:
            assert stage["started"], stage


def today_and_later(plan, case, days):
    """Each date of the plan for today beside the same date `days` later (nothing when that
    falls outside the years the tests draw)."""
    board, request = case
    later = (date.fromisoformat(request["today"]) + timedelta(days=days)).isoformat()
    if later > LAST.isoformat():
        return []
    before, after = plan(board, **request), plan(board, **{**request, "today": later})
    return [(label, old, new) for (label, old), (_, new)
            in zip(dated_entries(before), dated_entries(after), strict=True)]


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(1, 60))
def test_moving_today_forward_never_moves_a_date_earlier(plan, case, days):
    for label, old, new in today_and_later(plan, case, days):
        if old["due"] and new["due"]:
            assert new["due"] >= old["due"], (label, old, new)


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(1, 60))
def test_a_fixed_date_never_depends_on_today(plan, case, days):
    """A date counted only from what has happened (or entered) is the same whatever today is,
    and it is the only kind that can be 'passed'."""
    for label, old, new in today_and_later(plan, case, days):
        fixed = old["due"] and (old["counted_from"] is None or old["counted_from"]["happened"])
        if fixed:
            assert new["due"] == old["due"], (label, old, new)
        if old["passed"]:
            assert fixed and old["due"] < case[1]["today"], (label, old)
