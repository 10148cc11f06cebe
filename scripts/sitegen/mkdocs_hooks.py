"""MkDocs hooks: everything that comes from policies/ is made afresh on every build.

- on_config: the "Boards" section of the navigation, one page per board file. Two environment
  variables (set by `scripts/build`) change what is built: ESCALATION_POLICIES, another folder of
  board files; ESCALATION_BOARD, one board's id for a site of that board alone (its name in the
  title, its accent colour and logo if its YAML names them, no comparison page).
- on_files: the generated pages (scripts/sitegen/pages.py), the calculator's data, the calculator
  package and Pyodide's files are added as virtual files: nothing generated lives in docs/. The
  package and the standard library the page loads are compiled to .pyc (sitegen/bytecode.py).
- on_page_markdown: markers in pages become the calculator, the board list, the risk box.
- on_post_page / on_post_template: each HTML page gets its Content-Security-Policy meta tag.
- on_post_build: the embeddable calculator of each board (embed/<id>/), then the service worker
  (sw.js) that keeps every file of the build for use offline, then the pre-compressed copies
  (`.gz`, `.br`) of every compressible file (scripts/sitegen/compress.py).
"""

import os
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # MkDocs loads this file by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from calculator.errors import InputError
from calculator.tools.holiday_table import calendar_data
from calculator.training import scenario_steps
from scripts.sitegen import (
    bytecode,
    check_page,
    compress,
    csp,
    embed,
    offline,
    runtime,
    training_pages,
)
from scripts.sitegen import data as site_data
from scripts.sitegen import pages as site_pages

_build: dict = {}  # what on_config works out, for the later hooks of the same build


def on_config(config):
    policies = Path(os.environ.get("ESCALATION_POLICIES") or site_data.POLICIES)
    only = os.environ.get("ESCALATION_BOARD") or None
    try:
        boards = site_data.one_board(site_data.load_boards(policies), only)
        pyodide_version = runtime.pyodide_version()
    except (site_data.SiteBuildError, runtime.RuntimeMissing) as error:
        raise PluginError(str(error)) from None
    calendar = calendar_data()
    try:  # the training answers, worked out by the calculator at build time
        worked = {board["id"]: [(scenario, scenario_steps(board, scenario, calendar))
                                for scenario in board["scenarios"]] for board in boards}
    except InputError as error:
        raise PluginError(f"a training scenario is not valid calculator input: {error}") from None
    data = site_data.data_files(boards, calendar)
    try:  # the calculator and the standard library it uses, compiled by Pyodide (bytecode.py)
        compiled = bytecode.compiled_runtime(boards, calendar)
    except bytecode.BytecodeError as error:
        raise PluginError(str(error)) from None
    package = compiled["calculator"]
    try:  # the "Check a board file" page's own zip and schema: only that page loads them
        check = check_page.check_files(policies)
    except check_page.CheckPackageMissing as error:
        raise PluginError(str(error)) from None
    _build.update(
        check=check,
        worked=worked,
        boards=boards,
        calendar=calendar,
        data=data,
        package=package,
        stdlib=compiled["stdlib"],
        pyodide_version=pyodide_version,
        id=site_data.build_id([*data.values(), package, compiled["stdlib"],
                               pyodide_version.encode()]),
    )
    _build["check_id"] = site_data.build_id([_build["id"].encode(), *check.values()])
    single = len(boards) == 1
    _build["branding"] = site_data.branding_files(boards[0], policies) if single else {}
    config.nav = site_data.navigation(config.nav or [], boards)
    if single:
        config.site_name = f"{boards[0]['name']}: escalation guide"
        if "assets/css/board.css" in _build["branding"]:
            config.extra_css.append("assets/css/board.css")
        logo = next((path for path in _build["branding"] if "/board-logo." in path), None)
        if logo:
            config.theme["logo"] = logo
    return config


def on_files(files: Files, config) -> Files:
    pages = site_pages.generated_pages(_build["boards"], _build["calendar"], date.today())
    pages.update(training_pages.training_pages(_build["boards"], _build["worked"]))
    for path, markdown in pages.items():
        files.append(File.generated(config, path, content=markdown))
    for path, content in _build["data"].items():
        files.append(File.generated(config, path, content=content))
    files.append(File.generated(config, "assets/calculator/calculator.zip",
                                content=_build["package"]))
    files.append(File.generated(config, "assets/calculator/python_stdlib.zip",
                                content=_build["stdlib"]))
    for path, content in _build["check"].items():
        files.append(File.generated(config, path, content=content))
    for path, content in _build["branding"].items():
        files.append(File.generated(config, path, content=content))
    version = _build["pyodide_version"]
    for name, source in runtime.pyodide_files().items():
        files.append(File.generated(config, f"pyodide/{version}/{name.split('/', 1)[1]}",
                                    abs_src_path=str(source)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    boards = {board["id"]: board for board in _build["boards"]}
    markers = {
        "<!-- board-list -->": lambda: site_pages.board_list_markdown(_build["boards"]),
        "<!-- immediate-risk -->": lambda: site_pages.immediate_risk_markdown(_build["boards"]),
        # In a one-board site the calculator page has that board chosen already.
        "<!-- calculator -->": lambda: _mount(_build["boards"][0] if _single() else None),
        "<!-- choose-board -->": lambda: site_pages.choose_board_markdown(_build["boards"]),
        "<!-- publisher -->": lambda: site_pages.publisher_words(_build["boards"]),
        "<!-- embed-snippets -->": lambda: site_pages.embed_snippets_markdown(
            _build["boards"], [embed.iframe_snippet(board) for board in _build["boards"]]),
        "<!-- board-check -->": lambda: check_page.check_mount(_build["check_id"],
                                                               _build["pyodide_version"]),
    }
    for marker, make in markers.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    for board_id, board in boards.items():
        marker = f"<!-- calculator: {board_id} -->"
        if marker in markdown:
            markdown = markdown.replace(marker, _mount(board))
    return markdown


def _single() -> bool:
    return len(_build["boards"]) == 1


def _mount(board: dict | None) -> str:
    return site_data.calculator_mount(board, _build["id"], _build["pyodide_version"])


def name_search_dialog(html: str) -> str:
    """The theme's search is a dialog with no name (Lighthouse: aria-dialog-name): name it."""
    return html.replace('<div class="md-search" data-md-component="search" role="dialog">',
                        '<div class="md-search" data-md-component="search" role="dialog" '
                        'aria-label="Search">', 1)


def on_post_page(output: str, page, config) -> str:
    return csp.with_csp_meta(name_search_dialog(output))


def relative_404(html: str) -> str:
    """Links, the theme's settings (base, search worker) and its scope, from "./" not "/"."""
    html = re.sub(r'((?:href|src)=")/(?!/)', r"\1./", html)
    html = html.replace('"base": "/"', '"base": "."')
    html = re.sub(r'("search": ")/(?!/)', r"\1./", html)
    return html.replace('new URL("/",location)', 'new URL(".",location)')


def on_post_template(output_content: str, template_name: str, config) -> str:
    if template_name == "404.html":
        # Without a site_url MkDocs writes this page's links from "/", which breaks a site in a
        # sub-folder; relative to the site's root instead, as the host serves it there.
        output_content = relative_404(output_content)
    if not template_name.endswith(".html"):
        return output_content
    return csp.with_csp_meta(name_search_dialog(output_content))


def on_post_build(config) -> None:
    site = Path(config.site_dir)
    for board in _build["boards"]:
        board_page = (site / "boards" / board["id"] / "index.html").read_text(encoding="utf-8")
        target = site / embed.embed_path(board["id"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(embed.embed_page(board, board_page, _mount(board)), encoding="utf-8")
    offline.write_service_worker(site)
    compress.compress_site(site)  # last: sw.js and the embed pages get their copies too
