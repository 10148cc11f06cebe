"""What changed (scripts/sitegen/changes.py): every board's history, newest first, as a page and
as an Atom feed (RFC 4287). The boards are the ones in policies/; made-up entries are copies of a
real board with their history replaced."""

import copy
import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html.parser import HTMLParser
from itertools import pairwise
from urllib.parse import urljoin

import markdown
import pytest

from calculator.dates import first_day_of, human_date, human_month_or_date
from conftest import BOARD_IDS
from scripts.sitegen.changes import (
    FEED_PATH,
    PAGE_PATH,
    PAGE_URL,
    TAG_DATE,
    atom_feed,
    change_entries,
    changes_page,
)
from scripts.sitegen.pages import generated_pages

A = "{http://www.w3.org/2005/Atom}"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "def_list",
              "pymdownx.details"]
#: RFC 3339 §5.6 date-time.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
#: RFC 4151: "tag:" authority "," date ":" specific (authority a DNS name or an email).
TAG_URI = re.compile(r"tag:[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*"
                     r"[A-Za-z0-9])?)*,\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*")
NASTY = "Tom & Jerry <b>bold</b> \"double\" 'single' ]]> *stars* | pipe [x](y) &amp;"


@pytest.fixture(scope="module")
def board_list(boards) -> list[dict]:
    return [boards[board_id] for board_id in BOARD_IDS]


def history_keys(board: dict) -> list[tuple]:
    return [(board["id"], entry.get("date"), entry.get("version"), entry["changes"],
             entry.get("source")) for entry in board.get("history") or ()]


def change_key(change) -> tuple:
    return (change.board_id, change.date, change.version, change.changes, change.source)


def made_up(board: dict, history: list[dict], **fields) -> dict:
    """A copy of a real board with `history` (and any other fields) replaced."""
    changed = copy.deepcopy(board)
    changed.update(history=history, **fields)
    return changed


def entry(when: str | None, changes: str = "Made-up change.", version: str | None = "9",
          source: str | None = "Made-up, document history") -> dict:
    return {"date": when, "version": version, "changes": changes, "source": source}


# ---------------------------------------------------------------------------------------------
# Reading the results back


class Html(HTMLParser):
    """A rendered page's text, links (in order) and headings."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.links: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data):
        self.parts.append(data)
        if self._in_h1:
            self.h1.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def render(page: str) -> Html:
    return Html(markdown.markdown(page, extensions=EXTENSIONS))


def plain(text: str) -> str:
    return " ".join(text.split())


def board_links(html: Html) -> list[str]:
    """The board ids the page's links go to, in order, resolved from the page's own path."""
    found = []
    for href in html.links:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(PAGE_PATH), href))
        match = re.fullmatch(r"boards/([^/]+)\.md", target)
        if match:
            found.append(match.group(1))
    return found


def parse(feed: str) -> ET.Element:
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.tag == f"{A}feed"
    return root


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{A}entry")


def rfc3339(text: str) -> datetime:
    assert RFC3339.fullmatch(text), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def built_url(doc_path: str) -> str:
    """The site address MkDocs gives a docs file (use_directory_urls: true)."""
    if not doc_path.endswith(".md"):
        return doc_path
    stem = doc_path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


# ---------------------------------------------------------------------------------------------
# The entries


def test_every_history_entry_of_every_board_appears_once(board_list):
    changes = change_entries(board_list)
    expected = sorted(key for board in board_list for key in history_keys(board))
    assert expected, "the boards have no history at all"
    assert sorted(change_key(change) for change in changes) == expected


@pytest.mark.parametrize("board_id", BOARD_IDS)
def test_each_boards_entries_carry_its_id_and_name(boards, board_id):
    board = boards[board_id]
    mine = change_entries([board])
    assert sorted(change_key(change) for change in mine) == sorted(history_keys(board))
    assert sorted(change.position for change in mine) == list(range(len(board["history"])))
    assert {(change.board_id, change.board_name) for change in mine} == {
        (board["id"], board["name"])}


def test_entries_are_newest_first_with_undated_last(board_list):
    changes = change_entries(board_list)
    days = [change.day for change in changes]
    dated = [day for day in days if day is not None]
    assert days == dated + [None] * (len(days) - len(dated))
    assert dated == sorted(dated, reverse=True)
    for change in changes:
        assert change.day == (first_day_of(change.date) if change.date else None)


def test_ties_go_by_board_name_then_newest_in_the_file_first(board_list):
    base = board_list[0]
    boards = [made_up(base, [entry("2020-05", "B first"), entry("2020-05", "B second")],
                      id="b-board", name="B board"),
              made_up(base, [entry("2020-05", "A first"), entry("2020-05", "A second")],
                      id="a-board", name="A board")]
    assert [change.changes for change in change_entries(boards)] == [
        "A second", "A first", "B second", "B first"]


def test_within_a_board_a_later_entry_of_the_same_day_comes_first(board_list):
    for board in board_list:
        changes = change_entries([board])
        for before, after in pairwise(changes):
            if before.day == after.day:
                assert before.position > after.position


def test_order_is_the_same_whatever_order_the_boards_come_in(board_list):
    assert change_entries(board_list) == change_entries(list(reversed(board_list)))


def test_a_board_with_no_history_adds_nothing_and_breaks_nothing(board_list):
    empty = made_up(board_list[0], [], id="no-history", name="No history board")
    missing = copy.deepcopy(empty)
    del missing["history"]
    for nothing in (empty, missing):
        assert change_entries([nothing]) == []
        assert change_entries([*board_list, nothing]) == change_entries(board_list)
        assert "no-history" not in changes_page([*board_list, nothing])
        assert atom_feed([*board_list, nothing]) == atom_feed(board_list)
        page = render(changes_page([nothing]))
        assert board_links(page) == []
        root = parse(atom_feed([nothing]))
        assert entries(root) == []
        assert rfc3339(root.find(f"{A}updated").text).date() == TAG_DATE


def test_the_inputs_are_left_as_they_were(board_list):
    before = copy.deepcopy(board_list)
    change_entries(board_list)
    changes_page(board_list)
    atom_feed(board_list)
    assert board_list == before


# ---------------------------------------------------------------------------------------------
# The page


def test_page_has_its_title_and_links_the_feed_beside_it(board_list):
    page = render(changes_page(board_list))
    assert plain("".join(page.h1)) == "What changed"
    assert page.tags.count("h1") == 1
    assert FEED_PATH in page.links
    # The page's Markdown is PAGE_PATH among the docs, the feed FEED_PATH at the site's root:
    # side by side among the docs, so the link is the feed's bare name.
    assert posixpath.dirname(PAGE_PATH) == posixpath.dirname(FEED_PATH) == ""


def test_page_lists_every_entry_once_newest_first_each_linking_its_board(board_list):
    changes = change_entries(board_list)
    markdown_text = changes_page(board_list)
    page = render(markdown_text)
    assert board_links(page) == [change.board_id for change in changes]
    # Each entry's words, in the entries' order.
    at = 0
    for change in changes:
        found = page.text.find(plain(change.changes), at)
        assert found >= 0, change.changes
        at = found
        if change.source:
            assert f"Source: {plain(change.source)}" in page.text
    assert not markdown_text.rstrip("\n").endswith(" ")


def test_page_links_go_to_generated_board_pages(board_list, calendar_table):
    pages = generated_pages(board_list, calendar_table, date(2025, 1, 1))
    for board_id in board_links(render(changes_page(board_list))):
        assert f"boards/{board_id}.md" in pages


def test_page_dates_are_in_the_sites_style(board_list):
    page = render(changes_page(board_list))
    for change in change_entries(board_list):
        if change.date is None:
            continue
        shown = (human_month_or_date(change.date) if len(change.date) == 7
                 else human_date(change.day))
        assert f"{shown}: {plain(change.board_name)}" in page.text


def test_page_groups_entries_by_year_newest_first_undated_last(board_list):
    base = board_list[0]
    boards = [made_up(base, [entry("2019-03-04", "Old"), entry("2021-11", "New")]),
              made_up(base, [entry(None, "Undated")], id="undated-board", name="Undated")]
    text = changes_page(boards)
    years = re.findall(r"^## (.+?) \{#", text, re.M)
    assert years == ["2021", "2019", "Date not stated"]
    assert text.index("New") < text.index("Old") < text.index("Undated")
    page = render(text)
    assert "November 2021: " in page.text and "Mon 4 Mar 2019: " in page.text


def test_page_with_no_boards_says_so():
    page = render(changes_page([]))
    assert "What changed" in page.text
    assert "records a version yet" in page.text


def test_page_escapes_the_data(board_list):
    board = made_up(board_list[0], [entry("2024-02-29", NASTY, version="<2> & *1*",
                                          source=NASTY)], name=f"Board {NASTY}")
    page = render(changes_page([board]))
    assert plain(NASTY) in page.text
    assert "Board " + plain(NASTY) in page.text
    assert "<2> & *1*" in page.text
    assert page.tags.count("b") == 0 and page.tags.count("em") == 0
    assert page.tags.count("a") == 1 + 1  # the feed and the board, never the data's "[x](y)"


# ---------------------------------------------------------------------------------------------
# The feed


def test_feed_has_every_element_rfc_4287_requires(board_list):
    root = parse(atom_feed(board_list))
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{name}")) == 1, name
        assert root.find(f"{A}{name}").text.strip()
    authors = root.findall(f"{A}author")
    assert authors and all(author.find(f"{A}name").text.strip() for author in authors)
    assert entries(root)
    for item in entries(root):
        for name in ("id", "title", "updated"):
            assert len(item.findall(f"{A}{name}")) == 1, name
            assert item.find(f"{A}{name}").text.strip()
        assert item.findall(f"{A}link")
        assert all(link.get("href") for link in item.findall(f"{A}link"))
        content = item.find(f"{A}content")
        assert content is not None and content.get("type") == "text"
        assert list(content) == []  # text, never markup


def test_feed_has_one_entry_per_dated_change_newest_first(board_list):
    changes = [change for change in change_entries(board_list) if change.date]
    root = parse(atom_feed(board_list))
    items = entries(root)
    assert len(items) == len(changes)
    for item, change in zip(items, changes, strict=True):
        assert rfc3339(item.find(f"{A}updated").text).date() == change.day
        assert plain(change.changes) in item.find(f"{A}content").text
        assert plain(change.board_name) in item.find(f"{A}title").text
        if change.version:
            assert change.version in item.find(f"{A}title").text


def test_feed_dates_are_rfc_3339_and_the_feed_is_as_new_as_its_newest_entry(board_list):
    root = parse(atom_feed(board_list))
    updated = rfc3339(root.find(f"{A}updated").text)
    times = [rfc3339(item.find(f"{A}updated").text) for item in entries(root)]
    assert updated == max(times)
    assert times == sorted(times, reverse=True)


def test_feed_updated_can_be_given_and_is_never_the_clock(board_list):
    root = parse(atom_feed(board_list, updated=date(2031, 7, 4)))
    assert root.find(f"{A}updated").text == "2031-07-04T00:00:00Z"
    assert atom_feed(board_list) == atom_feed(board_list)


def test_feed_ids_are_unique_tag_uris_stable_across_runs(board_list):
    first, second = parse(atom_feed(board_list)), parse(atom_feed(list(reversed(board_list))))
    ids = [item.find(f"{A}id").text for item in entries(first)]
    assert len(set(ids)) == len(ids)
    assert ids == [item.find(f"{A}id").text for item in entries(second)]
    for tag in [first.find(f"{A}id").text, *ids]:
        assert TAG_URI.fullmatch(tag), tag
    assert first.find(f"{A}id").text not in ids


def test_a_version_added_later_or_found_earlier_keeps_every_other_entrys_id(board_list):
    """A new version is added at the end of a history; an older one found later, at the start:
    either way the entries already in readers keep their ids."""
    before = {item.find(f"{A}id").text for item in entries(parse(atom_feed(board_list)))}
    grown = [made_up(board, [entry("2001-01-02"), *board["history"], entry("2030-01-02")])
             for board in board_list]
    after = [item.find(f"{A}id").text for item in entries(parse(atom_feed(grown)))]
    assert before < set(after)
    assert len(after) == len(before) + 2 * len(board_list)


def test_two_versions_of_one_board_on_one_date_get_different_ids(board_list):
    board = made_up(board_list[0], [entry("2020-05", "One"), entry("2020-05", "Two")])
    ids = [item.find(f"{A}id").text for item in entries(parse(atom_feed([board])))]
    assert len(set(ids)) == 2


def test_feed_leaves_out_undated_versions_and_says_a_month_is_a_month(board_list):
    board = made_up(board_list[0], [entry(None, "Undated one"), entry("2022-10", "A month")])
    items = entries(parse(atom_feed([board])))
    assert len(items) == 1
    assert items[0].find(f"{A}updated").text == "2022-10-01T00:00:00Z"
    content = items[0].find(f"{A}content").text
    assert "Undated one" not in content
    assert human_month_or_date("2022-10") in content and "month only" in content


def test_feed_links_resolve_to_the_pages_the_page_links(board_list):
    """The feed at the site's root and the page at PAGE_URL reach the same board pages, from
    any folder the site is served from."""
    site = "https://council.example/safeguarding/escalation/"
    feed_url = urljoin(site, FEED_PATH)
    root = parse(atom_feed(board_list))
    links = {link.get("rel"): urljoin(feed_url, link.get("href"))
             for link in root.findall(f"{A}link")}
    assert links == {"self": feed_url, "alternate": urljoin(site, PAGE_URL)}
    assert built_url(PAGE_PATH) == PAGE_URL
    from_feed = [urljoin(feed_url, item.find(f"{A}link").get("href"))
                 for item in entries(root)]
    dated = [change for change in change_entries(board_list) if change.date]
    page_links = [urljoin(site, built_url(f"boards/{change.board_id}.md")) for change in dated]
    assert from_feed == page_links


def test_feed_escapes_everything(board_list):
    board = made_up(board_list[0], [entry("2024-02-29", NASTY, version="2 <beta> & \"1\"",
                                          source=NASTY)],
                    id="nasty", name=f"Board {NASTY}")
    feed = atom_feed([board])
    assert "<b>" not in feed and "]]>" not in feed
    item = entries(parse(feed))[0]
    assert plain(item.find(f"{A}title").text) == f"Board {plain(NASTY)}: version 2 <beta> & \"1\""
    content = item.find(f"{A}content").text
    assert NASTY in content and f"Source: {NASTY}." in content
    assert item.find(f"{A}category").get("label") == f"Board {plain(NASTY)}"


def test_feed_survives_characters_xml_cannot_hold(board_list):
    board = made_up(board_list[0], [entry("2024-01-01", "bell \x07 and nul \x00 here")])
    content = entries(parse(atom_feed([board])))[0].find(f"{A}content").text
    assert content.startswith("bell \ufffd and nul \ufffd here")
