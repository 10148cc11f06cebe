"""The embeddable calculator: `embed/<id>/`, one small page per board with the calculator and
nothing else (no site navigation, no header), to sit in an `iframe` on the board's own website.

Each is a generated page (`embed/<id>.md`) that selects the theme template `embed.html`
(scripts/sitegen/theme/): the page gives the content, the template the frame around it (the
theme's and the site's stylesheets, the colour settings, the calculator's script).
"""

import html
import json
from collections.abc import Mapping

from scripts.sitegen.pages import escape_md

TEMPLATE = "embed.html"


def embed_page_path(board_id: str) -> str:
    """The page's docs path: built as `embed/<id>/index.html`."""
    return f"embed/{board_id}.md"


def embed_markdown(board: Mapping, mount: str) -> str:
    """The page: its template and title (front matter; a JSON string is YAML), a heading, one
    line on what it is with a link to the board's page (a Markdown link, so the generator
    checks it and writes its address), and the calculator. Left out of the site's search: the
    board's own page has the calculator."""
    title = json.dumps(f"Escalation calculator: {board['name']}", ensure_ascii=False)
    return f"""---
template: {TEMPLATE}
title: {title}
search:
  exclude: true
---

<h1>Work out your next step</h1>
{escape_md(board['name'])}: when professionals disagree about keeping an adult safe.
[Read the whole
procedure (opens in a new tab)](../boards/{board['id']}.md){{target="_blank" rel="noopener"}}.

{mount}
"""


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
