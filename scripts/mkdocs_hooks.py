"""MkDocs hooks: everything that comes from policies/ is made afresh on every build.

- on_config: the "Boards" section of the navigation, one page per board file.
- on_files: the generated pages (scripts/site_pages.py), the calculator's data, the calculator
  package and Pyodide's files are added as virtual files: nothing generated lives in docs/.
- on_page_markdown: markers in pages become the calculator, the board list, the risk box.
- on_post_page / on_post_template: each HTML page gets its Content-Security-Policy meta tag.
"""

import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads this file by path, not as part of a package
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from calculator.holiday_table import calendar_data
from scripts import csp, runtime, site_data, site_pages

_build: dict = {}  # what on_config works out, for the later hooks of the same build


def on_config(config):
    try:
        boards = site_data.load_boards()
        pyodide_version = runtime.pyodide_version()
    except (site_data.SiteBuildError, runtime.RuntimeMissing) as error:
        raise PluginError(str(error)) from None
    calendar = calendar_data()
    data = site_data.data_files(boards, calendar)
    package = runtime.calculator_zip()
    _build.update(
        boards=boards,
        calendar=calendar,
        data=data,
        package=package,
        pyodide_version=pyodide_version,
        id=site_data.build_id([*data.values(), package, pyodide_version.encode()]),
    )
    for entry in config.nav or []:
        if isinstance(entry, dict) and "Boards" in entry:
            entry["Boards"] = [f"boards/{board['id']}.md" for board in boards]
    return config


def on_files(files: Files, config) -> Files:
    pages = site_pages.generated_pages(_build["boards"], _build["calendar"], date.today())
    for path, markdown in pages.items():
        files.append(File.generated(config, path, content=markdown))
    for path, content in _build["data"].items():
        files.append(File.generated(config, path, content=content))
    files.append(File.generated(config, "assets/calculator/calculator.zip",
                                content=_build["package"]))
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
        "<!-- calculator -->": lambda: _mount(None),
    }
    for marker, make in markers.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    for board_id, board in boards.items():
        marker = f"<!-- calculator: {board_id} -->"
        if marker in markdown:
            markdown = markdown.replace(marker, _mount(board))
    return markdown


def _mount(board: dict | None) -> str:
    return site_data.calculator_mount(board, _build["id"], _build["pyodide_version"])


def on_post_page(output: str, page, config) -> str:
    return csp.with_csp_meta(output)


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
    return csp.with_csp_meta(output_content) if template_name.endswith(".html") else output_content
