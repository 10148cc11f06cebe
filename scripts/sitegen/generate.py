"""Step (a) of the build: everything the site generator needs, written into one folder, so that
any generator that reads `mkdocs.yml` can build it with no hooks of its own.

    python -m scripts.sitegen.generate [--board ID] [--policies DIR] [OUT]   (OUT: .build/src)

writes

    OUT/mkdocs.yml    the project's mkdocs.yml with the navigation filled in (a page per board),
                      docs_dir `docs`, the theme folder `theme`, and no hooks; a one-board site
                      (--board, or ESCALATION_BOARD) has the board's name, colour and logo
    OUT/docs/         docs/ with its markers replaced (the calculator, the board list...), and
                      every generated page: boards, compare, working days, training, embed
    OUT/theme/        the theme's own templates (scripts/sitegen/theme/: the embed page)
    OUT/payload/      what the page loads and no generator needs to see: the boards' data, the
                      calculator's compiled zips, the check page's zip and schema; step (c)
                      copies it into the built site, with Pyodide's files
    OUT/build.json    what step (c) needs to know of this build

Then (b) `python -m scripts.sitegen.build OUT SITE` and (c) `python -m scripts.sitegen.postprocess
SITE OUT`. ESCALATION_POLICIES names another folder of board files.
"""

import argparse
import json
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from calculator.errors import InputError
from calculator.tools.holiday_table import calendar_data
from calculator.training import scenario_steps
from scripts.sitegen import (
    bytecode,
    changes,
    check_page,
    embed,
    flowchart,
    glossary,
    runtime,
    training_pages,
)
from scripts.sitegen import data as site_data
from scripts.sitegen import pages as site_pages

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
THEME = Path(__file__).with_name("theme")
SOURCE = ROOT / ".build" / "src"
MANIFEST = "build.json"
PAYLOAD = "payload"
CALCULATOR_ZIP = "assets/calculator/calculator.zip"
STDLIB_ZIP = "assets/calculator/python_stdlib.zip"
LOCK_FILE = "assets/calculator/pyodide-lock.json"  # the worker's (worker-urls.js)


class GenerateError(Exception):
    """The site cannot be generated; the message says why in plain words."""


@dataclass(frozen=True)
class Build:
    """What one build is made from, worked out once (the boards, checked; their data; the
    calculator compiled; the ids that keep a new build out of an old cache)."""

    boards: list[dict]
    calendar: dict
    worked: dict[str, list]
    data: dict[str, bytes]
    package: bytes
    stdlib: bytes
    lock: bytes
    check: dict[str, bytes]
    branding: dict[str, bytes]
    pyodide_version: str
    id: str
    check_id: str

    @property
    def single(self) -> bool:
        return len(self.boards) == 1


def prepare(policies: Path = site_data.POLICIES, only: str | None = None) -> Build:
    """Load and check the boards, work out the training answers, compile the calculator."""
    try:
        boards = site_data.one_board(site_data.load_boards(policies), only)
        pyodide_version = runtime.pyodide_version()
        lock = runtime.package_free_lock_file()
    except (site_data.SiteBuildError, runtime.RuntimeMissing) as error:
        raise GenerateError(str(error)) from None
    calendar = calendar_data()
    try:  # the training answers, worked out by the calculator at build time
        worked = {board["id"]: [(scenario, scenario_steps(board, scenario, calendar))
                                for scenario in board["scenarios"]] for board in boards}
    except InputError as error:
        raise GenerateError(f"a training scenario is not valid calculator input: {error}") \
            from None
    data = site_data.data_files(boards, calendar)
    try:  # the calculator and the standard library it uses, compiled by Pyodide (bytecode.py)
        compiled = bytecode.compiled_runtime(boards, calendar)
    except bytecode.BytecodeError as error:
        raise GenerateError(str(error)) from None
    try:  # the "Check a board file" page's own zip and schema: only that page loads them
        check = check_page.check_files(policies)
    except check_page.CheckPackageMissing as error:
        raise GenerateError(str(error)) from None
    package, stdlib = compiled["calculator"], compiled["stdlib"]
    build_id = site_data.build_id([*data.values(), package, stdlib, lock,
                                   pyodide_version.encode()])
    return Build(
        boards=boards, calendar=calendar, worked=worked, data=data, package=package,
        stdlib=stdlib, lock=lock, check=check, pyodide_version=pyodide_version, id=build_id,
        branding=site_data.branding_files(boards[0], policies) if len(boards) == 1 else {},
        check_id=site_data.build_id([build_id.encode(), *check.values()]),
    )


def mount(build: Build, board: Mapping | None) -> str:
    return site_data.calculator_mount(board, build.id, build.pyodide_version)


def markers(build: Build) -> dict[str, str]:
    """Each marker a page may hold -> what replaces it."""
    boards = build.boards
    found = {
        "<!-- board-list -->": site_pages.board_list_markdown(boards),
        "<!-- immediate-risk -->": site_pages.immediate_risk_markdown(boards),
        # In a one-board site the calculator page has that board chosen already.
        "<!-- calculator -->": mount(build, boards[0] if build.single else None),
        "<!-- choose-board -->": site_pages.choose_board_markdown(boards),
        "<!-- publisher -->": site_pages.publisher_words(boards),
        "<!-- embed-snippets -->": site_pages.embed_snippets_markdown(
            boards, [embed.iframe_snippet(board) for board in boards]),
        "<!-- board-check -->": check_page.check_mount(build.check_id, build.pyodide_version),
    }
    for board in boards:
        found[f"<!-- calculator: {board['id']} -->"] = mount(build, board)
    return found


def site_root(docs_path: str) -> str:
    """The way up from a page to the site's root, as its address has it (every page is a
    folder: `boards/surrey.md` is boards/surrey/, so "../../"; `index.md` is the root, "./")."""
    parts = docs_path.removesuffix(".md").split("/")
    depth = len(parts) - 1 if parts[-1] == "index" else len(parts)
    return "../" * depth or "./"


def resolve_markers(markdown: str, replacements: Mapping[str, str]) -> str:
    """The page with each marker replaced, one after another in the order given."""
    for marker, text in replacements.items():
        if marker in markdown:
            markdown = markdown.replace(marker, text)
    return markdown


def generated_pages(build: Build, today: date) -> dict[str, str]:
    """docs path -> Markdown, for every generated page (markers not yet replaced), and the
    feed and flowcharts beside them (XML and SVG, copied as they are)."""
    pages = site_pages.generated_pages(build.boards, build.calendar, today)
    pages.update(training_pages.training_pages(build.boards, build.worked))
    # What changed across the boards, and the same as an Atom feed at the site's root.
    pages["changes.md"] = changes.changes_page(build.boards)
    pages["changes.xml"] = changes.atom_feed(build.boards)
    pages["glossary.md"] = glossary.glossary_page(build.boards)
    for board in build.boards:  # a one-page flowchart of each ladder, to print or project
        if board.get("stages"):
            pages[site_pages.flowchart_path(board["id"])] = flowchart.flowchart_svg(board)
    for board in build.boards:
        pages[embed.embed_page_path(board["id"])] = embed.embed_markdown(board, mount(build, board))
    return pages


def payload(build: Build) -> dict[str, bytes]:
    """Site path -> bytes, for every file the page loads that no generator needs to see."""
    return {**build.data, CALCULATOR_ZIP: build.package, STDLIB_ZIP: build.stdlib,
            LOCK_FILE: build.lock, **build.check}


def config_changes(base: Mapping, build: Build) -> dict:
    """What this build changes in mkdocs.yml (`base`): the navigation, a page per board; for a
    one-board site, its title, its colour's stylesheet (`extra_css`, whole) and its logo."""
    changes: dict = {"nav": site_data.navigation(list(base.get("nav") or []), build.boards)}
    if build.single:
        changes["site_name"] = f"{build.boards[0]['name']}: escalation guide"
        if "assets/css/board.css" in build.branding:
            changes["extra_css"] = [*base.get("extra_css", []), "assets/css/board.css"]
        logo = next((path for path in build.branding if "/board-logo." in path), None)
        if logo:
            changes["logo"] = logo
    return changes


def site_config(base: Mapping, build: Build) -> dict:
    """The generated folder's mkdocs.yml: the project's, with this build's changes, its docs and
    theme folders beside it, and no hooks (what they did is done by steps a and c)."""
    config = {key: value for key, value in base.items() if key != "hooks"}
    changes = config_changes(base, build)
    logo = changes.pop("logo", None)
    config.update(changes, docs_dir="docs", site_dir="site")
    config["theme"] = {**base.get("theme", {}), "custom_dir": "theme"}
    if logo:
        config["theme"]["logo"] = logo
    return config


def _clear(out: Path) -> None:
    """Empty `out` for a new build: only a folder this step made (it has MANIFEST) or an empty
    one, so that a mistyped path never loses anyone's files."""
    if not out.exists():
        return
    if not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file()):
        raise GenerateError(f"{out} is not empty and not a generated folder; choose another")
    shutil.rmtree(out)


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")


def write(out: Path, build: Build, today: date, base: Mapping) -> None:
    """Write the generated folder (see the module's docstring)."""
    _clear(out)
    docs = out / "docs"
    shutil.copytree(DOCS, docs)
    shutil.copytree(THEME, out / "theme")
    replacements = markers(build)
    def resolved(path: str, markdown: str) -> str:
        text = resolve_markers(markdown, replacements)
        return text.replace(site_data.SITE_ROOT_TOKEN, site_root(path)) if path.endswith(".md") \
            else text

    for page in sorted(docs.rglob("*.md")):  # the hand-written pages
        path = page.relative_to(docs).as_posix()
        page.write_text(resolved(path, page.read_text(encoding="utf-8")), encoding="utf-8",
                        newline="\n")
    for path, markdown in generated_pages(build, today).items():
        _write(docs / path, resolved(path, markdown))
    for path, content in build.branding.items():
        _write(docs / path, content)
    for path, content in payload(build).items():
        _write(out / PAYLOAD / path, content)
    _write(out / "mkdocs.yml", yaml.safe_dump(site_config(base, build), sort_keys=False,
                                              allow_unicode=True, width=100))
    manifest = {"build": build.id, "pyodide": build.pyodide_version,
                "boards": [board["id"] for board in build.boards]}
    _write(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")


def base_config(path: Path = CONFIG) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GenerateError(f"cannot read {path}: {error}") from None


def generate(out: Path = SOURCE, *, policies: Path | None = None, only: str | None = None,
             today: date | None = None) -> Build:
    """Step (a): the generated folder for a build, from policies/ (or `policies`), every board
    or `only` one; returns what the build is made from."""
    build = prepare(policies or site_data.POLICIES, only)
    write(out, build, today or date.today(), base_config())
    return build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.sitegen.generate",
                                     description="Step (a) of the build: the generated folder.")
    parser.add_argument("out", nargs="?", type=Path, default=SOURCE,
                        help="the folder to write (default: .build/src)")
    parser.add_argument("--board", default=os.environ.get("ESCALATION_BOARD") or None,
                        help="one board's site (default: ESCALATION_BOARD, else every board)")
    parser.add_argument("--policies", type=Path,
                        default=Path(os.environ.get("ESCALATION_POLICIES") or site_data.POLICIES),
                        help="the folder of board files (default: ESCALATION_POLICIES, policies/)")
    args = parser.parse_args(argv)
    try:
        generate(args.out, policies=args.policies, only=args.board)
    except (GenerateError, OSError) as error:
        print(f"generate: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
