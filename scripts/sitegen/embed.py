"""The embeddable calculator: `embed/<id>/`, one small page per board with the calculator and
nothing else (no site navigation, no header), to sit in an `iframe` on the board's own website.

It is written after MkDocs has built the site, from a built board page at the same depth: the
theme's stylesheets (their names carry a hash) and the body's colour settings are taken from
there, so the embed looks like the site and follows a one-board build's colours.
"""

import html
import re
from collections.abc import Mapping

from scripts.sitegen import csp

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_BODY = re.compile(r"<body([^>]*)>")


def embed_path(board_id: str) -> str:
    return f"embed/{board_id}/index.html"


def stylesheets(board_page_html: str) -> list[str]:
    """The stylesheets a built board page links, in order (the theme's, then ours)."""
    return _STYLESHEET.findall(board_page_html)


def body_attributes(board_page_html: str) -> str:
    match = _BODY.search(board_page_html)
    return match.group(1) if match else ""


def embed_page(board: Mapping, board_page_html: str, mount: str) -> str:
    """The page: title, one line on what it is, the calculator and a link to the procedure.
    Every address is relative and the page carries the site's CSP."""
    name = html.escape(board["name"])
    links = "\n".join(f'  <link rel="stylesheet" href="{href}">'
                      for href in stylesheets(board_page_html))
    page = f"""<!doctype html>
<html lang="en" class="calc-embed">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>Escalation calculator: {name}</title>
  <link rel="icon" href="../../assets/images/favicon.png">
{links}
</head>
<body{body_attributes(board_page_html)}>
<main class="md-typeset calc-embed__main">
<h1>Work out your next step</h1>
<p>{name}: when professionals disagree about keeping an adult safe.
<a href="../../boards/{board['id']}/" target="_blank" rel="noopener">Read the whole
procedure (opens in a new tab)</a>.</p>
{mount}
</main>
<script type="module" src="../../assets/js/escalation.js"></script>
</body>
</html>
"""
    return csp.with_csp_meta(page)


#: The frame's height without the host script: enough for the form and the start of an answer
#: (the calculator then scrolls inside the frame).
FALLBACK_HEIGHT = 1600
HOST_SCRIPT = "assets/js/embed-host.js"


def iframe_snippet(board: Mapping, address: str = "https://YOUR-SITE/PATH/",
                   host_script: bool = True) -> str:
    """What a board pastes into its own page (`address`: where the guide is published): the
    frame (no border, full width, a fixed height as the fallback; not lazy, so the calculator
    has started by the time a reader scrolls to it) and, optionally, the script that sizes the
    frame to its content."""
    frame = (f'<iframe src="{address}embed/{board["id"]}/"\n'
             f'        title="Escalation calculator: {html.escape(board["name"])}"\n'
             f'        width="100%" height="{FALLBACK_HEIGHT}" frameborder="0"></iframe>')
    if not host_script:
        return frame
    return (f"{frame}\n<!-- Optional: the frame takes the height of its content -->\n"
            f'<script src="{address}{HOST_SCRIPT}" async></script>')
