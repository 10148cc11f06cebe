"""What the page's form asks, in each board's own words: the label and hint of every date, and
the line under each stage that tells a practitioner whether they are at it.

Built with the board's other data at build time (scripts/sitegen/data.py), so that the page's
JavaScript only draws what Python wrote. Standard library only, like the rest of the core.
"""

from .policy import Board
from .wording import USER_DATE, and_list, in_sentence

DATE_EXAMPLE = "For example, 27 3 2026."


def _event_fields(board: Board) -> list[dict]:
    main = board.main_event
    fields = [{"id": main.id, "label": main.label, "hint": f"{main.hint} {DATE_EXAMPLE}",
               "required": True, "source": main.source}]
    for event in board.other_events:
        fields.append({
            "id": event.id, "label": event.label, "required": False, "source": event.source,
            "hint": f"{event.hint} Leave it blank if it was the same day as "
                    f"{in_sentence(main.label)}: it is then counted from that day.",
        })
    return fields


def _only_for(board: Board, agencies: tuple[str, ...]) -> str:
    """Under a stage only some agencies use: whom it is for (others pass over it)."""
    if not agencies:
        return ""
    names = and_list([board.agency_name(agency) for agency in agencies])
    return f". This stage is only for {names}: other agencies go past it."


def _stage_fields(board: Board) -> list[dict]:
    stages = []
    for stage in board.stages:
        reading = stage.timescale.primary
        user_date = USER_DATE.get(reading.date_set_by or "")
        stages.append({
            "number": stage.number,
            "title": stage.title,
            "you_are_here": f"You are at this stage if {stage.you_are_here.text}"
                            + _only_for(board, stage.agencies),
            "you_are_here_source": stage.you_are_here.source,
            "started_label": f"The date stage {stage.number} started",
            "agreed_allowed": stage.timescale.set_by_user,
            "agreed_label": user_date["label"].format(number=stage.number) if user_date else None,
            "agreed_hint": user_date["hint"] if user_date else None,
        })
    return stages


def _other_agency_field(board: Board) -> dict | None:
    """The question 'which agency do you disagree with?', only for a board whose roles depend
    on it (a role with `other_agency`)."""
    if not board.uses_other_agency():
        return None
    return {
        "label": "The agency you disagree with",
        "hint": "Some of the roles to contact depend on it. Leave it as 'Not chosen' if it is "
                "not listed: your agency's usual roles are shown.",
        "options": [{"id": "", "name": "Not chosen"}]
                   + [{"id": agency.id, "name": agency.name} for agency in board.agencies],
    }


def form_words(board: Board) -> dict:
    """Everything the form says for this board, as JSON-ready data."""
    return {
        "other_agency": _other_agency_field(board),
        "events": _event_fields(board),
        "reached_hint": f"Stage 1 starts on {in_sentence(board.main_event.label)}.",
        "stages": _stage_fields(board),
    }
