"""Phone first (issue 14): a board's page holds what a practitioner needs first and links its
sub-pages (contacts, other routes, records, about), which reflow at 320 px with no axe-core
violation; the answer's first screen on a 390 x 844 phone; progress beside the button while
Python loads, and a tap before ready answered once it is."""

import pytest

from scripts.sitegen.data import load_boards
from scripts.sitegen.pages import BOARD_SUB_PAGES

from .conftest import fill_date, wait_ready
from .test_accessibility import axe, axe_source, hold_python, report  # noqa: F401 (fixture)

BOARDS = [board["id"] for board in load_boards()]
SUB_PAGES = [name for name, _, _ in BOARD_SUB_PAGES]
PHONE = {"width": 390, "height": 844}


def overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("board", BOARDS)
def test_the_board_page_links_its_sub_pages_in_the_text_and_the_navigation(open_page, board):
    page = open_page(f"boards/{board}/", before_goto=hold_python([])).page
    more = page.locator("#more + ul a")
    # Its sub-pages, then its ladder on one page (scripts/sitegen/flowchart.py).
    assert [link.get_attribute("href") for link in more.all()] == [
        *(f"{name}/" for name in SUB_PAGES), "flowchart.svg"]
    in_nav = page.evaluate("() => [...document.querySelectorAll('.md-sidebar--primary a')]"
                           ".map((link) => link.href)")
    for name in SUB_PAGES:
        assert sum(href.endswith(f"/boards/{board}/{name}/") for href in in_nav) == 1, name


@pytest.mark.parametrize("name", SUB_PAGES)
def test_a_sub_page_reflows_at_320_pixels_with_no_violation(open_page, axe_source, name):  # noqa: F811
    for board in BOARDS:
        visit = open_page(f"boards/{board}/{name}/", viewport={"width": 320, "height": 640})
        page = visit.page
        assert overflow(page) <= 0, f"{board}/{name} scrolls sideways at 320 px"
        violations = axe(page, axe_source)
        assert not violations, report({f"{board}/{name} at 320 px": violations})
        assert not visit.problems()


def test_search_finds_a_sub_page(open_page, site_dir):
    import json

    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for board in BOARDS:
        for name in SUB_PAGES:
            assert f"boards/{board}/{name}/" in locations


FIRST_SCREEN = """() => {
  const box = (selector) => {
    const found = document.querySelector(selector);
    if (!found) return null;
    const rect = found.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom };
  };
  const result = document.querySelector(".calc-result");
  return {
    height: window.innerHeight,
    parts: {
      heading: box(".calc-result__title"),
      lead: box(".calc-lead"),
      summary: box(".calc-summary--main"),
    },
    actions: box(".calc-actions__buttons"),
    firstAction: box(".calc-actions__buttons > *"),
    order: [...result.children].map((child) => child.className || child.tagName),
  };
}"""


@pytest.mark.parametrize("board", BOARDS)
@pytest.mark.parametrize("today", ["2026-10-06", "2026-10-19"], ids=["in-time", "late"])
def test_the_answer_fits_a_phones_first_screen(open_page, plan, board, today):
    """At 390 x 844, once the answer shows (scrolled to its top, as the page does): the heading,
    "Do this now" or the next step, the contact, the due date and what happens if it is not
    resolved are all on the first screen; the record, calendar and link come right under them,
    on the first screen too when nothing is late; the detail after."""
    wanted = plan(board, raised="2026-10-05", today=today)
    visit = open_page(f"boards/{board}/#calc?board={board}&agency=any&raised=2026-10-05"
                      f"&reached=1&today={today}", viewport=PHONE)
    page = visit.page
    page.locator(".calc-result__title").wait_for()
    page.wait_for_timeout(100)  # the scroll to the answer
    found = page.evaluate(FIRST_SCREEN)
    for name, box in found["parts"].items():
        assert box and box["top"] >= 0 and box["bottom"] <= found["height"], (name, box, found)
    lead = page.locator(".calc-lead").inner_text()
    assert ("Do this now" in lead) == bool(wanted["do_now"])
    if not wanted["do_now"]:
        assert wanted["next_step"] in lead
    rows = page.locator(".calc-summary--main dt").all_inner_texts()
    assert rows[:2] == ["Contact", "Due"]
    assert ("If not resolved" in rows) == bool(wanted["if_not_resolved"])
    order = found["order"]
    assert order.index("calc-summary calc-summary--main") + 1 == order.index("calc-actions")
    assert (order.index("calc-actions") < order.index("calc-checklist")
            < order.index("calc-timeline"))
    # Right under them: the first of the record, calendar and link buttons on the first screen
    # when nothing is late (a late case's "Do this now" may push them just below it).
    if not wanted["do_now"]:
        assert found["firstAction"]["bottom"] <= found["height"], found
    assert not visit.problems()


def test_progress_shows_beside_the_button_and_a_tap_before_ready_is_answered(open_page, plan):
    """While Python loads, its progress is beside the button (a polite live region); a tap then
    waits, visibly, and is answered as soon as Python is ready."""
    held = []
    visit = open_page("boards/surrey/", viewport=PHONE, before_goto=hold_python(held))
    page = visit.page
    page.locator(".calc-form").wait_for()
    progress = page.locator(".calc-submit-row .calc-progress")
    assert progress.get_attribute("aria-live") == "polite"
    assert "Loading the calculator" in progress.inner_text()
    button = page.locator(".calc-submit")
    below, beside = button.bounding_box(), progress.bounding_box()
    assert beside["y"] < below["y"] + below["height"] + 40, "the progress is beside the button"
    fill_date(page, "calc-raised", "2026-10-05")
    fill_date(page, "calc-today", "2026-10-06")
    button.click()
    assert "Working it out as soon as the calculator has loaded" in progress.inner_text()
    assert "Loading the calculator" in progress.inner_text()
    assert button.is_disabled()
    assert page.locator(".calc-result").is_hidden()
    assert held, "Python was held back until now"
    for route in held:
        route.continue_()
    page.locator(".calc-result__title").wait_for()
    wanted = plan("surrey", raised="2026-10-05", today="2026-10-06")
    assert page.locator(".calc-result__title").inner_text() == wanted["heading"]
    assert progress.inner_text() == "The calculator is ready."
    assert not button.is_disabled()
    wait_ready(page)
    assert not visit.problems()


@pytest.mark.parametrize("board", BOARDS)
def test_the_records_stages_reflow_at_320_pixels(open_page, axe_source, board):  # noqa: F811
    """The record of escalation's table of stages: at 320 px each stage is a block whose cells
    are labelled with their column (nothing scrolls sideways), still a table to assistive
    technology, with no axe-core violation."""
    visit = open_page(f"boards/{board}/#calc?board={board}&agency=any&raised=2026-10-05"
                      f"&reached=1&today=2026-10-19", viewport={"width": 320, "height": 640})
    page = visit.page
    page.locator(".calc-result__title").wait_for()
    page.get_by_role("button", name="Open the record of escalation").click()
    table = page.locator(".calc-record__stages")
    table.wait_for()
    assert overflow(page) <= 0, f"{board}: the record scrolls sideways at 320 px"
    cells = table.locator("tbody td")
    assert cells.count() > 0
    for index in range(cells.count()):
        cell = cells.nth(index)
        assert cell.evaluate("(td) => getComputedStyle(td).display") == "block"
        label = cell.get_attribute("data-label")
        before = cell.evaluate("(td) => getComputedStyle(td, '::before').content")
        assert before == f'"{label}: "', (label, before)
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers == ["Stage", "Status", "Started", "Due", "Contact"]
    assert table.get_by_role("row").count() == cells.count() // 4 + 1
    violations = axe(page, axe_source)
    assert not violations, report({f"{board} record at 320 px": violations})
    assert not visit.problems()
