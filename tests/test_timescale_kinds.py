"""Timescale kinds a real procedure needs, typed in the data, never prose the calculator parses:
"whichever is sooner" (earliest_of), a range ("within 2 to 5 working days": days_from), a time
allowed to escalate between stages (escalate_within), and the wordings already supported
("on the same working day", "without delay", counting from the day the concern was identified).

Each board is the template (policies/template/exampleshire.yaml) with one thing changed. Every
expected date is counted by hand from a printed calendar of England and Wales, 2026:
  April: Thu 2, [Fri 3 Good Friday], [Mon 6 Easter Monday], Tue 7, Wed 8, Thu 9, Fri 10,
         Mon 13, Tue 14, Wed 15, Thu 16, Fri 17, Mon 20.
  June:  Mon 1, Tue 2, Wed 3, Thu 4, Fri 5, [Sat 6, Sun 7], Mon 8, Tue 9, Wed 10, Thu 11,
         Fri 12, Mon 15, Tue 16, Wed 17, Thu 18 (no bank holiday in June 2026).
"""

import copy

import pytest
import yaml

from calculator.plan import make_plan
from calculator.tools.checking import SCHEMA_LINE, check_board, load_schema
from calculator.tools.loading import load_policy
from conftest import POLICIES, assert_plan_contract

TEMPLATE = load_policy(POLICIES / "template" / "exampleshire.yaml", "exampleshire").data
SCHEMA = load_schema(POLICIES)


def board(**stage_timescales: dict) -> dict:
    """The template, with no time allowed to escalate, no deadlines and no scenario
    expectations (so that only what a test changes matters); `stage_1={...}` replaces stage 1's
    timescale."""
    data = copy.deepcopy(TEMPLATE)
    data["deadlines"] = []
    for stage in data["stages"]:
        stage.pop("escalate_within", None)
    for scenario in data["scenarios"]:
        for step in scenario["steps"]:
            step.pop("expect", None)
    for key, timescale in stage_timescales.items():
        data["stages"][int(key.removeprefix("stage_")) - 1]["timescale"] = timescale
    return data


def run(data: dict, calendar_table: dict, **request) -> dict:
    request.setdefault("today", request["raised"])
    result = make_plan(data, request, calendar_table)
    assert_plan_contract(result)
    return result


def reading(kind: str, words: str, **fields) -> dict:
    return {"kind": kind, "words": words, "source": "Exampleshire §9.9", **fields}


DUE = {"what": "written_response", "source": "Exampleshire §9.9"}


def problems(data: dict, calendar_table: dict) -> list[str]:
    """`check`'s problems for the board, as 'where: message' (the line numbers of a dumped
    file say nothing here)."""
    text = SCHEMA_LINE + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    checked = check_board(text, "exampleshire", "exampleshire.yaml", SCHEMA, calendar_table,
                          None, None)
    return [f"{problem.where}: {problem.message}" for problem in checked.problems]


# ---------------------------------------------------------------------------------------------
# "Whichever is sooner": earliest_of

SOONER = reading(
    "earliest_of", "Within 5 working days of the day raised, or by working day 3, whichever is "
    "sooner.", due=DUE, of=[
        reading("working_days_after", "Within 5 working days of the day raised.", days=5,
                anchor="raised"),
        reading("by_working_day", "By working day 3.", days=3),
    ])


def test_the_template_with_its_examples_passes_check(calendar_table):
    data = copy.deepcopy(TEMPLATE)
    assert data["stages"][0]["escalate_within"]["days"] == 1
    kinds = {deadline["id"]: deadline["timescale"] for deadline in data["deadlines"]}
    assert kinds["written-report"]["kind"] == "earliest_of"
    assert kinds["acknowledgement"]["days_from"] == 2
    assert problems(data, calendar_table) == []


def test_earliest_of_is_the_sooner_date_and_names_both(calendar_table):
    result = run(board(stage_1=SOONER), calendar_table, raised="2026-04-02")
    stage = result["stages"][0]
    # Raised Thu 2 Apr 2026. 5 working days after: Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4),
    # Mon 13 Apr (5). Working day 3: Thu 2 (1), Tue 7 (2), Wed 8 Apr (3). The sooner: Wed 8 Apr.
    assert stage["due"] == "2026-04-08"
    assert stage["due_basis"] == "working_day_number"  # the sooner reading's counting rule
    assert [(part["due"], part["sooner"]) for part in stage["due_parts"]] == [
        ("2026-04-13", False), ("2026-04-08", True)]
    assert stage["due_text"] == (
        "Wed 8 Apr 2026, for a written response (the sooner of: 'Within 5 working days of the "
        "day raised', Mon 13 Apr 2026; 'By working day 3', Wed 8 Apr 2026)")
    assert "A written response is due by Wed 8 Apr 2026 (the sooner of: " in result["next_step"]
    assert stage["due_range_from"] is None


def test_whichever_is_shorter_from_the_day_raised_or_the_stage_start(calendar_table):
    """'Within 10 working days of being raised or 5 of the stage starting, whichever is
    shorter', at stage 2."""
    shorter = reading(
        "earliest_of", "Within 10 working days of being raised or 5 of this stage starting, "
        "whichever is shorter.", due=DUE, of=[
            reading("working_days_after", "10 working days after the day raised.", days=10,
                    anchor="raised"),
            reading("working_days_after", "5 working days after this stage starts.", days=5,
                    anchor="stage_start", anchor_stage=2),
        ])
    data = board(stage_2=shorter)
    # Raised Mon 1 Jun 2026; 10 working days after: Tue 2 (1), Wed 3, Thu 4, Fri 5, Mon 8 (5),
    # Tue 9, Wed 10, Thu 11, Fri 12, Mon 15 Jun (10). Stage 2 started Thu 11 Jun; 5 working days
    # after: Fri 12 (1), Mon 15, Tue 16, Wed 17, Thu 18 Jun (5). The shorter: Mon 15 Jun.
    started = {"2": "2026-06-11"}
    on_time = run(data, calendar_table, raised="2026-06-01", today="2026-06-15", started=started)
    stage = on_time["stages"][1]
    assert (stage["due"], stage["overdue"]) == ("2026-06-15", False)
    assert [part["due"] for part in stage["due_parts"]] == ["2026-06-15", "2026-06-18"]
    assert stage["due_counted_from"]["happened"] is True
    # Tue 16 Jun: the sooner date, counted from the day raised, has passed: overdue, even though
    # the other reading (Thu 18 Jun) has not.
    late = run(data, calendar_table, raised="2026-06-01", today="2026-06-16", started=started)
    stage = late["stages"][1]
    assert (stage["due"], stage["overdue"], stage["status_text"]) == ("2026-06-15", True,
                                                                      "Overdue")
    assert late["do_now"][0]["due"] == "2026-06-15"


def test_a_sooner_date_counted_from_a_projection_never_passes(calendar_table):
    """Stage 2 due the sooner of 10 working days after the day raised and 1 working day after
    stage 2 starts; stage 1 (2 working days) is still open past its date."""
    data = board(stage_2=reading(
        "earliest_of", "Within 10 working days of the day raised, or 1 working day after this "
        "stage starts, whichever is sooner.", due=DUE, of=[
            reading("working_days_after", "10 working days after the day raised.", days=10,
                    anchor="raised"),
            reading("working_days_after", "1 working day after this stage starts.", days=1,
                    anchor="stage_start", anchor_stage=2),
        ]))
    # Raised Mon 1 Jun 2026: stage 1 due Wed 3 Jun (Tue 2, Wed 3), the other reading Mon 15 Jun.
    # Today Mon 8 Jun, stage 1 still open: it ends no earlier than today, so stage 2 starts Mon
    # 8 Jun at the earliest and its 1 working day runs to Tue 9 Jun, the sooner, projected.
    first = run(data, calendar_table, raised="2026-06-01", today="2026-06-08")
    stage = first["stages"][1]
    assert (stage["due"], stage["due_passed"]) == ("2026-06-09", False)
    assert stage["due_counted_from"]["happened"] is False
    # Today Wed 10 Jun, still open: the projection moves to Thu 11 Jun; it never passes.
    later = run(data, calendar_table, raised="2026-06-01", today="2026-06-10")
    assert (later["stages"][1]["due"], later["stages"][1]["due_passed"]) == ("2026-06-11", False)


def test_a_reading_not_known_yet_is_left_out_until_it_is(calendar_table):
    """A deadline: 5 working days after stage 4 ends (stage 4's date is set by the Chair and
    not entered, so its end is not known) or 28 days after the day raised."""
    data = board()
    data["deadlines"] = [{"id": "report", "label": "Report to the Board", "timescale": reading(
        "earliest_of", "Within 5 working days of stage 4 ending, or 28 days of the day raised, "
        "whichever is sooner.", due={"what": "form_sent", "source": "Exampleshire §9.9"}, of=[
            reading("working_days_after", "5 working days after stage 4 ends.", days=5,
                    anchor="stage_end", anchor_stage=4),
            reading("calendar_days_after", "28 days after the day raised.", days=28,
                    anchor="raised"),
        ])}]
    result = run(data, calendar_table, raised="2026-06-01")
    deadline = result["deadlines"][0]
    # Mon 1 Jun 2026 + 28 calendar days: Mon 29 Jun (June has 30 days).
    assert deadline["due"] == "2026-06-29"
    assert [part["due"] for part in deadline["parts"]] == [None, "2026-06-29"]
    assert "'5 working days after stage 4 ends', not known yet" in deadline["due_text"]
    # With neither known, there is no date yet.
    data["deadlines"][0]["timescale"]["of"][1] = reading(
        "working_days_after", "2 working days after stage 4 ends.", days=2, anchor="stage_end",
        anchor_stage=4)
    none_known = run(data, calendar_table, raised="2026-06-01")["deadlines"][0]
    assert (none_known["due"], none_known["basis"]) == (None, "unknown_anchor")


# ---------------------------------------------------------------------------------------------
# A range: "within 2 to 5 working days"

RANGE = reading("working_days_after", "Within 2 to 5 working days of the day raised.",
                days_from=2, days=5, anchor="raised", due=DUE)


def test_a_range_is_due_at_its_end_and_says_so(calendar_table):
    data = board(stage_1=RANGE)
    # Raised Thu 2 Apr 2026: working day 2 after is Wed 8 Apr (Tue 7, Wed 8: Good Friday and
    # Easter Monday skipped), 5 after is Mon 13 Apr (Thu 9, Fri 10, Mon 13).
    result = run(data, calendar_table, raised="2026-04-02", today="2026-04-09")
    stage = result["stages"][0]
    assert (stage["due_range_from"], stage["due"]) == ("2026-04-08", "2026-04-13")
    assert stage["due_text"] == ("Mon 13 Apr 2026, for a written response (the end of the range "
                                 "Wed 8 Apr 2026 to Mon 13 Apr 2026)")
    assert "(the end of the range Wed 8 Apr 2026 to Mon 13 Apr 2026)." in result["next_step"]
    # Inside the range (Thu 9 Apr) and on its last day (Mon 13 Apr): not overdue.
    assert stage["overdue"] is False
    last_day = run(data, calendar_table, raised="2026-04-02", today="2026-04-13")
    assert last_day["stages"][0]["overdue"] is False and last_day["do_now"] == []
    # The day after its end, Tue 14 Apr: overdue.
    after = run(data, calendar_table, raised="2026-04-02", today="2026-04-14")
    assert after["stages"][0]["overdue"] is True


def test_ranges_of_calendar_days_and_working_day_numbers(calendar_table):
    calendar_range = reading("calendar_days_after", "Within 3 to 7 days of the day raised.",
                             days_from=3, days=7, anchor="raised", due=DUE)
    number_range = reading("by_working_day", "Between working days 2 and 4.", days_from=2,
                           days=4, due=DUE)
    data = board(stage_1=calendar_range, stage_2=number_range)
    # Raised Sat 30 May 2026. Calendar days: 3 after is Tue 2 Jun, 7 after is Sat 6 Jun (not a
    # working day). Working day 1 is Mon 1 Jun (the day raised is not a working day), so day 2
    # is Tue 2 Jun and day 4 Thu 4 Jun.
    stages = run(data, calendar_table, raised="2026-05-30")["stages"]
    assert (stages[0]["due_range_from"], stages[0]["due"]) == ("2026-06-02", "2026-06-06")
    assert stages[0]["due_not_working_day"] == "not a working day: a Saturday"
    assert (stages[1]["due_range_from"], stages[1]["due"]) == ("2026-06-02", "2026-06-04")


# ---------------------------------------------------------------------------------------------
# A time allowed to escalate: escalate_within

SAME_DAY = reading("working_days_after", "On the same working day as the day raised.", days=0,
                   anchor="raised", due=DUE)
ONE_DAY_FROM_START = reading("working_days_after", "Within 1 working day of this stage "
                             "starting.", days=1, anchor="stage_start", anchor_stage=2,
                             due=DUE)
ESCALATE_1 = {"kind": "working_days_after", "days": 1,
              "words": "If not resolved, escalate to the next level within 1 working day.",
              "source": "Exampleshire §9.9"}


def escalating(allowed: dict = ESCALATE_1) -> dict:
    data = board(stage_1=SAME_DAY, stage_2=ONE_DAY_FROM_START)
    data["stages"][0]["escalate_within"] = allowed
    return data


def test_without_a_time_to_escalate_the_next_stage_starts_the_same_day(calendar_table):
    result = run(board(stage_1=SAME_DAY, stage_2=ONE_DAY_FROM_START), calendar_table,
                 raised="2026-04-02")
    # Stage 1 due Thu 2 Apr itself (a working day); stage 2 from then: 1 working day later is
    # Tue 7 Apr (Fri 3 Apr Good Friday, Mon 6 Apr Easter Monday).
    assert [stage["due"] for stage in result["stages"][:2]] == ["2026-04-02", "2026-04-07"]
    assert result["stages"][1]["expected_start"] == "2026-04-02"
    assert result["stages"][0]["escalate_by"] is None
    assert "go to stage 2, Line managers: contact" in result["next_step"]


def test_the_next_stage_is_expected_by_the_time_allowed(calendar_table):
    result = run(escalating(), calendar_table, raised="2026-04-02")
    first, second = result["stages"][:2]
    # Stage 1 ends Thu 2 Apr (its due date, still to come today); + 1 working day: Fri 3 Apr is
    # Good Friday, Mon 6 Apr Easter Monday, so Tue 7 Apr. Stage 2 then counts its 1 working day
    # from Tue 7 Apr: Wed 8 Apr.
    assert first["escalate_by"]["due"] == "2026-04-07"
    assert first["escalate_by"]["what"] == "raise_it"
    assert first["escalate_by"]["stage"] == 2
    assert first["escalate_by"]["passed"] is False
    assert first["escalate_by"]["counted_from"]["happened"] is False
    assert first["escalate_by"]["text"] == "If it is not resolved, raise it at stage 2 by Tue 7 " \
                                           "Apr 2026"
    assert first["escalate_by"]["due_text"] == "Tue 7 Apr 2026, for the concern to be raised"
    assert second["expected_start"] == "2026-04-07"
    assert second["start_text"] == ("Not started; if stage 1 ends unresolved, it is to be raised "
                                    "here by Tue 7 Apr 2026")
    assert second["due"] == "2026-04-08"
    assert ("If it is not resolved, raise it at stage 2, Line managers, by Tue 7 Apr 2026: "
            "contact your line manager.") in result["next_step"]


def test_a_stage_open_late_moves_the_time_to_escalate_and_it_never_passes(calendar_table):
    # Stage 1 was due Thu 2 Apr and is still open on Wed 15 Apr: it ends no earlier than today,
    # so it is to be raised at stage 2 by Thu 16 Apr, and stage 2 (1 working day) is due Fri 17.
    result = run(escalating(), calendar_table, raised="2026-04-02", today="2026-04-15")
    first, second = result["stages"][:2]
    assert first["overdue"] is True
    assert (first["escalate_by"]["due"], first["escalate_by"]["passed"]) == ("2026-04-16", False)
    assert (second["expected_start"], second["due"]) == ("2026-04-16", "2026-04-17")
    assert "if it cannot be settled now, raise it at stage 2 by Thu 16 Apr 2026: contact your " \
           "line manager." in result["do_now"][0]["text"]


def test_once_the_next_stage_has_started_the_time_to_escalate_is_done(calendar_table):
    # Stage 2 started Fri 10 Apr (later than the Tue 7 Apr allowed): stage 1 ended then, so the
    # time counts from a day that happened: Fri 10 Apr + 1 working day = Mon 13 Apr. It is not
    # 'passed' on Mon 20 Apr: the concern was raised at stage 2.
    result = run(escalating(), calendar_table, raised="2026-04-02", today="2026-04-20",
                 started={"2": "2026-04-10"})
    escalate = result["stages"][0]["escalate_by"]
    assert (escalate["due"], escalate["passed"]) == ("2026-04-13", False)
    assert escalate["counted_from"]["happened"] is True
    assert result["stages"][1]["started"] == "2026-04-10"


def test_a_skipped_stage_is_expected_no_later_than_the_stage_after_it_started(calendar_table):
    data = escalating({**ESCALATE_1, "days": 5})
    # Stage 1 due Thu 2 Apr; stage 3 started Tue 7 Apr, so stage 1 ended by Thu 2 Apr and stage
    # 2 was skipped. 5 working days after Thu 2 Apr: Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10
    # (4), Mon 13 Apr (5), later than stage 3's start, so stage 2 is taken to have started by
    # Tue 7 Apr.
    result = run(data, calendar_table, raised="2026-04-02", today="2026-04-08",
                 started={"3": "2026-04-07"})
    assert result["stages"][0]["escalate_by"]["due"] == "2026-04-13"
    assert result["stages"][1]["expected_start"] == "2026-04-07"


def test_on_the_same_working_day_and_in_clock_hours(calendar_table):
    same_day = {**ESCALATE_1, "days": 0, "words": "Escalate on the same working day."}
    result = run(escalating(same_day), calendar_table, raised="2026-04-02")
    # Stage 1 ends Thu 2 Apr, a working day: raise it at stage 2 that same day.
    assert result["stages"][0]["escalate_by"]["due"] == "2026-04-02"
    assert result["stages"][0]["escalate_by"]["basis"] == "same_working_day"
    assert result["stages"][1]["expected_start"] == "2026-04-02"
    hours = {"kind": "clock_hours_after", "hours": 24, "words": "Escalate within 24 hours.",
             "source": "Exampleshire §9.9"}
    result = run(escalating(hours), calendar_table, raised="2026-04-02")
    # Thu 2 Apr + 24 clock hours: Fri 3 Apr, Good Friday.
    escalate = result["stages"][0]["escalate_by"]
    assert (escalate["due"], escalate["basis"]) == ("2026-04-03", "clock_hours")
    assert escalate["not_working_day"] == "not a working day: Good Friday"


# ---------------------------------------------------------------------------------------------
# Wordings already supported, and documented in the schema


def test_same_working_day_is_days_0(calendar_table):
    data = board(stage_1=SAME_DAY)
    # Raised Thu 2 Apr 2026, a working day: due that day.
    assert run(data, calendar_table, raised="2026-04-02")["stages"][0]["due"] == "2026-04-02"
    # Raised Sat 4 Apr: Sun 5, Mon 6 (Easter Monday) are not working days: Tue 7 Apr.
    stage = run(data, calendar_table, raised="2026-04-04")["stages"][0]
    assert (stage["due"], stage["due_basis"]) == ("2026-04-07", "same_working_day")


@pytest.mark.parametrize(("pace", "words"), [("without_delay", "without delay"),
                                             ("as_soon_as_possible", "as soon as possible")])
def test_without_delay_and_as_soon_as_possible_are_none_with_a_pace(calendar_table, pace, words):
    data = board(stage_1=reading("none", f"{words.capitalize()}.", pace=pace, due=DUE))
    result = run(data, calendar_table, raised="2026-04-02")
    assert result["stages"][0]["due"] is None
    assert f"The procedure sets no date: {words}." in result["next_step"]


def test_counting_from_the_day_the_concern_was_identified(calendar_table):
    """'Within 3 working days of identifying the concern': the board's main event in its own
    words; a second event (the day escalation began) works the same way with anchor event."""
    data = board(stage_1=reading("working_days_after", "Within 3 working days of identifying "
                                 "the concern.", days=3, anchor="raised", due=DUE))
    data["events"][0]["label"] = "The day you identified the concern"
    stage = run(data, calendar_table, raised="2026-04-02")["stages"][0]
    # Thu 2 Apr 2026 + 3 working days: Tue 7, Wed 8, Thu 9 Apr.
    assert stage["due"] == "2026-04-09"
    assert stage["due_counted_from"]["text"] == "the day you identified the concern"
    data = board(stage_1=reading("working_days_after", "Within 1 working day of the formal "
                                 "escalation.", days=1, anchor="event", anchor_event="escalated",
                                 due=DUE))
    # Raised Wed 1 Apr; escalation began Thu 2 Apr; + 1 working day: Tue 7 Apr.
    stage = run(data, calendar_table, raised="2026-04-01", today="2026-04-02",
                events={"escalated": "2026-04-02"})["stages"][0]
    assert stage["due"] == "2026-04-07"


def test_the_schema_documents_each_wording():
    defs = SCHEMA["$defs"]
    timescale = defs["timescale"]["description"]
    for words in ("'on the same working day'", "'as soon as possible'", "'without delay'",
                  "`anchor: event`", "became aware", "whichever is sooner",
                  "'within 2 to 5 working days'"):
        assert words in timescale, words
    properties = defs["timescale_reading"]["properties"]
    assert "earliest_of" in properties["kind"]["enum"]
    assert "range" in properties["days_from"]["description"]
    assert "earliest_of" in properties["of"]["description"]
    assert "within 1 working day" in defs["stage"]["properties"]["escalate_within"]["description"]


# ---------------------------------------------------------------------------------------------
# `check`: each bad value is one line naming it


def sooner_with(**changes) -> dict:
    timescale = copy.deepcopy(SOONER)
    for index, part in changes.items():
        timescale["of"][int(index.removeprefix("part_"))] = part
    return timescale


BAD = [
    ("a range that does not start before it ends",
     {"stage_1": {**RANGE, "days_from": 5}},
     "stages[0].timescale.days_from: the range's start (5) must be less than its end, days (5); "
     "for a single number leave days_from out"),
    ("a range of working day numbers from day 0",
     {"stage_2": reading("by_working_day", "Working day 0 to 4.", days_from=0, days=4, due=DUE)},
     "stages[1].timescale.days_from: working day numbers start at 1 (the first day of the "
     "count)"),
    ("a range in clock hours",
     {"stage_1": reading("clock_hours_after", "Within 24 hours.", hours=24, days_from=1,
                         anchor="raised", due=DUE)},
     "stages[0].timescale.days_from: is not used with kind 'clock_hours_after'"),
    ("earliest_of with one reading",
     {"stage_1": {**SOONER, "of": SOONER["of"][:1]}},
     "stages[0].timescale.of: must list at least 2"),
    ("earliest_of with days of its own",
     {"stage_1": {**SOONER, "days": 5}},
     "stages[0].timescale.days: is not used with kind 'earliest_of'"),
    ("earliest_of without its readings",
     {"stage_1": {key: value for key, value in SOONER.items() if key != "of"}},
     "stages[0].timescale: missing 'of'"),
    ("`of` on another kind",
     {"stage_1": {**RANGE, "of": SOONER["of"]}},
     "stages[0].timescale.of: is not used with kind 'working_days_after'"),
    ("a reading of earliest_of that gives no date",
     {"stage_1": sooner_with(part_1=reading("none", "As soon as possible.",
                                            pace="as_soon_as_possible"))},
     "stages[0].timescale.of[1].kind: a part of earliest_of must count a date "
     "(working_days_after, calendar_days_after, by_working_day, clock_hours_after), not 'none'"),
    ("a reading of earliest_of with its own due",
     {"stage_1": sooner_with(part_1=reading("by_working_day", "By working day 3.", days=3,
                                            due=DUE))},
     "stages[0].timescale.of[1].due: a part of earliest_of has no due of its own: give it once, "
     "on the earliest_of timescale"),
    ("a reading of earliest_of counting from a later stage",
     {"stage_1": sooner_with(part_0=reading("working_days_after", "5 days after stage 2 starts.",
                                            days=5, anchor="stage_start", anchor_stage=2))},
     "stages[0].timescale.of[0].anchor_stage: stage 1 cannot count from the start of a later "
     "stage (2)"),
]


@pytest.mark.parametrize(("what", "change", "expected"), BAD, ids=[case[0] for case in BAD])
def test_check_names_each_bad_timescale_in_one_line(calendar_table, what, change, expected):
    assert problems(board(**change), calendar_table) == [expected]


def test_check_refuses_a_time_to_escalate_from_the_last_stage(calendar_table):
    data = board()
    data["stages"][-1]["escalate_within"] = ESCALATE_1
    assert problems(data, calendar_table) == [
        "stages[3].escalate_within: the last stage has no next stage to escalate to: say what "
        "happens in if_unresolved instead"]


@pytest.mark.parametrize(("allowed", "expected"), [
    ({"kind": "clock_hours_after", "words": "Within 24 hours.", "source": "Exampleshire §9.9"},
     "stages[0].escalate_within: missing 'hours'"),
    ({**ESCALATE_1, "kind": "by_working_day"},
     "stages[0].escalate_within.kind: must be one of 'working_days_after', "
     "'calendar_days_after', 'clock_hours_after', not 'by_working_day'"),
    ({**ESCALATE_1, "anchor": "raised"},
     "stages[0].escalate_within.anchor: unknown field 'anchor' (allowed: days, hours, kind, "
     "source, words)"),
])
def test_check_names_a_bad_time_to_escalate(calendar_table, allowed, expected):
    data = board()
    data["stages"][0]["escalate_within"] = allowed
    assert problems(data, calendar_table) == [expected]
