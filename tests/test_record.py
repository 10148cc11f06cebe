"""The printable record of escalation: the board's fields in order with their filled values, the
plan's stages and deadlines, and the same record as plain text."""

import copy
import json

import pytest

from calculator.dates import human_date
from calculator.record import NOTICE, record_for, record_text
from calculator.tools.checking import BASIS, rule_problems
from conftest import BOARD_IDS, HAND_CHECKED, d

#: Several plans for every board: different stages reached and different agencies.
CASES = [
    ("north-east-lincolnshire", {"raised": "2026-11-19", "today": "2026-11-19"}),
    ("north-east-lincolnshire", {"raised": "2026-11-19", "today": "2026-11-26", "agency": "police",
                                 "started": {"2": "2026-11-20", "3": "2026-11-25"}}),
    ("north-east-lincolnshire", {"raised": "2026-04-02", "today": "2026-04-27", "agency": "focus",
                                 "started": {"5": "2026-04-27"}}),
    ("worcestershire", {"raised": "2026-11-19", "today": "2026-11-23",
                        "started": {"2": "2026-11-20"}}),
    ("worcestershire", {"raised": "2026-11-23", "today": "2026-11-26",
                        "started": {"2": "2026-11-24", "3": "2026-11-26"},
                        "agreed": {"3": "2026-12-01"}}),
    ("kent-medway", {"raised": "2026-11-19", "today": "2026-11-19", "agency": "police"}),
    ("kent-medway", {"raised": "2026-11-19", "today": "2026-12-07", "agency": "social-care",
                     "started": {"3": "2026-11-30", "4": "2026-12-07"}}),
    ("staffordshire-stoke", {"raised": "2026-11-19", "today": "2026-11-19"}),
    ("staffordshire-stoke", {"raised": "2026-11-19", "today": "2026-11-20",
                             "agency": "third-sector", "started": {"2": "2026-11-20"}}),
    ("surrey", {"raised": "2026-11-19", "today": "2026-11-19", "agency": "health"}),
    ("surrey", {"raised": "2026-11-19", "today": "2026-11-30",
                "started": {"6": "2026-11-30"}}),
]
CASE_IDS = [f"{board}-stage-{max([1, *map(int, request.get('started', {}))])}"
            f"-{request.get('agency', 'any')}" for board, request in CASES]


@pytest.fixture(params=CASES, ids=CASE_IDS)
def case(request, boards, plan):
    board_id, plan_request = request.param
    result = plan(board_id, **copy.deepcopy(plan_request))
    return boards[board_id], result


def day(iso: str) -> str:
    return human_date(d(iso))


# ---------------------------------------------------------------------------------------------
# The data


def test_boards_with_their_own_list_keep_it(boards):
    """NEL's recording template and escalation form, and Worcestershire's template, come only
    from the board itself (no field borrowed from another board's list): read from the
    procedures by hand."""
    own = {"NEL recording template", "NEL escalation form"}
    for field in boards["north-east-lincolnshire"]["records"]["fields"]:
        cited = set(field["source"].split("; "))
        assert cited & own and BASIS not in field["source"], field
    assert {f["source"] for f in boards["worcestershire"]["records"]["fields"]} == {
        "Worcestershire, Record of Escalation"}


@pytest.mark.parametrize("board_id", [board for board in BOARD_IDS if board in HAND_CHECKED])
def test_a_record_built_on_the_basis_is_mostly_the_boards_own(boards, board_id):
    """Where a board gives no list, its record is built on the basis, and `check` holds each
    field to it (test_checking.py); judged by hand, at least three fields come from the board's
    own procedure and at most seven from the basis."""
    sources = [field["source"] for field in boards[board_id]["records"]["fields"]]
    basis = [source for source in sources if source.startswith(BASIS)]
    if not basis:
        pytest.skip("the board's record is its own")
    assert len(sources) - len(basis) >= 3
    assert len(basis) <= 7


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_check_refuses_a_field_id_given_twice(boards, board_id):
    data = copy.deepcopy(boards[board_id])
    fields = data["records"]["fields"]
    if len(fields) < 2:
        pytest.skip("one field cannot be given twice")
    fields[1]["id"] = fields[0]["id"]
    assert list(rule_problems(data, board_id)) == [
        (("records", "fields", 1, "id"), f"{fields[0]['id']!r} is given twice")]
    assert list(rule_problems(boards[board_id], board_id)) == []


# ---------------------------------------------------------------------------------------------
# record_for


def test_record_has_the_promised_shape(case):
    board, result = case
    record = record_for(board, result)
    assert {"title", "board", "procedure", "agency", "raised", "events", "today",
            "current_stage", "stages", "deadlines", "fields", "keep", "forms",
            "notice"} == set(record)
    assert [event["date"] for event in record["events"]] == [
        event["date"] for event in result["events"]]
    assert record["events"][0]["label"] == board["events"][0]["label"]
    assert record["title"] == "Record of escalation"
    assert record["board"] == {"id": board["id"], "name": board["name"],
                               "short_name": board["short_name"]}
    assert json.loads(json.dumps(record)) == record
    assert (record["raised"], record["today"], record["current_stage"]) == (
        result["raised"], result["today"], result["current_stage"])
    assert record["agency"] == result["agency"]["name"]


def test_record_fields_are_the_boards_in_order(case):
    board, result = case
    fields = record_for(board, result)["fields"]
    expected = board["records"]["fields"]
    assert [f["id"] for f in fields] == [f["id"] for f in expected]
    assert [f["label"] for f in fields] == [f["label"] for f in expected]
    assert [f["source"] for f in fields] == [f["source"] for f in expected]
    assert [f["kind"] for f in fields] == [f.get("kind", "line") for f in expected]
    assert [f["help"] for f in fields] == [f.get("help") for f in expected]
    for field, data in zip(fields, expected, strict=True):
        if "fill" not in data:
            assert field["value"] == "", field


def test_record_stages_and_deadlines_are_the_plans(case):
    board, result = case
    record = record_for(board, result)
    keys = ("number", "title", "status", "status_text", "started", "due", "due_basis",
            "due_text", "contact", "contact_note", "contact_source", "timescale", "source")
    assert record["stages"] == [{key: stage[key] for key in keys} for stage in result["stages"]]
    assert [(e["label"], e["due"], e["words"], e["source"], e["reading"])
            for e in record["deadlines"]] == [
        (e["label"], e["due"], e["words"], e["source"], e["reading"])
        for e in result["deadlines"]]


def test_record_keeps_the_boards_keep_and_forms(case):
    board, result = case
    record = record_for(board, result)
    assert record["keep"] == board["records"]["keep"]
    assert [form["name"] for form in record["forms"]] == [
        form["name"] for form in board["records"]["forms"]]


def test_procedure_is_the_yamls(case):
    board, result = case
    procedure = record_for(board, result)["procedure"]
    document = board["source_document"]
    assert procedure["version"] == document["version"]
    assert procedure["title"] == document["title"]
    assert procedure["publisher"] == document["publisher"]
    assert procedure["source"] == document["source"]
    assert len(procedure["dates"]) == len(document["dates"])


def test_procedure_versions_and_dates(boards, plan):
    worcs = record_for(boards["worcestershire"],
                       plan("worcestershire", raised="2026-11-19"))["procedure"]
    assert worcs["version"] == "V8"
    assert worcs["dates"][0] == "Ratified by the Worcestershire Safeguarding Adults Board: " \
                                "21 September 2015"
    kent = record_for(boards["kent-medway"], plan("kent-medway", raised="2026-11-19"))
    assert kent["procedure"]["version"] is None
    assert "Reviewed: May 2019" in kent["procedure"]["dates"]
    assert "(no version stated)" in record_text(kent)
    assert "(version V8)" in record_text(record_for(
        boards["worcestershire"], plan("worcestershire", raised="2026-11-19")))


def test_notice_says_nothing_is_stored_or_sent(case):
    board, result = case
    notice = record_for(board, result)["notice"]
    assert notice == NOTICE
    assert notice.startswith("Nothing you type in this record is stored or sent anywhere")
    assert "browser tab" in notice


# ---------------------------------------------------------------------------------------------
# Filled values


def values_of(record: dict) -> dict[str, str]:
    return {field["id"]: field["value"] for field in record["fields"]}


def test_worcestershire_fills_the_date_of_escalation(boards, plan):
    result = plan("worcestershire", raised="2026-11-19", today="2026-11-23",
                  started={"2": "2026-11-20"})
    values = values_of(record_for(boards["worcestershire"], result))
    assert values["date-of-escalation"] == "Thu 19 Nov 2026"
    assert [key for key, value in values.items() if value] == ["date-of-escalation"]


def test_nel_fills_the_stage_and_the_stage_dates(boards, plan):
    result = plan("north-east-lincolnshire", raised="2026-11-19", today="2026-11-26",
                  agency="police", started={"2": "2026-11-20", "3": "2026-11-25"})
    values = values_of(record_for(boards["north-east-lincolnshire"], result))
    assert values["stage"] == "Stage 3 of 5, Escalate to Head of Service (or equivalent role)"
    assert values["stage-dates"] == (
        "Stage 1: started Thu 19 Nov 2026; due Fri 20 Nov 2026, for the stage to be completed\n"
        "Stage 2: started Fri 20 Nov 2026; due Mon 30 Nov 2026, for the stage to be completed\n"
        "Stage 3: started Wed 25 Nov 2026; due Thu 3 Dec 2026, for the stage to be completed"
    )
    assert values["case-reference"] == ""


def test_stage_dates_say_how_a_date_is_counted(boards, plan):
    worcs = plan("worcestershire", raised="2026-11-23", today="2026-11-26",
                 started={"2": "2026-11-24", "3": "2026-11-26"}, agreed={"3": "2026-12-01"})
    board = copy.deepcopy(boards["worcestershire"])
    board["records"]["fields"].append(
        {"id": "dates", "label": "Dates", "fill": "stage_dates", "source": "test"})
    assert values_of(record_for(board, worcs))["dates"] == (
        "Stage 1: started Mon 23 Nov 2026; due Tue 24 Nov 2026, for the concern to be raised\n"
        "Stage 2: started Tue 24 Nov 2026; due Wed 25 Nov 2026, for the two managers to have "
        "liaised (clock hours: by the time of day the count started)\n"
        "Stage 3: started Thu 26 Nov 2026; due Tue 1 Dec 2026, for a response (the date you set)"
    )
    skipped = plan("kent-medway", raised="2026-11-19", today="2026-12-07",
                   started={"3": "2026-11-30"})
    assert values_of(record_for(boards["kent-medway"], skipped))["stage-dates"] == (
        "Stage 1: started Thu 19 Nov 2026; due Thu 26 Nov 2026, for a written response\n"
        "Stage 2: start date not given; the procedure sets no date (enter the date you agreed, "
        "if there is one)\n"
        "Stage 3: started Mon 30 Nov 2026; due Mon 7 Dec 2026, for a response"
    )


def test_filled_values_follow_the_plan(case):
    board, result = case
    record = record_for(board, result)
    current = result["stages"][result["current_stage"] - 1]
    for field, data in zip(record["fields"], board["records"]["fields"], strict=True):
        fill = data.get("fill")
        if fill == "raised":
            assert field["value"] == day(result["raised"])
        elif fill == "current_stage":
            assert field["value"] == (f"Stage {current['number']} of {len(result['stages'])}, "
                                      f"{current['title']}")
        elif fill == "stage_dates":
            lines = field["value"].split("\n")
            reached = [s for s in result["stages"] if s["status"] != "upcoming"]
            assert len(lines) == len(reached) == result["current_stage"]
            for line, stage in zip(lines, reached, strict=True):
                assert line.startswith(f"Stage {stage['number']}: ")
                if stage["started"]:
                    assert f"started {day(stage['started'])};" in line
                if stage["due"]:
                    assert f"due {day(stage['due'])}" in line
        elif fill == "agency":
            expected = "" if result["agency"]["id"] == "any" else result["agency"]["name"]
            assert field["value"] == expected


def test_agency_and_board_fills(boards, plan):
    police = plan("kent-medway", raised="2026-11-19", agency="police")
    anyone = plan("kent-medway", raised="2026-11-19")
    assert values_of(record_for(boards["kent-medway"], police))["your-agency"] == "Police"
    assert values_of(record_for(boards["kent-medway"], anyone))["your-agency"] == ""
    board = copy.deepcopy(boards["surrey"])
    board["records"]["fields"][0]["fill"] = "board"
    record = record_for(board, plan("surrey", raised="2026-11-19"))
    assert record["fields"][0]["value"] == "Surrey Safeguarding Adults Board"


# ---------------------------------------------------------------------------------------------
# record_text


def test_text_has_every_label_and_due_date(case):
    board, result = case
    text = record_text(record_for(board, result))
    words = " ".join(text.split())  # a label or a date may be wrapped over two lines
    for field in board["records"]["fields"]:
        assert field["label"] in words, field["label"]
    for stage in result["stages"]:
        assert f"Stage {stage['number']}: {stage['title']}" in words
        assert f"Due: {stage['due_text']}" in words
    for entry in result["deadlines"]:
        assert f"{entry['label']}" in words and f"{entry['due_text']}." in words
    assert board["name"] in words
    assert result["agency"]["name"] in text
    assert f"{board['events'][0]['label']}: {day(result['raised'])}" in words


def test_text_lines_fit_and_use_lf(case):
    board, result = case
    record = record_for(board, result)
    values = {field["id"]: "word " * 60 + "\r\nsecond\tline" for field in record["fields"]}
    long_url = "https://example.org/" + "a-very-long-folder-name/" * 6 + "calculator/"
    for text in (record_text(record), record_text(record, values, long_url)):
        assert "\r" not in text and "\t" not in text
        assert text.endswith("\n") and not text.endswith("\n\n")
        too_long = [line for line in text.split("\n") if len(line) > 100]
        assert too_long == []


def test_text_is_deterministic_and_has_no_notice(case):
    board, result = case
    first = record_text(record_for(board, result), {"case-reference": "X"}, "https://a.example/")
    again = record_text(record_for(copy.deepcopy(board), copy.deepcopy(result)),
                        {"case-reference": "X"}, "https://a.example/")
    assert first == again
    assert NOTICE not in " ".join(first.split())
    assert "browser tab" not in first


def test_text_honours_values(boards, plan):
    result = plan("worcestershire", raised="2026-11-19", today="2026-11-23",
                  started={"2": "2026-11-20"})
    record = record_for(boards["worcestershire"], result)
    plain = record_text(record)
    assert "Date of escalation: Thu 19 Nov 2026" in plain
    assert "Adult's name:\n\n" in plain  # blank to fill in
    assert "Jane Doe" not in plain
    filled = record_text(record, {"adult-name": "Jane Doe", "date-of-escalation": "20 Nov 2026",
                                  "outcome": "Agreed a joint visit.\nReview on Friday.",
                                  "no-such-field": "ignored"})
    assert "Adult's name: Jane Doe" in filled
    assert "Date of escalation: 20 Nov 2026" in filled
    assert "Thu 19 Nov 2026" in filled  # still the date raised in the heading
    assert "Outcome of escalation:\n  Agreed a joint visit.\n  Review on Friday." in filled
    assert "ignored" not in filled
    for empty in ("", None, "  \r\n "):
        cleared = record_text(record, {"date-of-escalation": empty})
        assert "Date of escalation:\n\n" in cleared
        assert "None" not in cleared
    assert record["fields"][3]["value"] == "Thu 19 Nov 2026"  # the record itself is unchanged


def test_text_sections_in_order_with_sources_and_address(boards, plan):
    result = plan("kent-medway", raised="2026-11-19", agency="police")
    record = record_for(boards["kent-medway"], result)
    text = record_text(record, page_url="https://example.org/boards/kent-medway/")
    headings = ["Record of escalation", "Stages", "Deadlines", "Record", "Source clauses"]
    positions = [text.index(f"\n{h}\n") if i else text.index(h) for i, h in enumerate(headings)]
    assert positions == sorted(positions)
    assert text.rstrip("\n").endswith("Worked out at https://example.org/boards/kent-medway/")
    assert "Worked out at" not in record_text(record)
    sources = text[text.index("\nSource clauses\n"):]
    assert "Kent & Medway §7, Stage 3" in sources
    assert "Contact: Your Detective Sergeant for Safeguarding (Kent & Medway §7, Stage 1)" in text
    assert "Your agency: Police" in text


def test_text_of_a_board_with_one_source_names_it_once(boards, plan):
    single = [board_id for board_id, data in boards.items()
              if len({field["source"] for field in data["records"]["fields"]}) == 1]
    assert single, "a board whose record fields all come from one document"
    for board_id in single:
        record = record_for(boards[board_id], plan(board_id, raised="2026-11-19"))
        sources = record_text(record).split("\nSource clauses\n")[1]
        only = boards[board_id]["records"]["fields"][0]["source"]
        assert f"Every field above: {only}" in sources


def test_the_procedure_line_is_written_in_python(boards, plan):
    surrey = record_for(boards["surrey"], plan("surrey", raised="2026-11-23"))
    document = boards["surrey"]["source_document"]
    assert surrey["procedure"]["text"].startswith(f"{document['title']}. Version 7.0 (")
    nel = record_for(boards["north-east-lincolnshire"],
                     plan("north-east-lincolnshire", raised="2026-11-23"))
    assert nel["procedure"]["text"].endswith(". No version stated.")
