"""What changed: every board's `history`, newest first, as a page and as an Atom feed (RFC 4287).

Pure functions of the boards' data, like pages.py; nothing here reads a file or the clock, so the
same boards always give the same bytes. Where they go (the lead wires them into the build):

- the page's Markdown is `changes.md` among the docs (PAGE_PATH), served at `changes/`;
- the feed is `changes.xml` at the site's root (FEED_PATH), beside `changes.md` among the docs.

The page's links are relative links to the docs' files (`boards/<id>.md`, `changes.xml`), as
every generated page's are, so that MkDocs checks them (`--strict`) and writes them for the
built page: `../boards/<id>/` and `../changes.xml`. The feed is not MkDocs' to rewrite: its
links are relative to the feed's own address (`boards/<id>/`, `changes/`).

Dates as the sources give them: a day (YYYY-MM-DD), a month (YYYY-MM) or none at all. A month
counts as its first day for the order and for the feed's `updated` (RFC 3339 needs a whole
date-time), and is shown as the month. An undated version is on the page, under its own
heading, but not in the feed: an Atom entry must have a date, and we never make one up.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from calculator.dates import first_day_of, human_date, human_month_or_date
from scripts.sitegen.pages import escape_md, source_md

#: Where the page and the feed go: docs-relative, and site-relative (the feed is at the root).
PAGE_PATH = "changes.md"
PAGE_URL = "changes/"
FEED_PATH = "changes.xml"

PAGE_TITLE = "What changed"
FEED_TITLE = "Safeguarding adults escalation guide: what changed"
FEED_AUTHOR = "Safeguarding adults escalation guide"
ATOM = "http://www.w3.org/2005/Atom"
#: The feed's tag URIs (RFC 4151): the site has no address of its own to mint them from, so a
#: fixed name and the year it was minted. Never change it: feed readers know entries by their ids.
TAG = "tag:safeguarding-escalation-guide,2025:"
#: The feed's `updated` when no board dates any version: the date in TAG, not the build's time.
TAG_DATE = date(2025, 1, 1)


@dataclass(frozen=True)
class Change:
    """One version in one board's history, in the board's own words as its YAML has them."""

    board_id: str
    board_name: str
    date: str | None  # as the source dates it: YYYY-MM-DD, YYYY-MM, or None (not stated)
    version: str | None
    changes: str
    source: str | None
    position: int  # its place in the board's history (0: the oldest)
    same_date: int  # 1 for the board's first entry with this date, 2 for the next...

    @property
    def day(self) -> date | None:
        """The day it sorts and is dated by in the feed: a month's first day."""
        return first_day_of(self.date) if self.date else None

    @property
    def month_only(self) -> bool:
        return self.date is not None and len(self.date.split("-")) == 2


def _date_text(value: object) -> str | None:
    """A history date as text (YYYY-MM-DD or YYYY-MM), whichever way the YAML was read."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def board_changes(board: Mapping) -> list[Change]:
    """A board's history entries as Changes, in its file's order (oldest first)."""
    found: list[Change] = []
    seen: dict[str | None, int] = {}
    for position, entry in enumerate(board.get("history") or ()):
        when = _date_text(entry.get("date"))
        seen[when] = seen.get(when, 0) + 1
        found.append(Change(
            board_id=board["id"], board_name=board["name"], date=when,
            version=entry.get("version"), changes=entry["changes"],
            source=entry.get("source"), position=position, same_date=seen[when]))
    return found


def _newest_first(change: Change) -> tuple:
    """Dated before undated; newest day first; then board name (id, should two share a name);
    within a board, later in its file first, since a history runs oldest first."""
    day = change.day
    return (day is None, -day.toordinal() if day else 0, change.board_name, change.board_id,
            -change.position)


def change_entries(boards: Iterable[Mapping]) -> list[Change]:
    """Every history entry of every board, newest first, in a fixed order."""
    return sorted((change for board in boards for change in board_changes(board)),
                  key=_newest_first)


# ---------------------------------------------------------------------------------------------
# The page


def shown_date(change: Change) -> str:
    """The date in the site's style: 'Wed 14 Oct 2015', or 'October 2023' for a month."""
    if change.date is None:
        return "Date not stated"
    return human_month_or_date(change.date) if change.month_only else human_date(change.day)


def _version_words(version: str | None) -> str:
    """'version 7'; a version that names itself ('V8') as it is, not 'version V8'."""
    if not version:
        return "version not stated"
    return f"version {version}" if version[0].isdigit() else version


def _page_item(change: Change) -> str:
    board = f"[{escape_md(change.board_name)}](boards/{quote(change.board_id)}.md)"
    source = f" {source_md(change.source)}" if change.source else ""
    # An undated entry is under the heading that says so, so it has no date of its own.
    when = f"**{escape_md(shown_date(change))}**: " if change.date else ""
    return (f"- {when}{board}, {escape_md(_version_words(change.version))}. "
            f"{escape_md(change.changes)}{source}")


def _by_year(changes: list[Change]) -> list[tuple[int | None, list[Change]]]:
    """The changes in runs of one year each (None: undated), in the order given."""
    runs: list[tuple[int | None, list[Change]]] = []
    for change in changes:
        year = change.day.year if change.day else None
        if not runs or runs[-1][0] != year:
            runs.append((year, []))
        runs[-1][1].append(change)
    return runs


def changes_page(boards: Iterable[Mapping]) -> str:
    """`changes.md`: every board's versions, newest first, a heading a year, with the feed."""
    changes = change_entries(boards)
    parts = [
        f"# {PAGE_TITLE}",
        "Every version of each board's procedure that the procedure itself records, newest "
        "first: what changed, in our own plain words, and where the procedure records it. Each "
        "board's page follows the version this guide holds.",
        f"To hear of new versions in a feed reader, subscribe to the [Atom feed]({FEED_PATH}) "
        "of this page.",
    ]
    if not changes:
        parts.append("No board's procedure records a version yet.")
    for year, run in _by_year(changes):
        if year is None:
            parts.append("## Date not stated {#undated}")
            parts.append("These procedures give no date for the version this guide holds, so "
                         "they are not in the feed.")
        else:
            parts.append(f"## {year} {{#year-{year}}}")
        parts.append("\n".join(_page_item(change) for change in run))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------------------------------------
# The feed
#
# Every link in it is a relative reference: the site has no address of its own (it is served
# from any folder of any host), so a reader resolves them against the feed's own address (RFC
# 4287 §2 takes XML Base, and without xml:base the base is the address the document was
# fetched from, RFC 3986 §5.1.3). So no xml:base: the feed works wherever the site is put. The
# ids are tag URIs, which are absolute, as RFC 4287 §4.2.6 requires.

#: Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text as XML character data or a double-quoted attribute's value."""
    text = _NOT_XML.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def rfc3339(day: date) -> str:
    """A day as an RFC 3339 date-time: its midnight, UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def entry_id(change: Change) -> str:
    """A change's id, the same on every build: board id, date as the source gives it, and its
    place among that board's entries with that date."""
    return f"{TAG}changes/{change.board_id}/{change.date}/{change.same_date}"


def entry_title(change: Change) -> str:
    """'Surrey Safeguarding Adults Board: version 7' (or 'version of May 2019')."""
    if change.version:
        return f"{change.board_name}: {_version_words(change.version)}"
    return f"{change.board_name}: version of {shown_date(change)}"


def entry_content(change: Change) -> str:
    """The entry's plain text: what changed, its date as the source gives it, the source."""
    dated = f"Dated {shown_date(change)}"
    if change.month_only:
        dated += " (the procedure gives the month only)"
    lines = [_one_line(change.changes), "", f"{dated}."]
    if change.source:
        lines.append(f"Source: {_one_line(change.source)}.")
    return "\n".join(lines)


def _entry(change: Change) -> list[str]:
    href = f"boards/{quote(change.board_id)}/"
    return [
        "  <entry>",
        f"    <id>{_xml(entry_id(change))}</id>",
        f"    <title type=\"text\">{_xml(_one_line(entry_title(change)))}</title>",
        f"    <updated>{rfc3339(change.day)}</updated>",
        f"    <link rel=\"alternate\" type=\"text/html\" href=\"{_xml(href)}\"/>",
        f"    <category term=\"{_xml(change.board_id)}\" "
        f"label=\"{_xml(_one_line(change.board_name))}\"/>",
        f"    <content type=\"text\">{_xml(entry_content(change))}</content>",
        "  </entry>",
    ]


def atom_feed(boards: Iterable[Mapping], updated: date | None = None) -> str:
    """`changes.xml`: an Atom 1.0 feed of every dated change, newest first. The feed's
    `updated` is `updated` if given, else the newest change's date (never the build's time, so
    that a rebuild of the same data is the same feed), else TAG_DATE."""
    dated = [change for change in change_entries(boards) if change.day is not None]
    newest = updated or (dated[0].day if dated else TAG_DATE)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="en">',
        f"  <id>{TAG}changes</id>",
        f'  <title type="text">{_xml(FEED_TITLE)}</title>',
        '  <subtitle type="text">Each new version of the Safeguarding Adults Boards\' '
        "escalation procedures that this guide holds, newest first. A version whose procedure "
        "gives no date is on the page only.</subtitle>",
        f"  <updated>{rfc3339(newest)}</updated>",
        f"  <author><name>{_xml(FEED_AUTHOR)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href="{FEED_PATH}"/>',
        f'  <link rel="alternate" type="text/html" href="{PAGE_URL}"/>',
    ]
    for change in dated:
        lines += _entry(change)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
