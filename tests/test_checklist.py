"""What to say at the current stage: whom to speak to, what to have ready, what to record, and
what happens if it is not resolved by the due date. (That every stage of a board file gives
`have_ready` and an `if_unresolved` naming the next stage is `check`'s rule: test_checking.py.)"""

import json

import pytest

from calculator.checklist import checklist_for
from calculator.tools.loading import load_policy
from calculator.wording import in_sentence
from conftest import BOARD_IDS, POLICIES

SECTIONS = [
    ("speak_to", "Who to speak to"),
    ("have_ready", "What to have ready"),
    ("record", "What to record"),
    ("if_unresolved", "If it is not resolved by the due date"),
]


def at_stage(plan, board_id: str, number: int, agency: str | None = None, **request) -> dict:
    """A plan whose current stage is `number`, every stage started on the day raised."""
    started = {str(n): "2026-11-19" for n in range(2, number + 1)}
    if agency:
        request["agency"] = agency
    return plan(board_id, raised="2026-11-19", today="2026-11-19", started=started, **request)


def section(checklist: dict, key: str) -> list[dict]:
    return next(s["items"] for s in checklist["sections"] if s["id"] == key)


def texts(checklist: dict, key: str) -> list[str]:
    return [item["text"] for item in section(checklist, key)]


def _every_stage() -> list[tuple[str, int]]:
    pairs = []
    for board_id in BOARD_IDS:
        data = load_policy(POLICIES / f"{board_id}.yaml", board_id).data
        pairs += [(board_id, stage["number"]) for stage in data["stages"]]
    return pairs


EVERY_STAGE = _every_stage()
every_stage = pytest.mark.parametrize(
    "board_stage", EVERY_STAGE, ids=[f"{board}-{number}" for board, number in EVERY_STAGE])


# ---------------------------------------------------------------------------------------------
# Every board, every stage


@every_stage
def test_checklist_shape_for_every_stage(board_stage, boards, plan):
    board_id, number = board_stage
    board = boards[board_id]
    result = at_stage(plan, board_id, number)
    checklist = checklist_for(board, result)
    assert json.loads(json.dumps(checklist)) == checklist
    title = board["stages"][number - 1]["title"]
    assert (checklist["stage"], checklist["title"]) == (number, title)
    assert [(s["id"], s["heading"]) for s in checklist["sections"]] == SECTIONS
    for part in checklist["sections"]:
        assert part["items"], f"{part['id']} is empty"
        for item in part["items"]:
            assert set(item) == {"text", "source"}
            assert item["text"].strip() and item["source"].strip()

    stage = board["stages"][number - 1]
    assert section(checklist, "have_ready") == stage["have_ready"]
    assert section(checklist, "record") == (stage["record"] or board["records"]["keep"])
    assert section(checklist, "speak_to")[-1]["source"] == stage["other_side"]["source"]

    unresolved = section(checklist, "if_unresolved")
    assert unresolved[1] == stage["if_unresolved"]
    if number == len(board["stages"]):
        assert len(unresolved) == 2
        assert not any(item["text"].startswith("Then:") for item in unresolved)
    else:
        following = result["stages"][number]
        assert len(unresolved) == 3
        assert unresolved[2]["text"].startswith(
            f"Then: stage {number + 1}, {following['title']}: contact ")
        assert unresolved[2]["source"] == following["contact_source"]


@every_stage
def test_due_item_for_every_stage(board_stage, boards, plan):
    board_id, number = board_stage
    result = at_stage(plan, board_id, number)
    stage = result["stages"][number - 1]
    due = section(checklist_for(boards[board_id], result), "if_unresolved")[0]
    if stage["due"]:
        assert due == {"text": f"Due {stage['due_text']}.", "source": stage["due_what_source"]}
    else:
        assert due["source"] == stage["timescale_source"]
        assert due["text"].startswith(stage["due_text"])
        assert stage["timescale"] in due["text"]


# ---------------------------------------------------------------------------------------------
# Whom to speak to


def role_of(board: dict, agency_id: str, number: int) -> dict | None:
    """The agency's own role for a stage, from the board's file (None where it names none)."""
    agency = next(agency for agency in board["agencies"] if agency["id"] == agency_id)
    return next((role for role in agency["roles"] if role["stage"] == number), None)


def test_speak_to_uses_the_agencys_own_role(boards, plan):
    board = boards["north-east-lincolnshire"]
    police = checklist_for(board, at_stage(plan, "north-east-lincolnshire", 2, "police"))
    generic = checklist_for(board, at_stage(plan, "north-east-lincolnshire", 2))
    own = role_of(board, "police", 2)
    assert section(police, "speak_to")[0] == {"text": own["role"], "source": own["source"]}
    assert section(generic, "speak_to")[0] == {
        "text": "Your organisation's safeguarding representative (generic role)",
        "source": "NEL flowchart, Stage 2"}
    assert section(police, "speak_to")[1]["text"] == (
        "On the other side: their counterpart (the line manager or safeguarding "
        "representative) in the other organisation.")
    focus = checklist_for(board, at_stage(plan, "north-east-lincolnshire", 3, "focus"))
    assert texts(focus, "speak_to")[0] == role_of(board, "focus", 3)["role"]


def test_speak_to_for_kent_police_and_an_agency_without_a_role(boards, plan):
    board = boards["kent-medway"]
    police = checklist_for(board, at_stage(plan, "kent-medway", 1, "police"))
    assert texts(police, "speak_to")[0] == role_of(board, "police", 1)["role"]
    # an agency with no role of its own at a stage: the general one, labelled so
    agency, number = next((agency["id"], stage["number"]) for agency in board["agencies"]
                          for stage in board["stages"] if not role_of(board, agency["id"],
                                                                     stage["number"]))
    without = checklist_for(board, at_stage(plan, "kent-medway", number, agency))
    assert texts(without, "speak_to")[0] == (
        f"{board['stages'][number - 1]['contact']['role']} (generic role)")


def test_speak_to_includes_the_contact_note(boards, plan):
    checklist = checklist_for(boards["worcestershire"], at_stage(plan, "worcestershire", 3))
    assert texts(checklist, "speak_to") == [
        "Your senior manager",  # Worcestershire names no agencies: no 'generic' label
        "Go up through your line management, as far as the manager just below your agency's "
        "WSAB representative.",
        "On the other side: senior managers in the other agency's line management.",
    ]


def test_surrey_stage_1_stays_inside_your_agency(boards, plan):
    checklist = checklist_for(boards["surrey"], at_stage(plan, "surrey", 1, "police"))
    assert texts(checklist, "speak_to") == [
        "Your own line manager (generic role)",
        "On the other side: nobody in the other agency yet; this stage stays inside your own "
        "agency.",
    ]


# ---------------------------------------------------------------------------------------------
# If it is not resolved


def test_if_unresolved_names_the_next_stage_and_its_agency_contact(boards, plan):
    result = plan("north-east-lincolnshire", raised="2026-11-19", today="2026-11-20",
                  agency="police", started={"2": "2026-11-20"})
    items = section(checklist_for(boards["north-east-lincolnshire"], result), "if_unresolved")
    assert items == [
        {"text": "Due Mon 30 Nov 2026, for the stage to be completed.",
         "source": "NEL flowchart, Stage 2; NEL supporting guidance, Stage 2"},
        {"text": "The people involved are told it is going to the Heads of Service for a "
                 "decision, and it moves to stage 3.",
         "source": "NEL flowchart, Stage 2; NEL supporting guidance, Stage 2"},
        {"text": "Then: stage 3, Escalate to Head of Service (or equivalent role): contact "
                 f"{in_sentence(role_of(boards['north-east-lincolnshire'], 'police', 3)['role'])}.",
         "source": role_of(boards["north-east-lincolnshire"], "police", 3)["source"]},
    ]


def test_first_stage_due_date_and_next_generic_contact(boards, plan):
    result = plan("kent-medway", raised="2026-11-19", today="2026-11-19")
    items = texts(checklist_for(boards["kent-medway"], result), "if_unresolved")
    assert items[0] == "Due Thu 26 Nov 2026, for a written response."
    assert items[2] == ("Then: stage 2, Escalate to Safeguarding Leads or Service Managers: "
                        "contact your Service Manager or Safeguarding Lead (generic role).")


def test_last_stage_has_no_next_stage(boards, plan):
    result = at_stage(plan, "surrey", 6)
    items = texts(checklist_for(boards["surrey"], result), "if_unresolved")
    assert items == [
        "Due Fri 20 Nov 2026, for the form to be sent.",
        boards["surrey"]["stages"][-1]["if_unresolved"]["text"],
    ]


def test_due_words_for_clock_hours_agreed_none_and_overdue(boards, plan):
    clock = plan("worcestershire", raised="2026-11-19", today="2026-11-20",
                 started={"2": "2026-11-20"})
    assert texts(checklist_for(boards["worcestershire"], clock), "if_unresolved")[0] == (
        "Due Sat 21 Nov 2026, for the two managers to have liaised (clock hours: by the time of "
        "day the count started; not a working day: a Saturday).")
    agreed = plan("worcestershire", raised="2026-11-23", today="2026-11-26",
                  started={"2": "2026-11-24", "3": "2026-11-26"}, agreed={"3": "2026-12-01"})
    assert texts(checklist_for(boards["worcestershire"], agreed), "if_unresolved")[0] == (
        "Due Tue 1 Dec 2026, for a response (the date you set).")
    unset = plan("worcestershire", raised="2026-11-23", today="2026-11-26",
                 started={"2": "2026-11-24", "3": "2026-11-26"})
    assert texts(checklist_for(boards["worcestershire"], unset), "if_unresolved")[0] == (
        "The procedure sets no date: without delay (enter the date you set, if there is one). "
        "Without delay. There is no fixed timescale; the professional escalating sets the date a "
        "reply is needed by. Enter the date you set for a reply.")
    late = plan("kent-medway", raised="2026-11-19", today="2026-11-27")
    assert texts(checklist_for(boards["kent-medway"], late), "if_unresolved")[0] == (
        "Due Thu 26 Nov 2026, for a written response, passed.")


def test_record_falls_back_to_the_boards_keep(boards, plan):
    board = json.loads(json.dumps(boards["kent-medway"]))
    board["stages"][0]["record"] = []
    checklist = checklist_for(board, plan("kent-medway", raised="2026-11-19"))
    assert section(checklist, "record") == board["records"]["keep"]


def test_a_stage_without_the_new_keys_still_works(boards, plan):
    """Other tools may give stages without have_ready or if_unresolved."""
    board = json.loads(json.dumps(boards["kent-medway"]))
    del board["stages"][0]["have_ready"], board["stages"][0]["if_unresolved"]
    checklist = checklist_for(board, plan("kent-medway", raised="2026-11-19"))
    assert section(checklist, "have_ready") == []
    assert [item["text"][:5] for item in section(checklist, "if_unresolved")] == ["Due T",
                                                                                  "Then:"]


def test_the_checklist_heading_is_written_in_python(boards, plan):
    result = at_stage(plan, "surrey", 2)
    checklist = checklist_for(boards["surrey"], result)
    assert checklist["heading"] == f"What to do at stage 2: {result['stages'][1]['title']}"
