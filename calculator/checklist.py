"""What to say at the stage the case has reached: a short checklist of whom to speak to, what to
have ready, what to record, and what happens if the stage does not settle it in time.

Every item is a fact with its source clause, taken from the board's data and the plan.
Standard library only: the page runs this under Pyodide.
"""

from collections.abc import Mapping

from .wording import in_sentence

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


def _speak_to(board: Mapping, stage: Mapping, planned: Mapping) -> list[dict]:
    items = [_fact(_role(planned, board), planned["contact_source"])]
    if planned["contact_note"]:
        items.append(_fact(planned["contact_note"], planned["contact_source"]))
    other = stage["other_side"]
    items.append(_fact(f"On the other side: {in_sentence(other['text'])}", other["source"]))
    return items


def _due(planned: Mapping) -> dict:
    """The stage's due date and what is due by it, in the plan's own words."""
    if planned["due"]:
        return _fact(f"Due {planned['due_text']}.", planned["due_what_source"])
    return _fact(f"{planned['due_text']}. {planned['timescale']}", planned["timescale_source"])


def _if_unresolved(board: Mapping, stage: Mapping, plan: Mapping) -> list[dict]:
    number = plan["current_stage"]
    items = [_due(plan["stages"][number - 1])]
    if stage.get("if_unresolved"):
        items.append(_fact(stage["if_unresolved"]["text"], stage["if_unresolved"]["source"]))
    # The next stage this agency goes through: a stage only others use is passed over.
    following = next((stage for stage in plan["stages"][number:] if stage["applies"]), None)
    if following is not None:
        items.append(_fact(
            f"Then: stage {following['number']}, {following['title']}: contact "
            f"{in_sentence(_role(following, board))}.", following["contact_source"]))
    elif not plan["ladder"]["complete"]:  # never call the highest stage we hold the last
        items.append(_fact(plan["if_not_resolved"], plan["ladder"]["source"]))
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
        "heading": f"What to do at stage {number}: {planned['title']}",
        "sections": [
            {"id": key, "heading": heading, "items": items[key]}
            for key, heading in HEADINGS.items()
        ],
    }
