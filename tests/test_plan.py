"""The plan: statuses, projections, contacts, deadlines, warnings and refused input."""

import copy
import json

import pytest

from calculator.errors import InputError, OutsideCalendarError
from calculator.plan import make_plan


def dues(plan: dict) -> list[str | None]:
    return [stage["due"] for stage in plan["stages"]]


def test_plan_has_the_promised_shape(plan):
    result = plan("kent-medway", raised="2025-04-17", today="2025-04-22", agency="police")
    assert {"board", "raised", "today", "current_stage", "stages", "deadlines", "warnings",
            "calendar", "agency", "next_step"} <= set(result)
    for stage in result["stages"]:
        assert {"number", "title", "started", "due", "alternative_dues", "timescale", "source",
                "contact", "status", "overdue"} <= set(stage)
    assert result["calendar"]["package"] == "holidays"
    assert result["calendar"]["first_year"] == 2015
    assert json.loads(json.dumps(result)) == result  # plain JSON, nothing else


def test_surrey_chain_counts_from_actual_ends(plan):
    projected = plan("surrey", raised="2026-11-23", today="2026-11-23")
    assert dues(projected) == ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27",
                               "2026-11-30", "2026-12-01"]
    # stage 3 started late (Mon 30 Nov): stage 2 ended then, so stage 3 is due a day later and
    # everything after moves with it.
    late = plan("surrey", raised="2026-11-23", today="2026-11-30", started={"3": "2026-11-30"})
    assert dues(late)[2:] == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]
    assert [s["status"] for s in late["stages"]] == ["done", "done", "current", "upcoming",
                                                      "upcoming", "upcoming"]
    assert late["stages"][2]["started"] == "2026-11-30"
    assert late["stages"][1]["started"] is None  # skipped: not given
    assert late["stages"][3]["expected_start"] == "2026-12-01"


def test_overdue_only_after_the_due_day(plan):
    on_the_day = plan("kent-medway", raised="2025-04-17", today="2025-04-28")
    after = plan("kent-medway", raised="2025-04-17", today="2025-04-29")
    assert on_the_day["stages"][0]["overdue"] is False
    assert after["stages"][0]["overdue"] is True
    assert after["stages"][1]["overdue"] is False  # upcoming stages are never overdue


def test_stage_without_timescale_takes_an_agreed_date(plan):
    result = plan("worcestershire", raised="2026-11-23", today="2026-11-26",
                  started={"2": "2026-11-24", "3": "2026-11-26"}, agreed={"3": "2026-12-01"})
    stage3 = result["stages"][2]
    assert (stage3["due"], stage3["due_basis"], stage3["status"]) == (
        "2026-12-01", "agreed", "current")
    assert result["stages"][3]["due"] is None  # no agreed date for stage 4 yet
    assert result["stages"][3]["agreed_date_allowed"] is True


def test_clock_hours_run_over_the_weekend(plan):
    result = plan("worcestershire", raised="2026-11-26", today="2026-11-27",
                  started={"2": "2026-11-27"})
    stage2 = result["stages"][1]
    assert (stage2["due"], stage2["due_basis"]) == ("2026-11-28", "clock_hours")  # a Saturday


def test_unknown_anchor_leaves_later_dates_open(plan):
    result = plan("kent-medway", raised="2026-11-23", today="2026-11-23")
    assert dues(result) == ["2026-11-30", None, None, None]
    assert [s["due_basis"] for s in result["stages"]] == [
        "working_days", "none", "unknown_anchor", "none"]
    agreed = plan("kent-medway", raised="2026-11-23", today="2026-11-23",
                  agreed={"2": "2026-12-02"})
    assert dues(agreed)[:3] == ["2026-11-30", "2026-12-02", "2026-12-09"]


def test_alternative_readings_are_all_shown(plan):
    result = plan("north-east-lincolnshire", raised="2026-04-02", today="2026-04-02")
    assert dues(result) == ["2026-04-07", "2026-04-15", "2026-04-20", "2026-04-24", "2026-05-06"]
    assert [a["due"] for a in result["stages"][1]["alternative_dues"]] == ["2026-04-16"]
    # Stage 4's day 11 read two ways (completed by, or only started by, then): the same day.
    assert [a["due"] for a in result["stages"][3]["alternative_dues"]] == ["2026-04-20"] * 2
    # Raised Thu 2 Apr 2026: Good Friday, Easter Monday and 4 May skipped. Working day 22 is
    # Wed 6 May; 22 working days after the day raised, Thu 7 May; 25 after, Tue 12 May.
    assert [(d["id"], d["reading"], d["due"]) for d in result["deadlines"]] == [
        ("whole-process", "primary", "2026-05-06"),
        ("whole-process", "alternative", "2026-05-07"),
        ("whole-process", "alternative", "2026-05-12"),
        ("chair-recommendation", "primary", "2026-04-29"),
        ("chair-recommendation", "alternative", "2026-05-01"),
    ]


@pytest.mark.parametrize(("agency", "stage", "contact", "generic"), [
    ("police", 1, "Your Detective Sergeant for Safeguarding", False),
    ("police", 4, "The Chair of the Kent and Medway Safeguarding Adults Board", True),
    ("care-provider", 3, "Your care provider's director (a private provider) or chief "
     "executive (a voluntary provider)", False),
    (None, 1, "Your Team Manager", True),
    ("any", 2, "Your Service Manager or Safeguarding Lead", True),
])
def test_contact_is_agency_specific_where_the_source_gives_one(plan, agency, stage, contact,
                                                               generic):
    result = plan("kent-medway", raised="2026-11-23", agency=agency)
    entry = result["stages"][stage - 1]
    assert (entry["contact"], entry["contact_generic"]) == (contact, generic)


def test_board_without_agencies_offers_any_agency(boards):
    from calculator.policy import board_from_data

    assert board_from_data(boards["worcestershire"]).agency_choices() == [
        {"id": "any", "name": "Any agency"}]
    kent = board_from_data(boards["kent-medway"]).agency_choices()
    assert kent[-1] == {"id": "any", "name": "Another agency (generic roles)"}
    assert [c["id"] for c in kent[:-1]] == ["police", "health", "social-care", "care-provider"]


def test_review_warnings(plan):
    kent = plan("kent-medway", raised="2026-11-23")["warnings"]
    assert any("due for review in May 2020" in w for w in kent)
    surrey_before = plan("surrey", raised="2025-10-31")["warnings"]
    surrey_after = plan("surrey", raised="2025-11-03")["warnings"]
    assert not any("review" in w for w in surrey_before)  # October 2025 has not passed yet
    assert any("due for review in October 2025" in w for w in surrey_after)
    worcs = plan("worcestershire", raised="2026-11-23")["warnings"]
    assert any("last dated 6 November 2015" in w and "As required" in w for w in worcs)
    staffs = plan("staffordshire-stoke", raised="2026-11-23")["warnings"]
    assert any("states no date or review date" in w for w in staffs)


def test_unclear_warnings_follow_the_case(plan):
    def topics(result):
        return [w for w in result["warnings"] if w.startswith("Where the procedure is unclear")]

    at_stage_2 = topics(plan("north-east-lincolnshire", raised="2026-04-02"))
    assert any("How the 8 working days for stage 2" in w for w in at_stage_2)
    assert not any("agency role table" in w for w in at_stage_2)  # no agency chosen
    at_stage_5 = topics(plan("north-east-lincolnshire", raised="2026-04-02", today="2026-05-05",
                             started={"5": "2026-05-05"}, agency="focus"))
    assert not any("stage 2" in w for w in at_stage_5)  # stage 2 is done
    assert any("agency role table" in w for w in at_stage_5)
    assert any("How long the whole process takes" in w for w in at_stage_5)  # every plan


def test_stage_after_the_overall_deadline_is_warned(plan):
    result = plan("kent-medway", raised="2026-11-23", today="2026-11-30",
                  started={"3": "2026-11-30"})
    assert result["stages"][2]["due"] == "2026-12-07"
    assert any("Stage 3 is due on Mon 7 Dec 2026, after the overall deadline" in w
               for w in result["warnings"])


def test_agreed_day_on_a_weekend_is_warned(plan):
    result = plan("staffordshire-stoke", raised="2026-11-23", agreed={"1": "2026-11-28"},
                  today="2026-11-23")
    assert any("stage 1 (Sat 28 Nov 2026) is not a working day" in w
               for w in result["warnings"])


def test_extra_non_working_day_from_the_board(boards, calendar_table):

    board = {**boards["surrey"], "extra_non_working_days": [
        {"date": "2026-11-24", "name": "A one-off bank holiday", "source": "test"}]}
    result = make_plan(board, {"raised": "2026-11-23", "today": "2026-11-23"}, calendar_table)
    assert result["stages"][0]["due"] == "2026-11-25"
    assert result["calendar"]["extra_non_working_days"][0]["date"] == "2026-11-24"


# Refused input: each with its field and a message that says what is allowed.
REFUSED = [
    ({"raised": "2026-02-30"}, "raised", "The date raised 2026-02-30 is not a real date"),
    ({"raised": "23/11/2026"}, "raised", "must be a date written YYYY-MM-DD"),
    ({"raised": ""}, "raised", "Enter the day the disagreement was notified"),
    ({"today": "2026-13-01"}, "today", "Today's date 2026-13-01 is not a real date"),
    ({"raised": "2026-11-24", "today": "2026-11-23"}, "raised", "is after today"),
    ({"agency": "fire"}, "agency", "has no agency 'fire'; choose one of: police, health"),
    ({"started": {"7": "2026-11-24"}}, "started", "there is no stage '7'; KMSAB has stages 1 to 4"),
    ({"started": {"two": "2026-11-24"}}, "started", "there is no stage 'two'"),
    ({"started": {"1": "2026-11-23"}}, "started.1", "Stage 1 always starts on the day"),
    ({"started": {"2": "2026-11-20"}}, "started.2", "before the disagreement was raised"),
    ({"started": {"2": "2026-11-25", "3": "2026-11-24"}, "today": "2026-11-26"}, "started.3",
     "before stage 2 started"),
    ({"started": {"2": "2026-11-30"}}, "started.2", "after today"),
    ({"started": {"3": "2026-02-31"}}, "started.3", "not a real date"),
    ({"agreed": {"1": "2026-11-25"}}, "agreed.1", "already has a timescale in the procedure"),
    ({"agreed": {"2": "2026-11-20"}}, "agreed.2", "is before the stage started"),
    ({"raised": "2040-01-02", "today": "2040-01-03"}, "raised", "outside the calendar"),
]


@pytest.mark.parametrize(("change", "field", "message"), REFUSED,
                         ids=[r[2][:40] for r in REFUSED])
def test_bad_input_is_refused_in_one_line(plan, change, field, message):
    request = {"raised": "2026-11-23", "today": "2026-11-27", **change}
    with pytest.raises(InputError) as refused:
        plan("kent-medway", **request)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    assert refused.value.field == field


def test_counting_beyond_the_calendar_is_refused(plan):
    with pytest.raises(OutsideCalendarError, match="outside the calendar"):
        plan("north-east-lincolnshire", raised="2035-12-20", today="2035-12-20")


def test_a_skipped_stage_ended_by_the_time_a_later_one_started(plan):
    # Stage 3 started the day raised; stage 2 (no date given) must have ended by then.
    result = plan("surrey", raised="2026-11-23", today="2026-11-23", started={"3": "2026-11-23"})
    assert result["stages"][1]["expected_start"] == "2026-11-23"
    assert dues(result)[1:3] == ["2026-11-24", "2026-11-24"]


def test_if_not_resolved_names_the_next_stage_and_is_none_at_the_last(plan, boards):
    for board_id, data in boards.items():
        last = len(data["stages"])
        first = plan(board_id, raised="2026-11-23")
        assert first["if_not_resolved"] == f"Stage 2: {data['stages'][1]['title']}"
        started = {str(n): "2026-11-23" for n in range(2, last + 1)}
        assert plan(board_id, raised="2026-11-23", started=started)["if_not_resolved"] is None


def test_zero_working_days_is_the_same_working_day(boards, calendar_table):
    board = copy.deepcopy(boards["surrey"])
    board["stages"][0]["timescale"]["days"] = 0
    weekday = make_plan(board, {"raised": "2026-11-23", "today": "2026-11-23"}, calendar_table)
    assert weekday["stages"][0]["due"] == "2026-11-23"
    # Raised on a Saturday: the same working day is the Monday.
    saturday = make_plan(board, {"raised": "2026-11-21", "today": "2026-11-21"}, calendar_table)
    assert saturday["stages"][0]["due"] == "2026-11-23"


def test_a_target_that_has_gone_reads_target_passed(boards, calendar_table):
    board = copy.deepcopy(boards["kent-medway"])
    board["stages"][0]["timescale"]["target"] = True
    late = make_plan(board, {"raised": "2026-11-19", "today": "2026-12-07"}, calendar_table)
    assert late["stages"][0]["status_text"] == "Target passed"
    assert late["stages"][0]["due_text"].endswith(", target passed")
    board["stages"][0]["timescale"]["target"] = False
    late = make_plan(board, {"raised": "2026-11-19", "today": "2026-12-07"}, calendar_table)
    assert (late["stages"][0]["status_text"], late["stages"][0]["due_text"][-8:]) == (
        "Overdue", ", passed")


def test_a_case_raised_before_the_version_in_force_is_warned(boards, calendar_table):
    board = copy.deepcopy(boards["kent-medway"])
    board["source_document"]["in_force"] = "2026-11"
    before = make_plan(board, {"raised": "2026-10-30", "today": "2026-11-02"}, calendar_table)
    warned = [w for w in before["warnings"] if "came into force" in w]
    assert warned == [
        "This case was raised on Fri 30 Oct 2026, before the version we hold of the procedure "
        "came into force (November 2026). The plan follows the version we hold; check whether "
        "the earlier version applies to this case."]
    after = make_plan(board, {"raised": "2026-11-02", "today": "2026-11-02"}, calendar_table)
    assert not [w for w in after["warnings"] if "came into force" in w]


def test_the_next_step_carries_the_roles_note(plan, boards):
    """A note on a role (a children's role to check, an address to write to) is said wherever
    the role is, the next step included."""
    for board_id, data in boards.items():
        for agency in data["agencies"]:
            for role in agency["roles"]:
                if not role.get("note"):
                    continue
                started = {str(n): "2026-11-23" for n in range(2, role["stage"] + 1)}
                result = plan(board_id, raised="2026-11-23", agency=agency["id"],
                              started=started)
                assert role["note"].rstrip(".") in result["next_step"], (board_id, role)
