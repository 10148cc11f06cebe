"""The training pages in the browser, by keyboard alone: open each answer on the step-through
page, move through the presenter view one step per screen, and print the handout with its
answers on a separate page."""

import re

import pytest
from playwright.sync_api import expect

from scripts.sitegen.data import load_boards

#: The boards with made-up cases (a board without any has no presenter view).
TRAINING_BOARDS = [board["id"] for board in load_boards() if board.get("scenarios")]
PROJECTOR = {"width": 1920, "height": 1080}

#: Where the shown step is, against the screen and the controls (CSS pixels).
STEP_PLACE = """() => {
  const step = [...document.querySelectorAll(".presenter-step")].find((node) => !node.hidden);
  const box = step.getBoundingClientRect();
  const controls = document.querySelector(".presenter-controls").getBoundingClientRect();
  const answer = step.querySelector("details");
  return {top: box.top, bottom: box.top + step.scrollHeight, controlsTop: controls.top,
          screen: (document.fullscreenElement || document.documentElement).clientHeight,
          open: Boolean(answer && answer.open), font: parseFloat(getComputedStyle(step).fontSize)};
}"""

ACTIVE = """() => {
  const step = document.activeElement.closest("[data-step]");
  return step && step.dataset.step;
}"""


def test_each_answer_opens_by_keyboard(open_page, boards):
    visit = open_page("boards/surrey/training/")
    page = visit.page
    answers = page.locator("details.info")  # the answers (not the facilitator's notes)
    steps = sum(len(scenario["steps"]) for scenario in boards["surrey"]["scenarios"])
    assert answers.count() == steps
    first = answers.first
    assert not first.evaluate("(node) => node.open")
    page.locator("h1").click()  # start from the top of the page
    for _ in range(200):
        if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Show the answer"
    page.keyboard.press("Enter")
    assert first.evaluate("(node) => node.open")
    expect(first).to_contain_text("Source:")
    page.keyboard.press("Space")
    assert not first.evaluate("(node) => node.open")
    assert not visit.problems()


def test_the_presenter_view_moves_one_step_at_a_time_by_keyboard(open_page, boards):
    visit = open_page("boards/north-east-lincolnshire/presenter/")
    page = visit.page
    scenarios = boards["north-east-lincolnshire"]["scenarios"]
    total = sum(len(scenario["steps"]) for scenario in scenarios)
    steps = page.locator(".presenter-step")
    expect(page.locator(".presenter-counter")).to_have_text(f"Step 1 of {total}")
    assert [steps.nth(i).is_visible() for i in range(total)] == [True] + [False] * (total - 1)
    for key, wanted in (("ArrowRight", 2), ("PageDown", 3), (" ", 4), ("ArrowLeft", 3),
                        ("PageUp", 2), ("End", total), ("Home", 1)):
        page.keyboard.press(key)
        expect(page.locator(".presenter-counter")).to_have_text(f"Step {wanted} of {total}")
        visible = [i + 1 for i in range(total) if steps.nth(i).is_visible()]
        assert visible == [wanted], key
        assert page.evaluate(ACTIVE) == str(wanted), "focus moves to the step shown"
        assert page.url.endswith(f"#step-{wanted}")
    answer = steps.nth(0).locator("details")
    assert not answer.evaluate("(node) => node.open")
    page.keyboard.press("a")
    assert answer.evaluate("(node) => node.open")
    # The buttons too, and a reload keeps the step.
    page.get_by_role("button", name="Next step").click()
    expect(page.locator(".presenter-counter")).to_have_text(f"Step 2 of {total}")
    page.reload()
    expect(page.locator(".presenter-counter")).to_have_text(f"Step 2 of {total}")
    assert page.get_by_role("button", name="Previous step").is_enabled()
    assert not visit.problems()


def test_the_presenter_view_without_javascript_shows_every_step(open_page, boards):
    page = open_page("boards/worcestershire/presenter/", javascript=False).page
    total = sum(len(scenario["steps"]) for scenario in boards["worcestershire"]["scenarios"])
    steps = page.locator(".presenter-step")
    assert [steps.nth(i).is_visible() for i in range(total)] == [True] * total
    assert page.locator(".presenter-controls").count() == 0


def test_the_handout_prints_the_answers_on_a_page_of_their_own(open_page):
    visit = open_page("boards/kent-medway/handout/")
    page = visit.page
    page.emulate_media(media="print")
    assert page.locator(".handout-answers").evaluate(
        "(node) => getComputedStyle(node).breakBefore") == "page"
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".handout-lines").first.is_visible()
    pages = re.findall(rb"/Type\s*/Page(?!s)", page.pdf())
    assert len(pages) >= 2
    assert not visit.problems()


def check_step_fits(page, where: str) -> dict:
    place = page.evaluate(STEP_PLACE)
    assert place["top"] >= 0, (where, place)
    assert place["bottom"] <= min(place["controlsTop"], place["screen"]) + 1, (where, place)
    return place


@pytest.mark.parametrize("board", TRAINING_BOARDS)
def test_each_step_fits_a_projector_with_its_answer_and_a_toggles_it(open_page, board):
    """At 1920 x 1080, keys only: every step, with its answer shown by A, fits above the
    controls (the due date is never under them) at a large type; A hides it again."""
    visit = open_page(f"boards/{board}/presenter/", viewport=PROJECTOR)
    page = visit.page
    total = page.locator(".presenter-step").count()
    reveal = page.locator(".presenter-controls button", has_text=re.compile("the answer"))
    for number in range(1, total + 1):
        expect(page.locator(".presenter-counter")).to_have_text(f"Step {number} of {total}")
        check_step_fits(page, f"step {number}")
        page.keyboard.press("a")
        expect(reveal).to_have_text("Hide the answer")
        assert reveal.get_attribute("aria-expanded") == "true"
        shown = check_step_fits(page, f"step {number}, answer shown")
        assert shown["open"] and shown["font"] >= 16, shown  # never below 0.8rem (16px at least)
        page.keyboard.press("a")
        expect(reveal).to_have_text("Show the answer")
        assert not page.evaluate(STEP_PLACE)["open"]
        page.keyboard.press("ArrowRight")
    assert not visit.problems()


def test_f_or_the_button_puts_the_step_and_its_controls_full_screen(open_page):
    visit = open_page(f"boards/{TRAINING_BOARDS[0]}/presenter/", viewport=PROJECTOR)
    page = visit.page
    expect(page.locator(".presenter-counter")).to_contain_text("Step 1 of")
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement !== null")
    assert page.evaluate("() => document.fullscreenElement.className").startswith(
        "presenter-stage")
    button = page.get_by_role("button", name="Leave full screen")
    expect(button).to_be_visible()
    page.keyboard.press("a")
    check_step_fits(page, "full screen, answer shown")
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null")
    # The button, reached by Tab, does the same.
    full = page.get_by_role("button", name="Full screen")
    full.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.fullscreenElement !== null")
    expect(page.get_by_role("button", name="Leave full screen")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.fullscreenElement === null")
    assert not visit.problems()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("board", TRAINING_BOARDS)
def test_the_handout_prints_in_at_most_two_pages_a_scenario(open_page, boards, board):
    """Printed on A4: at most two pages for each scenario, questions and answers together, and
    each place where the procedure is unclear said once per scenario, not under every step."""
    visit = open_page(f"boards/{board}/handout/")
    page = visit.page
    scenarios = boards[board]["scenarios"]
    pages = pdf_pages(page.pdf(format="A4"))
    assert 1 < pages <= 2 * len(scenarios), f"{board}: {pages} pages for {len(scenarios)}"
    answers = page.locator(".handout-answers").inner_text()
    for item in boards[board]["unclear"]:
        touched = sum(item["id"] in (scenario.get("touches") or []) for scenario in scenarios)
        assert answers.count(item["we_use"]) == touched, item["id"]
    assert not visit.problems()
