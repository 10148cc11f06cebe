"""A board's own links (its website, the procedure, its contact list), as the board's page and
the calculator's answer show them: only where the procedure gives them (`links` in
policies/<id>.yaml), each with its source, and linked only over https."""

from collections.abc import Mapping
from urllib.parse import quote

#: The links a board may give, in the order they are listed, each with its heading.
LINK_KINDS = (
    ("board", "The Board's website"),
    ("procedure", "The procedure"),
    ("contacts", "Contact list"),
)
#: What stays as it is in an address; anything else (spaces, brackets, quotes) is %-encoded so
#: that it cannot end a Markdown link early.
_URL_SAFE = ":/?#@!$&'*+,;=%~"


def link_href(url: object) -> str | None:
    """The address to link to, or None when there is none worth linking: an https address as it
    is, one written as the procedure gives it ('www....') over https; anything else (http://, a
    script, not text) is shown, never linked."""
    if not isinstance(url, str):
        return None
    if url.startswith("www."):
        url = "https://" + url
    if not url.startswith("https://") or len(url) <= len("https://"):
        return None
    return quote(url, safe=_URL_SAFE)


def board_links(board: Mapping) -> list[dict]:
    """Every link the board gives, in LINK_KINDS' order: {kind, title, label, href (None when
    there is no address to link), url (as the procedure writes it, or None), note, source}."""
    links = board.get("links") or {}
    return [{"kind": kind, "title": title, "label": links[kind]["label"],
             "href": link_href(links[kind].get("url")), "url": links[kind].get("url"),
             "note": links[kind].get("note"), "source": links[kind]["source"]}
            for kind, title in LINK_KINDS if links.get(kind)]
