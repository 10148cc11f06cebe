"""The site's generated pages: board data in, Markdown out.

Pure functions, no file access: an MkDocs hook calls `generated_pages` on every build, and the
hand-written home page takes `board_list_markdown` and `immediate_risk_markdown` through
markers. Every string from the YAML goes through `escape_md`, so a `|`, `*` or `<` in the data
shows as itself and never turns into markup. Links are relative links to .md files, which
MkDocs resolves and checks (`mkdocs build --strict`).

The Markdown is Python-Markdown with admonition, attr_list, md_in_html, tables, toc, def_list
and pymdownx.details.
"""

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from urllib.parse import quote

from calculator import wording
from calculator.dates import human_date, human_month_or_date, last_day_of

# The page must say exactly what the calculator's plan says, so these come from the calculator
# rather than being written again here (the role lookup, the review rules, the counting note).
from calculator.plan import contact_for, review_warnings
from calculator.policy import ANY_AGENCY, Board, Stage, board_from_data
from calculator.wording import (
    DUE_NOUNS,
    LATE_CASE_RULE,
    PACE_WORDS,
    RISK_999_AFTER,
    RISK_NO_WAITING,
    USER_DATE,
    immediate_risk_order,
)
from calculator.workdays import WorkingCalendar, calendar_from_data, extra_days_from_data

# ---------------------------------------------------------------------------------------------
# Escaping and small building blocks

#: Characters that Python-Markdown (with the tables and attr_list extensions) reads as markup
#: anywhere in a line; a backslash makes each one literal.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]|#])")
#: A line that starts like a list item ("- ", "1. "), a definition (": "), an admonition
#: ("!!!"), a details block ("???"), a rule or a fence.
_BLOCK_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=:?!~])(?=\s|\3|$)")


def escape_md(text: str) -> str:
    """`text` as literal Markdown text on one line: whitespace collapsed, HTML characters as
    entities, inline markup characters backslashed, and a block-starting first character
    (`- `, `1.`, `: `, `!!!`, `???`) written as an entity so the line stays a paragraph."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    text = _BACKSLASHED.sub(r"\\\1", text)
    return _BLOCK_START.sub(_entity_for_block_start, text, count=1)


def _entity_for_block_start(match: re.Match) -> str:
    if match.group(1) is not None:  # "2015. ..." would start an ordered list
        return f"{match.group(1)}&#{ord(match.group(2))};"
    return f"&#{ord(match.group(3))};"


def source_md(source: str) -> str:
    """The one style every source clause is shown in."""
    return f'<small class="source">Source: {escape_md(source)}</small>'


def fact_md(fact: Mapping) -> str:
    """A `{text, source}` fact: the text, then its source."""
    return f"{escape_md(fact['text'])} {source_md(fact['source'])}"


def _sentence(text: str) -> str:
    """`text` ending in a full stop, so that what follows it starts a new sentence."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _blocks(*parts: str) -> str:
    """Markdown blocks, one blank line apart; empty parts are left out."""
    return "\n\n".join(part for part in parts if part)


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def _definitions(entries: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A definition list; a definition of several paragraphs is indented under its term."""
    blocks = []
    for term, paragraphs in entries:
        first, *rest = paragraphs
        blocks.append("\n".join([term, f":   {first}", *(f"\n    {para}" for para in rest)]))
    return "\n\n".join(blocks)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.split("\n"))


def _admonition(kind: str, title: str, body: str) -> str:
    """An admonition in Markdown syntax; `title` is our own text, never data."""
    return f'!!! {kind} "{title}"\n\n{_indent(body)}'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped (escape_md escapes `|`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


#: What stays as it is in a link's address; spaces and brackets are %-encoded so that the
#: address cannot end the Markdown link early.
_URL_SAFE = ":/?#@!$&'*+,;=%~"


def _link(label: str, url: str) -> str:
    """An external link. The data may give an address as the source does ('www.'), which
    MkDocs would take for a page of the site, so it gets a scheme."""
    if url.startswith("www."):
        url = "https://" + url
    return f"[{escape_md(label)}]({quote(url, safe=_URL_SAFE)})"


def _phone_link(phone: str) -> str:
    return f"[{escape_md(phone)}](tel:{phone.replace(' ', '')})"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _and_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def review_passed(board: Mapping, today: date) -> bool:
    """Whether the stated review date has passed; a month ('2020-05') lasts to its last day."""
    due = board["source_document"]["review"]["due"]
    return bool(due) and today > last_day_of(due)


# ---------------------------------------------------------------------------------------------
# Timescales, in words

#: How each kind of timescale is counted, in one short sentence (the rules are the
#: calculator's, see calculator/timescales.py and the working-days page).
KIND_NOTES = {
    "none": "No due date: the procedure sets no timescale.",
    "agreed": "No fixed due date: someone sets one (see below).",
    "working_days_after": "Counted in working days.",
    "calendar_days_after": "Counted in calendar days.",
    "by_working_day": "Counted as a working day number: day 1 is the day raised, or the next "
                      "working day.",
    "clock_hours_after": "Counted in clock hours, not working days.",
    "earliest_of": "Whichever comes sooner: the earliest of the dates it names, each counted "
                   "as it says.",
}


def _readings(timescale: Mapping) -> list[tuple[Mapping, bool]]:
    """Every reading of a timescale, each with whether it is an alternative, and the parts of
    any 'whichever is sooner' (earliest_of) with the reading they belong to."""
    readings = [(timescale, False)] + [(alt, True) for alt in timescale.get("alternatives", ())]
    return readings + [(part, alternative) for reading, alternative in readings
                       for part in reading.get("of", ())]


#: A timescale kind -> the basis of the dates it gives (calculator/timescales.py's Due.basis).
KIND_BASES = {
    "working_days_after": "working_days",
    "by_working_day": "working_day_number",
    "calendar_days_after": "calendar_days",
    "clock_hours_after": "clock_hours",
}


def board_counting_note(board: Mapping) -> str:
    """The counting rules this board's timescales use, and no others, then the late-case rule."""
    timescales = [stage["timescale"] for stage in board["stages"]] + [
        deadline["timescale"] for deadline in board["deadlines"]]
    readings = [reading for timescale in timescales for reading, _ in _readings(timescale)]
    bases = {KIND_BASES[reading["kind"]] for reading in readings if reading["kind"] in KIND_BASES}
    if any(r["kind"] == "working_days_after" and r.get("days") == 0 for r in readings):
        bases.add("same_working_day")
    rules = wording.counting_rules(bases)
    return f"{rules} {LATE_CASE_RULE}".strip()


def _due_note(timescale: Mapping) -> str:
    """What is due by the date, and for a stage without one, the pace and who sets a date."""
    due = timescale["due"]
    note = f"*Due by this date: {DUE_NOUNS[due['what']]}.* "
    if timescale.get("pace") and PACE_WORDS[timescale["pace"]]:
        note += f"*The procedure asks for it {PACE_WORDS[timescale['pace']]}.* "
    if timescale.get("date_set_by"):
        called = USER_DATE[timescale["date_set_by"]]["called"]
        note += f"*A date can be entered in the calculator: {called}.* "
    return note + source_md(due["source"])


def _escalate_paragraphs(stage: Mapping) -> list[str]:
    """A stage's time allowed to raise it at the next stage (escalate_within), if it has one."""
    escalate = stage.get("escalate_within")
    if not escalate:
        return []
    return [f"{escape_md(_sentence(escalate['words']))} "
            f"*{wording.escalate_within_note(stage['number'] + 1)}* "
            f"{source_md(escalate['source'])}"]


def timescale_paragraphs(timescale: Mapping) -> list[str]:
    """The timescale in our words, what is due by it, then every other reading, marked as
    such, with why."""
    paragraphs = [
        f"{escape_md(_sentence(timescale['words']))} *{KIND_NOTES[timescale['kind']]}* "
        f"{source_md(timescale['source'])}",
        *_part_paragraphs(timescale),
        _due_note(timescale),
    ]
    for alternative in timescale.get("alternatives", ()):
        paragraphs.append(
            "**Another reading (the procedure is unclear here):** "
            f"{escape_md(_sentence(alternative['words']))} *{KIND_NOTES[alternative['kind']]}* "
            f"Why: {escape_md(alternative['why'])} {source_md(alternative['source'])}"
        )
        paragraphs += _part_paragraphs(alternative)
    return paragraphs


def _part_paragraphs(reading: Mapping) -> list[str]:
    """Each date of a 'whichever is sooner' (earliest_of), with how it is counted."""
    return [f"**One of the dates (the sooner applies):** {escape_md(_sentence(part['words']))} "
            f"*{KIND_NOTES[part['kind']]}* {source_md(part['source'])}"
            for part in reading.get("of", ())]


# ---------------------------------------------------------------------------------------------
# A board's page: the parts at the top


def _intro(board: Mapping) -> str:
    sentence = (
        f"How professionals from different agencies in {escape_md(board['area'])} escalate and "
        "resolve a disagreement about an adult at risk: the "
        f"{escape_md(board['short_name'])} escalation procedure, in our own plain words."
    )
    if board["covers"] == "adults and children":
        sentence += " The procedure is shared with the children's partnership, so it covers " \
                    "children too."
    return _blocks(sentence, partners_markdown(board))


def partners_markdown(board: Mapping) -> str:
    """A procedure published jointly: every partner, its area and the clause naming it."""
    partners = board.get("partners") or []
    if not partners:
        return ""
    return _blocks(
        "**Published jointly by**",
        _bullets(f"{escape_md(partner['name'])} ({escape_md(partner['short_name'])}), for "
                 f"{escape_md(partner['area'])} {source_md(partner['source'])}"
                 for partner in partners),
    )


def review_banner(board: Mapping, today: date) -> str:
    """The review banner. With a review date it is always there, `hidden` while the date has
    not passed, so that the page's script can show it once it has, even if the site was built
    earlier. Without one, a note only if the procedure is undated or old (the calculator's
    rules)."""
    review = board["source_document"]["review"]
    if review["due"]:
        hidden = "" if review_passed(board, today) else " hidden"
        return _blocks(
            '<div class="admonition warning review-banner" '
            f'data-review-due="{html.escape(review["due"])}" role="note"{hidden} markdown="1">',
            '<p class="admonition-title">Review date passed</p>',
            f"This procedure was due for review in {human_month_or_date(review['due'])}. Check "
            f"with the Board that it is still current. {source_md(review['source'])}",
            "</div>",
        )
    notes = review_warnings(board_from_data(board), today)
    if not notes:
        return ""
    return _blocks(
        '<div class="admonition warning review-note" role="note" markdown="1">',
        '<p class="admonition-title">Check this is the current version</p>',
        *(f"{escape_md(note)} {source_md(review['source'])}" for note in notes),
        "</div>",
    )


def _contact_point(contact: Mapping) -> str:
    phone = f": {_phone_link(contact['phone'])}" if contact.get("phone") else ""
    return (f"**{escape_md(contact['name'])}** (for {escape_md(contact['for'])}){phone} "
            f"{source_md(contact['source'])}")


def immediate_risk_box(board: Mapping) -> str:
    """At the top of a board's page: the board's own route first where it names one, with
    999 for danger to life; 999 first where it names none (calculator/wording.py)."""
    risk = board["immediate_risk"]
    order = immediate_risk_order(bool(risk["contacts"]))
    route = [fact_md(risk["summary"]),
             _bullets(_contact_point(contact) for contact in risk["contacts"])]
    emergency = f"**{escape_md(order['emergency'])}**"
    parts = ([escape_md(order["lead"]), *route, emergency] if order["route_first"]
             else [escape_md(order["lead"]), emergency, *route])
    return _admonition("danger", "If someone is at immediate risk", _blocks(*parts))


def _calculator_section(board: Mapping) -> str:
    return _blocks(
        "## Work out your next step {#calculator}",
        "Enter the date the disagreement was raised, and your agency, to see which stage you "
        "are at, when each step is due and whom to contact.",
        f"<!-- calculator: {board['id']} -->",
        "If the calculator does not load (it needs JavaScript), the stages and timescales below "
        "still give every step, and [how we count working days](../working-days.md) shows how "
        "to count the dates.",
    )


# ---------------------------------------------------------------------------------------------
# A board's page: the ladder


def _summary(stage: Mapping) -> str:
    """The stage's summary; its source only where it is not the stage's own, just above."""
    summary = stage["summary"]
    if summary["source"] == stage["source"]:
        return escape_md(summary["text"])
    return fact_md(summary)


def only_for_markdown(stage: Mapping, agency_names: Mapping[str, str]) -> str:
    """A stage only some agencies use, marked as such on the ladder."""
    if not stage.get("agencies"):
        return ""
    names = wording.and_list([escape_md(agency_names.get(agency, agency))
                              for agency in stage["agencies"]])
    return (f"**Only for {names}.** Professionals of any other agency do not go through this "
            "stage: their ladder runs straight to the next one, and the calculator passes over "
            f"it for them. {source_md(stage['source'])}")


def stage_markdown(stage: Mapping, agency_names: Mapping[str, str] | None = None) -> str:
    """One rung of the ladder: a real heading, so the table of contents and screen readers
    see every stage. `agency_names` (id -> name) names the agencies of a stage only some use."""
    number = stage["number"]
    contact = stage["contact"]
    contact_paragraphs = [f"{escape_md(contact['role'])} {source_md(contact['source'])}"]
    if contact.get("note"):
        contact_paragraphs.append(escape_md(contact["note"]))
    record = _bullets(fact_md(fact) for fact in stage["record"])
    return _blocks(
        '<div class="ladder-step" role="listitem" markdown="1">',
        f"### Stage {number}: {escape_md(stage['title'])} {{#stage-{number}}}",
        source_md(stage["source"]),
        only_for_markdown(stage, agency_names or {}),
        _summary(stage),
        f"**You are at this stage if** {fact_md(stage['you_are_here'])}",
        _definitions([
            ("Who acts on your side", [fact_md(stage["your_side"])]),
            ("Who you deal with", [fact_md(stage["other_side"])]),
            ("Timescale", timescale_paragraphs(stage["timescale"]) + _escalate_paragraphs(stage)),
            ("Role to contact", contact_paragraphs),
        ]),
        "**What to do**",
        _bullets(fact_md(fact) for fact in stage["actions"]),
        "**What to have ready**",
        _bullets(fact_md(fact) for fact in stage.get("have_ready", ())),
        "**What to record**",
        record or "The procedure names nothing to record at this stage.",
        "**If it is not resolved in time**",
        fact_md(stage["if_unresolved"]) if stage.get("if_unresolved") else "",
        "</div>",
    )


def _deadlines(board: Mapping) -> str:
    if not board["deadlines"]:
        return "The procedure sets no deadline beyond each stage's own timescale."
    return _definitions([
        (escape_md(deadline["label"]),
         [*timescale_paragraphs(deadline["timescale"]), *_whole_process_note(deadline)])
        for deadline in board["deadlines"]
    ])


def _whole_process_note(deadline: Mapping) -> list[str]:
    if not deadline.get("whole_process"):
        return []
    return ["This deadline is for the whole procedure: the calculator warns about any stage "
            "due after it."]


def ladder_gap(board: Mapping) -> Mapping | None:
    """What is missing from a ladder we hold only part of, as a fact; None if complete."""
    ladder = board.get("ladder")
    if not ladder or ladder["complete"]:
        return None
    return {"text": ladder["words"], "source": ladder["source"]}


def _top_entry(board: Mapping) -> tuple[str, list[str]]:
    """Who decides at the top, or, where we hold only part of the ladder, that it is not known."""
    gap = ladder_gap(board)
    if gap is None:
        return "Who decides at the top", [fact_md(board["final_say"])]
    return "The top of the ladder", [
        "Not known: we hold only part of this procedure, so the highest stage below may not be "
        f"its last. {fact_md(gap)}"]


def ladder_gap_box(board: Mapping) -> str:
    """Above the ladder of a procedure we hold only part of."""
    gap = ladder_gap(board)
    if gap is None:
        return ""
    return _admonition("warning", "We hold only part of this procedure",
                       escape_md(wording.ladder_gap_warning(gap["text"], gap["source"])))


def _agency_names(board: Mapping) -> dict[str, str]:
    return {agency["id"]: agency["name"] for agency in board["agencies"]}


def _stages_section(board: Mapping) -> str:
    return _blocks(
        "## The stages {#stages}",
        "Go up a stage while the disagreement is still not resolved. "
        f"{escape_md(board_counting_note(board))} "
        "[How we count working days](../working-days.md).",
        _definitions([
            ("The dates are counted from",
             [f"{escape_md(event['label'])}: {escape_md(event['hint'])} "
              f"{source_md(event['source'])}" for event in board["events"]]),
            _top_entry(board),
        ]),
        ladder_gap_box(board),
        '<div class="ladder" role="list" markdown="1">',
        *(stage_markdown(stage, _agency_names(board)) for stage in board["stages"]),
        "</div>",
        "### Overall deadlines {#deadlines}",
        _deadlines(board),
    )


# ---------------------------------------------------------------------------------------------
# A board's page: who to contact


def role_cell(model: Board, stage: Stage, agency_id: str) -> str:
    """The agency's own role for the stage, or the stage's generic role, marked in words."""
    if not stage.applies_to(agency_id):
        return "Not for this agency (see the stage)"
    contact = contact_for(model, stage, agency_id)
    generic = " (generic)" if contact["contact_generic"] else ""
    # A role with a note (a children's role to confirm, say) says so in its cell too.
    noted = " (see the note below the table)" if contact["contact_note"] and \
        not contact["contact_generic"] else ""
    return escape_md(contact["contact"]) + generic + noted


def _other_agency_roles(agency: Mapping, names: Mapping[str, str]) -> list[str]:
    """The roles that depend on the agency the disagreement is with."""
    return [f"Stage {role['stage']}, in a disagreement with "
            f"{escape_md(names.get(role['other_agency'], role['other_agency']))}: "
            f"{escape_md(role['role'])}" + (f" ({escape_md(role['note'])})" if role.get("note")
                                            else "")
            for role in agency["roles"] if role.get("other_agency")]


def _agency_note(agency: Mapping, names: Mapping[str, str] | None = None) -> str:
    notes = [escape_md(agency["note"])] if agency.get("note") else []
    notes += [f"Stage {role['stage']}: {escape_md(role['note'])}"
              for role in agency["roles"] if role.get("note") and not role.get("other_agency")]
    notes += _other_agency_roles(agency, names or {})
    # A source may itself hold "; ", so the stages are told apart by full stops.
    sources = [agency["source"]] + [f"Stage {role['stage']}: {role['source']}"
                                    for role in agency["roles"]]
    return " ".join([f"**{escape_md(agency['name'])}**.", *notes, source_md(". ".join(sources))])


def _generic_note(board: Mapping) -> str:
    notes = [f"Stage {stage['number']}: {escape_md(stage['contact']['note'])}"
             for stage in board["stages"] if stage["contact"].get("note")]
    sources = ". ".join(f"Stage {stage['number']}: {stage['contact']['source']}"
                        for stage in board["stages"])
    return " ".join(["**Any other agency**: the role the procedure names for every agency at "
                     "each stage.", *notes, source_md(sources)])


def _unclear_about_agencies(board: Mapping) -> str:
    """Links to the contradictions and gaps the procedure has about agencies' roles."""
    links = [f"[{escape_md(item['topic'])}](about.md#unclear-{item['id']})"
             for item in board["unclear"]
             if (item.get("in_plan") or {}).get("agencies")]
    return f"Where the procedure is unclear about these roles: {'; '.join(links)}." \
        if links else ""


def _generic_table(board: Mapping) -> str:
    return _table(
        ["Stage", "Role to contact", "Source"],
        ([f"Stage {stage['number']}", escape_md(stage["contact"]["role"]),
          escape_md(stage["contact"]["source"])] for stage in board["stages"]),
    )


def _contacts_section(board: Mapping) -> str:
    """The body of `boards/<id>/contacts.md` (under its h1)."""
    if not board["agencies"]:
        return _blocks(
            "The procedure names no roles for particular agencies, so the role to contact at "
            "each stage is the same whatever your agency.",
            "## Role to contact at each stage {#roles-table}",
            _generic_table(board),
        )
    model = board_from_data(board)
    rows = [
        [f"**{escape_md(agency['name'])}**",
         *(role_cell(model, stage, agency["id"]) for stage in model.stages)]
        for agency in board["agencies"]
    ]
    rows.append(["**Any other agency**",
                 *(role_cell(model, stage, ANY_AGENCY) for stage in model.stages)])
    return _blocks(
        "Find your agency in the first column; each other column is a stage. Where the "
        "procedure names no role for your agency at a stage, the cell shows the role it names "
        "for every agency, marked \"(generic)\".",
        "## Role to contact, by agency and stage {#roles-table}",
        _table(["Agency", *(f"Stage {stage.number}" for stage in model.stages)], rows),
        "**Notes and sources**",
        _bullets([*(_agency_note(agency, _agency_names(board)) for agency in board["agencies"]),
                  _generic_note(board)]),
        _unclear_about_agencies(board),
    )


# ---------------------------------------------------------------------------------------------
# A board's page: the other sections

#: Route kinds in words (the schema's enum); an unknown kind falls back to its own words.
ROUTE_KINDS = {
    "complaints": "Complaints",
    "whistleblowing": "Whistleblowing",
    "unmanageable_risk": "Risk that cannot be managed",
    "positions_of_trust": "Positions of trust",
    "concerns_about_a_child": "Concerns about a child",
    "allegations_in_the_workplace": "Allegations in the workplace",
    "thresholds": "Thresholds",
    "board_policy_disagreement": "Disagreeing with a Board policy",
    "conference_dissent": "Disagreeing with a conference decision",
    "childrens_guardian": "Children's guardian and Cafcass",
}


def _route_link(link: Mapping) -> str:
    if link.get("url"):
        return f"See: {_link(link['label'], link['url'])}."
    return f"See: {escape_md(link['label'])} (the procedure gives no web address for it)."



def _route(route: Mapping) -> tuple[str, list[str]]:
    kind = ROUTE_KINDS.get(route["kind"], route["kind"].replace("_", " ").capitalize())
    text = [escape_md(route["text"])]
    if route.get("link"):
        text.append(_route_link(route["link"]))
    text.append(source_md(route["source"]))
    # The kind in brackets only where the title does not already say it.
    label = "" if kind.lower() == route["title"].lower() else f" ({escape_md(kind)})"
    return f"{escape_md(route['title'])}{label}", [" ".join(text)]


def _routes_section(board: Mapping) -> str:
    routes = board["other_routes"]
    return _blocks(
        "Some concerns do not go up this ladder: they have routes of their own."
        if routes else "The procedure names no other routes.",
        _definitions([_route(route) for route in routes]),
    )


def _fields_table(fields: Sequence[Mapping]) -> str:
    if not fields:
        return "The procedure gives no headings or template for the record."
    return _blocks(
        "## The record of escalation {#record-fields}",
        "Once you have worked out a plan with the calculator, it gives you a record of "
        "escalation to fill in, print or copy, with these fields. Where the Board has its own "
        "recording template, they are its headings; where it has none, they are what its "
        "procedure asks to be recorded, with a few taken from North East Lincolnshire's and "
        "Worcestershire's templates, as each source says.",
        _table(["Field", "Notes", "Source"],
               ([escape_md(field["label"]), escape_md(field.get("help", "")),
                 escape_md(field["source"])] for field in fields)),
    )


def _forms(forms: Sequence[Mapping]) -> str:
    if not forms:
        return "The procedure names no form."
    return _blocks("**Forms**", _definitions([
        (escape_md(form["name"]), [f"{escape_md(form['text'])} {source_md(form['source'])}"])
        for form in forms
    ]))


def _records_section(board: Mapping) -> str:
    records = board["records"]
    return _blocks(
        "## What to keep {#keep}",
        _bullets(fact_md(fact) for fact in records["keep"]),
        _fields_table(records["fields"]),
        _forms(records["forms"]),
    )


def _review_words(review: Mapping) -> str:
    if review["due"]:
        return f"Due {human_month_or_date(review['due'])}"
    return escape_md(review["words"])


def _about_section(board: Mapping) -> str:
    document = board["source_document"]
    entries = [
        ("Title", [f"{escape_md(document['title'])} {source_md(document['source'])}"]),
        ("Published by", [escape_md(document["publisher"])]),
        ("Version", [escape_md(document["version"]) if document["version"] else "Not stated"]),
        *((escape_md(entry["event"]),
           [f"{human_month_or_date(entry['date'])} {source_md(entry['source'])}"])
          for entry in document["dates"]),
        ("Review", [f"{_review_words(document['review'])} "
                    f"{source_md(document['review']['source'])}"]),
    ]
    entries.append(_where_published(document))
    if board.get("ladder"):
        entries.append(("What this guide holds of it", [fact_md(
            {"text": board["ladder"]["words"], "source": board["ladder"]["source"]})]))
    if document.get("notes"):
        entries.append(("About the document", [fact_md(note) for note in document["notes"]]))
    return _blocks(
        _definitions(entries),
        "## Its principles, in short {#principles}",
        _bullets(fact_md(fact) for fact in board["principles"]),
        "This page is our own plain-words summary of the procedure, not the procedure itself. "
        f"We worked from the published document: {_citation(document)} "
        "If anything here differs from the Board's current procedure, the procedure applies: "
        "check with the Board.",
        _history(board),
        "## Training {#training}",
        _training_links(board),
    )


def _training_links(board: Mapping) -> str:
    if not board["scenarios"]:
        return "This board has no made-up cases for training yet."
    return ("Made-up cases to step through with new staff: [step by step](training.md), a "
            "[presenter view](presenter.md) for a projector and a [printable handout]"
            "(handout.md).")


def _where_published(document: Mapping) -> tuple[str, list[str]]:
    """The web address the procedure states for itself, or where it says it is published."""
    where = [fact_md(document["where_published"])] if document.get("where_published") else []
    if document.get("url"):
        return "Web address given in the procedure", [_link(document["url"], document["url"]),
                                                      *where]
    return "Where it is published", where


def _citation(document: Mapping) -> str:
    """The procedure cited so that anyone can find it: title, version, date, web address, and
    the plain-text copy the Board keeps with its data, where it keeps one."""
    version = f"version {document['version']}" if document["version"] else "no version stated"
    dates = "; ".join(f"{escape_md(entry['event'])} {human_month_or_date(entry['date'])}"
                      for entry in document["dates"])
    where = (_link(document["url"], document["url"]) if document.get("url")
             else "it states no web address of its own")
    text = f"*{escape_md(document['title'])}* ({version}{'; ' + dates if dates else ''}; {where})."
    if document.get("copy"):
        text += (" The Board keeps a plain-text copy of it with this guide's data, "
                 f"`policies/{document['copy']}`.")
    return text


def _history(board: Mapping) -> str:
    """'What changed': the procedure's versions, newest first, from the board's `history`."""
    entries = board.get("history") or []
    if not entries:
        return ""
    rows = [[human_month_or_date(entry["date"]) if entry.get("date") else "Not stated",
             escape_md(entry.get("version") or "Not stated"),
             f"{escape_md(entry['changes'])} {source_md(entry['source'])}"]
            for entry in reversed(entries)]
    return _blocks("## What changed {#history}", _table(["Date", "Version", "What changed"], rows))


UNCLEAR_KINDS = {
    "contradiction": "A contradiction: the procedure says different things in different "
                     "places.",
    "gap": "A gap: the procedure leaves this out or leaves it open.",
}


def unclear_markdown(item: Mapping) -> str:
    """One contradiction or gap: every reading with its source, then the one we use."""
    return _blocks(
        f"### {escape_md(item['topic'])} {{#unclear-{item['id']}}}",
        f"**{UNCLEAR_KINDS[item['kind']]}**",
        "What the procedure says:",
        _numbered(fact_md(reading) for reading in item["readings"]),
        f"**What the calculator and this page use:** {escape_md(item['we_use'])}",
    )


def _unclear_section(board: Mapping) -> str:
    items = board["unclear"]
    return _blocks(
        "## Where the procedure is unclear {#unclear}",
        "We show every reading and say which one we use, rather than choose silently."
        if items else "We found no contradictions or gaps in this procedure.",
        *(unclear_markdown(item) for item in items),
    )


#: A board's own sub-pages, `boards/<id>/<name>.md`: name, title in the navigation, what it holds.
BOARD_SUB_PAGES = (
    ("contacts", "Who to contact in your agency",
     "the role to contact at each stage, agency by agency, with notes and sources"),
    ("routes", "Other routes",
     "complaints, whistleblowing and other concerns that do not go up this ladder"),
    ("records", "Records to keep", "what to record, the record of escalation's fields, forms"),
    ("about", "About this procedure",
     "version, dates, principles, what changed, where it is unclear, and training"),
)


def sub_page_paths(board: Mapping) -> list[str]:
    """The docs-relative paths of a board's sub-pages, in navigation order."""
    return [f"boards/{board['id']}/{name}.md" for name, _, _ in BOARD_SUB_PAGES]


def _more_about(board: Mapping) -> str:
    """On the board's page, under the ladder: its sub-pages, one line each."""
    return _blocks(
        "## More about this procedure {#more}",
        _bullets(f"[{title}]({board['id']}/{name}.md): {what}"
                 for name, title, what in BOARD_SUB_PAGES),
    )


def board_page(board: Mapping, today: date, others: bool = True) -> str:
    """`boards/<id>.md`: what a practitioner needs first (immediate risk, the calculator, the
    ladder), then links to the board's sub-pages; `others`: whether the site has other boards
    to compare it with."""
    compare = "[Compare the boards](../compare.md) · " if others else ""
    return _blocks(
        f"# {escape_md(board['name'])}",
        _intro(board),
        review_banner(board, today),
        immediate_risk_box(board),
        _calculator_section(board),
        _stages_section(board),
        _more_about(board),
        f"{compare}[How we count working days](../working-days.md)",
    ) + "\n"


def _sub_page(board: Mapping, title: str, *parts: str) -> str:
    """A board's sub-page: its title with the board's name, a way back, then its parts."""
    back = (f"Part of the [{escape_md(board['short_name'])} procedure](../{board['id']}.md) "
            "(its page has the calculator and the stages).")
    return _blocks(f"# {title}: {escape_md(board['name'])}", back, *parts,
                   "[How we count working days](../../working-days.md)") + "\n"


def board_sub_pages(board: Mapping) -> dict[str, str]:
    """`boards/<id>/contacts.md`, `routes.md`, `records.md`, `about.md`."""
    bodies = {
        "contacts": [_contacts_section(board)],
        "routes": [_routes_section(board)],
        "records": [_records_section(board)],
        "about": [_about_section(board), _unclear_section(board)],
    }
    return {f"boards/{board['id']}/{name}.md": _sub_page(board, title, *bodies[name])
            for name, title, _ in BOARD_SUB_PAGES}


# ---------------------------------------------------------------------------------------------
# The home page's parts


def board_list_markdown(boards: Sequence[Mapping]) -> str:
    """'Choose your board': one line per board, with its area and number of stages."""
    lines = []
    for board in boards:
        children = " Shared with the children's partnership." \
            if board["covers"] == "adults and children" else ""
        lines.append(
            f"[{escape_md(board['name'])}](boards/{board['id']}.md) "
            f"({escape_md(board['short_name'])}): {escape_md(board['area'])}. "
            f"{_count(len(board['stages']), 'stage')}.{children}"
        )
    return _bullets(lines)


def choose_board_markdown(boards: Sequence[Mapping]) -> str:
    """The home page's way to a board: the list, or, in a one-board site, that board."""
    if len(boards) == 1:
        board = boards[0]
        return _blocks(
            f"## {escape_md(board['short_name'])}'s procedure {{#your-board}}",
            f"[{escape_md(board['name'])}: the escalation procedure](boards/{board['id']}.md), "
            f"{_count(len(board['stages']), 'stage')}, set out in plain words with the calculator "
            "for your next step. You can also go straight to the [calculator](calculator.md).",
        )
    return _blocks(
        "## Choose your board {#choose-your-board}",
        board_list_markdown(boards),
        "Not sure which board? It is the Board for the area where the adult lives. You can also "
        "[compare the boards side by side](compare.md) or use the [calculator](calculator.md) "
        "and choose the board there.",
    )


def embed_snippets_markdown(boards: Sequence[Mapping], snippets: Sequence[str]) -> str:
    """Each board's iframe snippet, under its name, as a code block to copy."""
    parts = []
    for board, snippet in zip(boards, snippets, strict=True):
        parts += [f"**{escape_md(board['name'])}**", f"```html\n{snippet}\n```"]
    return _blocks(*parts)


def publisher_words(boards: Sequence[Mapping]) -> str:
    """Who publishes this copy of the guide, for the accessibility statement and privacy notice."""
    if len(boards) == 1:
        return escape_md(boards[0]["name"])
    return "the Safeguarding Adults Board that published the guide to you"


def _board_risk_line(board: Mapping) -> str:
    risk = board["immediate_risk"]
    if risk["contacts"]:
        route = "; ".join(_contact_point(contact) for contact in risk["contacts"])
    else:
        route = fact_md(risk["summary"])
    return f"[{escape_md(board['short_name'])}](boards/{board['id']}.md) " \
           f"({escape_md(board['area'])}): {route}"


def immediate_risk_markdown(boards: Sequence[Mapping]) -> str:
    """The home page's immediate-risk box, whole: put its marker on a line of its own at the
    top level of the page (not inside another block)."""
    return _admonition("danger", "If someone is at immediate risk", _blocks(
        f"{escape_md(RISK_NO_WAITING)} Use your board's own route where it has one; "
        f"**{escape_md(RISK_999_AFTER)}**",
        _bullets(_board_risk_line(board) for board in boards),
    ))


# ---------------------------------------------------------------------------------------------
# compare.md

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _number_word(number: int) -> str:
    return _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)


def _stage_cell(board: Mapping, number: int) -> str:
    if number > len(board["stages"]):
        return f"No stage {number}"
    stage = board["stages"][number - 1]
    return f"{escape_md(stage['title'])}: {escape_md(stage['timescale']['words'])}"


def _deadline_cell(board: Mapping, whole_process: bool) -> str:
    found = [deadline for deadline in board["deadlines"]
             if bool(deadline.get("whole_process")) == whole_process]
    if not found:
        return "None"
    return "<br>".join(
        f"{escape_md(deadline['label'])}: {escape_md(deadline['timescale']['words'])}"
        + "".join(f"<br>Another reading: {escape_md(alt['words'])}"
                  for alt in deadline["timescale"].get("alternatives", ()))
        for deadline in found
    )


def _top_cell(board: Mapping) -> str:
    """Who decides at the top: the board's own `final_say`, never the last stage's contact;
    not known where we hold only part of the ladder."""
    gap = ladder_gap(board)
    if gap is not None:
        return f"Not known (we hold only part of the ladder): {fact_md(gap)}"
    last = board["stages"][-1]
    return (f"Stage {last['number']}, {escape_md(last['title'])}: "
            f"{fact_md(board['final_say'])}")


def _stage_count(board: Mapping) -> str:
    """How many stages; where we hold only part of the ladder, how many we hold."""
    count = len(board["stages"])
    return str(count) if ladder_gap(board) is None else f"{count} (only part of the ladder)"


def _review_cell(board: Mapping, today: date) -> str:
    review = board["source_document"]["review"]
    if not review["due"]:
        return escape_md(review["words"])
    passed = " (passed)" if review_passed(board, today) else ""
    return f"{human_month_or_date(review['due'])}{passed}"


def compare_table(boards: Sequence[Mapping], today: date) -> str:
    """One column per board, one row per thing to compare."""
    most = max(len(board["stages"]) for board in boards)
    rows: list[list[str]] = [
        ["Area", *(escape_md(board["area"]) for board in boards)],
        ["Number of stages", *(_stage_count(board) for board in boards)],
        *([f"Stage {number}", *(_stage_cell(board, number) for board in boards)]
          for number in range(1, most + 1)),
        ["Overall deadline", *(_deadline_cell(board, True) for board in boards)],
        ["Other deadlines", *(_deadline_cell(board, False) for board in boards)],
        ["Who decides at the top", *(_top_cell(board) for board in boards)],
        ["Review date", *(_review_cell(board, today) for board in boards)],
        ["Version", *(escape_md(board["source_document"]["version"] or "Not stated")
                      for board in boards)],
    ]
    header = ["", *(f"[{escape_md(board['short_name'])}](boards/{board['id']}.md)"
                    for board in boards)]
    return _table(header, ([f"**{label}**", *cells] for label, *cells in rows))


def _kinds(board: Mapping) -> set[str]:
    return {stage["timescale"]["kind"] for stage in board["stages"]}


def _names(boards: Iterable[Mapping], test: Callable[[Mapping], bool]) -> str:
    names = [escape_md(board["short_name"]) for board in boards if test(board)]
    return _and_list(names) if names else "none"


def differences(boards: Sequence[Mapping], today: date) -> list[str]:
    """What differs most between the boards, worked out from the data."""
    counts = sorted({len(board["stages"]) for board in boards})
    stages = "; ".join(
        f"{count}: {_names(boards, lambda b, c=count: len(b['stages']) == c)}" for count in counts
    )
    return [
        f"**Number of stages**: {stages}.",
        "**Working days for each stage**: "
        f"{_names(boards, lambda b: bool(_kinds(b) & {'working_days_after', 'by_working_day'}))}.",
        "**Working day numbers counted from the day raised**: "
        f"{_names(boards, lambda b: 'by_working_day' in _kinds(b))}.",
        "**Each stage counted from the end of the one before**: "
        f"{_names(boards, _counts_from_stage_end)}.",
        f"**Clock hours**: {_names(boards, lambda b: 'clock_hours_after' in _kinds(b))}.",
        "**No timescale for any stage**: "
        f"{_names(boards, lambda b: _kinds(b) <= {'none', 'agreed'})}.",
        "**Some stages' dates set by the professionals**: "
        f"{_names(boards, lambda b: 'agreed' in _kinds(b))}.",
        "**No deadline for the whole process**: "
        f"{_names(boards, lambda b: not any(d.get('whole_process') for d in b['deadlines']))}.",
        f"**Review date passed**: {_names(boards, lambda b: review_passed(b, today))}; "
        "**no review date**: "
        f"{_names(boards, lambda b: not b['source_document']['review']['due'])}.",
        "**Shared with the children's partnership**: "
        f"{_names(boards, lambda b: b['covers'] == 'adults and children')}.",
        "**Where the procedure is unclear**: "
        + "; ".join(f"{escape_md(board['short_name'])} {len(board['unclear'])}"
                    for board in boards) + ".",
    ]


def _counts_from_stage_end(board: Mapping) -> bool:
    return any(reading.get("anchor") == "stage_end"
               for stage in board["stages"] for reading, _ in _readings(stage["timescale"]))


def compare_page(boards: Sequence[Mapping], today: date) -> str:
    """`compare.md`: the boards side by side, then what differs most."""
    return _blocks(
        f"# Compare the {_number_word(len(boards))} boards",
        "Each column is one board's escalation procedure, in our own plain words. The source "
        "of every cell is on the board's own page (follow the board's name). Timescales are "
        "counted as [How we count working days](working-days.md) explains.",
        compare_table(boards, today),
        "## What differs most {#differences}",
        _bullets(differences(boards, today)),
    ) + "\n"


# ---------------------------------------------------------------------------------------------
# working-days.md

#: The illustrations on the page; the dates they give are counted by the calculator.
EXAMPLE_WORKING_DAYS = 5
EXAMPLE_DAY_NUMBER = 2
EXAMPLE_HOURS = 24
EXAMPLE_CALENDAR_DAYS = 5
_FRIDAY, _SATURDAY = 4, 5


def example_day(calendar: WorkingCalendar, today: date) -> date:
    """The day before the next Friday bank holiday (usually Good Friday), so that the examples
    show a long weekend being skipped; failing that, a plain Thursday."""
    fridays = sorted(day for day in calendar.bank_holidays if day.weekday() == _FRIDAY
                     and calendar.covers(day - timedelta(days=1))
                     and calendar.covers(day + timedelta(days=31)))
    later = [day for day in fridays if day > today]
    chosen = later or fridays
    if chosen:
        return chosen[0] - timedelta(days=1)
    thursday = date(calendar.first_year, 1, 8)
    return thursday + timedelta(days=(3 - thursday.weekday()) % 7)


def _weekend_after(day: date) -> date:
    return day + timedelta(days=(_SATURDAY - day.weekday()) % 7)


def _uses(boards: Sequence[Mapping], test: Callable[[Mapping], bool]) -> str:
    """Which boards' stages and deadlines count this way (from the data)."""
    found = []
    for board in boards:
        places = [(f"stage {stage['number']}", stage["timescale"]) for stage in board["stages"]]
        places += [(f"“{deadline['label']}”", deadline["timescale"])
                   for deadline in board["deadlines"]]
        where = [place + (" (another reading)" if alternative else "")
                 for place, timescale in places
                 for reading, alternative in _readings(timescale) if test(reading)]
        if where:
            found.append(f"{escape_md(board['short_name'])}: {escape_md(', '.join(where))}")
    return f"**Used by:** {'; '.join(found)}." if found else "No board counts this way."


def _kind(kind: str) -> Callable[[Mapping], bool]:
    return lambda reading: reading["kind"] == kind


#: How many days late the example of a case running late is.
EXAMPLE_LATE_DAYS = 7


def counting_rules(boards: Sequence[Mapping], calendar: WorkingCalendar, today: date) -> str:
    """Each counting rule with an example the calculator works out."""
    raised = example_day(calendar, today)
    weekend = _weekend_after(raised)
    within = calendar.add_working_days(raised, EXAMPLE_WORKING_DAYS)
    first = calendar.add_working_days(raised, 1)
    # As the calculator does: with only the date known, the hours run out on this day.
    hours_end = raised + timedelta(hours=EXAMPLE_HOURS)
    holiday = " (a bank holiday, which still counts)" if hours_end in calendar.bank_holidays \
        else ""
    return _blocks(
        "## How each kind of timescale is counted {#rules}",
        f"The examples are worked out by the calculator itself, for a disagreement raised on "
        f"{human_date(raised)}.",
        "### Within a number of working days {#within-working-days}",
        "The due date is that many working days after the date it counts from. That date "
        "itself never counts, whether or not it is a working day.",
        f"Example: raised on {human_date(raised)}, 1 working day later is {human_date(first)}, "
        f"and {EXAMPLE_WORKING_DAYS} working days later is {human_date(within)}. Raised on "
        f"{human_date(weekend)}, 1 working day later is "
        f"{human_date(calendar.add_working_days(weekend, 1))}.",
        _uses(boards, _kind("working_days_after")),
        "### By working day number {#by-working-day}",
        "Working day 1 is the day the disagreement was raised if that is a working day; "
        "otherwise it is the next working day. The due date is the working day with that "
        "number, so it comes one working day sooner than the same number of working days "
        "after the day raised.",
        f"Example: raised on {human_date(raised)}, working day {EXAMPLE_DAY_NUMBER} is "
        f"{human_date(calendar.working_day_number(raised, EXAMPLE_DAY_NUMBER))}. Raised on "
        f"{human_date(weekend)}, working day 1 is "
        f"{human_date(calendar.working_day_number(weekend, 1))} and working day "
        f"{EXAMPLE_DAY_NUMBER} is "
        f"{human_date(calendar.working_day_number(weekend, EXAMPLE_DAY_NUMBER))}.",
        _uses(boards, _kind("by_working_day")),
        "### From the end of the stage before {#after-previous-stage}",
        "We count from the day the stage before actually ended (the day the next stage "
        "started) when you give it; until then, from the stage before's projected end: its "
        "due date, or today if it is still open past that date (see cases running late, "
        "below).",
        f"Example: a stage due 1 working day after the stage before, which ended on "
        f"{human_date(raised)}, is due {human_date(first)}; if that stage in turn ends on its "
        f"due date, the next is due {human_date(calendar.add_working_days(first, 1))}.",
        _uses(boards, lambda reading: reading.get("anchor") == "stage_end"),
        "### Within a number of hours {#clock-hours}",
        "Hours are clock hours, counted round the clock, nights, weekends and bank holidays "
        "included. They are not working days.",
        f"Example: {EXAMPLE_HOURS} hours from a stage that started on {human_date(raised)} "
        f"run out on {human_date(hours_end)}{holiday}, at the time of day the stage started.",
        _uses(boards, _kind("clock_hours_after")),
        "### Calendar days {#calendar-days}",
        "Every day counts, weekends and bank holidays included. The due date is that many "
        "days after the date it counts from.",
        f"Example: {EXAMPLE_CALENDAR_DAYS} calendar days after {human_date(raised)} is "
        f"{human_date(raised + timedelta(days=EXAMPLE_CALENDAR_DAYS))}.",
        _uses(boards, _kind("calendar_days_after")),
        "### No timescale, or one someone sets {#no-timescale}",
        "Where the procedure sets no timescale, there is no due date: the plan says what the "
        "procedure asks instead (as soon as possible, without delay). Where someone may fix a "
        "date (the two professionals agree it, the professional escalating sets it, or it is "
        "given to you), the calculator asks for that date in those words. Any overall "
        "deadline still applies.",
        _uses(boards, lambda reading: reading["kind"] in ("none", "agreed")),
        "### Cases running late {#late}",
        f"{LATE_CASE_RULE} A stage still open ends no earlier than today, its own due date or "
        "its own start, and the stages and deadlines counted from it are counted from there. "
        "A date counted from something that has happened (the day raised, the day a stage "
        "started, a date entered) is fixed: once it has gone, the plan says so, and the "
        "answer opens with what to do now.",
        f"Example: a one-working-day stage raised on {human_date(raised)} and still open "
        f"{EXAMPLE_LATE_DAYS} days later was due {human_date(first)}; the stage after it "
        f"counts from that later day, not from {human_date(first)}.",
    )


def bank_holiday_table(calendar: Mapping, years: Sequence[int]) -> str:
    """The calendar's bank holidays in `years`, as a table; years it does not cover are said."""
    rows = [[human_date(date.fromisoformat(entry["date"])), escape_md(entry["name"])]
            for entry in calendar["bank_holidays"]
            if int(entry["date"][:4]) in years]
    missing = [str(year) for year in years
               if not calendar["first_year"] <= year <= calendar["last_year"]]
    return _blocks(
        _table(["Date", "Bank holiday"], rows) if rows else "",
        f"The calendar does not cover {_and_list(missing)}." if missing else "",
    )


def _extra_days(boards: Sequence[Mapping], calendar: WorkingCalendar) -> str:
    lines = []
    for board in boards:
        extra = extra_days_from_data(board["extra_non_working_days"])
        for day in calendar.with_extra_days(extra).describe()["extra_non_working_days"]:
            lines.append(f"{escape_md(board['short_name'])}: "
                         f"{human_date(date.fromisoformat(day['date']))}, "
                         f"{escape_md(day['name'])} {source_md(day['source'])}")
    return _bullets(lines) if lines else "No board adds any at present."


def calendar_section(boards: Sequence[Mapping], calendar: WorkingCalendar) -> str:
    described = calendar.describe()
    return _blocks(
        "## The calendar we count with {#calendar}",
        _definitions([
            ("Bank holidays from", [f"The `{described['package']}` package, version "
                                    f"{escape_md(described['version'])}"]),
            ("Region", [escape_md(described["region"])]),
            ("Years covered", [f"{described['first_year']} to {described['last_year']}"]),
            ("Outside those years", [
                "The calculator refuses a date outside the years covered and says why, "
                "rather than risk a wrong answer."]),
        ]),
        "### Extra non-working days {#extra-days}",
        "A one-off bank holiday announced after this version of the package can be added to "
        "a board's data as an extra non-working day, without a change to the calculator.",
        _extra_days(boards, calendar),
    )


def working_days_page(boards: Sequence[Mapping], calendar: Mapping, today: date) -> str:
    """`working-days.md`: the convention, worked examples, this year's bank holidays."""
    working = calendar_from_data(calendar)
    years = [today.year, today.year + 1]
    return _blocks(
        "# How we count working days",
        "Every timescale on this site and in the calculator is counted the same way.",
        "## What counts as a working day {#working-day}",
        "A working day is Monday to Friday, except bank holidays in England and Wales and any "
        "extra non-working days a board adds. Weekends and bank holidays are never working "
        "days.",
        counting_rules(boards, working, today),
        f"## Bank holidays in England, {years[0]} and {years[1]} {{#bank-holidays}}",
        bank_holiday_table(calendar, years),
        calendar_section(boards, working),
    ) + "\n"


# ---------------------------------------------------------------------------------------------
# Everything


def generated_pages(boards: list[dict], calendar: dict, today: date) -> dict[str, str]:
    """docs-relative path -> Markdown, for every generated page."""
    pages = {}
    for board in boards:
        pages[f"boards/{board['id']}.md"] = board_page(board, today, len(boards) > 1)
        pages.update(board_sub_pages(board))
    if len(boards) > 1:  # a one-board site has nothing to compare
        pages["compare.md"] = compare_page(boards, today)
    pages["working-days.md"] = working_days_page(boards, calendar, today)
    return pages
