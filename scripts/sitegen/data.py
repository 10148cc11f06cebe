"""What the site's build takes from policies/: the checked boards, and the data files the page's
calculator reads (no YAML is parsed in the browser).

    data/calendar.json        the bank-holiday table (calculator.tools.holiday_table.calendar_data)
    data/boards.json          one summary per board: what the form needs (stages, agencies)
    data/boards/<id>.json     the board's whole data, exactly as `make_plan` takes it
"""

import hashlib
import html
import json
from pathlib import Path
from urllib.parse import urlencode

from calculator.form import form_words
from calculator.policy import board_from_data
from calculator.tools.checking import load_checked, load_schema
from scripts.sitegen import pages as site_pages

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"


class SiteBuildError(Exception):
    """The build cannot go on; the message says why in plain words (one problem a line)."""


def load_boards(policies: Path = POLICIES) -> list[dict]:
    """Every board file, checked exactly as `python -m calculator check` checks it."""
    files = sorted(policies.glob("*.yaml"))
    if not files:
        raise SiteBuildError(f"no board files (*.yaml) in {policies}")
    schema = load_schema(policies)
    boards, problems = [], []
    for path in files:
        found, data = load_checked(path, _shown(path), schema)
        problems += found
        boards.append(data)
    if problems:
        raise SiteBuildError("\n".join(str(problem) for problem in problems))
    return boards


def one_board(boards: list[dict], only: str | None) -> list[dict]:
    """All the boards, or only the one asked for (a site for that board alone)."""
    if only is None:
        return boards
    chosen = [board for board in boards if board["id"] == only]
    if not chosen:
        ids = ", ".join(board["id"] for board in boards)
        raise SiteBuildError(f"no board '{only}' in the policies folder; choose one of: {ids}")
    return chosen


def navigation(nav: list, boards: list[dict]) -> list:
    """The site's navigation with its "Boards" section filled in; a one-board site has the
    board's own entry instead of the section, and no comparison page."""
    entries = []
    for entry in nav:
        if isinstance(entry, dict) and "Boards" in entry:
            # Each board: its page, then its sub-pages (scripts/sitegen/pages.py).
            sections = [[{"Next step and stages": f"boards/{board['id']}.md"},
                         *({title: f"boards/{board['id']}/{name}.md"}
                           for name, title, _ in site_pages.BOARD_SUB_PAGES)]
                        for board in boards]
            entries.append({"Boards": [{board["name"]: section}
                                       for board, section in zip(boards, sections, strict=True)]}
                           if len(boards) > 1
                           else {f"The {boards[0]['short_name']} procedure": sections[0]})
        elif len(boards) == 1 and entry == {"Compare the boards": "compare.md"}:
            continue
        else:
            entries.append(entry)
    return entries


def branding_files(board: dict, policies: Path) -> dict[str, bytes]:
    """A one-board site in the board's colours: its accent colour as the theme's primary colour
    (`check` has made sure white text on it passes WCAG AA) and its logo, if its YAML names them."""
    branding = board.get("branding") or {}
    files: dict[str, bytes] = {}
    accent = branding.get("accent")
    if accent:
        files["assets/css/board.css"] = (
            "/* The board's own colour (policies/<id>.yaml, branding.accent). */\n"
            "[data-md-color-primary] {\n"
            f"  --md-primary-fg-color: {accent};\n"
            f"  --md-primary-fg-color--light: {accent};\n"
            f"  --md-primary-fg-color--dark: {accent};\n"
            f"  --md-accent-fg-color: {accent};\n"
            "}\n"
        ).encode()
    logo = branding.get("logo")
    if logo:
        source = policies / logo
        files[f"assets/images/board-logo{source.suffix}"] = source.read_bytes()
    return files


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def board_summary(data: dict) -> dict:
    """What the form needs to draw itself for a board, from the same model the calculator uses."""
    board = board_from_data(data)
    return {
        "id": board.id,
        "name": board.name,
        "short_name": board.short_name,
        **form_words(board),
        "agencies": board.agency_choices(),
    }


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def data_files(boards: list[dict], calendar: dict) -> dict[str, bytes]:
    """Site-relative path -> content, for every data file the calculator reads."""
    files = {
        "data/calendar.json": _json(calendar),
        "data/boards.json": _json([board_summary(data) for data in boards]),
    }
    for data in boards:
        files[f"data/boards/{data['id']}.json"] = _json(data)
    return files


def build_id(contents: list[bytes]) -> str:
    """A short hash of what the calculator loads: a new build is never served from a stale cache
    (the page asks for each file with ?v=<build id>)."""
    digest = hashlib.sha256()
    for content in contents:
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()[:12]


#: Stands for the way from a page up to the site's root ("../../" on a board's page); the
#: build puts each page's own in its place (generate.py), as every link in the site is relative.
SITE_ROOT_TOKEN = "@@site-root@@"
WORKER = "assets/js/calculator-worker.js"
#: Inlined after each calculator's place: it starts Python's worker once the page has painted
#: and its scripts have set it up.
EARLY_START = Path(__file__).with_name("inline") / "calculator-start.js"


def worker_address(build: str, pyodide_version: str, **more: str) -> str:
    """The worker's address, from the page (SITE_ROOT_TOKEN still in it): this build, Pyodide's
    version and whatever else the worker needs to start on its own (a board to load at once, the
    check page's own package and schema), so it starts before the page has said anything."""
    query = urlencode({"v": build, "pyodide": pyodide_version, **more})
    return f"{SITE_ROOT_TOKEN}{WORKER}?{query}"


def calculator_mount(board: dict | None, build: str, pyodide_version: str) -> str:
    """The calculator's place in a page. The script in assets/js/escalation.js draws the form
    into it; without JavaScript only the note shows, and the page's stages still say it all."""
    attributes = {
        "class": "escalation-calculator",
        "data-build": build,
        "data-pyodide": pyodide_version,
    }
    if board is not None:
        attributes["data-board"] = board["id"]
    attributes["data-worker"] = worker_address(
        build, pyodide_version, **({"board": board["id"]} if board is not None else {}))
    return script_mount(attributes, (
        "The calculator needs JavaScript, which is off or has not loaded. Every stage, its "
        "timescale and whom to contact are set out on the board's page."))


def script_mount(attributes: dict[str, str], without_script: str) -> str:
    """A place in a page that a script draws into; without JavaScript, only the note shows
    (`without_script` is HTML)."""
    attrs = " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items())
    mount = f'<div {attrs}>\n<p class="calc-no-script">{without_script}</p>\n</div>'
    if "data-worker" not in attributes:
        return mount
    return f"{mount}\n<script>{EARLY_START.read_text(encoding='utf-8').strip()}</script>"
