"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds nothing on any page of the site, nor in
any state of the calculator: the form while Python loads, the empty form once ready, the errors,
an answer with warnings and other readings; nor on a board page with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from golden_cases import load_cases

from .conftest import AXE_SOURCE, fill_date, wait_ready

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """
async (tags) => {
  // Colours are checked at rest: let finite transitions (the theme fades its header and its
  // back-to-top button in as the page scrolls) finish first, for at most two seconds.
  const finite = document.getAnimations().filter(
    (animation) => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity);
  const settled = Promise.all(finite.map((animation) => animation.finished.catch(() => null)));
  await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
  const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
  }));
}
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


#: Waits for the CSS transitions running now (Material fades the header's title in as the page
#: scrolls): a colour caught half-way is no state a reader is left in. Capped at 2 s.
SETTLE_TRANSITIONS = """
async () => {
  const running = document.getAnimations().filter((a) => a instanceof CSSTransition);
  const settled = Promise.allSettled(running.map((a) => a.finished));
  await Promise.race([settled, new Promise((done) => setTimeout(done, 2000))]);
}
"""


def axe(page, source: str) -> list[dict]:
    """axe's violations on the page as it is now (axe is injected by evaluate, which the page's
    CSP does not govern, so the page's policy stays as strict as it is for everyone)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    page.evaluate(SETTLE_TRANSITIONS)
    return page.evaluate(RUN_AXE, TAGS)


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for violation in violations:
            lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
            lines += [f"    {node}" for node in violation["nodes"][:8]]
    return "\n".join(lines)


def hold_python(held: list):
    """A before_goto that keeps Python's loader waiting (in held) until it is let go."""
    return lambda context, page: context.route(
        "**/pyodide.mjs", lambda route: held.append(route))


def test_every_page_has_no_violation(open_page, axe_source, site_page):
    """Each page as it first shows (the calculator's Python is held back meanwhile: its
    loaded states are checked below, and it would only slow axe down here)."""
    page = open_page(site_page, before_goto=hold_python([])).page
    if page.locator(".escalation-calculator").count():
        page.locator(".calc-form").wait_for()
    violations = axe(page, axe_source)
    assert not violations, report({site_page or "home": violations})


@pytest.mark.parametrize("path", ["boards/kent-medway/contacts/", "compare/"])
def test_narrow_screen_has_no_violation(open_page, axe_source, path):
    """On a phone a wide table scrolls sideways: its scroll area can then take focus (so the
    keyboard can scroll it), and has a name; on a wide screen it is no tab stop."""
    page = open_page(path, viewport={"width": 375, "height": 740}).page
    wrap = page.locator(".md-typeset__scrollwrap").first
    expect(wrap).to_have_attribute("tabindex", "0")
    expect(wrap).to_have_attribute("role", "region")
    expect(wrap).to_have_attribute("aria-label", re.compile(r"\w"))
    if page.locator(".escalation-calculator").count():
        page.locator(".calc-form").wait_for()
    violations = axe(page, axe_source)
    assert not violations, report({f"{path} at 375 pixels": violations})
    page.set_viewport_size({"width": 1600, "height": 900})
    if page.evaluate("() => [...document.querySelectorAll('.md-typeset__scrollwrap')]"
                     ".every((wrap) => wrap.scrollWidth <= wrap.clientWidth)"):
        expect(page.locator(".md-typeset__scrollwrap[tabindex]")).to_have_count(0)
    else:
        assert path == "compare/", "the roles table fits a wide screen"


def rich_case() -> dict:
    """A North East Lincolnshire golden case with stages started (its plan has warnings and
    another reading of the dates: tests/test_golden.py and the parity test keep it so)."""
    for _, board, given, wanted in load_cases():
        if board == "north-east-lincolnshire" and "expect" in wanted and given.get("started"):
            return given
    raise AssertionError("no North East Lincolnshire golden case with stages started")


@pytest.mark.parametrize("path", ["boards/north-east-lincolnshire/", "calculator/"])
def test_calculator_has_no_violation_in_any_state(open_page, axe_source, plan, path):
    held = []  # Python's loader waits until the loading state has been checked
    visit = open_page(path, before_goto=hold_python(held))
    page = visit.page
    found = {}
    page.locator(".calc-form").wait_for()
    status = page.locator(".calc-status")
    assert "Loading" in status.inner_text()
    found["loading"] = axe(page, axe_source)
    assert "Loading" in status.inner_text() and held, "the state checked was 'loading'"
    for route in held:
        route.continue_()
    wait_ready(page)
    page.locator(".calc-status", has_text="ready").wait_for()
    found["empty form"] = axe(page, axe_source)

    if page.locator("#calc-board").count():
        page.locator(".calc-submit").click()
        page.locator(".govuk-error-summary").wait_for()
        found["no board chosen"] = axe(page, axe_source)
        page.locator("#calc-board").select_option("north-east-lincolnshire")
        found["board chosen"] = axe(page, axe_source)

    given = rich_case()
    fill_date(page, "calc-raised", "2026-02-30")
    page.locator("#calc-today-year").fill("26")
    page.locator(".calc-submit").click()
    page.locator(".govuk-error-message").nth(1).wait_for()
    found["errors"] = axe(page, axe_source)

    wanted = plan("north-east-lincolnshire", **given)
    assert wanted["warnings"] and any(stage["alternative_dues"] for stage in wanted["stages"])
    page.locator("#calc-agency").select_option(given.get("agency", "any"))
    fill_date(page, "calc-raised", given["raised"])
    reached = max(int(number) for number in given["started"])
    page.locator(f"label[for=calc-reached-{reached}]").click()
    for number, day in given["started"].items():
        fill_date(page, f"calc-started-{number}", day)
    fill_date(page, "calc-today", given["today"])
    page.locator(".calc-submit").click()
    page.locator(".calc-result__title").wait_for()
    assert page.locator(".calc-warnings li").count() == len(wanted["warnings"])
    assert page.locator(".calc-timeline dt", has_text="Another reading").count()
    assert page.locator(".calc-checklist li").count() and page.locator(".calc-share").count()
    found["answer"] = axe(page, axe_source)
    # The calendar's own options: a case reference refused at its field (maxlength stops typing
    # past 40, so the script sets it), and past dates asked for.
    page.locator("#calc-case-reference").evaluate(
        """(node) => { node.value = "x".repeat(41);
                       node.dispatchEvent(new Event("input", { bubbles: true })); }""")
    page.locator("#calc-case-reference-error").wait_for()
    page.get_by_label("Include dates that have passed").check()
    found["case reference refused"] = axe(page, axe_source)

    page.get_by_role("button", name="Open the record of escalation").click()
    page.locator("#calc-record").wait_for()
    found["record open"] = axe(page, axe_source)
    # A browser that refuses the clipboard: the text is shown, selected, to copy by hand.
    page.evaluate("() => { navigator.clipboard.writeText = async () => { throw new Error(); }; }")
    page.get_by_role("button", name="Copy as text").click()
    page.locator(".calc-copy-fallback").wait_for()
    found["record copied by hand"] = axe(page, axe_source)

    found = {state: violations for state, violations in found.items() if violations}
    assert not found, report(found)
    assert not visit.problems()


def test_a_bad_link_has_no_violation(open_page, axe_source):
    visit = open_page("boards/kent-medway/#calc?agency=nobody&raised=2026-13-01&reached=7")
    visit.page.locator(".govuk-error-summary li").nth(2).wait_for()
    assert not axe(visit.page, axe_source)
    assert not visit.problems()


def test_board_page_without_javascript_has_no_violation(open_page, axe_source, site_url):
    """axe is JavaScript, and a page with JavaScript off runs none (not even axe's timers), so
    axe checks the same page with every script taken out of its HTML; that it is the page a
    reader without JavaScript gets is checked against a page with JavaScript off."""
    path = "boards/north-east-lincolnshire/"
    off = open_page(path, javascript=False).page
    assert off.locator(".calc-no-script").is_visible()

    def without_scripts(route) -> None:
        response = route.fetch()
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", response.text(), flags=re.S | re.I)
        route.fulfill(response=response, body=html)

    page = open_page(path, before_goto=lambda context, _: context.route(
        site_url + path, without_scripts)).page
    assert page.evaluate("() => document.documentElement.classList.contains('no-js')")
    assert page.locator("body").inner_text() == off.locator("body").inner_text()
    violations = axe(page, axe_source)
    assert not violations, report({"JavaScript off": violations})


def test_presenter_view_with_an_answer_shown_has_no_violation(open_page, axe_source):
    visit = open_page("boards/surrey/presenter/")
    page = visit.page
    page.locator(".presenter-counter").wait_for()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("a")
    assert page.locator(".presenter-step:not([hidden]) details[open]").count() == 1
    assert not axe(page, axe_source)
    assert not visit.problems()


@pytest.mark.parametrize("width", [1280, 320])
def test_a_late_case_with_do_this_now_has_no_violation(open_page, axe_source, plan, width):
    """The answer that opens with 'Do this now' (a stage and a deadline already late), on a
    board that asks for a second event, at desktop width and reflowed at 320 px."""
    boards_with_events = [board for board, data in load_boards_by_id().items()
                          if len(data["events"]) > 1]
    assert boards_with_events, "a board counts from a second event"
    board = boards_with_events[0]
    request = {"raised": "2026-10-05", "today": "2026-10-19"}
    wanted = plan(board, **request)
    assert wanted["do_now"], "the case is late"
    visit = open_page(f"boards/{board}/#calc?board={board}&agency=any&raised={request['raised']}"
                      f"&reached=1&today={request['today']}",
                      viewport={"width": width, "height": 800})
    page = visit.page
    page.locator(".calc-do-now").wait_for()
    assert page.locator(".calc-do-now li").count() == len(wanted["do_now"])
    other = wanted["events"][1]
    expect(page.locator(f"#calc-event-{other['id']}")).to_have_count(1)
    assert page.locator(".govuk-radios__hint").count() == wanted["total_stages"]
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
    violations = axe(page, axe_source)
    assert not violations, report({f"late case at {width} px": violations})
    assert not visit.problems()


def load_boards_by_id() -> dict[str, dict]:
    from scripts.sitegen.data import load_boards

    return {data["id"]: data for data in load_boards()}
