"""The build's three steps (scripts/sitegen/generate.py, build.py, postprocess.py): what step (a)
writes, what step (c) does to a page, bad input refused in one line, and a site built by the
three steps the same as one built by a plain `mkdocs build` through the hooks' adapter."""

import dataclasses
import filecmp
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import BOARD_IDS, ROOT
from scripts.sitegen import csp, embed, generate, postprocess, runtime, worker_bundle
from scripts.sitegen.pages import BOARD_SUB_PAGES

MARKER = re.compile(r"<!-- (board-list|immediate-risk|calculator(: [\w-]+)?|choose-board|"
                    r"publisher|embed-snippets|board-check) -->")
TODAY = date(2025, 5, 30)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "src"
    generate.generate(out, today=TODAY)
    return out


@pytest.fixture(scope="module")
def config(source) -> dict:
    return yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))


def nav_paths(entries) -> list[str]:
    """Every page path in a navigation, in order."""
    found = []
    for entry in entries:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            found += nav_paths(value) if isinstance(value, list) else [value]
    return found


# ---------------------------------------------------------------------------------------------
# Step (a)


def test_every_board_has_its_pages_and_its_embed_page(source):
    docs = source / "docs"
    for board in BOARD_IDS:
        assert (docs / "boards" / f"{board}.md").is_file()
        for name, _, _ in BOARD_SUB_PAGES:
            assert (docs / "boards" / board / f"{name}.md").is_file()
        assert (docs / embed.embed_page_path(board)).is_file()


def test_every_hand_written_file_is_there(source):
    for path in (ROOT / "docs").rglob("*"):
        if path.is_file():
            assert (source / "docs" / path.relative_to(ROOT / "docs")).is_file(), path


def test_no_page_keeps_a_marker(source):
    pages = sorted((source / "docs").rglob("*.md"))
    assert pages
    for page in pages:
        assert not MARKER.search(page.read_text(encoding="utf-8")), page
    mounts = [page for page in pages if 'class="escalation-calculator"' in page.read_text()]
    assert len(mounts) == 2 * len(BOARD_IDS) + 1  # board pages, embed pages, the calculator


def test_the_config_needs_no_hooks_and_lists_every_board(source, config):
    assert "hooks" not in config
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "theme"
    assert (source / "theme" / embed.TEMPLATE).is_file()
    paths = nav_paths(config["nav"])
    for board in BOARD_IDS:
        assert f"boards/{board}.md" in paths
    for path in paths:
        assert (source / "docs" / path).is_file(), path
    assert config["site_name"] == yaml.safe_load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]


def test_the_payload_and_manifest(source):
    manifest = json.loads((source / generate.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["boards"] == BOARD_IDS
    payload = source / generate.PAYLOAD
    for board in BOARD_IDS:
        data = json.loads((payload / "data" / "boards" / f"{board}.json").read_text())
        assert data["id"] == board
    for name in (generate.CALCULATOR_ZIP, generate.STDLIB_ZIP, "data/calendar.json"):
        assert (payload / name).stat().st_size > 0
    lock = json.loads((payload / generate.LOCK_FILE).read_text(encoding="utf-8"))
    assert lock == json.loads(runtime.package_free_lock_file())
    assert not (source / "docs" / "data").exists(), "the data goes round the generator"


def test_an_embed_page_selects_its_template_and_stays_out_of_search(source):
    text = (source / "docs" / embed.embed_page_path(BOARD_IDS[0])).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["template"] == embed.TEMPLATE and front["search"] == {"exclude": True}
    assert front["title"].startswith("Escalation calculator: ")
    assert f"](../boards/{BOARD_IDS[0]}.md)" in text  # a link the generator checks


def test_a_one_board_site_has_that_board_alone(source, boards):
    built = generate.prepare()
    board = BOARD_IDS[-1]
    one = dataclasses.replace(built, boards=[built.boards[-1]])
    base = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = generate.site_config(base, one)
    assert config["site_name"] == f"{boards[board]['name']}: escalation guide"
    assert "compare.md" not in nav_paths(config["nav"])
    assert [path for path in nav_paths(config["nav"]) if re.fullmatch(r"boards/[^/]+", path)] \
        == [f"boards/{board}.md"]
    pages = generate.generated_pages(one, TODAY)
    assert [path for path in pages if path.startswith("embed/")] == [f"embed/{board}.md"]
    # Its colour and logo, where its file names them (the complete template does).
    branded = dataclasses.replace(one, branding={"assets/css/board.css": b"",
                                                 "assets/images/board-logo.svg": b""})
    config = generate.site_config(base, branded)
    assert config["extra_css"] == [*base["extra_css"], "assets/css/board.css"]
    assert config["theme"]["logo"] == "assets/images/board-logo.svg"
    assert generate.site_config(base, built)["theme"].get("logo") == base["theme"].get("logo")


def test_it_never_clears_a_folder_it_did_not_make(tmp_path):
    keep = tmp_path / "mine" / "notes.txt"
    keep.parent.mkdir()
    keep.write_text("mine")
    with pytest.raises(generate.GenerateError, match="not a generated folder"):
        generate.generate(keep.parent, today=TODAY)
    assert keep.read_text() == "mine"


def run_module(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", f"scripts.sitegen.{module}", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def test_an_unknown_board_is_one_line(tmp_path):
    done = run_module("generate", "--board", "nowhere", str(tmp_path / "src"))
    assert done.returncode == 1
    assert done.stderr.startswith("generate: no board 'nowhere'")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# Step (c)

PAGE = ('<!doctype html><html><head><meta charset="utf-8"><script>a()</script></head><body>'
        '<div class="md-search" data-md-component="search" role="dialog"></div>'
        '<a href="/boards/surrey/">S</a><script>var s=new URL("/",location)</script></body>'
        '</html>')


def test_a_page_gets_its_policy_once():
    finished = postprocess.finish_page(PAGE, "boards/surrey/index.html")
    assert finished.count(postprocess.CSP_META) == 1
    hashes = csp.inline_script_hashes(PAGE)
    assert f'content="{csp.policy(hashes)}"' in finished
    assert 'role="dialog" aria-label="Search"' in finished
    assert 'href="/boards/surrey/"' in finished, "only the 404 page's links change"
    assert postprocess.finish_page(finished, "boards/surrey/index.html") == finished


def test_the_404_page_is_relative_and_hashed_after():
    finished = postprocess.finish_page(PAGE, "404.html")
    assert 'href="./boards/surrey/"' in finished and 'new URL(".",location)' in finished
    hashes = csp.inline_script_hashes(postprocess.relative_404(PAGE))
    assert f'content="{csp.policy(hashes)}"' in finished


def test_step_c_refuses_what_is_not_a_site_in_one_line(tmp_path):
    done = run_module("postprocess", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == f"postprocess: {tmp_path} holds no built site (no index.html)"
    (tmp_path / "index.html").write_text("<html><head></head></html>")
    done = run_module("postprocess", str(tmp_path), str(tmp_path / "nothing"))
    assert done.returncode == 1 and "not a generated folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert run_module("postprocess").returncode == 2


def test_step_b_without_step_a_is_one_line(tmp_path):
    done = run_module("build", str(tmp_path), str(tmp_path / "site"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "run python -m scripts.sitegen.generate first" in done.stderr


# ---------------------------------------------------------------------------------------------
# The three steps and the hooks' adapter make the same site


def differing(left: Path, right: Path) -> list[str]:
    """Files only in one tree or not byte for byte the same. MkDocs' own sitemap.xml.gz holds
    the time of the build."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [("", comparison)]
    while stack:
        prefix, node = stack.pop()
        found += [prefix + name for name in node.left_only + node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files,
                                               shallow=False)
        found += [prefix + name for name in mismatch + errors if name != "sitemap.xml.gz"]
        stack += [(f"{prefix}{name}/", sub) for name, sub in node.subdirs.items()]
    return sorted(found)


def test_the_steps_and_a_plain_mkdocs_build_make_the_same_site(tmp_path):
    steps_site, hooks_site = tmp_path / "steps", tmp_path / "hooks"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "--site-dir", str(hooks_site)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert run_module("generate", str(tmp_path / "src")).returncode == 0
    assert run_module("build", str(tmp_path / "src"), str(steps_site)).returncode == 0
    done = run_module("postprocess", str(steps_site), str(tmp_path / "src"))
    assert done.returncode == 0, done.stderr
    assert differing(steps_site, hooks_site) == []
    assert (steps_site / "sw.js").is_file() and (steps_site / "index.html.gz").is_file()
    # The embed page: the board page's stylesheets and colours, its policy, no site chrome.
    board = BOARD_IDS[0]
    page = (steps_site / "embed" / board / "index.html").read_text(encoding="utf-8")
    board_page = (steps_site / "boards" / board / "index.html").read_text(encoding="utf-8")
    stylesheets = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
    assert stylesheets.findall(page) == stylesheets.findall(board_page)
    body = re.compile(r"<body([^>]*)>")
    assert body.search(page).group(1) == body.search(board_page).group(1)
    assert page.count(postprocess.CSP_META) == 1 and "md-header" not in page
    assert f'data-board="{board}"' in page and 'class="md-typeset calc-embed__main"' in page
    assert f'href="../../boards/{board}/"' in page
    index = json.loads((steps_site / "search" / "search_index.json").read_text())
    assert not [doc for doc in index["docs"] if doc["location"].startswith("embed/")]
    # A training page's other formats repeat it: only the training page itself is searched.
    searched = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert f"boards/{board}/training/" in searched
    assert not searched & {f"boards/{board}/handout/", f"boards/{board}/presenter/"}
    # The worker the site serves is one file: it starts loading Pyodide without a second fetch.
    worker = (steps_site / worker_bundle.WORKER).read_text(encoding="utf-8")
    assert "function urlsFrom(" in worker and not re.search(r"^import ", worker, re.M)
