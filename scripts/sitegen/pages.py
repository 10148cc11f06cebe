"""The site's generated pages: board data in, Markdown out.

Pure functions, no file access but the templates: an MkDocs hook calls `generated_pages` on
every build, and the hand-written pages take `board_list_markdown`, `immediate_risk_markdown`
and the others through markers. Each page's skeleton and fixed prose is a Jinja2 template in
templates/ (`board.md.j2` is a board's page, top to bottom); what is worked out from the data
(tables, lists, dates) is Python here, handed to the templates as values and filters.

Escaping: a template writes every value as text (`escape_md`), so a `|`, `*` or `<` in the data
shows as itself and never turns into markup, unless the value is `Md`: Markdown this module
wrote, with the data in it escaped already. So `{{ board.name }}` is safe and
`{{ stage.source | source }}` is the source's small print. Links are relative links to .md
files, which MkDocs resolves and checks (`mkdocs build --strict`).

The Markdown is Python-Markdown with admonition, attr_list, md_in_html, tables, toc, def_list
and pymdownx.details.
"""

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from functools import wraps
from pathlib import Path
from urllib.parse import quote

import jinja2

from calculator import wording
from calculator.dates import human_date, human_month_or_date, last_day_of
from calculator.links import LINK_KINDS, link_href

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


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in text.split("\n"))


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


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _number_word(number: int) -> str:
    return _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)


def review_passed(board: Mapping, today: date) -> bool:
    """Whether the stated review date has passed; a month ('2020-05') lasts to its last day."""
    due = board["source_document"]["review"]["due"]
    return bool(due) and today > last_day_of(due)


def _contact_point(contact: Mapping) -> str:
    phone = f": {_phone_link(contact['phone'])}" if contact.get("phone") else ""
    return (f"**{escape_md(contact['name'])}** (for {escape_md(contact['for'])}){phone} "
            f"{source_md(contact['source'])}")


# ---------------------------------------------------------------------------------------------
# The templates

TEMPLATES = Path(__file__).resolve().parent / "templates"


class Md(str):
    """Markdown this module wrote, any data in it escaped already: a template writes it as it
    is. Anything else a template writes is data, and is escaped."""

    __slots__ = ()


def _finalize(value: object) -> str:
    """What `{{ value }}` writes: Md as it is, anything else as text (escape_md). So the
    templates escape by default, as Jinja's autoescape does for HTML; a mistake shows as
    markup written out (`\\*\\*`), never as data read as markup."""
    if isinstance(value, Md):
        return value
    if value is None:  # an optional key read without .get(): a template's mistake
        raise TypeError("a template wrote None; use .get(key, '') or {% if %}")
    return escape_md(str(value))


def _markdown(function: Callable) -> Callable:
    """A helper whose Markdown a template writes as it is: its str (or list of str) as Md."""

    @wraps(function)
    def marked(*args, **kwargs):
        value = function(*args, **kwargs)
        return [Md(item) for item in value] if isinstance(value, list) else Md(value)

    return marked


#: Blocks are one blank line apart however many parts a template left out; no line ends in a
#: space (what an empty value leaves).
_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_END_SPACE = re.compile(r"[ \t]+$", re.M)


def _tidy(text: str) -> str:
    return _BLANK_LINES.sub("\n\n", _LINE_END_SPACE.sub("", text)).strip("\n")


def _definition(body: str) -> Md:
    """`{% filter definition %}`: the paragraphs of a definition (blank lines apart), the
    first after ':   ', the others indented under it."""
    first, *rest = _tidy(body).split("\n\n")
    return Md("\n\n".join([f":   {_indent(first).lstrip()}", *(_indent(p) for p in rest)]))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


_FILTERS: dict[str, Callable] = {
    "source": _markdown(source_md),
    "fact": _markdown(fact_md),
    "sentence": _sentence,  # text still: written escaped
    # Lists put together: each item escaped unless it is Md, as `{{ item }}` would write it.
    "bullets": lambda items: Md(_bullets(_finalize(item) for item in items)),
    "numbered": lambda items: Md(_numbered(_finalize(item) for item in items)),
    "join_md": lambda items, separator: Md(separator.join(_finalize(item) for item in items)),
    "and_list": lambda items: Md(_and_list([_finalize(item) for item in items])),
    "definition": _definition,
    "indented": lambda body: Md(_indent(_tidy(body))),
    "code": lambda text: Md(f"`{text}`"),  # our own names (a package, a path), as code
    "link": lambda label, url: Md(_link(label, url)),
    "contact_point": _markdown(_contact_point),
    "count": lambda number, word: Md(_count(number, word)),
    "number_word": lambda number: Md(_number_word(number)),
    "day": lambda value: Md(human_date(_as_date(value))),
    "month_or_date": _markdown(human_month_or_date),
    "attribute": lambda text: Md(html.escape(text)),
    "json": lambda value: Md(json.dumps(value)),
}

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=False,  # HTML escaping is wrong for Markdown: _finalize escapes instead
    finalize=_finalize,
    undefined=jinja2.StrictUndefined,  # a misspelt name fails the build, never a blank
    trim_blocks=True,
    lstrip_blocks=True,
    # `{#stage-1}` is a heading's id (attr_list), so comments are {## ... ##}.
    comment_start_string="{##",
    comment_end_string="##}",
)
ENV.filters.update(_FILTERS)


def render(template: str, **values: object) -> str:
    """A template's Markdown, blocks one blank line apart, with no newline at the end."""
    return _tidy(ENV.get_template(template).render(**values))


def register(**helpers: Callable) -> None:
    """More filters for the templates (training_pages.py's answers)."""
    ENV.filters.update(helpers)


# ---------------------------------------------------------------------------------------------
# Timescales, in words

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


#: The words the templates use from the calculator's own wording (calculator/wording.py).
ENV.globals.update(
    due_nouns=DUE_NOUNS,
    pace_words=PACE_WORDS,
    user_date=USER_DATE,
    escalate_within_note=wording.escalate_within_note,
)


# ---------------------------------------------------------------------------------------------
# A board's page: what the template is given


def ladder_gap(board: Mapping) -> Mapping | None:
    """What is missing from a ladder we hold only part of, as a fact; None if complete."""
    ladder = board.get("ladder")
    if not ladder or ladder["complete"]:
        return None
    return {"text": ladder["words"], "source": ladder["source"]}


def _agency_names(board: Mapping) -> dict[str, str]:
    return {agency["id"]: agency["name"] for agency in board["agencies"]}


def _only_for(board: Mapping) -> dict[int, Md]:
    """Stage number -> the agencies of a stage only some agencies use, in a list of names."""
    names = _agency_names(board)
    return {stage["number"]: Md(wording.and_list([escape_md(names.get(agency, agency))
                                                  for agency in stage["agencies"]]))
            for stage in board["stages"] if stage.get("agencies")}


def _review(board: Mapping, today: date) -> dict:
    """The review banner's facts. With a review date the banner is always on the page,
    `hidden` while the date has not passed, so that the page's script can show it once it has,
    even if the site was built earlier. Without one, notes only if the procedure is undated or
    old (the calculator's rules)."""
    if board["source_document"]["review"]["due"]:
        return {"passed": review_passed(board, today), "notes": []}
    return {"passed": False, "notes": review_warnings(board_from_data(board), today)}


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


def flowchart_path(board_id: str) -> str:
    """Where a board's one-page flowchart is, in the docs (scripts/sitegen/flowchart.py)."""
    return f"boards/{board_id}/flowchart.svg"


def sentence(text: str) -> str:
    """The text on one line, ending with a full stop if it has no end of its own."""
    text = " ".join(str(text).split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _link_item(title: str, link: Mapping) -> str:
    label = escape_md(link["label"])
    href = link_href(link.get("url"))
    if href:
        shown = f"[{label}]({href})"
    elif link.get("url"):  # an address we do not link (not https): shown as text
        shown = f"{label}, {escape_md(link['url'])}"
    else:
        shown = f"{label} (the procedure gives no address)"
    note = f" {escape_md(sentence(link['note']))}" if link.get("note") else ""
    return f"- **{title}**: {shown}.{note} {source_md(link['source'])}"


def board_links_md(board: Mapping) -> str:
    """The board's own links as a short Markdown list, each with its source; "" when it gives
    none. A link the procedure names without an address is listed, saying so."""
    links = board.get("links") or {}
    return "\n".join(_link_item(title, links[kind]) for kind, title in LINK_KINDS
                     if links.get(kind))


def board_page(board: Mapping, today: date, others: bool = True) -> str:
    """`boards/<id>.md` (templates/board.md.j2): what a practitioner needs first (immediate
    risk, the calculator, the ladder), then links to the board's sub-pages; `others`: whether
    the site has other boards to compare it with."""
    gap = ladder_gap(board)
    return render(
        "board.md.j2", board=board, others=others, review=_review(board, today),
        risk_order=immediate_risk_order(bool(board["immediate_risk"]["contacts"])),
        counting_note=board_counting_note(board), gap=gap,
        gap_warning=gap and wording.ladder_gap_warning(gap["text"], gap["source"]),
        only_for=_only_for(board), sub_pages=BOARD_SUB_PAGES,
        links=Md(board_links_md(board)), flowchart=bool(board.get("stages")),
    ) + "\n"


# ---------------------------------------------------------------------------------------------
# A board's sub-pages: who to contact


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


def role_table(board: Mapping) -> str:
    """One row per agency the procedure names, then any other agency; a column per stage."""
    model = board_from_data(board)
    rows = [
        [f"**{escape_md(agency['name'])}**",
         *(role_cell(model, stage, agency["id"]) for stage in model.stages)]
        for agency in board["agencies"]
    ]
    rows.append(["**Any other agency**",
                 *(role_cell(model, stage, ANY_AGENCY) for stage in model.stages)])
    return _table(["Agency", *(f"Stage {stage.number}" for stage in model.stages)], rows)


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


def role_notes(board: Mapping) -> list[str]:
    """Under the role table: each agency's notes and sources, then the generic roles'."""
    names = _agency_names(board)
    return [*(_agency_note(agency, names) for agency in board["agencies"]), _generic_note(board)]


# ---------------------------------------------------------------------------------------------
# A board's sub-pages: the others

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


def route_kind(kind: str) -> str:
    return ROUTE_KINDS.get(kind, kind.replace("_", " ").capitalize())


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


ENV.globals.update(route_kind=route_kind, citation=_markdown(_citation),
                   role_table=_markdown(role_table), role_notes=_markdown(role_notes))


def board_sub_pages(board: Mapping) -> dict[str, str]:
    """`boards/<id>/contacts.md`, `routes.md`, `records.md`, `about.md`, each from its
    template (templates/board_<name>.md.j2, laid out by board_sub_page.md.j2)."""
    unclear_about_agencies = [item for item in board["unclear"]
                              if (item.get("in_plan") or {}).get("agencies")]
    return {f"boards/{board['id']}/{name}.md":
            render(f"board_{name}.md.j2", board=board, title=title,
                   unclear_about_agencies=unclear_about_agencies) + "\n"
            for name, title, _ in BOARD_SUB_PAGES}


# ---------------------------------------------------------------------------------------------
# The home page's parts


def board_list_markdown(boards: Sequence[Mapping]) -> str:
    """'Choose your board': one line per board, with its area and number of stages."""
    return render("home_board_list.md.j2", boards=boards)


def choose_board_markdown(boards: Sequence[Mapping]) -> str:
    """The home page's way to a board: the list, or, in a one-board site, that board."""
    return render("home_choose_board.md.j2", boards=boards)


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


def immediate_risk_markdown(boards: Sequence[Mapping]) -> str:
    """The home page's immediate-risk box, whole: put its marker on a line of its own at the
    top level of the page (not inside another block)."""
    return render("home_immediate_risk.md.j2", boards=boards, no_waiting=RISK_NO_WAITING,
                  after_999=RISK_999_AFTER)


# ---------------------------------------------------------------------------------------------
# compare.md


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


def differences(boards: Sequence[Mapping], today: date) -> dict[str, Md]:
    """What differs most between the boards, worked out from the data: which boards do each
    thing (compare.md.j2 says what each is)."""
    counts = sorted({len(board["stages"]) for board in boards})
    found = {
        "stage_counts": "; ".join(
            f"{count}: {_names(boards, lambda b, c=count: len(b['stages']) == c)}"
            for count in counts),
        "working_days": _names(boards, lambda b: bool(
            _kinds(b) & {"working_days_after", "by_working_day"})),
        "day_numbers": _names(boards, lambda b: "by_working_day" in _kinds(b)),
        "stage_end": _names(boards, _counts_from_stage_end),
        "clock_hours": _names(boards, lambda b: "clock_hours_after" in _kinds(b)),
        "no_timescale": _names(boards, lambda b: _kinds(b) <= {"none", "agreed"}),
        "agreed": _names(boards, lambda b: "agreed" in _kinds(b)),
        "no_whole_deadline": _names(boards, lambda b: not any(
            deadline.get("whole_process") for deadline in b["deadlines"])),
        "review_passed": _names(boards, lambda b: review_passed(b, today)),
        "no_review": _names(boards, lambda b: not b["source_document"]["review"]["due"]),
        "children": _names(boards, lambda b: b["covers"] == "adults and children"),
        "unclear": "; ".join(f"{escape_md(board['short_name'])} {len(board['unclear'])}"
                             for board in boards),
    }
    return {key: Md(names) for key, names in found.items()}


def _counts_from_stage_end(board: Mapping) -> bool:
    return any(reading.get("anchor") == "stage_end"
               for stage in board["stages"] for reading, _ in _readings(stage["timescale"]))


def compare_page(boards: Sequence[Mapping], today: date) -> str:
    """`compare.md` (templates/compare.md.j2): the boards side by side, then what differs."""
    return render("compare.md.j2", boards=boards, table=Md(compare_table(boards, today)),
                  boards_that=differences(boards, today)) + "\n"


# ---------------------------------------------------------------------------------------------
# working-days.md

#: The illustrations on the page; the dates they give are counted by the calculator.
EXAMPLE_WORKING_DAYS = 5
EXAMPLE_DAY_NUMBER = 2
EXAMPLE_HOURS = 24
EXAMPLE_CALENDAR_DAYS = 5
#: How many days late the example of a case running late is.
EXAMPLE_LATE_DAYS = 7
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


def counting_examples(calendar: WorkingCalendar, today: date) -> dict:
    """The dates the page's examples give, each counted by the calculator's calendar."""
    raised = example_day(calendar, today)
    weekend = _weekend_after(raised)
    first = calendar.add_working_days(raised, 1)
    # As the calculator does: with only the date known, the hours run out on this day.
    hours_end = raised + timedelta(hours=EXAMPLE_HOURS)
    return {
        "raised": raised, "weekend": weekend, "first": first,
        "within": calendar.add_working_days(raised, EXAMPLE_WORKING_DAYS),
        "after_weekend": calendar.add_working_days(weekend, 1),
        "day_number": calendar.working_day_number(raised, EXAMPLE_DAY_NUMBER),
        "weekend_day_1": calendar.working_day_number(weekend, 1),
        "weekend_day_number": calendar.working_day_number(weekend, EXAMPLE_DAY_NUMBER),
        "second": calendar.add_working_days(first, 1),
        "hours_end": hours_end, "hours_end_holiday": hours_end in calendar.bank_holidays,
        "calendar_days_end": raised + timedelta(days=EXAMPLE_CALENDAR_DAYS),
        "working_days": EXAMPLE_WORKING_DAYS, "day_number_n": EXAMPLE_DAY_NUMBER,
        "hours": EXAMPLE_HOURS, "calendar_days": EXAMPLE_CALENDAR_DAYS,
        "late_days": EXAMPLE_LATE_DAYS,
    }


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


def _kind(*kinds: str) -> Callable[[Mapping], bool]:
    return lambda reading: reading["kind"] in kinds


#: Each counting rule on the page -> which readings count that way.
_RULES: dict[str, Callable[[Mapping], bool]] = {
    "within_working_days": _kind("working_days_after"),
    "by_working_day": _kind("by_working_day"),
    "after_previous_stage": lambda reading: reading.get("anchor") == "stage_end",
    "clock_hours": _kind("clock_hours_after"),
    "calendar_days": _kind("calendar_days_after"),
    "no_timescale": _kind("none", "agreed"),
}


def bank_holidays(calendar: Mapping, years: Sequence[int]) -> list[tuple[date, str]]:
    """The calendar's bank holidays in `years`."""
    return [(date.fromisoformat(entry["date"]), entry["name"])
            for entry in calendar["bank_holidays"] if int(entry["date"][:4]) in years]


def _extra_days(boards: Sequence[Mapping], calendar: WorkingCalendar) -> list[tuple]:
    """(board, day) for every extra non-working day a board adds."""
    return [(board, day) for board in boards
            for day in calendar.with_extra_days(extra_days_from_data(
                board["extra_non_working_days"])).describe()["extra_non_working_days"]]


def working_days_page(boards: Sequence[Mapping], calendar: Mapping, today: date) -> str:
    """`working-days.md` (templates/working_days.md.j2): the convention, worked examples,
    this year's and next year's bank holidays, the calendar."""
    working = calendar_from_data(calendar)
    years = [today.year, today.year + 1]
    return render(
        "working_days.md.j2", example=counting_examples(working, today),
        uses={name: Md(_uses(boards, test)) for name, test in _RULES.items()},
        late_case_rule=LATE_CASE_RULE, years=years, holidays=bank_holidays(calendar, years),
        missing_years=[year for year in years
                       if not calendar["first_year"] <= year <= calendar["last_year"]],
        described=working.describe(), extra_days=_extra_days(boards, working),
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
