"""Training scenarios: every board's `scenarios:` computes, agrees with what its author expected,
covers the cases a trainer needs, and `check` finds a broken one by its file and line."""

import copy
import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from calculator.errors import InputError
from calculator.tools.checking import check_file, check_path, load_schema
from calculator.tools.loading import load_policy
from calculator.training import (
    EMERGENCY,
    IMMEDIATE_RISK,
    LADDER,
    QUESTION,
    check_expectations,
    scenario_steps,
    training_gaps,
)
from calculator.wording import lower_first
from conftest import BOARD_IDS, POLICIES, ROOT

SCENARIOS = [
    (board_id, scenario["id"])
    for board_id in BOARD_IDS
    for scenario in load_policy(POLICIES / f"{board_id}.yaml", board_id).data["scenarios"]
]


def scenario_of(boards: dict, board_id: str, scenario_id: str) -> dict:
    return next(s for s in boards[board_id]["scenarios"] if s["id"] == scenario_id)


def all_steps(boards, calendar_table, board_id: str) -> list[tuple[dict, dict]]:
    """(scenario, step) for every step of every scenario of the board."""
    board = boards[board_id]
    return [(scenario, step) for scenario in board["scenarios"]
            for step in scenario_steps(board, scenario, calendar_table)]


# ---------------------------------------------------------------------------------------------
# Every scenario of every board


@pytest.mark.parametrize(("board_id", "scenario_id"), SCENARIOS,
                         ids=[f"{b}/{s}" for b, s in SCENARIOS])
def test_scenario_computes_and_agrees_with_its_author(boards, calendar_table, board_id,
                                                       scenario_id):
    board = boards[board_id]
    scenario = scenario_of(boards, board_id, scenario_id)
    steps = scenario_steps(board, scenario, calendar_table)
    assert [step["number"] for step in steps] == list(range(1, len(scenario["steps"]) + 1))
    assert 2 <= len(steps) <= 4
    assert all(step["question"] == QUESTION for step in steps)
    assert json.loads(json.dumps(steps)) == steps  # plain JSON for the page
    assert check_expectations(board, scenario, calendar_table) == []
    # every stated expectation was really compared: the answers hold exactly those values
    for step, data in zip(steps, scenario["steps"], strict=True):
        for key, value in (data.get("expect") or {}).items():
            assert step["answer"][key] == value


def skip_if_noted(boards, calendar_table, board_id: str, gap: str) -> None:
    """A board appears before its scenarios are complete; `check` notes each gap (tested in
    test_each_gap_in_the_scenarios_is_noted). A test of a need runs where the need is met."""
    noted = [note for note in training_gaps(boards[board_id], calendar_table) if gap in note]
    if noted:
        pytest.skip(f"check notes it: {noted[0]}")


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_board_has_at_least_three_scenarios_with_unique_ids(boards, calendar_table,
                                                                  board_id):
    ids = [scenario["id"] for scenario in boards[board_id]["scenarios"]]
    assert len(set(ids)) == len(ids)
    skip_if_noted(boards, calendar_table, board_id, "training scenario(s)")
    assert len(ids) >= 3
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_board_has_an_immediate_risk_step_answered_from_its_own_data(
        boards, calendar_table, board_id):
    skip_if_noted(boards, calendar_table, board_id, "immediate-risk step")
    risk = boards[board_id]["immediate_risk"]
    answers = [step["answer"] for _, step in all_steps(boards, calendar_table, board_id)
               if step["route"] == IMMEDIATE_RISK]
    assert answers, "no immediate-risk step"
    for answer in answers:
        assert answer["kind"] == IMMEDIATE_RISK
        assert "stage" not in answer and "due" not in answer  # not the ladder
        assert "999" in answer["emergency"]
        # The board's own route first where it names one; 999 first where it names none.
        assert answer["route_first"] == bool(risk["contacts"])
        assert (answer["emergency"] == EMERGENCY) == (not risk["contacts"])
        assert (answer["summary"], answer["source"]) == (risk["summary"]["text"],
                                                         risk["summary"]["source"])
        assert answer["contacts"] == risk["contacts"]


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_board_has_a_scenario_raised_the_thursday_before_easter(
        boards, calendar_table, board_id):
    skip_if_noted(boards, calendar_table, board_id, "Thursday before Good Friday")
    holidays = {entry["date"]: entry["name"] for entry in calendar_table["bank_holidays"]}
    found = []
    for scenario in boards[board_id]["scenarios"]:
        raised = date.fromisoformat(scenario["raised"])
        good_friday = (raised + timedelta(days=1)).isoformat()
        easter_monday = (raised + timedelta(days=4)).isoformat()
        if raised.weekday() == 3 and holidays.get(good_friday) == "Good Friday":
            assert holidays.get(easter_monday) == "Easter Monday"
            found.append(scenario["id"])
    assert found, "no scenario raised on the Thursday before Good Friday"


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_board_has_a_scenario_that_reaches_its_last_stage(boards, calendar_table,
                                                                 board_id):
    skip_if_noted(boards, calendar_table, board_id, "climbs to the last stage")
    last = len(boards[board_id]["stages"])
    reached = [(scenario["id"], step["answer"]) for scenario, step
               in all_steps(boards, calendar_table, board_id)
               if step["answer"]["kind"] == LADDER and step["answer"]["stage"] == last]
    assert reached, "no scenario climbs to the last stage"
    for _, answer in reached:
        assert answer["total_stages"] == last
        assert (f"This is the last stage of the procedure: "
                f"{lower_first(boards[board_id]['final_say']['text'])}") in answer["next_step"]
        assert answer["stage_title"] == boards[board_id]["stages"][-1]["title"]


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_board_has_a_scenario_touching_an_unclear_entry(boards, calendar_table, board_id):
    skip_if_noted(boards, calendar_table, board_id, "touches an unclear entry")
    board = boards[board_id]
    unclear = {item["id"]: item for item in board["unclear"]}
    touching = [s for s in board["scenarios"] if s.get("touches")]
    assert touching or not unclear, "no scenario touches an unclear entry"
    for scenario in touching:
        assert set(scenario["touches"]) <= set(unclear)
        for step in scenario_steps(board, scenario, calendar_table):
            if step["answer"]["kind"] != LADDER:
                continue
            shown = step["answer"]["unclear"]
            assert [item["id"] for item in shown] == scenario["touches"]
            for item in shown:
                assert item["topic"] == unclear[item["id"]]["topic"]
                assert item["we_use"] == unclear[item["id"]]["we_use"]
                assert item["readings"] == unclear[item["id"]]["readings"]


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_answer_carries_its_sources(boards, calendar_table, board_id):
    for _, step in all_steps(boards, calendar_table, board_id):
        answer = step["answer"]
        if answer["kind"] == IMMEDIATE_RISK:
            sources = [answer["source"], *(c["source"] for c in answer["contacts"])]
        else:
            sources = [answer["stage_source"], answer["contact_source"],
                       answer["timescale_source"],
                       *(alt["source"] for alt in answer["alternative_dues"]),
                       *(deadline["source"] for deadline in answer["deadlines"]),
                       *(r["source"] for item in answer["unclear"] for r in item["readings"])]
        assert all(isinstance(source, str) and source.strip() for source in sources), sources


# ---------------------------------------------------------------------------------------------
# The answers themselves (dates counted by hand)


def test_kent_easter_answer_skips_good_friday_and_easter_monday(boards, calendar_table):
    # Notified Thu 25 Mar 2027. Fri 26 (Good Friday) and Mon 29 (Easter Monday) do not count:
    # Tue 30 is day 1, Wed 31 day 2, Thu 1 Apr day 3, Fri 2 day 4, Mon 5 Apr day 5.
    board = boards["kent-medway"]
    first, second, third = scenario_steps(
        board, scenario_of(boards, "kent-medway", "easter-thursday"), calendar_table)
    assert first["route"] == LADDER
    answer = first["answer"]
    assert (answer["kind"], answer["stage"], answer["total_stages"]) == (LADDER, 1, 4)
    assert (answer["due"], answer["due_text"]) == ("2027-04-05",
                                                   "Mon 5 Apr 2027, for a written response")
    assert answer["contact"] == board["agencies"][1]["roles"][0]["role"]  # health, stage 1
    assert answer["contact_generic"] is False
    assert answer["overdue"] is False
    assert second["answer"]["overdue"] is False  # Thu 1 Apr: a week on, but not late
    assert third["answer"]["stage"] == 2
    assert third["answer"]["due"] is None
    assert third["answer"]["due_text"].startswith("The procedure sets no date")
    assert [d["passed"] for d in third["answer"]["deadlines"]] == [True]  # Mon 5 Apr has gone


def test_worcestershire_clock_hours_run_through_good_friday(boards, calendar_table):
    # Stage 2 started on Thu 25 Mar 2027: its 24 clock hours end on Good Friday all the same.
    steps = scenario_steps(boards["worcestershire"],
                           scenario_of(boards, "worcestershire", "easter-thursday"),
                           calendar_table)
    answer = steps[1]["answer"]
    assert (answer["stage"], answer["due"]) == (2, "2027-03-26")
    assert answer["due_text"] == (
        "Fri 26 Mar 2027, for the two managers to have liaised (clock hours: by the time of day "
        "the count started; not a working day: Good Friday)")
    assert steps[2]["answer"]["due_text"] == "Thu 1 Apr 2027, for a response (the date you set)"


def test_nel_stage_4_shows_both_readings_of_its_due_day(boards, calendar_table):
    # Raised Mon 6 Sep 2027: working day 15 is Fri 24 Sep, working day 11 Mon 20 Sep.
    steps = scenario_steps(boards["north-east-lincolnshire"],
                           scenario_of(boards, "north-east-lincolnshire", "to-the-chair"),
                           calendar_table)
    answer = steps[2]["answer"]
    assert (answer["stage"], answer["due"]) == (4, "2027-09-24")
    # Day 11 read two ways (completed by then, or the Assistant Directors consulted by then).
    assert [alt["due"] for alt in answer["alternative_dues"]] == ["2027-09-20"] * 2
    # Working day 11 counts from the day raised, which has happened: that date has passed.
    assert answer["alternative_dues"][0]["due_text"] == (
        "Mon 20 Sep 2027, for the stage to be completed, passed")


def test_warnings_are_only_those_about_the_touched_entries(boards, calendar_table, plan):
    board = boards["north-east-lincolnshire"]
    scenario = scenario_of(boards, "north-east-lincolnshire", "to-the-chair")
    topics = {item["id"]: item["topic"] for item in board["unclear"]}
    full = plan("north-east-lincolnshire", raised=scenario["raised"], agency=scenario["agency"],
                today=scenario["steps"][0]["today"])
    about = [w for w in full["warnings"] if topics["whole-process-days"] in w]
    assert about  # the plan warns about the whole process on every plan...
    answer = scenario_steps(board, scenario, calendar_table)[0]["answer"]
    assert not [w for w in answer["warnings"] if topics["whole-process-days"] in w]  # ...not here
    assert len(answer["warnings"]) == 2
    assert topics["stage-4-day"] in answer["warnings"][0]
    assert topics["chair-five-days"] in answer["warnings"][1]
    assert set(answer["warnings"]) <= set(full["warnings"])


def test_a_scenario_without_touches_shows_no_unclear_warnings(boards, calendar_table):
    board = boards["surrey"]
    scenario = scenario_of(boards, "surrey", "imminent-risk")
    assert not scenario.get("touches")
    for step in scenario_steps(board, scenario, calendar_table):
        if step["answer"]["kind"] == LADDER:
            assert step["answer"]["warnings"] == [] and step["answer"]["unclear"] == []


# ---------------------------------------------------------------------------------------------
# What goes wrong


def test_check_expectations_names_the_step_and_both_dates(boards, calendar_table):
    board = boards["kent-medway"]
    scenario = copy.deepcopy(scenario_of(boards, "kent-medway", "easter-thursday"))
    scenario["steps"][0]["expect"]["due"] = "2027-03-30"
    scenario["steps"][2]["expect"]["contact"] = "Your line manager"
    assert check_expectations(board, scenario, calendar_table) == [
        "kent-medway/easter-thursday step 1: expected due 2027-03-30, the calculator says "
        "2027-04-05",
        "kent-medway/easter-thursday step 3: expected contact Your line manager, the "
        "calculator says Your named Health lead, a GP or another designated professional",
    ]


def test_check_expectations_refuses_an_expect_on_an_immediate_risk_step(boards, calendar_table):
    board = boards["surrey"]
    scenario = copy.deepcopy(scenario_of(boards, "surrey", "imminent-risk"))
    scenario["steps"][1]["expect"] = {"stage": 1}
    [line] = check_expectations(board, scenario, calendar_table)
    assert line.startswith("surrey/imminent-risk step 2: an immediate-risk step has no stage")


@pytest.mark.parametrize("route", [LADDER, IMMEDIATE_RISK])
def test_a_step_that_is_not_valid_input_raises_input_error(boards, calendar_table, route):
    board = boards["kent-medway"]
    scenario = copy.deepcopy(scenario_of(boards, "kent-medway", "immediate-risk"))
    scenario["steps"][1] = {**scenario["steps"][1], "route": route,
                            "started": {"2": "2027-10-01"}}  # before the day raised
    with pytest.raises(InputError) as raised:
        scenario_steps(board, scenario, calendar_table)
    assert raised.value.field == "started.2"


# ---------------------------------------------------------------------------------------------
# `python -m calculator check` on a broken scenario

KENT = (POLICIES / "kent-medway.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """The 1-based line on which `needle` first starts."""
    return text[:text.index(needle)].count("\n") + 1


def broken(old: str, new: str) -> str:
    assert KENT.count(old) == 1, f"{old!r} is not in the file exactly once"
    return KENT.replace(old, new)


def check_text(tmp_path: Path, text: str) -> list[str]:
    shutil.copy(POLICIES / "schema.json", tmp_path / "schema.json")
    path = tmp_path / "kent-medway.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in check_file(path, "policies/kent-medway.yaml", load_schema(tmp_path))]


# (what breaks, old text, new text, a needle on the line to expect, the message after the line)
BREAKS = [
    ("an unknown agency",
     "    agency: care-provider\n    raised:", "    agency: fire-service\n    raised:",
     "agency: fire-service",
     "scenarios[2].agency: no agency 'fire-service' in this file (choose one of: police, "
     "health, social-care, care-provider, any)"),
    ("an unknown unclear entry",
     "touches: [ladder-starts-at-team-managers]", "touches: [no-such-entry]",
     "touches: [no-such-entry]",
     "scenarios[3].touches[0]: no unclear entry 'no-such-entry' in this file"),
    ("a stage started before the day raised",
     'started: {"2": "2027-02-15"}', 'started: {"2": "2027-02-01"}',
     'started: {"2": "2027-02-01"}',
     "scenarios[3].steps[2].started.2: not valid calculator input: Stage 2 cannot have started "
     "(Mon 1 Feb 2027) before the disagreement was raised (Thu 4 Feb 2027)"),
    ("a date that does not exist",
     '      - today: "2027-04-06"', '      - today: "2027-04-31"', 'today: "2027-04-31"',
     "scenarios[0].steps[2].today: not valid calculator input: Today's date 2027-04-31 is "
     "not a real date"),
    ("a raised date outside the calendar",
     'raised: "2027-06-07"', 'raised: "2037-06-07"', 'raised: "2037-06-07"',
     "scenarios[1].raised: not valid calculator input: The date raised (Sun 7 Jun 2037) is "
     "outside the calendar"),
    ("an agreed date for a stage with a timescale",
     '        started: {"2": "2027-06-15", "3": "2027-06-21", "4": "2027-06-29"}\n',
     '        started: {"2": "2027-06-15", "3": "2027-06-21", "4": "2027-06-29"}\n'
     '        agreed: {"3": "2027-06-30"}\n',
     'agreed: {"3": "2027-06-30"}',
     "scenarios[1].steps[3].agreed.3: not valid calculator input: Stage 3 already has a "
     "timescale"),
    ("an expected due date the calculator does not give",
     '          due: "2027-06-28"', '          due: "2027-06-29"', 'due: "2027-06-29"',
     "scenarios[1].steps[2].expect.due: expected due 2027-06-29, the calculator says "
     "2027-06-28"),
    ("an expected contact the calculator does not give",
     "          contact: Your Social Work Team Manager", "          contact: Team Manager",
     "contact: Team Manager",
     "scenarios[3].steps[0].expect.contact: expected contact Team Manager, the calculator "
     "says Your Social Work Team Manager"),
    ("an expect on an immediate-risk step",
     "        route: immediate_risk\n",
     "        route: immediate_risk\n        expect: {stage: 1}\n",
     "expect: {stage: 1}",
     "scenarios[2].steps[1].expect: an immediate-risk step has no stage"),
    ("steps out of date order",
     '      - today: "2027-10-15"', '      - today: "2027-10-13"', 'today: "2027-10-13"',
     "scenarios[2].steps[2].today: 2027-10-13 is earlier than the step before (2027-10-14)"),
    ("a step that drops a start date given before it",
     '        started: {"2": "2027-06-15", "3": "2027-06-21", "4": "2027-06-29"}',
     '        started: {"2": "2027-06-15", "4": "2027-06-29"}',
     'started: {"2": "2027-06-15", "4": "2027-06-29"}',
     "scenarios[1].steps[3].started: leaves out stage 3 (2027-06-21) from the step before"),
    ("a scenario id given twice",
     "  - id: talked-first\n", "  - id: to-the-chair\n", "  - id: to-the-chair\n    title: Days",
     "scenarios[3].id: 'to-the-chair' is given twice"),
    ("an unknown route",
     "        route: immediate_risk\n", "        route: ambulance\n", "route: ambulance",
     "scenarios[2].steps[1].route: must be one of 'ladder', 'immediate_risk', not 'ambulance'"),
    ("a stage number that is not a number",
     'started: {"2": "2027-04-06"}', 'started: {"two": "2027-04-06"}', 'started: {"two"',
     'scenarios[0].steps[2].started: must be a stage number in quotes, e.g. "2", not \'two\''),
    ("a stage number without quotes",
     'started: {"2": "2027-04-06"}', 'started: {2: "2027-04-06"}', 'started: {2:',
     'scenarios[0].steps[2].started: stage numbers go in quotes, e.g. "2", not 2'),
    ("a stage the board does not have",
     'started: {"2": "2027-04-06"}', 'started: {"9": "2027-04-06"}', 'started: {"9"',
     "scenarios[0].steps[2].started: not valid calculator input: Started: there is no stage "
     "'9'; KMSAB has stages 1 to 4"),
]


@pytest.mark.parametrize("case", BREAKS, ids=[case[0] for case in BREAKS])
def test_check_names_the_line_of_a_broken_scenario(tmp_path, case):
    _, old, new, needle, message = case
    text = broken(old, new)
    problems = check_text(tmp_path, text)
    assert len(problems) == 1, problems
    line = line_of(text, needle)
    assert problems[0].startswith(f"policies/kent-medway.yaml:{line}: "), problems
    assert message in problems[0], problems


def test_the_unbroken_copy_passes(tmp_path):
    assert check_text(tmp_path, KENT) == []


def notes_of(tmp_path: Path, text: str) -> list[str]:
    shutil.copy(POLICIES / "schema.json", tmp_path / "schema.json")
    path = tmp_path / "kent-medway.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check_path(path, "policies/kent-medway.yaml", load_schema(tmp_path))
    assert checked.problems == []
    return [note.message for note in checked.notes]


def test_fewer_than_three_scenarios_is_a_note_not_a_problem(tmp_path):
    """A board appears once its procedure is checked; `check` notes what a complete entry
    still needs. The scenarios end the file: cut it before the third, and two are left."""
    two_left = KENT[:KENT.index("\n  - id: immediate-risk\n")] + "\n"
    notes = notes_of(tmp_path, two_left)
    assert "2 training scenario(s): a complete entry has at least 3" in notes
    assert "no scenario has an immediate-risk step (route: immediate_risk)" in notes
    without = KENT[:KENT.index("\n# Training scenarios")] + "\n"
    assert [p.split(": ", 1)[1] for p in check_text(tmp_path, without)] == [
        "missing 'scenarios'"]


def test_each_gap_in_the_scenarios_is_noted(boards, calendar_table):
    """With no scenarios, every need of a complete entry is noted; the unclear-entry need only
    where the board has unclear entries."""
    for board in boards.values():
        bare = {**copy.deepcopy(board), "scenarios": []}
        touches = ["no scenario touches an unclear entry (touches: [...])"] if board["unclear"] \
            else []
        assert training_gaps(bare, calendar_table) == [
            "0 training scenario(s): a complete entry has at least 3",
            "no scenario is raised on the Thursday before Good Friday",
            f"no scenario climbs to the last stage (stage {len(board['stages'])})",
            "no scenario has an immediate-risk step (route: immediate_risk)",
            *touches,
        ], board["id"]
        assert training_gaps({**bare, "unclear": []}, calendar_table)[-1] != touches, board["id"]


def test_scenario_checks_wait_for_the_rest_of_the_file(tmp_path):
    """A broken agency list is told once, where it is, not again in every scenario using it."""
    text = broken("  - id: care-provider\n", "  - id: police\n")
    problems = check_text(tmp_path, text)
    assert len(problems) == 1 and "'police' is given twice" in problems[0], problems


def test_the_command_reports_a_broken_scenario_with_file_and_line(tmp_path):
    text = broken('          due: "2027-06-28"', '          due: "2027-06-29"')
    shutil.copy(POLICIES / "schema.json", tmp_path / "schema.json")
    (tmp_path / "kent-medway.yaml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "calculator", "check", str(tmp_path / "kent-medway.yaml")],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    line = line_of(text, 'due: "2027-06-29"')
    [problem] = result.stdout.splitlines()
    assert problem.endswith(
        f"kent-medway.yaml:{line}: scenarios[1].steps[2].expect.due: expected due 2027-06-29, "
        "the calculator says 2027-06-28")
    assert "Traceback" not in result.stderr
