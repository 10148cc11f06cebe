"""A plan as text for people: the answer first, then the ladder as a table, then the detail."""

from datetime import date
from textwrap import wrap

from .dates import human_date
from .wording import LATE_CASE_RULE, counting_rules

_WIDTH = 96


def counting_note(plan: dict) -> str:
    """The counting rules this plan's dates use, and no others."""
    bases = {stage["due_basis"] for stage in plan["stages"]} | {
        entry["basis"] for entry in plan["deadlines"]} | {
        alt["basis"] for stage in plan["stages"] for alt in stage["alternative_dues"]} | {
        part["basis"] for stage in plan["stages"] for part in stage["due_parts"]} | {
        stage["escalate_by"]["basis"] for stage in plan["stages"] if stage["escalate_by"]}
    return counting_rules(bases)


def _day(iso: str | None) -> str:
    return human_date(date.fromisoformat(iso)) if iso else "no date"


#: Why a stage has no date, in the table (any other basis: not known yet).
_NO_DUE = {"none": "none set", "not_applicable": "not for your agency"}


def _due(stage: dict) -> str:
    """The due date in the table: the date, or why there is none."""
    if not stage["due"]:
        return _NO_DUE.get(stage["due_basis"], "not known yet")
    return _day(stage["due"]) + (" (entered)" if stage["due_basis"] == "agreed" else "")


def _wrapped(label: str, text: str, width: int = 11) -> list[str]:
    lines = wrap(text, _WIDTH - width - 3) or [""]
    return [f"  {label:<{width}} {lines[0]}"] + [f"  {'':<{width}} {line}" for line in lines[1:]]


def _table(stages: list[dict]) -> list[str]:
    rows = [("Stage", "Status", "Started", "Due")] + [
        (str(s["number"]), s["status_text"], _day(s["started"]) if s["started"] else "",
         _due(s))
        for s in stages
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def _stage_detail(stage: dict) -> list[str]:
    lines = [f"Stage {stage['number']}: {stage['title']} [{stage['status_text']}]"]
    if not stage["applies"]:  # a stage only other agencies use: why, and nothing to do
        return lines + _wrapped("Why", f"{stage['due_text']} ({stage['source']})")
    lines += _wrapped("If", f"You are at this stage if {stage['you_are_here']['text']} "
                            f"({stage['you_are_here']['source']})")
    lines += _wrapped("When", stage["start_text"])
    lines += _wrapped("Due", stage["due_text"])
    if stage["due_counted_from"]:
        lines += _wrapped("From", stage["due_counted_from"]["text"])
    lines += _wrapped("Timescale", f"{stage['timescale']} ({stage['timescale_source']})")
    if stage["escalate_by"]:
        escalate = stage["escalate_by"]
        lines += _wrapped("Escalate", f"{escalate['text']}. {escalate['words']} "
                                      f"({escalate['source']})")
    for alternative in stage["alternative_dues"]:
        lines += _wrapped("Or", f"{alternative['due_text']}: {alternative['words']} "
                                f"({alternative['source']})")
    generic = " (generic role)" if stage["contact_generic"] else ""
    lines += _wrapped("Contact", f"{stage['contact']}{generic} ({stage['contact_source']})")
    if stage["contact_note"]:
        lines += _wrapped("", stage["contact_note"])
    return lines


def render_plan(plan: dict) -> str:
    other = f"; the other agency: {plan['other_agency']['name']}" if plan["other_agency"] else ""
    lines = [
        f"{plan['board_name']}: escalation plan",
        *([plan["partners_text"]] if plan["partners_text"] else []),
        *(f"{event['label']}: {_day(event['date'])}"
          + ("" if event["given"] else " (not given: the same day as the first)")
          for event in plan["events"]),
        f"Today: {_day(plan['today'])}; your agency: {plan['agency']['name']}{other}",
        "",
        f"{plan['heading']}.",
    ]
    if plan["do_now"]:
        lines.append("DO THIS NOW")
        for item in plan["do_now"]:
            text = wrap(f"{item['text']} ({item['source']})", _WIDTH - 4)
            lines += [f"  - {text[0]}"] + [f"    {line}" for line in text[1:]]
        lines.append("Next step")
    lines += [
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
            lines += _wrapped(_day(deadline["due"]),
                              f"{deadline['label']}{reading}: {deadline['due_text']}. "
                              f"{deadline['words']} ({deadline['source']})", width=15)
        lines.append("")
    if plan["warnings"]:
        lines.append("Warnings")
        for warning in plan["warnings"]:
            text = wrap(warning, _WIDTH - 4)
            lines += [f"  - {text[0]}"] + [f"    {line}" for line in text[1:]]
        lines.append("")
    lines += wrap(f"{counting_note(plan)} {LATE_CASE_RULE} {plan['calendar_text']}", _WIDTH)
    return "\n".join(lines) + "\n"
