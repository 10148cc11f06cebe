"""The site built by Zensical, Material for MkDocs' successor, from the same generated folder as
the MkDocs build: step (a), then `zensical build` (it reads the folder's mkdocs.yml and runs no
hooks), then step (c). Its pages must say what MkDocs' pages say: every generated page there,
with the same h1 and calculator mounts, each with its Content-Security-Policy, every link
resolved, apart from what is known to differ (below).

Zensical is in its own venv (.venv-zensical/, `scripts/install --test`, pinned in
requirements-zensical.txt); without it the tests are skipped and say so.

Known to differ, each asserted exactly so that a change either way shows:
- raw HTML in a Markdown page: MkDocs leaves its relative addresses as written (relative to
  the built page), Zensical takes them as relative to the Markdown file and rewrites them,
  so an address written for the built page comes out one folder too deep (the "Check a board
  file" page's stylesheet and script);
- the embed page's theme stylesheets: its template takes them from the theme's `styles`
  block through a Jinja2 import (theme/partials/theme-styles.html), which Zensical's
  Minijinja cannot do, so there it has the site's own stylesheets only.
"""

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import BOARD_IDS, ROOT
from scripts.sitegen import build as build_step
from scripts.sitegen import csp, generate, postprocess

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"

pytestmark = pytest.mark.skipif(
    not ZENSICAL.exists(),
    reason=f"Zensical is not installed ({ZENSICAL} missing: run scripts/install --test)")

H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
MOUNT = re.compile(r'<div class="(?:escalation-calculator|board-check)"[^>]*>')
ADDRESS = re.compile(r'\b(?:href|src)="([^"]*)"')
#: A raw HTML tag with a relative address, as a Markdown page may hold one.
RAW_ADDRESS = re.compile(r'<(?:link|script|a|img)\b[^>]*\b(?:href|src)="(\.\./[^"]*)"')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """Step (a) once; the folder copied, with its site_dir inside it (Zensical has no
    --site-dir, and keeps both folders within the project's), built by Zensical, then step (c);
    the same folder built by MkDocs (step b) to compare with."""
    folder = tmp_path_factory.mktemp("zensical")
    generated = folder / "generated"
    generate.generate(generated)
    source = folder / "src"
    shutil.copytree(generated, source)
    config = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_dir"] = "zensical-site"
    (source / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    done = subprocess.run([str(ZENSICAL), "build", "--strict", "--config-file", "mkdocs.yml"],
                          cwd=source, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"zensical build failed:\n{done.stdout}{done.stderr}"
    site = source / "zensical-site"
    postprocess.postprocess(site, source)
    mkdocs_site = folder / "mkdocs-site"
    build_step.build(generated, mkdocs_site)
    return {"zensical": site, "mkdocs": mkdocs_site, "docs": generated / "docs"}


def built_path(page: str) -> str:
    """A docs page's built path, with directory URLs: boards/surrey.md -> boards/surrey/."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return f"{stem[: -len('index')]}index.html"
    return f"{stem}/index.html"


def pages(docs: Path) -> list[str]:
    return sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))


def h1(html: str) -> str:
    match = H1.search(html)
    assert match, "no h1"
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).rstrip("¶").strip()


def test_every_generated_page_is_built_with_its_h1_and_mounts(sites):
    names = pages(sites["docs"])
    assert len(names) > 3 * len(BOARD_IDS)
    for name in names:
        ours = (sites["zensical"] / built_path(name)).read_text(encoding="utf-8")
        theirs = (sites["mkdocs"] / built_path(name)).read_text(encoding="utf-8")
        assert h1(ours) == h1(theirs), name
        assert MOUNT.findall(ours) == MOUNT.findall(theirs), name
    for board in BOARD_IDS:
        for path in (f"boards/{board}/index.html", f"embed/{board}/index.html"):
            page = (sites["zensical"] / path).read_text(encoding="utf-8")
            assert f'data-board="{board}"' in page, path


def test_every_page_has_the_policy_for_its_own_inline_scripts(sites):
    found = sorted(sites["zensical"].rglob("*.html"))
    assert len(found) > len(BOARD_IDS)
    for path in found:
        html = path.read_text(encoding="utf-8")
        assert html.count(postprocess.CSP_META) == 1, path
        tag = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        without = html.replace(tag.group(0), "", 1)
        assert tag.group(1) == csp.policy(csp.inline_script_hashes(without)), path


def broken_links(site: Path) -> set[tuple[str, str]]:
    """(page, address) for every relative address in a page that names no file of the site."""
    broken = set()
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        base = site if name == "404.html" else path.parent  # served at any depth, from the root
        for address in ADDRESS.findall(path.read_text(encoding="utf-8")):
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (base / unquote(parts.path)).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.add((name, address))
    return broken


def raw_addresses_moved(docs: Path) -> set[tuple[str, str]]:
    """What Zensical makes of each relative address in a page's raw HTML: one folder deeper."""
    moved = set()
    for name in pages(docs):
        for address in RAW_ADDRESS.findall((docs / name).read_text(encoding="utf-8")):
            moved.add((built_path(name), "../" + address))
    return moved


def test_every_link_resolves_but_raw_html_addresses(sites):
    moved = raw_addresses_moved(sites["docs"])
    assert moved, "a page with raw HTML addresses (the check page) is what this case is about"
    assert broken_links(sites["zensical"]) == moved


def test_the_embed_page_lacks_only_the_themes_stylesheets(sites):
    for board in BOARD_IDS:
        path = f"embed/{board}/index.html"
        ours = (sites["zensical"] / path).read_text(encoding="utf-8")
        theirs = (sites["mkdocs"] / path).read_text(encoding="utf-8")
        theirs = postprocess.finish_page(theirs, path)  # step (c) was run on Zensical's only
        theme = [href for href in STYLESHEET.findall(theirs) if "/stylesheets/" in href]
        assert len(theme) == 2  # the theme's main and palette stylesheets
        for href in theme:
            theirs = theirs.replace(f'  <link rel="stylesheet" href="{href}">\n', "", 1)
        assert ours == theirs
        assert "md-header" not in ours
