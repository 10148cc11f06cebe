"""Training scenarios: made-up cases from a board's `scenarios:` that a trainer steps through.

Each step of a scenario is a question ("what happens next, whom do you contact, and by when?")
and an answer. The story is fiction; the answer is never written by hand: a ladder step's answer
is the calculator's own plan for the step's dates, and an immediate-risk step's answer is the
board's `immediate_risk` data, each with its sources. What a scenario's author states in a
step's `expect` is checked against that answer (`check_expectations`, and `python -m calculator
check`). Standard library only: this runs under Pyodide too.
"""

from collections.abc import Mapping
from datetime import date, timedelta

from .plan import make_plan
from .wording import RISK_999_FIRST, immediate_risk_order

LADDER, IMMEDIATE_RISK = "ladder", "immediate_risk"
ROUTES = (LADDER, IMMEDIATE_RISK)

QUESTION = "What happens next, whom do you contact, and by when?"

#: The project's own line for immediate risk, as on every board's page (calculator/wording.py):
#: not a fact of any procedure. A board that names its own route leads with it.
EMERGENCY = RISK_999_FIRST

#: What a step's `expect` may state, and where the answer keeps it.
EXPECT_KEYS = ("stage", "due", "contact")

_UNCLEAR_PREFIX = "Where the procedure is unclear: "


def step_route(step: Mapping) -> str:
    return step.get("route") or LADDER


def step_request(scenario: Mapping, step: Mapping) -> dict:
    """The calculator's input for one step (as `make_plan` takes it)."""
    return {
        "agency": scenario.get("agency"),
        "raised": scenario["raised"],
        "started": dict(step.get("started") or {}),
        "agreed": dict(step.get("agreed") or {}),
        "events": dict(step.get("events") or {}),
        "today": step["today"],
    }


# ---------------------------------------------------------------------------------------------
# Answers


def _touched(board: Mapping, scenario: Mapping) -> list[Mapping]:
    ids = list(scenario.get("touches") or [])
    by_id = {item["id"]: item for item in board["unclear"]}
    return [by_id[item_id] for item_id in ids if item_id in by_id]


def _ladder_answer(board: Mapping, scenario: Mapping, plan: dict) -> dict:
    stage = plan["stages"][plan["current_stage"] - 1]
    touched = _touched(board, scenario)
    prefixes = tuple(f"{_UNCLEAR_PREFIX}{item['topic']}." for item in touched)
    return {
        "kind": LADDER,
        "stage": plan["current_stage"],
        "total_stages": plan["total_stages"],
        "stage_of": plan["stage_of"],
        "stage_title": stage["title"],
        "stage_source": stage["source"],
        "next_step": plan["next_step"],
        "contact": stage["contact"],
        "contact_generic": stage["contact_generic"],
        "contact_note": stage["contact_note"],
        "contact_source": stage["contact_source"],
        "due": stage["due"],
        "due_text": stage["due_text"],
        "heading": plan["heading"],
        "do_now": plan["do_now"],
        "timescale": stage["timescale"],
        "timescale_source": stage["timescale_source"],
        "overdue": stage["overdue"],
        "alternative_dues": [
            {"due": alt["due"], "due_text": alt["due_text"],
             "words": alt["words"], "source": alt["source"]}
            for alt in stage["alternative_dues"]
        ],
        "deadlines": [
            {"label": entry["label"], "reading": entry["reading"], "due": entry["due"],
             "due_text": entry["due_text"], "passed": entry["passed"],
             "words": entry["words"], "source": entry["source"]}
            for entry in plan["deadlines"]
        ],
        # only the plan's warnings about the entries the scenario touches (none if it touches
        # none: str.startswith of an empty tuple is False)
        "warnings": [warning for warning in plan["warnings"] if warning.startswith(prefixes)],
        "unclear": [
            {"id": item["id"], "topic": item["topic"], "we_use": item["we_use"],
             "readings": [{"text": r["text"], "source": r["source"]} for r in item["readings"]]}
            for item in touched
        ],
    }


def _immediate_risk_answer(board: Mapping) -> dict:
    risk = board["immediate_risk"]
    return {
        "kind": IMMEDIATE_RISK,
        **immediate_risk_order(bool(risk["contacts"])),
        "summary": risk["summary"]["text"],
        "source": risk["summary"]["source"],
        "contacts": [
            {key: contact[key] for key in ("name", "for", "phone", "source") if key in contact}
            for contact in risk["contacts"]
        ],
    }


def step_answer(board: Mapping, scenario: Mapping, step: Mapping, calendar: Mapping) -> dict:
    """One step's answer. The step's dates are checked as calculator input on every route, so a
    step that is not valid input raises InputError even where the answer is not the ladder."""
    plan = make_plan(board, step_request(scenario, step), calendar)
    if step_route(step) == IMMEDIATE_RISK:
        return _immediate_risk_answer(board)
    return _ladder_answer(board, scenario, plan)


def scenario_steps(board: Mapping, scenario: Mapping, calendar: Mapping) -> list[dict]:
    """Every step of the scenario as question and answer (JSON-ready); InputError if a step is
    not valid calculator input."""
    return [
        {
            "number": number,
            "today": step["today"],
            "story": step["story"],
            "route": step_route(step),
            "question": QUESTION,
            "answer": step_answer(board, scenario, step, calendar),
        }
        for number, step in enumerate(scenario["steps"], 1)
    ]


# ---------------------------------------------------------------------------------------------
# What the author expected


def expectation_mismatches(step: Mapping, answer: Mapping) -> list[tuple[str, str]]:
    """(the key of `expect`, what is wrong) for each stated expectation the answer does not
    bear out; an immediate-risk step has no stage, due date or contact to expect."""
    expect = step.get("expect") or {}
    if not expect:
        return []
    if answer["kind"] != LADDER:
        return [("", "an immediate-risk step has no stage, due date or contact to expect; "
                     "remove its expect")]
    mismatches = []
    for key in EXPECT_KEYS:
        if key in expect and expect[key] != answer[key]:
            mismatches.append(
                (key, f"expected {key} {_shown(expect[key])}, "
                      f"the calculator says {_shown(answer[key])}"))
    return mismatches


def _shown(value: object) -> str:
    return "none" if value is None else str(value)


def check_expectations(board: Mapping, scenario: Mapping, calendar: Mapping) -> list[str]:
    """One line per stated expectation the calculator does not bear out; [] when all agree."""
    lines = []
    for number, (step, answer) in enumerate(
        zip(scenario["steps"], (s["answer"] for s in scenario_steps(board, scenario, calendar)),
            strict=True), 1,
    ):
        for _, message in expectation_mismatches(step, answer):
            lines.append(f"{board['id']}/{scenario['id']} step {number}: {message}")
    return lines


# ---------------------------------------------------------------------------------------------
# What a complete set of scenarios covers (a board appears without it; `check` notes the gaps)

SCENARIOS_FOR_COMPLETE_ENTRY = 3


def _raised_before_easter(scenario: Mapping, holiday_names: Mapping[str, str]) -> bool:
    """Raised on a Thursday whose next day is Good Friday: the four-day weekend every
    working-day count must step over."""
    raised = date.fromisoformat(scenario["raised"])
    return (raised.weekday() == 3
            and holiday_names.get((raised + timedelta(days=1)).isoformat()) == "Good Friday")


def training_gaps(board: Mapping, calendar: Mapping) -> list[str]:
    """What the board's scenarios do not yet cover, in the words `check` prints as notes.
    Run only on scenarios that have passed `check`."""
    scenarios = board["scenarios"]
    holiday_names = {entry["date"]: entry["name"] for entry in calendar["bank_holidays"]}
    answers = [step["answer"] for scenario in scenarios
               for step in scenario_steps(board, scenario, calendar)]
    last = len(board["stages"])
    wanted = [
        (len(scenarios) >= SCENARIOS_FOR_COMPLETE_ENTRY,
         f"{len(scenarios)} training scenario(s): a complete entry has at least "
         f"{SCENARIOS_FOR_COMPLETE_ENTRY}"),
        (any(_raised_before_easter(scenario, holiday_names) for scenario in scenarios),
         "no scenario is raised on the Thursday before Good Friday"),
        (any(a["kind"] == LADDER and a["stage"] == last for a in answers),
         f"no scenario climbs to the last stage (stage {last})"),
        (any(a["kind"] == IMMEDIATE_RISK for a in answers),
         "no scenario has an immediate-risk step (route: immediate_risk)"),
        (not board["unclear"] or any(scenario.get("touches") for scenario in scenarios),
         "no scenario touches an unclear entry (touches: [...])"),
    ]
    return [words for covered, words in wanted if not covered]
