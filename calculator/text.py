"""A plan as text for people: the answer first, then the ladder as a table, then the detail."""

from datetime import date
from textwrap import wrap

from .dates import human_date

_WIDTH = 96
_BASIS_NOTE = {
    "clock_hours": "clock hours: by the time of day the stage started",
    "calendar_days": "calendar days",
    "agreed": "the date you agreed",
}
COUNTING_NOTE = (
    "Working days are Monday to Friday, except bank holidays in England and Wales. 'Within N "
    "working days of a date' is the N-th working day after it; the date itself never counts. "
    "'By working day N' counts the day raised as day 1 if it is a working day."
)


_NO_DUE = {
    "none": "none set",
    "unknown_anchor": "after the stage before",
}


def _day(iso: str | None) -> str:
    return human_date(date.fromisoformat(iso)) if iso else "no date"


def _due(stage: dict) -> str:
    """The due date, or why there is none: no timescale, or one that counts from a stage
    whose own end is not known yet."""
    if not stage["due"]:
        return _NO_DUE.get(stage["due_basis"], "no date")
    return _day(stage["due"]) + (" (agreed)" if stage["due_basis"] == "agreed" else "")


def _status(stage: dict) -> str:
    return "OVERDUE" if stage["overdue"] else stage["status"]


def _wrapped(label: str, text: str, width: int = 11) -> list[str]:
    lines = wrap(text, _WIDTH - width - 3) or [""]
    return [f"  {label:<{width}} {lines[0]}"] + [f"  {'':<{width}} {line}" for line in lines[1:]]


def _table(stages: list[dict]) -> list[str]:
    rows = [("Stage", "Status", "Started", "Due")] + [
        (str(s["number"]), _status(s), _day(s["started"]) if s["started"] else "",
         _due(s))
        for s in stages
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def _stage_detail(stage: dict) -> list[str]:
    lines = [f"Stage {stage['number']}: {stage['title']} [{_status(stage)}]"]
    due = _due(stage)
    if stage["due"] and stage["due_basis"] in _BASIS_NOTE:
        due += f" ({_BASIS_NOTE[stage['due_basis']]})"
    lines += _wrapped("Due", due)
    lines += _wrapped("Timescale", f"{stage['timescale']} ({stage['timescale_source']})")
    for alternative in stage["alternative_dues"]:
        lines += _wrapped("Or", f"{_day(alternative['due'])}: {alternative['words']} "
                                f"({alternative['source']})")
    generic = " (generic role)" if stage["contact_generic"] else ""
    lines += _wrapped("Contact", f"{stage['contact']}{generic} ({stage['contact_source']})")
    if stage["contact_note"]:
        lines += _wrapped("", stage["contact_note"])
    return lines


def render_plan(plan: dict) -> str:
    calendar = plan["calendar"]
    current = plan["stages"][plan["current_stage"] - 1]
    lines = [
        f"{plan['board_name']}: escalation plan",
        f"Raised {_day(plan['raised'])}; today {_day(plan['today'])}; "
        f"your agency: {plan['agency']['name']}",
        "",
        f"You are at stage {plan['current_stage']} of {plan['total_stages']}: {current['title']}.",
        *wrap(plan["next_step"], _WIDTH),
        "",
        *_table(plan["stages"]),
        "",
    ]
    for stage in plan["stages"]:
        lines += [*_stage_detail(stage), ""]
    if plan["deadlines"]:
        lines.append("Overall deadlines")
        for deadline in plan["deadlines"]:
            reading = "" if deadline["reading"] == "primary" else " (another reading)"
            passed = " [passed]" if deadline["passed"] else ""
            lines += _wrapped(_day(deadline["due"]),
                              f"{deadline['label']}{reading}{passed}: {deadline['words']} "
                              f"({deadline['source']})", width=15)
        lines.append("")
    if plan["warnings"]:
        lines.append("Warnings")
        for warning in plan["warnings"]:
            text = wrap(warning, _WIDTH - 4)
            lines += [f"  - {text[0]}"] + [f"    {line}" for line in text[1:]]
        lines.append("")
    extra = ", ".join(e["date"] for e in calendar["extra_non_working_days"]) or "none"
    lines += wrap(
        f"{COUNTING_NOTE} Calendar: {calendar['package']} {calendar['version']}, "
        f"{calendar['region']}, {calendar['first_year']} to {calendar['last_year']}; "
        f"extra non-working days: {extra}.", _WIDTH)
    return "\n".join(lines) + "\n"
