"""Golden cases per board, counted by hand from the procedures and a printed calendar."""

import pytest

from calculator.errors import InputError
from golden_cases import load_cases, text_request

CASES = load_cases()
STAGE_FIELDS = ("number", "status", "overdue", "due", "contact", "contact_generic",
                "expected_start", "due_passed", "due_what")


@pytest.mark.parametrize(("name", "board", "given", "expect"), CASES,
                         ids=[case[0] for case in CASES])
def test_golden_case(plan, name, board, given, expect):
    if "broken" in expect:
        pytest.fail(f"cannot read the golden case: {expect['broken']}")
    request = text_request(given)
    if "error" in expect:
        with pytest.raises(InputError) as refused:
            plan(board, **request)
        assert expect["error"].lower() in str(refused.value).lower()
        return
    result = plan(board, **request)
    wanted = expect["expect"]
    assert result["current_stage"] == wanted["current_stage"]
    assert len(wanted["stages"]) == len(result["stages"]), "a golden case lists every stage"
    for got, want in zip(result["stages"], wanted["stages"], strict=True):
        for field in STAGE_FIELDS:
            if field in want:
                assert got[field] == want[field], (got["number"], field)
        if "alternative_dues" in want:
            assert [a["due"] for a in got["alternative_dues"]] == want["alternative_dues"]
    if "deadlines" in wanted:
        assert [(d["id"], d["due"]) for d in result["deadlines"]] == [
            (d["id"], d["due"]) for d in wanted["deadlines"]]
        for got, want in zip(result["deadlines"], wanted["deadlines"], strict=True):
            if "passed" in want:
                assert got["passed"] == want["passed"], (got["id"], got["reading"], "passed")


def test_every_golden_file_is_of_a_board_that_exists():
    from conftest import BOARD_IDS

    assert {board for _, board, _, _ in CASES} <= set(BOARD_IDS)


def test_a_board_without_enough_golden_cases_is_noted_by_check():
    """A board appears once its file passes `check`; until it has its golden cases, `check`
    says so in a note (not an error)."""
    from calculator.tools.checking import GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY, check_path, load_schema
    from conftest import BOARD_IDS, POLICIES

    for board in BOARD_IDS:
        answers = [c for c in CASES if c[1] == board and "expect" in c[3]]
        checked = check_path(POLICIES / f"{board}.yaml", board, load_schema(POLICIES))
        noted = [note for note in checked.notes if "golden case" in note.message]
        assert checked.problems == []
        assert bool(noted) == (len(answers) < GOLDEN_ANSWERS_FOR_COMPLETE_ENTRY), board
        if noted:
            assert noted[0].message.startswith(f"{len(answers)} golden case(s) in "
                                               f"tests/golden/{board}.yaml"), board
