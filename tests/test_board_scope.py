"""What a board's procedure can be, typed in its data (issue 13): a ladder we hold only part of
(`ladder`), a procedure published jointly (`partners`), a stage only some agencies use (a
stage's `agencies`), roles that depend on the other agency (a role's `other_agency`, the
request's `other_agency`), and citations that work from a clone or the web (`url`,
`where_published`, `copy`).

Each board here is the template (policies/template/exampleshire.yaml) deep-copied and changed.
Dates are counted by hand from a printed calendar for April 2026:
    Thu 2, Fri 3 (Good Friday), Sat 4, Sun 5, Mon 6 (Easter Monday), Tue 7, Wed 8, Thu 9, Fri 10,
    Sat 11, Sun 12, Mon 13.
Raised Thu 2 Apr: working day 1 is Thu 2, 2 Tue 7, 3 Wed 8, 4 Thu 9, 5 Fri 10.
"""

import copy
import json
import shutil
from pathlib import Path

import pytest
import yaml

from calculator.checklist import checklist_for
from calculator.errors import InputError
from calculator.form import form_words
from calculator.ics import plan_calendar
from calculator.plan import make_plan
from calculator.policy import board_from_data
from calculator.record import record_for, record_text
from calculator.text import render_plan
from calculator.tools.checking import (
    SCHEMA_LINE,
    check_text,
    load_schema,
    rule_problems,
    source_copy_problems,
)
from calculator.tools.loading import load_policy
from conftest import BOARD_IDS, POLICIES, assert_plan_contract
from scripts.sitegen.pages import board_page, board_sub_pages, compare_page

TEMPLATE = POLICIES / "template" / "exampleshire.yaml"
COPY = "sources/exampleshire-esab.txt"
RAISED = "2026-04-02"  # Thu before Good Friday


@pytest.fixture(scope="module")
def template() -> dict:
    return load_policy(TEMPLATE, TEMPLATE.name).data


def changed(template: dict, change) -> dict:
    board = copy.deepcopy(template)
    change(board)
    return board


def plan_for(board: dict, calendar_table: dict, **request) -> dict:
    request = {"board": board["id"], "raised": RAISED, "today": RAISED, **request}
    result = make_plan(board, request, calendar_table)
    assert_plan_contract(result)
    return result


def problems(board: dict) -> list[str]:
    return [message for _, message in rule_problems(board, board["id"])]


def check_as_file(board: dict, calendar_table: dict, folder: Path | None) -> list[str]:
    """The board written out as a YAML file and checked as `check` would check it."""
    text = f"{SCHEMA_LINE}\n" + yaml.safe_dump(board, sort_keys=False, allow_unicode=True)
    found, _ = check_text(text, board["id"], "exampleshire.yaml", load_schema(POLICIES),
                          calendar_table, folder)
    return [str(problem) for problem in found]


# ---------------------------------------------------------------------------------------------
# 1. A ladder we hold only part of


def _incomplete(board: dict) -> None:
    board["ladder"] = {"complete": False,
                       "words": "The copy we hold stops after stage 4; the stages above it are "
                                "missing.",
                       "source": "Exampleshire §4"}
    del board["final_say"]


@pytest.fixture(scope="module")
def part(template) -> dict:
    return changed(template, _incomplete)


AT_TOP = {"started": {"2": "2026-04-07", "3": "2026-04-08", "4": "2026-04-09"}}


def test_an_incomplete_ladder_never_calls_its_highest_stage_the_last(part, calendar_table):
    result = plan_for(part, calendar_table, agency="police", today="2026-04-09", **AT_TOP)
    assert result["current_stage"] == 4
    assert result["final_say"] is None
    assert result["ladder"] == {"complete": False, "text": part["ladder"]["words"],
                                "source": "Exampleshire §4"}
    assert result["heading"].startswith("You are at stage 4 of the 4 we hold:")
    assert "last stage" not in result["next_step"]
    assert "We hold only part of this procedure, and it has no stage after this one: the copy " \
           "we hold stops after stage 4" in result["next_step"]
    assert result["if_not_resolved"].startswith("We hold only part of this procedure")
    assert any(warning.startswith("We hold only part of this procedure's ladder")
               for warning in result["warnings"])
    text = render_plan(result)
    assert "last stage" not in text and "of the 4 we hold" in text
    checklist = json.dumps(checklist_for(part, result))
    assert "last stage" not in checklist and "We hold only part" in checklist
    record = record_text(record_for(part, result))
    assert "Stage reached: 4 of the 4 we hold" in record


def test_an_incomplete_ladder_overdue_at_its_top_says_no_last_stage(part, calendar_table):
    # Stage 4's date was given as Thu 9 Apr; on Mon 13 Apr it has passed.
    result = plan_for(part, calendar_table, agency="police", today="2026-04-13",
                      agreed={"4": "2026-04-09"}, **AT_TOP)
    assert result["stages"][3]["overdue"]
    [item] = [item for item in result["do_now"] if "stage 4" in item["text"]]
    assert "last stage" not in item["text"] and "We hold only part" in item["text"]
    # Its date has passed: a calendar leaves it out unless asked for past dates too.
    assert "Stage 4 of the 4 we hold" in plan_calendar(result, part, include_past=True)


def test_a_complete_ladder_still_says_last_stage_and_who_decides(template, calendar_table):
    result = plan_for(template, calendar_table, agency="police", today="2026-04-09", **AT_TOP)
    assert "This is the last stage of the procedure" in result["next_step"]
    assert result["final_say"]["text"] == template["final_say"]["text"]
    assert result["ladder"]["complete"] and result["heading"].startswith("You are at stage 4 of 4")


def test_the_page_of_an_incomplete_ladder_names_nobody_at_the_top(part, template):
    page = board_page(part, date_today())
    assert "Who decides at the top" not in page
    assert "Not known: we hold only part of this procedure" in page
    assert "We hold only part of this procedure" in page
    compare = compare_page([template, part], date_today())
    assert "Not known (we hold only part of the ladder)" in compare
    assert "4 (only part of the ladder)" in compare


def test_check_ties_final_say_to_the_ladder(template, part):
    assert problems(template) == []
    assert problems(part) == []
    with_final = changed(part, lambda b: b.update(final_say=template["final_say"]))
    assert problems(with_final) == [
        "leave out final_say: `ladder.complete` is false, so the top of the ladder is not known"]
    without = changed(template, lambda b: b.pop("final_say"))
    assert problems(without) == [
        "missing 'final_say': who decides at the top of the ladder (leave it out only with "
        "`ladder: {complete: false, ...}`)"]


# ---------------------------------------------------------------------------------------------
# 2. A procedure published jointly


JOINT = ("Published jointly by Exampleshire Safeguarding Adults Board (Exampleshire) and "
         "Sampleton Safeguarding Adults Board (Sampleton).")


def test_partners_are_named_in_the_plan_header(template, calendar_table):
    result = plan_for(template, calendar_table)
    assert [partner["short_name"] for partner in result["partners"]] == ["ESAB", "SaSAB"]
    assert result["partners_text"] == JOINT
    assert render_plan(result).splitlines()[:2] == [
        "Exampleshire Safeguarding Adults Board: escalation plan", JOINT]
    record = record_for(template, result)
    assert JOINT in record["procedure"]["text"]
    assert JOINT in " ".join(record_text(record).split())  # wrapped at 96 columns


def test_a_board_alone_has_no_partners_line(template, calendar_table):
    alone = changed(template, lambda b: b.pop("partners"))
    result = plan_for(alone, calendar_table)
    assert result["partners"] == [] and result["partners_text"] is None
    assert "Published jointly" not in render_plan(result)
    assert "Published jointly" not in board_page(alone, date_today())


def test_the_board_page_lists_each_partner_with_its_area_and_source(template):
    page = board_page(template, date_today())
    assert "**Published jointly by**" in page
    assert "- Exampleshire Safeguarding Adults Board (ESAB), for Exampleshire " \
           '<small class="source">Source: Exampleshire, cover page</small>' in page
    assert "- Sampleton Safeguarding Adults Board (SaSAB), for Sampleton" in page


def test_check_refuses_a_partner_twice_or_alone(template, calendar_table):
    twice = changed(template, lambda b: b["partners"].append(dict(b["partners"][0])))
    assert "'Exampleshire Safeguarding Adults Board' is given twice" in problems(twice)
    alone = changed(template, lambda b: b["partners"].pop())
    found = check_as_file(alone, calendar_table, None)
    assert len(found) == 1 and "partners: must list at least 2" in found[0], found


# ---------------------------------------------------------------------------------------------
# 3. A stage only some agencies use


def _health_only_stage_3(board: dict) -> None:
    board["stages"][2]["agencies"] = ["health"]
    police = next(agency for agency in board["agencies"] if agency["id"] == "police")
    police["roles"] = [role for role in police["roles"] if role["stage"] != 3]


@pytest.fixture(scope="module")
def health_route(template) -> dict:
    return changed(template, _health_only_stage_3)


def test_a_stage_for_other_agencies_is_passed_over(health_route, calendar_table):
    result = plan_for(health_route, calendar_table, agency="police",
                      started={"2": "2026-04-07"}, today="2026-04-07")
    stage_3 = result["stages"][2]
    assert (stage_3["applies"], stage_3["status"], stage_3["status_text"]) == (
        False, "not_applicable", "Not for your agency")
    assert stage_3["only_for"] == ["health"] and stage_3["due"] is None
    assert stage_3["due_text"].startswith("Only for Exampleshire NHS Trust: it does not apply")
    assert "go to stage 4, The Independent Chair (stage 3 does not apply to your agency)" in \
        result["next_step"]
    assert result["if_not_resolved"] == "Stage 4: The Independent Chair"
    # Stage 2 is due by working day 5, Fri 10 Apr; the police go straight from it to stage 4,
    # expected to start that day.
    assert result["stages"][1]["due"] == "2026-04-10"
    assert result["stages"][3]["expected_start"] == "2026-04-10"
    assert "not for your agency" in render_plan(result)
    assert "stage-3" not in plan_calendar(result, health_route)  # no event for it
    checklist = json.dumps(checklist_for(health_route, result))
    assert "Then: stage 4, The Independent Chair" in checklist


def test_the_agencies_a_stage_is_for_go_through_it(health_route, calendar_table):
    result = plan_for(health_route, calendar_table, agency="health",
                      started={"2": "2026-04-07"}, today="2026-04-07")
    assert result["stages"][2]["applies"] and result["stages"][2]["status"] == "upcoming"
    assert "go to stage 3, Heads of Service" in result["next_step"]
    # Stage 3 counts 48 clock hours from its start, projected to Fri 10 Apr: Sun 12 Apr; stage
    # 4 is then expected from Sun 12 Apr, two days later than for the police.
    assert result["stages"][2]["due"] == "2026-04-12"
    assert result["stages"][3]["expected_start"] == "2026-04-12"


def test_the_generic_choice_passes_over_it_too(health_route, calendar_table):
    result = plan_for(health_route, calendar_table, agency="any")
    assert result["stages"][2]["status"] == "not_applicable"


def test_a_later_stage_started_ends_the_one_before_the_gap(health_route, calendar_table):
    result = plan_for(health_route, calendar_table, agency="police", today="2026-04-09",
                      started={"2": "2026-04-07", "4": "2026-04-09"})
    assert result["current_stage"] == 4
    assert [stage["status"] for stage in result["stages"]] == [
        "done", "done", "not_applicable", "current"]
    record = record_text(record_for(health_route, result))
    assert "Stage 3: Heads of Service [Not for your agency]" in record


@pytest.mark.parametrize("field", ["started", "agreed"])
def test_a_date_for_a_stage_that_does_not_apply_is_refused(health_route, calendar_table, field):
    request = {"board": health_route["id"], "raised": RAISED, "today": "2026-04-09",
               "agency": "police", field: {"3": "2026-04-08"}}
    with pytest.raises(InputError) as raised:
        make_plan(health_route, request, calendar_table)
    assert raised.value.field == f"{field}.3"
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("Stage 3 is only for Exampleshire NHS Trust, so it does not apply "
                              "to your agency")


def test_the_page_marks_the_stage_and_its_roles(health_route):
    page = board_page(health_route, date_today())
    assert "**Only for Exampleshire NHS Trust.** Professionals of any other agency" in page
    contacts = board_sub_pages(health_route)[f"boards/{health_route['id']}/contacts.md"]
    police_row = next(line for line in contacts.splitlines()
                      if line.startswith("| **Exampleshire Police** |"))
    assert police_row.split(" | ")[3] == "Not for this agency (see the stage)"
    form = form_words(board_from_data(health_route))
    assert form["stages"][2]["you_are_here"].endswith(
        "This stage is only for Exampleshire NHS Trust: other agencies go past it.")


def test_check_rules_for_a_stage_only_some_agencies_use(template, health_route):
    assert problems(health_route) == []
    first = changed(template, lambda b: b["stages"][0].update(agencies=["health"]))
    assert problems(first) == [
        "stage 1 starts on the day raised for every agency: it cannot be only for some (leave "
        "`agencies` out)", "stage 1 is only for health: 'police' has no role there"]
    unknown = changed(health_route, lambda b: b["stages"][2].update(agencies=["fire"]))
    assert "no agency 'fire' in this file (allowed: police, health)" in problems(unknown)
    with_role = changed(template, lambda b: b["stages"][2].update(agencies=["health"]))
    assert problems(with_role) == ["stage 3 is only for health: 'police' has no role there"]


# ---------------------------------------------------------------------------------------------
# 4. Roles that depend on the other agency


def test_the_role_can_depend_on_the_other_agency(template, calendar_table):
    at_2 = {"agency": "police", "started": {"2": "2026-04-07"}, "today": "2026-04-07"}
    usual = plan_for(template, calendar_table, **at_2)
    assert usual["stages"][1]["contact"] == "Detective Sergeant, Safeguarding"
    assert usual["other_agency"] is None
    with_health = plan_for(template, calendar_table, other_agency="health", **at_2)
    assert with_health["stages"][1]["contact"] == "Detective Sergeant, Health Liaison"
    assert with_health["stages"][0]["contact"] == "Police officer in the case"  # no such role
    assert with_health["other_agency"] == {"id": "health", "name": "Exampleshire NHS Trust"}
    assert "the other agency: Exampleshire NHS Trust" in render_plan(with_health)


def test_an_unknown_other_agency_is_refused(template, calendar_table):
    request = {"board": "exampleshire", "raised": RAISED, "today": RAISED,
               "other_agency": "fire"}
    with pytest.raises(InputError) as raised:
        make_plan(template, request, calendar_table)
    assert raised.value.field == "other_agency"
    assert str(raised.value) == ("ESAB has no agency 'fire' to disagree with; choose one of: "
                                 "police, health (or leave it out)")


def test_the_form_asks_for_the_other_agency_only_where_roles_use_it(template, boards):
    asked = form_words(board_from_data(template))["other_agency"]
    assert asked["label"] == "The agency you disagree with"
    assert [option["id"] for option in asked["options"]] == ["", "police", "health"]
    for board_id in BOARD_IDS:
        uses = any(role.get("other_agency") for agency in boards[board_id]["agencies"]
                   for role in agency["roles"])
        assert (form_words(board_from_data(boards[board_id]))["other_agency"] is not None) == uses


def test_the_page_lists_roles_for_one_other_agency(template):
    page = board_pages(template)
    assert ("Stage 2, in a disagreement with Exampleshire NHS Trust: Detective Sergeant, Health "
            "Liaison") in page


def test_check_rules_for_roles_with_another_agency(template):
    def police_roles(board):
        return next(a for a in board["agencies"] if a["id"] == "police")["roles"]

    with_health = 2  # police: stage 1, stage 2, stage 2 with health, stage 3
    assert police_roles(template)[with_health]["other_agency"] == "health"
    unknown = changed(template,
                      lambda b: police_roles(b)[with_health].update(other_agency="fire"))
    assert problems(unknown) == ["no agency 'fire' in this file (allowed: police, health)"]
    twice = changed(template,
                    lambda b: police_roles(b).append(dict(police_roles(b)[with_health])))
    assert problems(twice) == ["stage 2 with other_agency 'health' is given twice"]


# ---------------------------------------------------------------------------------------------
# 5. Citations that work from a clone or the web


def test_every_board_cites_a_web_address_or_says_it_states_none(boards):
    for board_id in BOARD_IDS:
        document = boards[board_id]["source_document"]
        assert "file" not in document, board_id
        assert "url" in document, board_id
        if document["url"] is None:
            assert document["where_published"]["text"], board_id
        if document.get("copy"):
            assert (POLICIES / document["copy"]).is_file(), board_id


def test_check_wants_where_published_without_a_url(template, calendar_table):
    def no_url(board):
        board["source_document"]["url"] = None
        del board["source_document"]["where_published"]

    found = check_as_file(changed(template, no_url), calendar_table, None)
    assert len(found) == 1 and "source_document: missing 'where_published'" in found[0], found


def test_check_finds_the_copy_only_when_it_has_the_folder(template, calendar_table, tmp_path):
    missing = changed(template, lambda b: b["source_document"].update(copy="sources/none.txt"))
    assert check_as_file(missing, calendar_table, None) == []  # the in-browser check
    found = check_as_file(missing, calendar_table, POLICIES)
    assert len(found) == 1 and found[0].endswith(
        "source_document.copy: no file 'sources/none.txt' in policies/ (the path is relative "
        "to policies/; commit the plain-text copy there, or leave `copy` out)"), found
    assert list(source_copy_problems(template, POLICIES)) == []
    # A clone elsewhere: the copy travels with the data.
    (tmp_path / "sources").mkdir()
    shutil.copy(POLICIES / COPY, tmp_path / COPY)
    assert list(source_copy_problems(template, tmp_path)) == []


def test_check_wants_the_copy_under_sources(template, calendar_table):
    outside = changed(template, lambda b: b["source_document"].update(copy="../secret.txt"))
    found = check_as_file(outside, calendar_table, None)
    assert len(found) == 1 and "source_document.copy: must be a .txt file under sources/" in \
        found[0], found


def test_the_page_cites_title_version_address_and_copy(template, boards):
    page = board_pages(template)
    assert "We worked from the published document: *Resolving Professional Disagreements" in page
    assert "version 2.1" in page
    assert "(https://www.example.org/exampleshire-sab/escalation)" in page
    assert "`policies/sources/exampleshire-esab.txt`" in page
    for board_id in BOARD_IDS:
        text = board_pages(boards[board_id])
        document = boards[board_id]["source_document"]
        if not document.get("copy"):  # no file outside the repository is ever named
            assert ".txt" not in text, board_id
        if document["url"] is None:
            assert "it states no web address of its own" in text, board_id


def board_pages(board) -> str:
    """The board's page and its sub-pages (contacts, routes, records, about), together."""
    return "\n".join([board_page(board, date_today()), *board_sub_pages(board).values()])


def date_today():
    from datetime import date

    return date(2026, 4, 2)
