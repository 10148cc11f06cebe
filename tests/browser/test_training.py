"""The training pages in the browser, by keyboard alone: open each answer on the step-through
page, move through the presenter view one step per screen, and print the handout with its
answers on a separate page."""

import re

from playwright.sync_api import expect

ACTIVE = """() => {
  const step = document.activeElement.closest("[data-step]");
  return step && step.dataset.step;
}"""


def test_each_answer_opens_by_keyboard(open_page, boards):
    visit = open_page("boards/surrey/training/")
    page = visit.page
    answers = page.locator("details")
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
