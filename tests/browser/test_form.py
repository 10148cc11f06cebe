"""The calculator's form by keyboard alone, as someone who cannot use a mouse would: Tab to each
field, type, choose with arrow keys, submit with Enter or Space. The answer gets focus and shows
what the API works out for the same input. Every kind of error is shown in the GOV.UK pattern:
next to its field, in a summary that gets focus and whose link leads to the field, and in the
page's title; once fixed, every trace of it goes."""

from datetime import date

import pytest
from playwright.sync_api import expect

from calculator.dates import human_date

from .conftest import wait_ready

ACTIVE_ID = "() => document.activeElement ? document.activeElement.id : null"
PLAN_OR_ERROR = """
async (input) => {
  try {
    return { plan: await window.escalationCalculator.plan(input) };
  } catch (error) {
    return { error: error.message, field: error.field };
  }
}
"""


# ---------------------------------------------------------------------------------------------
# Keyboard helpers


def active(page) -> str | None:
    return page.evaluate(ACTIVE_ID)


def tab_to(page, element_id: str, limit: int = 150) -> None:
    """Tab from wherever focus is until the element has it (it must be reachable)."""
    for _ in range(limit):
        if active(page) == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"#{element_id} was not reached with {limit} presses of Tab")


def tab(page, expected_id: str) -> None:
    page.keyboard.press("Tab")
    assert active(page) == expected_id


def type_into_focused(page, text: str) -> None:
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)


def type_date(page, group: str, day: str, month: str, year: str) -> None:
    """Focus is on the group's day field: type the three parts, then Tab out of the group."""
    for part, text in (("day", day), ("month", month), ("year", year)):
        assert active(page) == f"{group}-{part}"
        type_into_focused(page, text)
        page.keyboard.press("Tab")


def skip_date(page, group: str) -> None:
    for part in ("day", "month", "year"):
        assert active(page) == f"{group}-{part}"
        page.keyboard.press("Tab")


def choose_option(page, select_id: str, value: str) -> None:
    """With the select focused: Home, then Down until the value is chosen."""
    assert active(page) == select_id
    page.keyboard.press("Home")
    for _ in range(30):
        if page.locator(f"#{select_id}").input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{value!r} not reached in #{select_id} with the arrow keys")


def choose_stage(page, number: int) -> None:
    """Focus is on the checked radio (stage 1): Down moves to and checks the next stage."""
    assert active(page) == "calc-reached-1"
    for _ in range(number - 1):
        page.keyboard.press("ArrowDown")
    assert active(page) == f"calc-reached-{number}"
    expect(page.locator(f"#calc-reached-{number}")).to_be_checked()


def parts(iso: str) -> tuple[str, str, str]:
    day = date.fromisoformat(iso)
    return str(day.day), str(day.month), str(day.year)


# ---------------------------------------------------------------------------------------------
# The answer and the errors


def expected(page, request: dict) -> dict:
    return page.evaluate(PLAN_OR_ERROR, request)


def check_answer(page, request: dict) -> None:
    """The answer is shown, its heading has focus, and it says what the API says."""
    plan = expected(page, request)["plan"]
    stage = plan["stages"][plan["current_stage"] - 1]
    heading = page.locator(".calc-result__title")
    expect(heading).to_be_focused()
    expect(heading).to_have_text(
        f"You are at stage {plan['current_stage']} of {plan['total_stages']}: {stage['title']}")
    rows = page.locator(".calc-summary--main .calc-summary__row")
    shown = dict(zip(rows.locator("dt").all_inner_texts(), rows.locator("dd").all_inner_texts(),
                     strict=True))
    contact = f"{stage['contact']} ({plan['agency']['name']})"
    if stage["contact_note"]:  # the role's note is said with it (a line below)
        contact += f"\n{stage['contact_note']}"
    assert shown["Contact"] == contact
    assert stage["due"], "pick a case with a due date"
    assert shown["Due"].startswith(human_date(date.fromisoformat(stage["due"]))), shown
    assert plan["agency"]["id"] == request.get("agency", "any")


def check_error(page, group: str, message: str, focus_id: str, title: str) -> None:
    """The message is next to the field and in the summary; the summary has focus; its link
    (reached by Tab, followed by Enter) moves focus to the field; the title says Error."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a")).to_have_text([message])
    beside = page.locator(f'[data-field-group="{group}"] .govuk-error-message')
    expect(beside).to_have_count(1)
    expect(beside).to_have_text(f"Error: {message}")
    assert page.locator(".govuk-error-message").count() == 1, "only this error is shown"
    assert page.title() == f"Error: {title}"
    described = page.locator(f'[data-field-group="{group}"] [aria-describedby]').first
    assert f"{group}-error" in described.get_attribute("aria-describedby").split()
    page.keyboard.press("Tab")
    expect(summary.locator("a")).to_be_focused()
    page.keyboard.press("Enter")
    assert active(page) == focus_id


def check_no_errors(page, title: str) -> None:
    expect(page.locator(".govuk-error-summary")).to_be_hidden()
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    expect(page.locator(".govuk-form-group--error")).to_have_count(0)
    expect(page.locator(".govuk-input--error, .govuk-select--error")).to_have_count(0)
    assert page.title() == title
    for node in page.locator("[aria-describedby]").all():
        assert "-error" not in node.get_attribute("aria-describedby")


def set_date(page, group: str, day: str, month: str, year: str) -> None:
    for part, text in (("day", day), ("month", month), ("year", year)):
        page.locator(f"#{group}-{part}").fill(text)


def submit(page) -> None:
    page.locator(".calc-submit").focus()
    page.keyboard.press("Enter")


# ---------------------------------------------------------------------------------------------
# The tests


@pytest.fixture
def surrey(open_page):
    visit = open_page("boards/surrey/")
    wait_ready(visit.page)
    return visit


def test_board_page_by_keyboard(surrey):
    page = surrey.page
    request = {"board": "surrey", "agency": "police", "raised": "2026-03-27",
               "started": {"2": "2026-03-31"}, "today": "2026-04-02"}
    tab_to(page, "calc-agency")
    choose_option(page, "calc-agency", request["agency"])
    tab(page, "calc-raised-day")
    type_date(page, "calc-raised", *parts(request["raised"]))
    choose_stage(page, 2)
    tab(page, "calc-started-2-day")
    type_date(page, "calc-started-2", *parts(request["started"]["2"]))
    type_date(page, "calc-today", *parts(request["today"]))
    assert active(page) == "" and page.evaluate(
        "() => document.activeElement.classList.contains('calc-submit')")
    page.keyboard.press("Enter")
    check_answer(page, request)
    assert not surrey.problems()


def test_standalone_page_by_keyboard(open_page):
    visit = open_page("calculator/")
    page = visit.page
    title = page.title()
    wait_ready(page)
    # Without a board, the form asks for one first.
    tab_to(page, "calc-board")
    page.locator(".calc-submit").focus()
    page.keyboard.press("Space")
    check_error(page, "calc-board", "Choose a board", "calc-board", title)
    # Stage 3 of Kent and Medway: stage 2's start and agreed date may stay blank.
    request = {"board": "kent-medway", "agency": "health", "raised": "2025-12-19",
               "started": {"3": "2026-01-05"}, "today": "2026-01-06"}
    choose_option(page, "calc-board", request["board"])
    tab(page, "calc-agency")
    choose_option(page, "calc-agency", request["agency"])
    tab(page, "calc-raised-day")
    type_date(page, "calc-raised", *parts(request["raised"]))
    choose_stage(page, 3)
    tab(page, "calc-started-2-day")
    skip_date(page, "calc-started-2")
    skip_date(page, "calc-agreed-2")
    type_date(page, "calc-started-3", *parts(request["started"]["3"]))
    type_date(page, "calc-today", *parts(request["today"]))
    page.keyboard.press("Space")
    check_answer(page, request)
    check_no_errors(page, title)
    assert not visit.problems()


def test_errors_are_shown_next_to_the_field_and_in_the_summary(surrey, boards):
    page = surrey.page
    title = page.title()
    set_date(page, "calc-today", "12", "3", "2026")
    # The date is asked in the board's own words (its main event).
    raised = boards["surrey"]["events"][0]["label"]
    # (raised date, expected group, message, the field its link leads to)
    cases = [
        (("", "", ""), "calc-raised", f"Enter {raised.lower()}", "calc-raised-day"),
        (("3", "", "2026"), "calc-raised", f"{raised} must include a month",
         "calc-raised-month"),
        (("31", "2", "2026"), "calc-raised", f"{raised} must be a real date", "calc-raised-day"),
        (("3", "3", "26"), "calc-raised", "Year must include 4 numbers", "calc-raised-year"),
    ]
    for raised_parts, group, message, focus_id in cases:
        set_date(page, "calc-raised", *raised_parts)
        submit(page)
        check_error(page, group, message, focus_id, title)

    # From Python: the date raised is after today.
    set_date(page, "calc-raised", "13", "3", "2026")
    python = expected(page, {"board": "surrey", "agency": "any", "raised": "2026-03-13",
                             "today": "2026-03-12"})
    assert python["field"] == "raised"
    submit(page)
    check_error(page, "calc-raised", python["error"], "calc-raised-day", title)

    # Stage 2 reached, its start missing, then before the date raised (from Python).
    set_date(page, "calc-raised", "4", "3", "2026")
    page.locator("label[for=calc-reached-2]").click()
    submit(page)
    check_error(page, "calc-started-2", "Enter the date stage 2 started", "calc-started-2-day",
                title)
    set_date(page, "calc-started-2", "2", "3", "2026")
    request = {"board": "surrey", "agency": "any", "raised": "2026-03-04",
               "started": {"2": "2026-03-02"}, "today": "2026-03-12"}
    python = expected(page, request)
    assert python["field"] == "started.2"
    submit(page)
    check_error(page, "calc-started-2", python["error"], "calc-started-2-day", title)

    # Fixed: no trace of any error, and the answer.
    set_date(page, "calc-started-2", "5", "3", "2026")
    submit(page)
    check_answer(page, {**request, "started": {"2": "2026-03-05"}})
    check_no_errors(page, title)
    assert not surrey.problems()


def test_a_month_written_as_a_word_is_read_as_its_number(surrey, boards):
    """GOV.UK's date pattern accepts month names and abbreviations: "mar" is March, and the
    answer is the same as for 3; a word that is not a month is the usual error."""
    page = surrey.page
    title = page.title()
    set_date(page, "calc-today", "12", "March", "2026")
    set_date(page, "calc-raised", "4", "mar", "2026")
    submit(page)
    check_answer(page, {"board": "surrey", "agency": "any", "raised": "2026-03-04",
                        "today": "2026-03-12"})
    check_no_errors(page, title)
    raised = boards["surrey"]["events"][0]["label"]
    set_date(page, "calc-raised", "4", "Marchh", "2026")
    submit(page)
    check_error(page, "calc-raised", f"{raised} must be a real date", "calc-raised-month", title)
    assert not surrey.problems()
