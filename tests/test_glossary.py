"""Each board's own links and the glossary of the procedures' terms (policies/<id>.yaml `links`
and `glossary`; scripts/sitegen/glossary.py), for every board there is and the template.

The made-up boards below are test inputs (escaping, a term two boards mean differently), not
copies of any board's data.
"""

import copy
import re

import markdown
import pytest
from test_checking import problems_of, told_once  # the same one-problem checks

from calculator.tools.checking import term_key
from calculator.tools.loading import load_policy
from conftest import POLICIES
from scripts.sitegen.glossary import (
    LINK_KINDS,
    OTHER,
    board_links_md,
    glossary_page,
    link_href,
)
from scripts.sitegen.pages import escape_md, source_md

TEMPLATE = POLICIES / "template" / "exampleshire.yaml"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "def_list"]


@pytest.fixture(scope="module")
def template() -> dict:
    return load_policy(TEMPLATE, TEMPLATE.name).data


@pytest.fixture(scope="module")
def every_board(boards, template) -> list[dict]:
    """Every board file there is, and the template, which shows every field."""
    return [*boards.values(), template]


def html_of(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS)


def made_up(short: str, glossary: list[dict] | None = None, links: dict | None = None) -> dict:
    board = {"id": short.lower(), "name": f"{short} Safeguarding Adults Board",
             "short_name": short}
    if glossary is not None:
        board["glossary"] = glossary
    if links is not None:
        board["links"] = links
    return board


# ---------------------------------------------------------------------------------------------
# The data


def test_the_template_shows_every_kind_of_link_and_a_term_not_spelled_out(template):
    assert set(template["links"]) == {kind for kind, _ in LINK_KINDS}
    assert [link for link in template["links"].values() if "url" not in link]
    assert [entry for entry in template["glossary"] if entry.get("spelled_out") is False]


def test_every_link_is_https_where_the_source_gives_one_and_has_a_source(every_board):
    for board in every_board:
        for kind, link in (board.get("links") or {}).items():
            where = f"{board['id']}: links.{kind}"
            assert kind in dict(LINK_KINDS), where
            assert link["label"].strip() and link["source"].strip(), where
            if "url" in link:
                assert re.match(r"^(https://|www\.)\S+$", link["url"]), where
                assert link_href(link["url"]).startswith("https://"), where


def test_the_procedures_address_is_the_one_the_source_document_gives(every_board):
    for board in every_board:
        given = ((board.get("links") or {}).get("procedure") or {}).get("url")
        stated = board["source_document"]["url"]
        if given and stated:
            assert given == stated, board["id"]


def test_glossary_terms_are_unique_per_board_each_with_a_meaning_and_a_source(every_board):
    for board in every_board:
        glossary = board.get("glossary") or []
        keys = [term_key(entry["term"]) for entry in glossary]
        assert len(keys) == len(set(keys)), board["id"]
        assert all(keys), board["id"]
        for entry in glossary:
            where = f"{board['id']}: {entry['term']}"
            assert entry["meaning"].strip() and entry["source"].strip(), where
            if entry.get("spelled_out") is False:
                assert entry.get("expansion"), where


def test_a_terms_source_names_its_own_board(every_board):
    """Each source is a clause of the board's own procedure, cited as its other facts are."""
    for board in every_board:
        cited = {stage["source"].split(" ")[0].rstrip(",") for stage in board["stages"]}
        for entry in board.get("glossary") or []:
            assert entry["source"].split(" ")[0].rstrip(",") in cited, (board["id"], entry)


# ---------------------------------------------------------------------------------------------
# The board's links, as Markdown


def test_board_links_list_each_link_with_its_label_source_and_address(every_board):
    for board in every_board:
        links = board.get("links") or {}
        md = board_links_md(board)
        assert len(md.splitlines()) == len(links), board["id"]
        for kind, link in links.items():
            line = next(line for line in md.splitlines()
                        if line.startswith(f"- **{dict(LINK_KINDS)[kind]}**"))
            assert escape_md(link["label"]) in line
            assert source_md(link["source"]) in line
            if "url" in link:
                assert f"]({link_href(link['url'])})" in line
            else:
                assert "(the procedure gives no address)" in line
        page = html_of(md)
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert hrefs == [link_href(link["url"]) for _, link in
                         sorted(links.items(), key=lambda item: list(dict(LINK_KINDS)).index(
                             item[0])) if "url" in link]
        assert all(href.startswith("https://") for href in hrefs)


def test_an_address_is_linked_only_over_https():
    assert link_href("www.example.org/sab") == "https://www.example.org/sab"
    assert link_href("https://example.org/a (b)") == "https://example.org/a%20%28b%29"
    for never in ("http://example.org", "javascript:alert(1)", "https://", "", None, 5):
        assert link_href(never) is None, never


def test_an_address_not_over_https_is_shown_never_linked():
    board = made_up("XSAB", links={"board": {"label": "Site", "url": "http://example.org",
                                             "source": "X §1"}})
    md = board_links_md(board)
    assert "http://example.org" in md and "href" not in html_of(md)


def test_link_labels_notes_and_addresses_are_escaped():
    board = made_up("XSAB", links={
        "procedure": {"label": "Proc](javascript:x) <b>*", "url": "https://e.org/a)b<c>",
                      "note": "| not | a table", "source": "X §1 <i>"},
    })
    page = html_of(board_links_md(board))
    assert re.findall(r'href="([^"]+)"', page) == ["https://e.org/a%29b%3Cc%3E"]
    assert "<b>" not in page and "<i>" not in page and "<table" not in page
    assert "Proc](javascript:x) &lt;b&gt;*" in page


# ---------------------------------------------------------------------------------------------
# The glossary page


def sections(page: str) -> dict[str, str]:
    """The page's term sections by anchor: '### Term {#term-key}' up to the next heading."""
    found = re.findall(r"^### .*? \{#(term-[0-9a-z]+)\}\n(.*?)(?=^#|\Z)", page, re.M | re.S)
    return dict(found)


def test_the_page_lists_every_term_of_every_board_with_its_meaning_and_source(every_board):
    page = glossary_page(every_board)
    by_anchor = sections(page)
    for board in every_board:
        for entry in board.get("glossary") or []:
            section = by_anchor[f"term-{term_key(entry['term'])}"]
            line = next(line for line in section.splitlines()
                        if f"**{escape_md(board['short_name'])}**" in line
                        and escape_md(entry["meaning"].rstrip(".")) in line)
            assert entry["source"] in line or escape_md(entry["source"]) in line
            if entry.get("expansion"):
                assert f"*{escape_md(entry['expansion'])}*" in line
            if entry.get("spelled_out") is False:
                assert "does not spell it out" in line
    total = len({term_key(e["term"]) for b in every_board for e in b.get("glossary") or []})
    assert len(by_anchor) == total


def test_the_terms_run_a_to_z_under_their_letters(every_board):
    page = glossary_page(every_board)
    letters = re.findall(r"^## (.+)$", page, re.M)
    assert letters == sorted(letters, key=lambda letter: (letter == OTHER, letter))
    keys = [key.removeprefix("term-") for key in sections(page)]
    assert keys == sorted(keys)
    for letter, block in re.findall(r"^## (.+)\n(.*?)(?=^## |\Z)", page, re.M | re.S):
        for key in re.findall(r"\{#term-([0-9a-z]+)\}", block):
            assert key[0].upper() == letter


def test_a_term_boards_mean_differently_shows_each_boards_meaning():
    one = made_up("ASAB", [{"term": "MASH", "expansion": "Multi-Agency Safeguarding Hub",
                            "meaning": "For adults at imminent risk.", "source": "A §4"}])
    two = made_up("BSAB", [{"term": "Mash", "meaning": "For children at risk.",
                            "source": "B §2"}])
    three = made_up("CSAB", [{"term": "MASH", "expansion": "Multi-Agency Safeguarding Hub",
                              "meaning": "For adults at imminent risk.", "source": "C §1"}])
    section = sections(glossary_page([one, two, three]))["term-mash"]
    lines = section.strip().splitlines()
    assert len(lines) == 2  # A and C mean the same: one line, each with its own clause
    assert "**ASAB**, **CSAB**" in lines[0] and "ASAB: A §4; CSAB: C §1" in lines[0]
    assert "**BSAB**" in lines[1] and "For children at risk." in lines[1]
    assert "(written “Mash”)" in lines[1] and "written" not in lines[0]


def test_the_real_boards_terms_in_common_show_each_boards_meaning(boards):
    page = sections(glossary_page(list(boards.values())))
    uses: dict[str, list[tuple[dict, dict]]] = {}
    for board in boards.values():
        for entry in board.get("glossary") or []:
            uses.setdefault(term_key(entry["term"]), []).append((board, entry))
    for key, used in uses.items():
        meanings = {entry["meaning"] for _, entry in used}
        lines = page[f"term-{key}"].strip().splitlines()
        assert len(lines) == len(meanings), key
        for board, _ in used:
            assert sum(f"**{escape_md(board['short_name'])}**" in line for line in lines) == 1


def test_terms_and_meanings_are_escaped():
    board = made_up("X|SAB", [
        {"term": "<b>DSL</b> | *x*", "expansion": "[a](javascript:b)", "spelled_out": False,
         "meaning": "- starts like a list; <script>alert(1)</script> _under_", "source": "X §1"},
        {"term": "--", "meaning": "1. looks numbered", "source": "X §2"},
    ])
    page = glossary_page([board])
    html = html_of(page.split("---\n", 2)[2])
    assert "<script" not in html and "<b>" not in html and "<a " not in html
    assert "<table" not in html and "<em>under</em>" not in html and "<ol" not in html
    assert "&lt;b&gt;DSL&lt;/b&gt; | *x*" in html
    # filed by its letters and digits alone ("<b>DSL</b>" under B); none at all: under OTHER
    assert re.findall(r"^## (.+)$", page, re.M) == ["B", OTHER]


def test_a_board_with_neither_links_nor_glossary_works(boards):
    bare = made_up("XSAB")
    assert board_links_md(bare) == ""
    assert "No board's procedure has terms listed yet." in glossary_page([bare])
    assert sections(glossary_page([bare])) == {}
    mixed = glossary_page([bare, *boards.values()])
    assert "XSAB" not in mixed  # only boards with terms are listed


# ---------------------------------------------------------------------------------------------
# `check`: one problem, on its line, for each thing broken


def test_every_board_without_its_links_and_glossary_still_passes(every_board, calendar_table):
    for board in every_board:
        bare = {key: value for key, value in board.items() if key not in ("links", "glossary")}
        assert problems_of(bare, calendar_table)[0] == [], board["id"]


def test_a_term_given_twice_is_a_problem(template, calendar_table):
    board = copy.deepcopy(template)
    first = board["glossary"][0]
    spelled = "-".join(first["term"].lower())  # the same term, another case and hyphens
    board["glossary"].append({**first, "term": spelled})
    told_once(board, calendar_table, ("glossary", len(board["glossary"]) - 1, "term"),
              f"{spelled!r} is given twice (as {first['term']!r} at glossary[0])")


def test_an_http_address_is_a_problem(template, calendar_table):
    board = copy.deepcopy(template)
    board["links"]["board"]["url"] = "http://www.example.org/"
    told_once(board, calendar_table, ("links", "board", "url"), "the site links over https only")


def test_a_procedure_address_unlike_the_source_documents_is_a_problem(template, calendar_table):
    board = copy.deepcopy(template)
    board["links"]["procedure"]["url"] = board["source_document"]["url"] + "/other"
    told_once(board, calendar_table, ("links", "procedure", "url"),
              "the procedure's address differs from source_document.url")


def test_not_spelled_out_needs_the_expansion(template, calendar_table):
    board = copy.deepcopy(template)
    index = next(i for i, e in enumerate(board["glossary"]) if e.get("spelled_out") is False)
    del board["glossary"][index]["expansion"]
    found, _ = problems_of(board, calendar_table)
    assert len(found) == 1 and f"glossary[{index}]" in found[0] and "expansion" in found[0]


@pytest.mark.parametrize("broken", [{"links": {}}, {"glossary": [{"term": "X"}]},
                                    {"links": {"website": {"label": "x", "source": "y"}}}])
def test_a_malformed_field_is_one_problem_never_a_traceback(template, calendar_table, broken):
    board = {**copy.deepcopy(template), **broken}
    found, _ = problems_of(board, calendar_table)
    assert found and all(": links" in line or ": glossary" in line for line in found), found
