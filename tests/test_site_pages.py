"""The generated site pages: every fact of every board reaches its page, rendered as the site
renders it (Python-Markdown with the site's extensions), and nothing from the data turns into
markup."""

import copy
import posixpath
import re
from datetime import date
from html.parser import HTMLParser

import jinja2
import markdown
import pytest

from calculator.tools.holiday_table import calendar_data
from calculator.wording import RISK_999_AFTER, RISK_999_FIRST, RISK_NO_WAITING
from conftest import BOARD_IDS, HAND_CHECKED
from scripts.sitegen.pages import (
    BOARD_SUB_PAGES,
    ENV,
    TEMPLATES,
    Md,
    board_list_markdown,
    escape_md,
    flowchart_path,
    generated_pages,
    immediate_risk_markdown,
)

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "def_list",
              "pymdownx.details"]
#: The pages the site will have; a link to anything else breaks `mkdocs build --strict`.
SITE_PAGES = {"index.md", "calculator.md", "compare.md", "working-days.md", "accessibility.md",
              "privacy.md", "training.md", "for-boards.md", "adding-a-board.md",
              *(f"boards/{board}.md" for board in BOARD_IDS),
              *(f"boards/{board}/{page}.md" for board in BOARD_IDS
                for page in ("training", "presenter", "handout", "contacts", "routes", "records",
                             "about")),
              # Written beside the pages by the build (scripts/sitegen/generate.py).
              "changes.md", "changes.xml", "glossary.md",
              *(flowchart_path(board) for board in BOARD_IDS)}
#: A board's sub-pages (scripts/sitegen/pages.py: BOARD_SUB_PAGES).
SUB_PAGES = ["contacts", "routes", "records", "about"]
#: The keys whose text the reader must see on the board's page, wherever they are in the data.
SHOWN_KEYS = {"text", "source", "words", "why", "we_use", "topic", "label", "help", "role",
              "note", "name", "title", "publisher", "area", "short_name", "version", "event",
              "changes"}
#: Kent & Medway's review was due May 2020, Surrey's October 2025.
BEFORE_SURREY_REVIEW = date(2025, 6, 1)
AFTER_SURREY_REVIEW = date(2025, 11, 1)
BOARD_SECTIONS = ["calculator", "stages", "more"]


# ---------------------------------------------------------------------------------------------
# Rendering and reading the HTML back


class Html(HTMLParser):
    """What a reader (or a screen reader) gets from a page: its text, its elements, its tables
    and headings."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.tables: list[list[list[str]]] = []
        self.headings: list[tuple[int, str, str]] = []  # level, id, text
        self.open: list[str] = []
        self._cell: list[str] | None = None
        self._heading: tuple[int, str, list[str]] | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in ("br", "hr", "img", "input", "meta", "link"):
            self.open.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), attributes.get("id", ""), [])

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()
        if tag in ("td", "th"):
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif re.fullmatch(r"h[1-6]", tag) and self._heading:
            level, ident, text = self._heading
            self.headings.append((level, ident, "".join(text).replace("¶", "").strip()))
            self._heading = None

    def handle_data(self, data):
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading[2].append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def with_class(self, name: str) -> list[dict]:
        return [attrs for _, attrs in self.elements if name in attrs.get("class", "").split()]

    def links(self) -> list[str]:
        return [attrs["href"] for tag, attrs in self.elements if tag == "a" and "href" in attrs]


def render(text: str) -> Html:
    page = Html(markdown.markdown(text, extensions=EXTENSIONS,
                                  extension_configs={"toc": {"permalink": True}}))
    assert not page.open, f"unclosed elements: {page.open}"
    return page


def plain(text: str) -> str:
    return " ".join(text.split())


def shown_strings(data: object, key: str | None = None):
    """Every string in the board's data that its page must show."""
    if isinstance(data, dict):
        for child_key, value in data.items():
            yield from shown_strings(value, child_key)
    elif isinstance(data, list):
        for item in data:
            yield from shown_strings(item, key)
    elif isinstance(data, str) and key in SHOWN_KEYS:
        yield data


def section(markdown_text: str, heading: str) -> str:
    """The Markdown from a `## ...` heading to the next one."""
    start = markdown_text.index(heading)
    end = markdown_text.find("\n## ", start + len(heading))
    return markdown_text[start:end if end != -1 else None]


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def board_list(boards) -> list[dict]:
    return [boards[board] for board in BOARD_IDS]


@pytest.fixture(scope="module")
def pages(board_list, calendar_table) -> dict[str, str]:
    return generated_pages(board_list, calendar_table, AFTER_SURREY_REVIEW)


@pytest.fixture(scope="module")
def rendered(pages) -> dict[str, Html]:
    return {path: render(text) for path, text in pages.items()}


# ---------------------------------------------------------------------------------------------
# Escaping


@pytest.mark.parametrize("text", [
    "a | b", "*not emphasis*", "_not emphasis_", "snake_case_word", "**bold**", "`code`",
    "[a link](https://example.org)", "<b>bold</b>", "<script>alert(1)</script>", "a & b",
    "&amp; stays", "a < b > c", "back\\slash", "{: .class}", "Title {#id}", "# not a heading",
    "- not a list", "+ not a list", "1. not a list", "2) not a list", ": not a definition",
    "!!! note not an admonition", "??? note not details", "> not a quote", "--- not a rule",
    "~~~ not a fence", "Heads/Directors of Service", "Kent & Medway §7, Stage 1",
])
def test_escaped_text_renders_as_itself_and_nothing_else(text):
    page = render(escape_md(text))
    assert page.text == text
    assert [tag for tag, _ in page.elements] == ["p"]


def test_escaping_keeps_a_table_cell_a_cell():
    page = render(f"| A | B |\n|---|---|\n| {escape_md('x | y')} | {escape_md('*z*')} |")
    assert page.tables == [[["A", "B"], ["x | y", "*z*"]]]


def test_escaping_leaves_a_heading_id_alone():
    page = render(f"### {escape_md('Odd {#evil} title #')} {{#stage-1}}")
    assert page.headings == [(3, "stage-1", "Odd {#evil} title #")]


def test_escaping_collapses_line_breaks_and_leaves_plain_text_plain():
    assert escape_md("one\n\n  two") == "one two"
    assert escape_md("Version 7.0 of 2023") == "Version 7.0 of 2023"
    assert escape_md("7.0") == "7.0"


# ---------------------------------------------------------------------------------------------
# The templates (scripts/sitegen/templates/)


def test_a_template_escapes_data_and_writes_the_markdown_pages_py_wrote_as_it_is():
    template = ENV.from_string("{{ data }} {{ written }} {{ data | source }} "
                               "{{ [data, written] | bullets }}")
    text = template.render(data="*a* | <b>", written=Md("**b**"))
    data = r"\*a\* \| &lt;b&gt;"
    assert text.split("\n") == [
        f'{data} **b** <small class="source">Source: {data}</small> - {data}', "- **b**"]


def test_a_template_that_writes_none_or_a_misspelt_name_fails_the_build():
    with pytest.raises(TypeError, match="wrote None"):
        ENV.from_string("{{ value }}").render(value=None)
    with pytest.raises(jinja2.UndefinedError):
        ENV.from_string("{{ baord.name }}").render(board={"name": "x"})


def test_a_heading_id_is_not_a_template_comment():
    assert ENV.from_string("### Stage {{ n }} {#stage-{{ n }}}{## a comment ##}").render(n=2) \
        == "### Stage 2 {#stage-2}"


def test_every_template_is_used():
    """Named by pages.py, training_pages.py or another template (a board's sub-page by its
    name in BOARD_SUB_PAGES): none is left behind, none is missing."""
    sources = [TEMPLATES.parent / "pages.py", TEMPLATES.parent / "training_pages.py",
               *TEMPLATES.glob("*.j2")]
    named = {name for path in sources
             for name in re.findall(r'"(\w+\.md\.j2)"', path.read_text(encoding="utf-8"))}
    named |= {f"board_{name}.md.j2" for name, _, _ in BOARD_SUB_PAGES}
    assert named == {path.name for path in TEMPLATES.glob("*.j2")}


# ---------------------------------------------------------------------------------------------
# The set of pages


def board_pages(board_id: str) -> list[str]:
    """The board's page and its sub-pages."""
    return [f"boards/{board_id}.md", *(f"boards/{board_id}/{name}.md" for name in SUB_PAGES)]


def board_text(rendered, board_id: str) -> str:
    """What a reader finds on the board's page and its sub-pages together."""
    return " ".join(rendered[path].text for path in board_pages(board_id))


def test_every_page_is_generated_and_nothing_else(pages):
    assert [name for name, _, _ in BOARD_SUB_PAGES] == SUB_PAGES
    assert set(pages) == {*(path for board in BOARD_IDS for path in board_pages(board)),
                          "compare.md", "working-days.md"}
    assert all(text.endswith("\n") and text.startswith("# ") for text in pages.values())


def test_pages_are_pure(board_list, calendar_table):
    before = copy.deepcopy(board_list)
    first = generated_pages(board_list, calendar_table, AFTER_SURREY_REVIEW)
    assert board_list == before
    assert generated_pages(board_list, calendar_table, AFTER_SURREY_REVIEW) == first


def _resolved(page: str, href: str) -> str | None:
    """The site page a relative link points to; None for an anchor or an outside address."""
    if href.startswith("#") or re.match(r"^[a-z]+:", href):
        return None
    target = href.split("#")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def test_every_link_goes_to_a_page_that_exists_or_outside(pages, rendered, board_list):
    home = render(board_list_markdown(board_list) + "\n\n" + immediate_risk_markdown(board_list))
    checked = {**rendered, "index.md": home}
    for page, html in checked.items():
        for href in html.links():
            target = _resolved(page, href)
            if target is not None:
                assert target in SITE_PAGES, f"{page} links to {href}"
            elif not href.startswith("#"):
                assert re.match(r"^(https?|tel):", href), f"{page} links to {href}"


def test_anchor_links_point_at_headings_on_the_same_page(rendered):
    for page, html in rendered.items():
        ids = {ident for _, ident, _ in html.headings}
        for href in html.links():
            if href.startswith("#"):
                assert href[1:] in ids, f"{page}: {href}"


def test_anchor_links_to_another_generated_page_point_at_its_headings(rendered):
    for page, html in rendered.items():
        for href in html.links():
            target = _resolved(page, href)
            if target in rendered and "#" in href:
                ids = {ident for _, ident, _ in rendered[target].headings}
                assert href.split("#", 1)[1] in ids, f"{page}: {href}"


@pytest.mark.parametrize("path", ["compare.md", "working-days.md",
                                  *(path for board in BOARD_IDS for path in board_pages(board))])
def test_no_markdown_is_left_unrendered(rendered, path):
    text = rendered[path].text
    assert "markdown=" not in text
    assert not re.search(r"(^| )\|---", text)  # a table that did not render
    assert "!!!" not in text
    assert ":   " not in text


# ---------------------------------------------------------------------------------------------
# A board's page


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_fact_and_source_of_the_board_is_on_its_page(boards, rendered, board_id):
    """On the board's page or one of its sub-pages."""
    text = board_text(rendered, board_id)
    # The training scenarios have pages of their own (tests/test_training_pages.py).
    # Branding (colour, logo) is for a board's own site, not a fact of its procedure.
    # The glossary has a page of its own, and the board's links are not on its page until the
    # build shows them (issue 16; scripts/sitegen/glossary.py, tested in tests/test_glossary.py).
    shown = {key: value for key, value in boards[board_id].items()
             if key not in ("scenarios", "branding", "glossary", "links")}
    missing = [string for string in shown_strings(shown) if plain(string) not in text]
    assert missing == []


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_board_page_sections_come_in_order_with_their_anchors(rendered, boards, board_id):
    page = rendered[f"boards/{board_id}.md"]
    level, _, title = page.headings[0]
    assert (level, title) == (1, boards[board_id]["name"])
    assert [level for level, _, _ in page.headings].count(1) == 1
    assert [ident for level, ident, _ in page.headings if level == 2] == BOARD_SECTIONS


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_board_page_links_its_sub_pages_and_each_links_back(rendered, boards, board_id):
    links = rendered[f"boards/{board_id}.md"].links()
    assert [link for link in links if link.startswith(f"{board_id}/")] == [
        *(f"{board_id}/{name}.md" for name in SUB_PAGES),
        flowchart_path(board_id).removeprefix("boards/")]
    for name, title, _ in BOARD_SUB_PAGES:
        page = rendered[f"boards/{board_id}/{name}.md"]
        assert page.headings[0][0::2] == (1, f"{title}: {boards[board_id]['name']}")
        assert [level for level, _, _ in page.headings].count(1) == 1
        assert f"../{board_id}.md" in page.links()


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_board_page_leaves_the_detail_to_its_sub_pages(pages, board_id):
    """The page a practitioner opens is short: no role table, routes, records or history."""
    text = pages[f"boards/{board_id}.md"]
    for heading in ("{#roles-table}", "{#routes}", "{#record-fields}", "{#history}", "{#unclear"):
        assert heading not in text


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_stage_has_a_real_heading_in_order(rendered, boards, board_id):
    page = rendered[f"boards/{board_id}.md"]
    stages = [(ident, text) for level, ident, text in page.headings
              if level == 3 and ident.startswith("stage-")]
    assert stages == [(f"stage-{stage['number']}", f"Stage {stage['number']}: {stage['title']}")
                      for stage in boards[board_id]["stages"]]
    assert len(page.with_class("ladder-step")) == len(boards[board_id]["stages"])


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_calculator_marker_is_on_a_line_of_its_own_once(pages, board_id):
    text = pages[f"boards/{board_id}.md"]
    assert text.splitlines().count(f"<!-- calculator: {board_id} -->") == 1
    assert text.count("<!-- calculator:") == 1
    assert text.index("## Work out your next step {#calculator}") < text.index(
        "<!-- calculator:") < text.index("## The stages {#stages}")


def test_stage_shows_its_timescale_alternatives_with_why(rendered, boards):
    page = rendered["boards/north-east-lincolnshire.md"].text
    stage_2 = boards["north-east-lincolnshire"]["stages"][1]["timescale"]
    alternative = stage_2["alternatives"][0]
    assert (f"Another reading (the procedure is unclear here): {alternative['words']}"
            in page)
    assert f"Why: {alternative['why']} Source: {alternative['source']}" in page


def test_timescale_words_end_their_sentence_before_how_they_are_counted(rendered, boards):
    page = rendered["boards/north-east-lincolnshire.md"].text
    words = boards["north-east-lincolnshire"]["stages"][1]["timescale"]["words"].rstrip(".")
    assert f"{words}. Counted as a working day number" in page


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_overall_deadlines_say_which_cover_the_whole_procedure(pages, boards, board_id):
    deadlines = pages[f"boards/{board_id}.md"].split("### Overall deadlines {#deadlines}")[1]
    deadlines = deadlines.split("\n## ")[0]
    whole = [d for d in boards[board_id]["deadlines"] if d.get("whole_process")]
    assert deadlines.count("This deadline is for the whole procedure") == len(whole)
    for deadline in boards[board_id]["deadlines"]:
        assert escape_md(deadline["label"]) in deadlines
    if not boards[board_id]["deadlines"]:
        assert "The procedure sets no deadline beyond each stage's own timescale." in deadlines


def test_sources_are_shown_in_one_small_style(rendered, boards):
    page = rendered["boards/kent-medway.md"]
    sources = [attrs for tag, attrs in page.elements if tag == "small"]
    assert sources and all(attrs == {"class": "source"} for attrs in sources)
    assert "Source: Kent & Medway §7, Stage 3" in page.text


def _banner(page):
    return page.with_class("review-banner")


def test_review_banner_shows_once_the_review_month_has_ended(boards, calendar_table):
    board_list = [boards["kent-medway"], boards["surrey"]]
    for today, surrey_hidden in [(BEFORE_SURREY_REVIEW, True), (date(2025, 10, 31), True),
                                 (AFTER_SURREY_REVIEW, False)]:
        pages = generated_pages(board_list, calendar_table, today)
        kent, = _banner(render(pages["boards/kent-medway.md"]))
        surrey, = _banner(render(pages["boards/surrey.md"]))
        assert "hidden" not in kent and kent["data-review-due"] == "2020-05"
        assert ("hidden" in surrey) == surrey_hidden, today
        assert surrey["data-review-due"] == "2025-10"
        assert surrey["role"] == "note"
        assert "warning" in surrey["class"].split() and "admonition" in surrey["class"].split()


def test_review_banner_says_the_month_and_source(rendered):
    page = rendered["boards/kent-medway.md"].text
    assert ("This procedure was due for review in May 2020. Check with the Board that it is "
            "still current. Source: Kent & Medway, cover page") in page


@pytest.mark.parametrize("board_id", ["north-east-lincolnshire", "staffordshire-stoke"])
def test_undated_procedure_gets_a_note_not_a_banner(rendered, board_id):
    page = rendered[f"boards/{board_id}.md"]
    assert _banner(page) == []
    note, = page.with_class("review-note")
    assert "hidden" not in note and "data-review-due" not in note
    assert "states no date or review date" in page.text


def test_old_procedure_without_review_date_is_called_old_only_once_old(boards, calendar_table):
    worcestershire = [boards["worcestershire"]]
    recent = render(generated_pages(worcestershire, calendar_table, date(2016, 6, 1))[
        "boards/worcestershire.md"])
    old = render(generated_pages(worcestershire, calendar_table, AFTER_SURREY_REVIEW)[
        "boards/worcestershire.md"])
    assert recent.with_class("review-note") == [] and _banner(recent) == []
    assert len(old.with_class("review-note")) == 1
    assert "last dated 6 November 2015" in old.text


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_immediate_risk_box_leads_with_the_boards_own_route_else_999(
        pages, rendered, boards, board_id):
    text = pages[f"boards/{board_id}.md"]
    risk = boards[board_id]["immediate_risk"]
    box = text[text.index('!!! danger "If someone is at immediate risk"'):
               text.index("## Work out your next step")]
    assert box.index(escape_md(RISK_NO_WAITING)) < box.index("999")
    summary = box.index(escape_md(risk["summary"]["text"]))
    if risk["contacts"]:  # the board's own route first, 999 for danger to life after it
        assert f"**{escape_md(RISK_999_AFTER)}**" in box and summary < box.index("999")
    else:
        assert f"**{escape_md(RISK_999_FIRST)}**" in box and box.index("999") < summary
    for contact in risk["contacts"]:
        assert escape_md(contact["name"]) in box
        assert escape_md(contact["source"]) in box
        if "phone" in contact:
            assert f"tel:{contact['phone'].replace(' ', '')}" in box
    danger, = rendered[f"boards/{board_id}.md"].with_class("danger")
    assert "admonition" in danger["class"]


def _role_table(page: Html) -> list[list[str]]:
    table, = (table for table in page.tables if table[0][0] in ("Agency", "Stage"))
    return table


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_role_table_has_a_row_per_agency_and_a_column_per_stage(rendered, boards, board_id):
    board = boards[board_id]
    if not board["agencies"]:
        pytest.skip("a board that names no agency has a table of stages instead")
    table = _role_table(rendered[f"boards/{board_id}/contacts.md"])
    header, *rows = table
    assert header == ["Agency", *(f"Stage {stage['number']}" for stage in board["stages"])]
    assert [row[0] for row in rows] == [agency["name"] for agency in board["agencies"]] + [
        "Any other agency"]
    for agency, row in zip([*board["agencies"], {"roles": []}], rows, strict=True):
        # A role only for a disagreement with one other agency is told below the table.
        own = {role["stage"]: role["role"] + (" (see the note below the table)"
                                              if role.get("note") else "")
               for role in agency["roles"] if not role.get("other_agency")}
        for stage, cell in zip(board["stages"], row[1:], strict=True):
            expected = own.get(stage["number"], f"{stage['contact']['role']} (generic)")
            assert cell == expected


def test_role_table_marks_generic_roles_in_words(rendered, boards):
    board = boards["kent-medway"]
    _, police, *_ = _role_table(rendered["boards/kent-medway/contacts.md"])
    own = {role["stage"]: role["role"] + (" (see the note below the table)"
                                          if role.get("note") else "")
           for role in board["agencies"][0]["roles"]}
    assert board["agencies"][0]["id"] == "police" and len(own) < len(board["stages"])
    assert police[1:] == [own.get(stage["number"], f"{stage['contact']['role']} (generic)")
                          for stage in board["stages"]]


def test_board_without_agencies_says_so_and_lists_generic_roles(rendered, boards):
    page = rendered["boards/worcestershire/contacts.md"]
    assert "The procedure names no roles for particular agencies" in page.text
    header, *rows = _role_table(page)
    assert header == ["Stage", "Role to contact", "Source"]
    assert rows == [[f"Stage {stage['number']}", stage["contact"]["role"],
                     stage["contact"]["source"]]
                    for stage in boards["worcestershire"]["stages"]]


def test_role_table_has_a_caption_heading(rendered):
    headings = [ident for _, ident, _ in rendered["boards/surrey/contacts.md"].headings]
    assert headings[1] == "roles-table"


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_every_unclear_entry_is_under_its_own_heading_with_all_readings(
        pages, boards, board_id):
    text = pages[f"boards/{board_id}/about.md"]
    unclear = section(text, "## Where the procedure is unclear {#unclear}")
    for item in boards[board_id]["unclear"]:
        heading = f"### {escape_md(item['topic'])} {{#unclear-{item['id']}}}"
        assert heading in unclear
        entry = unclear[unclear.index(heading):].split("\n### ")[0]
        assert item["kind"] in entry.lower()
        for reading in item["readings"]:
            assert escape_md(reading["text"]) in entry
            assert escape_md(reading["source"]) in entry
        assert f"**What the calculator and this page use:** {escape_md(item['we_use'])}" in entry


def test_about_gives_dates_in_words_and_says_it_is_our_summary(rendered):
    kent = rendered["boards/kent-medway/about.md"].text
    assert "Reviewed May 2019" in kent
    assert "Version Not stated" in kent
    assert "Review Due May 2020" in kent
    # Cited by title, version, date and web address (Kent & Medway states none), never by a
    # file that is not in the repository.
    assert ".txt" not in kent
    assert "We worked from the published document: Kent and Medway Multi-Agency" in kent
    assert "it states no web address of its own" in kent
    assert "Where it is published The procedure states no web address of its own" in kent
    assert "our own plain-words summary of the procedure, not the procedure itself" in kent
    worcestershire = rendered["boards/worcestershire/about.md"].text
    assert "Ratified by the Worcestershire Safeguarding Adults Board 21 September 2015" in (
        worcestershire)
    assert "Version V8" in worcestershire


def test_links_from_the_data_are_links_and_addresses_without_a_scheme_get_one(rendered):
    links = [link for path in board_pages("worcestershire") for link in rendered[path].links()]
    assert "http://westmerciaconsortium.proceduresonline.com/chapters/contents.html" in links
    assert "https://www.worcestershire.gov.uk/wsab" in links


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_board_page_ends_with_links_to_compare_and_working_days(pages, board_id):
    last = pages[f"boards/{board_id}.md"].rstrip().splitlines()[-1]
    assert "(../compare.md)" in last and "(../working-days.md)" in last


def test_markup_in_the_data_stays_text_on_the_page(boards, calendar_table):
    board = copy.deepcopy(boards["kent-medway"])
    board["stages"][0]["title"] = "Team | *Manager* <b>now</b>"
    board["agencies"][0]["roles"][0]["role"] = "Sergeant | _DS_"
    pages = generated_pages([board, boards["surrey"]], calendar_table, AFTER_SURREY_REVIEW)
    page = render(pages["boards/kent-medway.md"])
    contacts = render(pages["boards/kent-medway/contacts.md"])
    assert (3, "stage-1", "Stage 1: Team | *Manager* <b>now</b>") in page.headings
    assert _role_table(contacts)[1][1] == "Sergeant | _DS_"
    assert "b" not in [tag for tag, _ in page.elements + contacts.elements]
    compare = render(pages["compare.md"])
    assert all(len(row) == 3 for row in compare.tables[0])


# ---------------------------------------------------------------------------------------------
# compare.md




KNOWN_SHORT_NAMES = ("KMSAB", "NEL SAB / NEL SCP", "SSASPB", "SSAB", "WSAB")


def cells_of_known_boards(cells: list[str], board_list) -> dict[str, str]:
    return {board["id"]: cell for board, cell in zip(board_list, cells, strict=True)
            if board["id"] in HAND_CHECKED}


def _compare_rows(rendered) -> dict[str, list[str]]:
    table, = rendered["compare.md"].tables
    return {row[0]: row[1:] for row in table}


def test_compare_has_one_column_per_board_linking_to_its_page(rendered, board_list):
    page = rendered["compare.md"]
    table, = page.tables
    assert all(len(row) == len(board_list) + 1 for row in table)
    assert table[0][1:] == [board["short_name"] for board in board_list]
    links = [href for href in page.links() if href.startswith("boards/")]
    assert links == [f"boards/{board['id']}.md" for board in board_list]
    words = {5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}
    count = words.get(len(board_list), len(board_list))
    assert page.headings[0][2] == f"Compare the {count} boards"


def test_compare_rows(rendered, board_list):
    rows = _compare_rows(rendered)
    most = max(len(board["stages"]) for board in board_list)
    assert rows["Number of stages"] == [str(len(board["stages"])) for board in board_list]
    for number in range(1, most + 1):
        for board, cell in zip(board_list, rows[f"Stage {number}"], strict=True):
            if number <= len(board["stages"]):
                stage = board["stages"][number - 1]
                assert cell == plain(f"{stage['title']}: {stage['timescale']['words']}")
            else:
                assert cell == f"No stage {number}"
    assert f"Stage {most + 1}" not in rows
    assert cells_of_known_boards(rows["Review date"], board_list) == {
        "kent-medway": "May 2020 (passed)", "north-east-lincolnshire": "Not stated",
        "staffordshire-stoke": "Not stated", "surrey": "October 2025 (passed)",
        "worcestershire": "As required"}
    assert cells_of_known_boards(rows["Version"], board_list) == {
        "kent-medway": "Not stated", "north-east-lincolnshire": "Not stated",
        "staffordshire-stoke": "Not stated", "surrey": "7.0", "worcestershire": "V8"}
    for board, cell in zip(board_list, rows["Who decides at the top"], strict=True):
        assert plain(board["final_say"]["text"]) in cell


def test_compare_overall_deadlines_are_the_whole_process_ones(rendered, board_list):
    cells = _compare_rows(rendered)["Overall deadline"]
    for board, cell in zip(board_list, cells, strict=True):
        whole = [d for d in board["deadlines"] if d.get("whole_process")]
        others = [d for d in board["deadlines"] if not d.get("whole_process")]
        assert all(plain(d["timescale"]["words"]) in cell for d in whole)
        assert not any(d["label"] in cell for d in others)
        assert (cell == "None") == (not whole)


def test_compare_says_what_differs_from_the_data(pages):
    differences = section(pages["compare.md"], "## What differs most")
    lines = {line.split("**")[1]: line for line in differences.splitlines()
             if line.startswith("- **")}

    def known_named(line: str) -> set[str]:
        """Which of the hand-checked boards the line names (others may be added)."""
        names = set(re.split(r", | and ", line.split(": ", 1)[1].split(";")[0].rstrip(".")))
        return names & set(KNOWN_SHORT_NAMES)

    assert known_named(lines["No timescale for any stage"]) == {"SSASPB"}
    assert known_named(lines["Clock hours"]) == {"WSAB"}
    assert known_named(lines["Each stage counted from the end of the one before"]) == {"SSAB"}
    assert known_named(lines["No deadline for the whole process"]) == {"SSAB", "WSAB"}
    assert known_named(lines["Review date passed"]) == {"KMSAB", "SSAB"}
    assert "on the board's own page" in pages["compare.md"]


def test_compare_review_passed_follows_today(board_list, calendar_table):
    pages = generated_pages(board_list, calendar_table, BEFORE_SURREY_REVIEW)
    table, = render(pages["compare.md"]).tables
    review = next(row for row in table if row[0] == "Review date")
    assert cells_of_known_boards(review[1:], board_list) == {
        "kent-medway": "May 2020 (passed)", "north-east-lincolnshire": "Not stated",
        "staffordshire-stoke": "Not stated", "surrey": "October 2025",
        "worcestershire": "As required"}


# ---------------------------------------------------------------------------------------------
# working-days.md


def _holiday_rows(page: Html) -> list[list[str]]:
    table = next(table for table in page.tables if table[0] == ["Date", "Bank holiday"])
    return table[1:]


@pytest.mark.parametrize("today", [date(2026, 1, 10), date(2019, 12, 31)])
def test_working_days_lists_exactly_the_holidays_of_this_year_and_next(
        board_list, calendar_table, today):
    page = render(generated_pages(board_list, calendar_table, today)["working-days.md"])
    expected = [
        [f"{date.fromisoformat(entry['date']):%a} "
         f"{date.fromisoformat(entry['date']).day} "
         f"{date.fromisoformat(entry['date']):%b %Y}", entry["name"]]
        for entry in calendar_table["bank_holidays"]
        if entry["date"][:4] in (str(today.year), str(today.year + 1))
    ]
    assert _holiday_rows(page) == expected
    assert len(expected) >= 16
    heading = f"Bank holidays in England, {today.year} and {today.year + 1}"
    assert (2, "bank-holidays", heading) in page.headings


def test_working_days_says_when_a_year_is_outside_the_calendar(board_list):
    short = calendar_data(2015, 2026)
    page = render(generated_pages(board_list, short, date(2026, 3, 1))["working-days.md"])
    assert "The calendar does not cover 2027." in page.text
    assert all(row[0].endswith("2026") for row in _holiday_rows(page))


def test_working_day_examples_are_counted_by_the_calculator(board_list, calendar_table):
    # Raised on the Thursday before Good Friday 2026 (3 April) and Easter Monday (6 April):
    # counted by hand from a printed calendar.
    page = render(generated_pages(board_list, calendar_table, date(2026, 1, 10))[
        "working-days.md"]).text
    assert "a disagreement raised on Thu 2 Apr 2026" in page
    assert "1 working day later is Tue 7 Apr 2026" in page
    assert "5 working days later is Mon 13 Apr 2026" in page
    assert "Raised on Sat 4 Apr 2026, 1 working day later is Tue 7 Apr 2026" in page
    assert "working day 2 is Tue 7 Apr 2026" in page
    assert "working day 1 is Tue 7 Apr 2026 and working day 2 is Wed 8 Apr 2026" in page
    assert "run out on Fri 3 Apr 2026 (a bank holiday, which still counts)" in page
    assert "5 calendar days after Thu 2 Apr 2026 is Tue 7 Apr 2026" in page


def test_working_days_names_the_calendar(rendered, calendar_table):
    page = rendered["working-days.md"].text
    assert f"The holidays package, version {calendar_table['version']}" in page
    assert calendar_table["region"] in page
    assert "Years covered 2015 to 2035" in page
    assert "refuses a date outside the years covered" in page
    assert "No board adds any at present." in page


def test_working_days_says_which_boards_count_each_way(pages):
    text = pages["working-days.md"]
    by_number = section(text, "## How each kind").split("### By working day number")[1]
    by_number = by_number.split("\n### ")[0]
    used_by = [line for line in by_number.splitlines() if line.startswith("**Used by:**")]
    assert any(line.startswith("**Used by:** NEL SAB / NEL SCP: stage 1, stage 2,")
               or "; NEL SAB / NEL SCP: stage 1, stage 2," in line for line in used_by), used_by
    clock = text.split("### Within a number of hours")[1].split("\n### ")[0]
    assert "WSAB: stage 2." in clock


def test_working_days_lists_a_board_extra_non_working_day(boards, calendar_table):
    board = copy.deepcopy(boards["surrey"])
    board["extra_non_working_days"] = [
        {"date": "2026-06-15", "name": "A proclaimed day", "source": "Proclamation of 2026"}]
    page = render(generated_pages([board], calendar_table, date(2026, 1, 10))[
        "working-days.md"]).text
    assert "SSAB: Mon 15 Jun 2026, A proclaimed day Source: Proclamation of 2026" in page
    assert "No board adds any" not in page


# ---------------------------------------------------------------------------------------------
# The home page's parts


def test_board_list_links_every_board_with_area_and_stage_count(board_list):
    page = render(board_list_markdown(board_list))
    assert page.links() == [f"boards/{board['id']}.md" for board in board_list]
    items = [tag for tag, _ in page.elements if tag == "li"]
    assert len(items) == len(board_list)
    for board in board_list:
        assert f"{board['name']} ({board['short_name']}): {board['area']}. " \
               f"{len(board['stages'])} stages." in page.text


def test_immediate_risk_box_says_no_waiting_and_999_then_every_board(board_list):
    text = immediate_risk_markdown(board_list)
    page = render(text)
    assert len(page.with_class("danger")) == 1
    assert page.text.index("call 999") < page.text.index(board_list[0]["short_name"])
    for board in board_list:
        risk = board["immediate_risk"]
        assert f"boards/{board['id']}.md" in page.links()
        if risk["contacts"]:
            for contact in risk["contacts"]:
                assert plain(contact["name"]) in page.text
                assert plain(contact["source"]) in page.text
        else:
            assert plain(risk["summary"]["text"]) in page.text
            assert plain(risk["summary"]["source"]) in page.text
    assert "tel:01472256256" in page.links()
