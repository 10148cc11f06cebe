"""Properties that hold for every board, every day raised and every consistent history."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BOARD_IDS

WORKING_DAY_BASES = {"working_days"}
FIRST, LAST = date(2016, 1, 1), date(2034, 6, 30)


@st.composite
def cases(draw, board_ids=tuple(BOARD_IDS)):
    """A board, a day raised, and a consistent history: some later stages started, in order,
    on or after the day raised, with today on or after the last of them."""
    board = draw(st.sampled_from(board_ids))
    raised = draw(st.dates(FIRST, LAST))
    stages = {"kent-medway": 4, "north-east-lincolnshire": 5, "staffordshire-stoke": 4,
              "surrey": 6, "worcestershire": 4}[board]
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


@settings(max_examples=300, deadline=None)
@given(st.dates(FIRST, LAST))
def test_by_working_day_n_has_n_minus_1_working_days_after_day_1(plan, calendar, raised):
    result = plan("north-east-lincolnshire", raised=raised.isoformat())
    day_1 = raised if calendar.is_working_day(raised) else calendar.next_working_day(raised)
    for stage, number in zip(result["stages"], (2, 8, 11, 15, 22), strict=True):
        due = date.fromisoformat(stage["due"])
        assert calendar.working_days_between(day_1, due) == number - 1
        assert calendar.is_working_day(due)
