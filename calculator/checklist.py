"""What to say at the stage the case has reached: a short checklist of whom to speak to, what to
have ready, what to record, and what happens if the stage does not settle it in time.

Every item is a fact with its source clause, taken from the board's data and the plan.
Standard library only: the page runs this under Pyodide.
"""

from collections.abc import Mapping

from .record import day_words

HEADINGS = {
    "speak_to": "Who to speak to",
    "have_ready": "What to have ready",
    "record": "What to record",
    "if_unresolved": "If it is not resolved by the due date",
}


def _fact(text: str, source: str) -> dict:
    return {"text": text, "source": source}


def _facts(items: object) -> list[dict]:
    return [_fact(item["text"], item["source"]) for item in items or ()]


def _role(stage: Mapping, board: Mapping) -> str:
    """The plan's role for a stage: the agency's own where the procedure names one. A board
    that names no agencies has only the general roles, so they are not labelled generic."""
    generic = stage["contact_generic"] and bool(board["agencies"])
    return stage["contact"] + (" (generic role)" if generic else "")


#: First words that are lower case mid-sentence ('Your line manager' -> 'your line manager');
#: any other first word (a name, a title such as 'Line Manager') keeps its capital.
_COMMON_FIRST_WORDS = frozenset({"Your", "The", "Their", "Nobody", "Senior"})


def _in_sentence(text: str) -> str:
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in _COMMON_FIRST_WORDS else text


def _speak_to(board: Mapping, stage: Mapping, planned: Mapping) -> list[dict]:
    items = [_fact(_role(planned, board), planned["contact_source"])]
    if planned["contact_note"]:
        items.append(_fact(planned["contact_note"], planned["contact_source"]))
    other = stage["other_side"]
    items.append(_fact(f"On the other side: {_in_sentence(other['text'])}", other["source"]))
    return items


def _due(planned: Mapping) -> dict:
    """The stage's due date in words, or why there is none yet."""
    source, words = planned["timescale_source"], planned["timescale"]
    basis, day = planned["due_basis"], day_words(planned["due"])
    passed = " That date has passed." if planned["overdue"] else ""
    if not planned["due"]:
        if basis == "unknown_anchor":
            return _fact("No due date yet: it counts from the end of an earlier stage, which is "
                         f"not known yet. {words}", source)
        return _fact(f"No due date is set yet. {words}", source)
    if basis == "agreed":
        return _fact(f"Due {day}: the date agreed between you.{passed}", source)
    if basis == "clock_hours":
        return _fact(f"Due {day}, by the time of day the stage started (clock hours, not "
                     f"working days).{passed}", source)
    if basis == "calendar_days":
        return _fact(f"Due {day} (calendar days).{passed}", source)
    return _fact(f"Due {day}.{passed}", source)


def _if_unresolved(board: Mapping, stage: Mapping, plan: Mapping) -> list[dict]:
    number = plan["current_stage"]
    items = [_due(plan["stages"][number - 1])]
    if stage.get("if_unresolved"):
        items.append(_fact(stage["if_unresolved"]["text"], stage["if_unresolved"]["source"]))
    if number < len(plan["stages"]):
        following = plan["stages"][number]
        items.append(_fact(
            f"Then: stage {number + 1}, {following['title']}: contact "
            f"{_in_sentence(_role(following, board))}.", following["contact_source"]))
    return items


def checklist_for(board: Mapping, plan: Mapping) -> dict:
    """The checklist for the plan's current stage (the plan is what `make_plan` returned for
    this board): {stage, title, sections: [{id, heading, items: [{text, source}]}]}."""
    number = plan["current_stage"]
    stage, planned = board["stages"][number - 1], plan["stages"][number - 1]
    items = {
        "speak_to": _speak_to(board, stage, planned),
        "have_ready": _facts(stage.get("have_ready")),
        "record": _facts(stage["record"]) or _facts(board["records"]["keep"]),
        "if_unresolved": _if_unresolved(board, stage, plan),
    }
    return {
        "stage": number,
        "title": planned["title"],
        "sections": [
            {"id": key, "heading": heading, "items": items[key]}
            for key, heading in HEADINGS.items()
        ],
    }
