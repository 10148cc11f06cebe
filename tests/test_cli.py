"""The command line as a user runs it: output formats, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from calculator.tools.loading import load_policy
from conftest import BOARD_IDS, POLICIES, ROOT, assert_plan_contract


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_boards_json():
    result = run("boards", "--format", "json")
    assert result.returncode == 0
    boards = json.loads(result.stdout)
    assert [b["id"] for b in boards] == BOARD_IDS
    assert {b["id"]: b["stages"] for b in boards} == {
        board_id: len(load_policy(POLICIES / f"{board_id}.yaml", board_id).data["stages"])
        for board_id in BOARD_IDS}
    assert all(set(b) == {"id", "name", "stages", "events"} for b in boards)


def test_boards_text_names_each_boards_events_in_its_own_words(boards):
    result = run("boards")
    assert result.returncode == 0
    assert "surrey" in result.stdout and "6 stages" in result.stdout
    for data in boards.values():
        main, *others = data["events"]
        assert f"--raised: {main['label']}" in result.stdout
        for event in others:
            assert f"--event {event['id']}=: {event['label']}" in result.stdout


def test_agencies_json():
    result = run("agencies", "north-east-lincolnshire", "--format", "json")
    assert result.returncode == 0
    assert [a["id"] for a in json.loads(result.stdout)] == [
        "school", "health", "childrens-services", "focus", "police", "any"]


def test_plan_json_matches_the_core(plan):
    result = run("plan", "kent-medway", "--raised", "2025-04-17", "--agency", "police",
                 "--started", "3=2025-05-01", "--today", "2025-05-02", "--format", "json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == plan("kent-medway", raised="2025-04-17", agency="police",
                           started={"3": "2025-05-01"}, today="2025-05-02")
    assert printed["current_stage"] == 3
    assert printed["stages"][2]["due"] == "2025-05-09"  # Thu 1 May + 5: Mon 5 May is a holiday


def test_plan_text_is_for_people():
    result = run("plan", "surrey", "--raised", "2026-12-23", "--today", "2026-12-29",
                 "--started", "2=2026-12-29")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "You are at stage 2 of 6: " in out
    assert "Wed 30 Dec 2026" in out  # stage 2: one working day after Tue 29 Dec
    assert "Thu 24 Dec 2026" in out  # stage 1 was due the day after Wed 23 Dec
    assert "Warnings" in out and "October 2025" in out
    assert "holidays " in out and "2015 to 2035" in " ".join(out.split())


def run_bytes(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT,
                          capture_output=True, timeout=60)


def test_plan_ics_is_the_cores_calendar_byte_for_byte(plan, boards):
    from calculator.ics import plan_calendar

    result = run_bytes("plan", "worcestershire", "--raised", "2026-11-19", "--started",
                       "2=2026-11-20", "--agreed", "3=2026-12-01", "--today", "2026-11-23",
                       "--format", "ics")
    assert result.returncode == 0, result.stderr
    wanted = plan("worcestershire", raised="2026-11-19", started={"2": "2026-11-20"},
                  agreed={"3": "2026-12-01"}, today="2026-11-23")
    assert result.stdout == plan_calendar(wanted, boards["worcestershire"]).encode("utf-8")
    assert result.stdout.endswith(b"END:VCALENDAR\r\n") and b"DTSTART;VALUE=DATE:20261201" in (
        result.stdout)


def test_plan_record_is_the_cores_record_with_blank_fields(plan, boards):
    from calculator.record import record_for, record_text

    result = run("plan", "north-east-lincolnshire", "--raised", "2026-11-19", "--agency",
                 "police", "--today", "2026-11-23", "--format", "record")
    assert result.returncode == 0, result.stderr
    wanted = plan("north-east-lincolnshire", raised="2026-11-19", agency="police",
                  today="2026-11-23")
    record = record_for(boards["north-east-lincolnshire"], wanted)
    assert result.stdout == record_text(record).rstrip("\n") + "\n"
    for field in boards["north-east-lincolnshire"]["records"]["fields"]:
        assert field["label"] in result.stdout


def test_today_defaults_to_the_current_date():
    from datetime import date

    result = run("plan", "surrey", "--raised", "2025-01-06", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["today"] == date.today().isoformat()


BAD = [
    (["plan", "kent", "--raised", "2026-11-23"],
     f"there is no board 'kent'; boards: {', '.join(BOARD_IDS)}"),
    (["plan", "kent-medway", "--raised", "2026-02-30"], "is not a real date"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--agency", "fire"], "has no agency"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--started", "9=2026-11-24",
      "--today", "2026-11-25"], "there is no stage '9'"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--started", "2=2026-11-20"],
     "before the disagreement was raised"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--today", "2026-11-27", "--started",
      "2=2026-11-25", "--started", "3=2026-11-24"], "before stage 2 started"),
    (["plan", "kent-medway", "--raised", "2040-01-02", "--today", "2040-01-03"],
     "outside the calendar"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--started", "2"],
     "--started takes STAGE=YYYY-MM-DD"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--agreed", "2=2026-11-24",
      "--agreed", "2=2026-11-25"], "--agreed gives stage 2 twice"),
    (["plan", "kent-medway"], "the following arguments are required: --raised"),
    (["plan", "kent-medway", "--raised", "2026-11-23", "--format", "xml"], "invalid choice"),
    (["agencies", "nowhere"], "there is no board 'nowhere'"),
    (["fly"], "invalid choice"),
    (["--policies", "/nonexistent", "boards"], "no policies folder at /nonexistent"),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a[:4]) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr


def test_plan_refuses_a_broken_policy_file(tmp_path):
    (tmp_path / "schema.json").write_text((ROOT / "policies/schema.json").read_text())
    text = (ROOT / "policies/surrey.yaml").read_text().replace("  - number: 2\n",
                                                               "  - number: 5\n", 1)
    (tmp_path / "surrey.yaml").write_text(text)
    result = run("--policies", str(tmp_path), "plan", "surrey", "--raised", "2026-11-23")
    assert result.returncode == 1
    assert "surrey.yaml:" in result.stderr and "stages[1].number: expected 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_json_holds_the_plan_contract(boards):
    """calculator/plan.schema.json is what `plan --format json` promises (README)."""
    for board in boards:
        result = run("plan", board, "--raised", "2026-10-05", "--today", "2026-11-02",
                     "--format", "json")
        assert result.returncode == 0, result.stderr
        assert_plan_contract(json.loads(result.stdout))
