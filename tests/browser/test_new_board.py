"""Adding a board, as the guide says: copy the template into the board files, check it, build
the site with it (all boards, then a site of that board alone), and find its pages and a working
calculator. The made-up board is policies/template/exampleshire.yaml, which names an accent
colour and a logo, so the one-board site shows them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculator import make_plan
from calculator.checking import load_checked, load_schema
from scripts.serve_site import serve_in_background

from .conftest import PREFIX, ROOT, wait_ready

TEMPLATE = ROOT / "policies" / "template"
CASE = {"board": "exampleshire", "raised": "2026-04-02", "agency": "any", "started": {},
        "agreed": {}, "today": "2026-04-07"}


@pytest.fixture(scope="module")
def policies(tmp_path_factory) -> Path:
    """The real board files, plus the template copied in as a new board."""
    folder = tmp_path_factory.mktemp("policies")
    for path in (ROOT / "policies").glob("*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    (folder / "template").mkdir()
    shutil.copy(TEMPLATE / "exampleshire-logo.svg", folder / "template")
    shutil.copy(TEMPLATE / "exampleshire.yaml", folder / "exampleshire.yaml")
    return folder


def build(policies: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ESCALATION_POLICIES": str(policies)}
    env.pop("ESCALATION_BOARD", None)
    return subprocess.run([str(ROOT / "scripts" / "build"), *options, str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def served(policies, tmp_path_factory):
    """Both builds, served: (address of the whole site, address of Exampleshire's own)."""
    out = tmp_path_factory.mktemp("builds")
    for options, name in (((), "all"), (("--board", "exampleshire"), "one")):
        done = build(policies, out / name, *options)
        assert done.returncode == 0, done.stdout + done.stderr
    servers = [serve_in_background(out / name, PREFIX, csp=True) for name in ("all", "one")]
    yield out, servers[0][1], servers[1][1]
    for server, _ in servers:
        server.shutdown()
        server.server_close()


def test_the_new_board_passes_check(policies):
    done = subprocess.run([sys.executable, "-m", "calculator", "--policies", str(policies),
                           "check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 files checked: no problems" in done.stderr


def test_the_whole_site_has_the_new_board_and_its_calculator_works(served, policies,
                                                                  open_page, calendar_table):
    out, whole, _ = served
    assert (out / "all" / "boards" / "exampleshire" / "index.html").exists()
    visit = open_page("boards/exampleshire/", base=whole)
    page = visit.page
    expect(page.locator("h1")).to_contain_text("Exampleshire Safeguarding Adults Board")
    expect(page.locator(".md-nav__link", has_text="Exampleshire")).not_to_have_count(0)
    wait_ready(page)
    answer = page.evaluate("async (input) => window.escalationCalculator.plan(input)", CASE)
    problems, data = load_checked(policies / "exampleshire.yaml", "exampleshire.yaml",
                                  load_schema(policies))
    assert not problems
    assert answer == make_plan(data, {k: v for k, v in CASE.items() if k != "board"},
                               calendar_table)
    compare = open_page("compare/", base=whole).page
    expect(compare.locator("table").first).to_contain_text("ESAB")
    assert not visit.problems()


def test_a_one_board_site_is_that_board_alone_in_its_colours(served, open_page):
    out, _, one = served
    site = out / "one"
    assert sorted(path.name for path in (site / "boards").iterdir()) == ["exampleshire"]
    assert not (site / "compare").exists()
    assert (site / "embed" / "exampleshire" / "index.html").exists()
    visit = open_page("", base=one)
    page = visit.page
    expect(page).to_have_title("Home - Exampleshire Safeguarding Adults Board: escalation guide")
    header = page.locator(".md-header")
    assert header.evaluate("(node) => getComputedStyle(node).backgroundColor") == "rgb(11, 110, 79)"
    logo = page.locator(".md-header__button.md-logo img")
    assert logo.get_attribute("src").endswith("assets/images/board-logo.svg")
    assert logo.evaluate("(img) => img.complete && img.naturalWidth > 0")
    expect(page.locator("#your-board")).to_contain_text("ESAB")
    assert page.locator("a[href*='compare']").count() == 0
    calculator = open_page("calculator/", base=one).page
    expect(calculator.locator(".escalation-calculator")).to_have_attribute(
        "data-board", "exampleshire")
    expect(calculator.locator("#calc-agency")).to_be_visible()
    assert calculator.locator("#calc-board").count() == 0, "the board is chosen already"
    for path in ("accessibility/", "privacy/"):
        other = open_page(path, base=one).page
        expect(other.locator("article")).to_contain_text("Exampleshire Safeguarding Adults Board")
    assert not visit.problems()


def test_a_board_that_is_not_there_is_refused_in_one_line(policies, tmp_path):
    done = build(policies, tmp_path / "out", "--board", "atlantis")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"build: no board 'atlantis' in {policies}/; choose one of: exampleshire, kent-medway, "
        "north-east-lincolnshire, staffordshire-stoke, surrey, worcestershire"]
