"""A printable record of escalation: the board's own record fields (or, where it has none, the
fields its procedure asks to be recorded), with what the plan already knows filled in.

`record_for` gives the record as plain data for the page; `record_text` gives it as plain text
to paste into a case-recording system. Standard library only: the page runs this under Pyodide.
Nothing here stores or sends what the user types.
"""

from collections.abc import Mapping
from datetime import date
from textwrap import wrap

from .dates import human_date, human_month_or_date
from .policy import ANY_AGENCY
from .wording import lower_first, stage_of

TITLE = "Record of escalation"
NOTICE = (
    "Nothing you type in this record is stored or sent anywhere: it stays in this browser tab, "
    "and printing or copying it is your choice."
)
#: The plain text is wrapped to this width (the project's limit is 100 columns).
WIDTH = 96
#: Empty lines left to write in, by field kind, in the plain text.
_BLANK_LINES = {"line": 1, "date": 1, "yes_no": 1, "text": 3}
_DEFAULT_KIND = "line"
#: Continuation lines hang under the text after a label up to this long.
_LONG_LABEL = 30


# ---------------------------------------------------------------------------------------------
# Dates in words (shared with the checklist)


def day_words(iso: str | None) -> str:
    """'2026-11-19' -> 'Thu 19 Nov 2026', the format the command line uses."""
    return human_date(date.fromisoformat(iso)) if iso else ""


# ---------------------------------------------------------------------------------------------
# The record as data


def _stage_dates(plan: Mapping) -> str:
    """One line for each stage the case has reached: when it started and when it is due."""
    lines = []
    for stage in plan["stages"]:
        if stage["status"] == "upcoming" or (not stage["applies"]
                                             and stage["number"] > plan["current_stage"]):
            continue
        if not stage["applies"]:  # passed over: say so, so the gap in the numbers is clear
            lines.append(f"Stage {stage['number']}: {stage['status_text'].lower()}")
            continue
        started = (f"started {day_words(stage['started'])}" if stage["started"]
                   else "start date not given")
        due = f"due {stage['due_text']}" if stage["due"] else lower_first(stage["due_text"])
        lines.append(f"Stage {stage['number']}: {started}; {due}")
    return "\n".join(lines)


def _current_stage(plan: Mapping) -> str:
    number = plan["current_stage"]
    title = plan["stages"][number - 1]["title"]
    return f"Stage {plan['stage_of']}, {title}"


def _filled(fill: str | None, board: Mapping, plan: Mapping) -> str:
    if fill is None:
        return ""
    if fill == "raised":
        return day_words(plan["raised"])
    if fill == "current_stage":
        return _current_stage(plan)
    if fill == "stage_dates":
        return _stage_dates(plan)
    if fill == "agency":
        # The generic choice ("Any agency") names no agency: leave it to be written in.
        return "" if plan["agency"]["id"] == ANY_AGENCY else plan["agency"]["name"]
    if fill == "board":
        return board["name"]
    raise ValueError(f"unknown fill {fill!r}")  # the schema makes this unreachable


def _procedure(board: Mapping, partners: str | None) -> dict:
    document = board["source_document"]
    return {
        "partners_text": partners,
        "title": document["title"],
        "publisher": document["publisher"],
        "version": document["version"],
        "dates": [f"{entry['event']}: {human_month_or_date(entry['date'])}"
                  for entry in document["dates"]],
        "source": document["source"],
        "text": _procedure_text(document) + (f" {partners}" if partners else ""),
    }


def _procedure_text(document: Mapping) -> str:
    """'Title. Version 7.0 (Implemented: October 2023).' for the page's record."""
    version = f"Version {document['version']}" if document["version"] else "No version stated"
    dates = "; ".join(f"{entry['event']}: {human_month_or_date(entry['date'])}"
                      for entry in document["dates"])
    return f"{document['title']}. {version}{f' ({dates})' if dates else ''}."


_STAGE_KEYS = ("number", "title", "status", "status_text", "started", "due", "due_basis",
               "due_text", "contact", "contact_note", "contact_source", "timescale", "source")
_DEADLINE_KEYS = ("label", "due", "due_text", "words", "source", "reading")


def record_for(board: Mapping, plan: Mapping) -> dict:
    """The record of escalation for a plan (exactly what `make_plan` returned for this board),
    as plain JSON-ready data. Dates of the plan stay YYYY-MM-DD; filled-in values are words."""
    records = board["records"]
    return {
        "title": TITLE,
        "board": {"id": board["id"], "name": board["name"], "short_name": board["short_name"]},
        "procedure": {**_procedure(board, plan["partners_text"]),
                      "ladder_complete": plan["ladder"]["complete"]},
        "agency": plan["agency"]["name"],
        "raised": plan["raised"],
        "events": [{key: event[key] for key in ("id", "label", "date", "given")}
                   for event in plan["events"]],
        "today": plan["today"],
        "current_stage": plan["current_stage"],
        "stages": [{key: stage[key] for key in _STAGE_KEYS} for stage in plan["stages"]],
        "deadlines": [{key: entry[key] for key in _DEADLINE_KEYS} for entry in plan["deadlines"]],
        "fields": [
            {
                "id": field["id"],
                "label": field["label"],
                "kind": field.get("kind", _DEFAULT_KIND),
                "help": field.get("help"),
                "source": field["source"],
                "value": _filled(field.get("fill"), board, plan),
            }
            for field in records["fields"]
        ],
        "keep": [{"text": fact["text"], "source": fact["source"]} for fact in records["keep"]],
        "forms": [{"name": form["name"], "text": form["text"], "source": form["source"]}
                  for form in records["forms"]],
        "notice": NOTICE,
    }


# ---------------------------------------------------------------------------------------------
# The record as plain text


def _clean(text: str) -> str:
    """One paragraph or several, with LF line endings and no tabs."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").strip()


def _para(text: str, indent: int = 0, hanging: int = 0) -> list[str]:
    """Wrapped to WIDTH; lines after the first indented `hanging` columns more."""
    first, rest = " " * indent, " " * (indent + hanging)
    return wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [""]


def _labelled(label: str, text: str, indent: int = 2, hanging: int | None = None) -> list[str]:
    """'Label: text', wrapped, with continuation lines under the text (or, after a long label
    or where `hanging` says, indented a little)."""
    if hanging is None:
        hanging = len(label) + 2 if len(label) <= _LONG_LABEL else 4
    return _para(f"{label}: {text}", indent, hanging)


def _heading(text: str) -> list[str]:
    return ["", text, "-" * len(text)]


def _procedure_lines(record: Mapping) -> list[str]:
    procedure = record["procedure"]
    version = f"version {procedure['version']}" if procedure["version"] else "no version stated"
    lines = _labelled("Procedure", f"{procedure['title']}, {procedure['publisher']} ({version})",
                      0)
    if procedure["dates"]:
        lines += _labelled("Dates", "; ".join(procedure["dates"]), 0)
    return lines + _labelled("Source", procedure["source"], 0)


def _stage_lines(stage: Mapping) -> list[str]:
    lines = _para(f"Stage {stage['number']}: {stage['title']} [{stage['status_text']}]")
    started = day_words(stage["started"]) or "-"
    lines += _labelled("Started", started, 4)
    lines += _labelled("Due", stage["due_text"], 4)
    lines += _labelled("Contact", f"{stage['contact']} ({stage['contact_source']})", 4)
    if stage["contact_note"]:
        lines += _para(stage["contact_note"], 4 + len("Contact: "))
    lines += _labelled("Source", stage["source"], 4)
    return lines


def _deadline_lines(entry: Mapping) -> list[str]:
    another = " (another reading)" if entry["reading"] != "primary" else ""
    return _labelled(f"{entry['label']}{another}",
                     f"{entry['due_text']}. {entry['words']} ({entry['source']})", hanging=4)


def _field_lines(field: Mapping, value: str) -> list[str]:
    value = _clean(value)
    label = field["label"]
    if not value:
        return _para(f"{label}:", 0, 4) + [""] * _BLANK_LINES.get(field["kind"], 1)
    paragraphs = value.split("\n")
    if len(paragraphs) == 1 and field["kind"] != "text":
        return _labelled(label, value, 0)
    lines = _para(f"{label}:", 0, 4)
    for paragraph in paragraphs:
        lines += _para(paragraph.strip(), 2, 2) if paragraph.strip() else [""]
    return lines


def _url_lines(page_url: str) -> list[str]:
    """The address whole on one line where it fits (never split at its hyphens)."""
    url = _clean(page_url).replace("\n", "")
    if len(f"Worked out at {url}") <= WIDTH:
        return [f"Worked out at {url}"]
    return ["Worked out at", *wrap(url, WIDTH, break_on_hyphens=False)]


def record_text(
    record: Mapping, values: Mapping[str, str] | None = None, page_url: str | None = None
) -> str:
    """The record as plain text (LF line endings, at most WIDTH columns, the same text for the
    same input). `values` maps field ids to what the user wrote: a field given there shows that
    text instead of the filled-in value, even when it is empty; unknown ids are ignored."""
    values = values or {}
    board = record["board"]
    lines = [record["title"], "=" * len(record["title"]), ""]
    lines += _labelled("Board", f"{board['name']} ({board['short_name']})", 0)
    if record["procedure"]["partners_text"]:
        lines += _para(record["procedure"]["partners_text"])
    lines += _procedure_lines(record)
    lines += _labelled("Your agency", record["agency"], 0)
    for event in record["events"]:
        given = "" if event["given"] else " (not given: counted as the first date)"
        lines += _labelled(event["label"], day_words(event["date"]) + given, 0)
    lines += _labelled("Stage reached", stage_of(record["current_stage"], len(record["stages"]),
                                                 record["procedure"]["ladder_complete"]), 0)
    lines += _labelled("Dates worked out on", day_words(record["today"]), 0)

    lines += _heading("Stages")
    for stage in record["stages"]:
        lines += _stage_lines(stage)
    if record["deadlines"]:
        lines += _heading("Deadlines")
        for entry in record["deadlines"]:
            lines += _deadline_lines(entry)

    lines += _heading("Record")
    for field in record["fields"]:
        value = values.get(field["id"], field["value"])
        lines += _field_lines(field, "" if value is None else str(value))
        lines.append("")

    lines += _heading("Source clauses")[1:]
    sources = {field["source"] for field in record["fields"]}
    if len(sources) == 1 and len(record["fields"]) > 1:
        lines += _labelled("Every field above", sources.pop(), hanging=4)
    else:
        for field in record["fields"]:
            lines += _labelled(field["label"], field["source"], hanging=4)
    if page_url:
        lines += ["", *_url_lines(page_url)]
    return "\n".join(line.rstrip() for line in lines) + "\n"
