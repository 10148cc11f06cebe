"""Adding a board, as the guide says: copy a template into the board files with a new id, check
it, build the site with it (all boards, then a site of that board alone), and find its pages and
a working calculator. Two new boards: "newshire", copied from the complete template
(policies/template/exampleshire.yaml, which names an accent colour and a logo, so its one-board
site shows them), and "littleshire", copied from the minimal one (smallshire.yaml: no scenarios,
no agencies, no branding)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculator import make_plan
from scripts.serve_site import serve_in_background

from .conftest import PREFIX, ROOT, board_data, policies_with_new_boards, wait_ready

NEW_BOARDS = {"newshire": "exampleshire", "littleshire": "smallshire"}  # new id: template
CASE = {"board": "newshire", "raised": "2026-04-02", "agency": "any", "started": {},
        "agreed": {}, "today": "2026-04-07"}


@pytest.fixture(scope="module")
def policies(tmp_path_factory) -> Path:
    """The real board files (with the folders they name), plus each template as a new board."""
    return policies_with_new_boards(tmp_path_factory.mktemp("policies"), NEW_BOARDS)


def assert_the_page_plans_as_python(page, policies: Path, case: dict, calendar_table) -> None:
    answer = page.evaluate("async (input) => window.escalationCalculator.plan(input)", case)
    data = board_data(policies, case["board"])
    assert answer == make_plan(data, {k: v for k, v in case.items() if k != "board"},
                               calendar_table)


def build(policies: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ESCALATION_POLICIES": str(policies)}
    env.pop("ESCALATION_BOARD", None)
    return subprocess.run([str(ROOT / "scripts" / "build"), *options, str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def served(policies, tmp_path_factory):
    """The builds, served: (folder, address of the whole site, of Newshire's own site, of
    Littleshire's own site)."""
    out = tmp_path_factory.mktemp("builds")
    builds = (((), "all"), (("--board", "newshire"), "one"), (("--board", "littleshire"), "little"))
    for options, name in builds:
        done = build(policies, out / name, *options)
        assert done.returncode == 0, done.stdout + done.stderr
    servers = [serve_in_background(out / name, PREFIX, csp=True) for _, name in builds]
    yield out, *(address for _, address in servers)
    for server, _ in servers:
        server.shutdown()
        server.server_close()


def test_the_new_board_passes_check(policies):
    done = subprocess.run([sys.executable, "-m", "calculator", "--policies", str(policies),
                           "check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    boards = len(list(policies.glob("*.yaml")))
    assert done.stderr.startswith(f"{boards} files checked: no problems"), done.stderr
    noted = {line.split(".yaml:")[0].rsplit("/", 1)[-1] for line in done.stdout.splitlines()}
    assert set(NEW_BOARDS) <= noted, "each new board's missing golden cases are noted"


def test_the_whole_site_has_the_new_board_and_its_calculator_works(served, policies,
                                                                  open_page, calendar_table):
    out, whole, *_ = served
    assert (out / "all" / "boards" / "newshire" / "index.html").exists()
    visit = open_page("boards/newshire/", base=whole)
    page = visit.page
    expect(page.locator("h1")).to_contain_text("Exampleshire Safeguarding Adults Board")
    expect(page.locator(".md-nav__link", has_text="Exampleshire")).not_to_have_count(0)
    wait_ready(page)
    assert_the_page_plans_as_python(page, policies, CASE, calendar_table)
    compare = open_page("compare/", base=whole).page
    expect(compare.locator("table").first).to_contain_text("ESAB")
    assert not visit.problems()


def test_a_one_board_site_is_that_board_alone_in_its_colours(served, open_page):
    out, _, one, _ = served
    site = out / "one"
    assert sorted(path.name for path in (site / "boards").iterdir()) == ["newshire"]
    assert not (site / "compare").exists()
    assert (site / "embed" / "newshire" / "index.html").exists()
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
        "data-board", "newshire")
    expect(calculator.locator("#calc-agency")).to_be_visible()
    assert calculator.locator("#calc-board").count() == 0, "the board is chosen already"
    for path in ("accessibility/", "privacy/"):
        other = open_page(path, base=one).page
        expect(other.locator("article")).to_contain_text("Exampleshire Safeguarding Adults Board")
    assert not visit.problems()


def test_a_board_that_is_not_there_is_refused_in_one_line(policies, tmp_path):
    done = build(policies, tmp_path / "out", "--board", "atlantis")
    assert done.returncode == 2
    boards = ", ".join(sorted(path.stem for path in policies.glob("*.yaml")))
    assert done.stderr.strip().splitlines() == [
        f"build: no board 'atlantis' in {policies}/; choose one of: {boards}"]


def test_a_minimal_board_gets_its_own_working_site(served, policies, open_page, calendar_table):
    """Copied from the minimal template: no scenarios, no agencies, no branding, yet its page,
    its calculator and its training index work, and no empty training page is made."""
    out, _, _, little = served
    site = out / "little"
    assert sorted(path.name for path in (site / "boards").iterdir()) == ["littleshire"]
    assert not (site / "boards" / "littleshire" / "training").exists()
    visit = open_page("boards/littleshire/", base=little)
    page = visit.page
    expect(page.locator("h1")).to_contain_text("Smallshire Safeguarding Adults Board")
    about = open_page("boards/littleshire/about/", base=little).page
    expect(about.locator("article")).to_contain_text("no made-up cases for training yet")
    wait_ready(page)
    assert_the_page_plans_as_python(page, policies, {**CASE, "board": "littleshire"},
                                    calendar_table)
    training = open_page("training/", base=little).page
    expect(training.locator("article")).to_contain_text("no made-up cases yet")
    assert not visit.problems()
