"""What a practitioner does with a plan, in the real page: the checklist for the stage reached,
the record of escalation (typed in, printed, copied as text, never stored), the calendar file,
and the plan kept in the page's address (shared, opened elsewhere, Back, bad links).

Everything the page shows comes from the same Python as the command line; each test works out
the same thing in CPython and compares."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from calculator.checklist import checklist_for
from calculator.ics import plan_calendar
from calculator.loading import load_policy
from calculator.record import record_for, record_text
from conftest import POLICIES

from .conftest import fill_date, wait_ready

#: A North East Lincolnshire case at stage 3 for the police (an agency the procedure names).
CASE = {"board": "north-east-lincolnshire", "agency": "police", "raised": "2026-12-22",
        "started": {"2": "2026-12-24", "3": "2027-01-05"}, "agreed": {}, "today": "2027-01-06"}

STORAGE_SNAPSHOT = """async () => {
  const databases = indexedDB.databases ? (await indexedDB.databases()).map((db) => db.name) : [];
  const all = (store) => Object.fromEntries(
    Object.keys(store).map((key) => [key, store.getItem(key)]));
  return { local: all(localStorage), session: all(sessionStorage), cookie: document.cookie,
           databases, caches: await caches.keys() };
}"""


def work_out(page, case: dict) -> None:
    """Fill the form for `case` and wait for its answer."""
    page.locator(".calc-form").wait_for()
    if page.locator("#calc-board").count():
        page.locator("#calc-board").select_option(case["board"])
    page.locator("#calc-agency").select_option(case["agency"])
    fill_date(page, "calc-raised", case["raised"])
    reached = max([1, *(int(number) for number in case["started"])])
    page.locator(f"label[for=calc-reached-{reached}]").click()
    for number, day in case["started"].items():
        fill_date(page, f"calc-started-{number}", day)
    for number, day in case["agreed"].items():
        fill_date(page, f"calc-agreed-{number}", day)
    fill_date(page, "calc-today", case["today"])
    page.locator(".calc-submit").click()
    page.locator(".calc-result__title").wait_for()


def request_of(case: dict) -> dict:
    return {key: value for key, value in case.items() if key != "board"}


@pytest.fixture
def answered(open_page, boards, plan):
    """The board's page with CASE worked out, and the same plan from CPython."""
    visit = open_page(f"boards/{CASE['board']}/")
    work_out(visit.page, CASE)
    return visit, boards[CASE["board"]], plan(CASE["board"], **request_of(CASE))


# ---------------------------------------------------------------------------------------------
# What to do now


def test_the_checklist_is_the_procedures_for_the_stage_reached(answered):
    visit, board, wanted_plan = answered
    wanted = checklist_for(board, wanted_plan)
    checklist = visit.page.locator(".calc-checklist")
    expect(checklist.locator("h4")).to_have_text(f"What to do at stage 3: {wanted['title']}")
    assert checklist.locator("h5").all_inner_texts() == [s["heading"] for s in wanted["sections"]]
    shown = [item.inner_text() for item in checklist.locator("li").all()]
    expected = [f"{item['text']} Source: {item['source']}"
                for section in wanted["sections"] for item in section["items"]]
    assert shown == expected
    # The police's own role at stage 3, not the procedure's generic one.
    assert wanted_plan["stages"][2]["contact_generic"] is False
    assert wanted_plan["stages"][2]["contact"] in checklist.inner_text()
    assert not visit.problems()


# ---------------------------------------------------------------------------------------------
# The record of escalation


def open_record(page) -> None:
    page.get_by_role("button", name="Open the record of escalation").click()
    expect(page.locator("#calc-record-title")).to_be_focused()


def test_the_record_has_the_boards_own_fields_filled_where_the_plan_knows(answered):
    visit, board, wanted_plan = answered
    page = visit.page
    open_record(page)
    record = record_for(board, wanted_plan)
    labels = page.locator(".calc-record__field label.govuk-label--s, .calc-record__field legend")
    assert labels.all_inner_texts() == [field["label"] for field in record["fields"]]
    assert [field["label"] for field in record["fields"]] == [
        field["label"] for field in board["records"]["fields"]]
    for field in record["fields"]:
        if field["kind"] != "yes_no":
            assert page.locator(f"#calc-record-{field['id']}").input_value() == field["value"]
    assert any(field["value"] for field in record["fields"]), "some field is filled in"
    text = page.locator("#calc-record").inner_text()
    for stage in wanted_plan["stages"]:
        assert stage["contact"] in text and stage["source"] in text
    assert "Nothing you type" in page.locator(".calc-record__notice-fields").inner_text()
    assert not visit.problems()


def test_the_record_prints_alone_on_clean_pages(answered):
    visit, _board, _plan = answered
    page = visit.page
    open_record(page)
    box = page.locator("textarea[data-record-field]").first
    box.fill("Discussed by phone;\nno agreement")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".calc-form",
                   ".calc-record__buttons", ".calc-share", ".calc-actions", ".calc-timeline",
                   ".ladder"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    assert page.locator("#calc-record-title").is_visible()
    printed = box.locator("xpath=following-sibling::div[1]")
    assert printed.is_visible() and printed.inner_text() == "Discussed by phone;\nno agreement"
    assert not page.locator("textarea[data-record-field]").first.is_visible()
    assert page.locator(".calc-record__address").inner_text() == page.url
    assert page.locator(".calc-record .calc-source").first.is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf)
    assert pdf.startswith(b"%PDF") and boxes
    for width, height in boxes:  # A4 is 595.28 by 841.89 points
        assert round(float(width)) == 595 and round(float(height)) == 842
    page.emulate_media(media="screen")
    assert page.locator(".calc-form").is_visible()


def test_copy_as_text_is_the_command_lines_record_with_what_was_typed(answered):
    visit, board, wanted_plan = answered
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_record(page)
    record = record_for(board, wanted_plan)
    typed = {}
    for field in record["fields"]:
        if field["kind"] == "yes_no":
            page.locator(f"#calc-record-{field['id']}-yes").check()
            typed[field["id"]] = "Yes"
        else:
            text = f"typed for {field['id']}"
            page.locator(f"#calc-record-{field['id']}").fill(text)
            typed[field["id"]] = text
    page.get_by_role("button", name="Copy as text").click()
    expect(page.locator(".calc-record .calc-status")).to_contain_text("copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == record_text(record, typed, page.url)
    assert all(value in copied for value in typed.values())


def test_typing_in_the_record_stores_and_sends_nothing(answered):
    visit, _board, _plan = answered
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_record(page)
    before = page.evaluate(STORAGE_SNAPSHOT)
    requests_before = len(visit.requests)
    marker = "Mrs Example Marker 1947"
    typable = "input.govuk-input[data-record-field], textarea[data-record-field]"
    for control in page.locator(typable).all():
        control.fill(marker)
    page.get_by_role("button", name="Copy as text").click()
    expect(page.locator(".calc-record .calc-status")).to_contain_text("copied")
    page.emulate_media(media="print")
    page.emulate_media(media="screen")
    after = page.evaluate(STORAGE_SNAPSHOT)
    assert after == before
    assert marker not in json.dumps(after)
    assert visit.requests[requests_before:] == []
    assert marker not in page.url
    assert page.context.cookies() == []


# ---------------------------------------------------------------------------------------------
# The calendar file


def test_the_calendar_download_is_the_plans_due_dates(answered):
    visit, board, wanted_plan = answered
    page = visit.page
    with page.expect_download() as download:
        page.get_by_role("link", name="Add the due dates to your calendar (.ics)").click()
    got = download.value
    assert got.suggested_filename.endswith(".ics")
    data = Path(got.path()).read_bytes()
    assert data == plan_calendar(wanted_plan, board, page.url).encode("utf-8")
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    dues = sorted([stage["due"] for stage in wanted_plan["stages"] if stage["due"]]
                  + [deadline["due"] for deadline in wanted_plan["deadlines"] if deadline["due"]])
    assert sorted(event.decoded("DTSTART").isoformat() for event in events) == dues
    for event in events:
        assert event.decoded("DTEND") == event.decoded("DTSTART") + timedelta(days=1)
    assert not visit.problems()


def test_the_api_gives_the_same_calendar_as_cpython(open_page, boards, plan):
    page = open_page("calculator/").page
    wait_ready(page)
    text = page.evaluate("async (input) => window.escalationCalculator.calendar(input)", CASE)
    wanted = plan_calendar(plan(CASE["board"], **request_of(CASE)), boards[CASE["board"]], page.url)
    assert text == wanted


# ---------------------------------------------------------------------------------------------
# The plan in the address


def result_text(page) -> str:
    return page.locator(".calc-result").inner_text()


def settles_on(page, wanted: str) -> bool:
    """Whether the answer shown becomes `wanted` within 10 s (it is worked out again)."""
    for _ in range(200):
        if page.locator(".calc-result").is_visible() and result_text(page) == wanted:
            return True
        page.wait_for_timeout(50)
    return False


def test_a_shared_link_opened_elsewhere_gives_the_same_plan(open_page, site_url):
    first = open_page("calculator/").page
    work_out(first, CASE)
    link = first.locator("#calc-share-link").input_value()
    assert link == first.url and "#calc?" in link and link.startswith(site_url)
    for typed in ("police", CASE["raised"], CASE["started"]["3"], CASE["today"]):
        assert typed in link
    second = open_page(link.removeprefix(site_url)).page  # a new context: nothing shared
    second.locator(".calc-result__title").wait_for()
    assert result_text(second) == result_text(first)
    assert second.locator("#calc-board").input_value() == CASE["board"]
    assert second.locator("#calc-agency").input_value() == CASE["agency"]


def test_back_shows_the_plan_before(open_page):
    visit = open_page(f"boards/{CASE['board']}/")
    page = visit.page
    work_out(page, CASE)
    first_url, first_text = page.url, result_text(page)
    later = {**CASE, "today": "2027-02-01"}
    fill_date(page, "calc-today", later["today"])
    page.locator(".calc-submit").click()
    expect(page.locator(".calc-result__title")).to_be_visible()
    page.wait_for_url(lambda url: url != first_url)
    assert result_text(page) != first_text
    page.go_back()
    assert settles_on(page, first_text)
    assert page.url == first_url
    assert page.locator("#calc-today-year").input_value() == "2027"
    assert page.locator("#calc-today-day").input_value() == "6"
    page.go_back()
    expect(page.locator(".calc-result")).to_be_hidden()
    assert "#calc?" not in page.url
    assert not visit.problems()


#: Surrey's main date, in its own words, from its YAML (the form asks in those words).
SURREY_RAISED = load_policy(POLICIES / "surrey.yaml", "surrey").data["events"][0]["label"]


@pytest.mark.parametrize(("address", "messages"), [
    ("calculator/#calc?board=atlantis&raised=2026-11-02",
     ["The link is for a board this guide does not have (atlantis): choose a board"]),
    ("boards/kent-medway/#calc?board=kent-medway&agency=spaceport&raised=2026-11-02&reached=9",
     ["The link names an agency this board's procedure does not list (spaceport): "
      "choose your agency",
      "The link names a stage this board does not have (9): choose the stage reached"]),
    ("boards/surrey/#calc?board=surrey&agency=any&raised=2026-02-30&reached=1&today=2026-11-23",
     [f"{SURREY_RAISED} must be a real date"]),
    ("boards/surrey/#calc?board=surrey&agency=any&raised=yesterday&reached=1&today=2026-11-23",
     [f"{SURREY_RAISED} must include a month and year"]),
])
def test_a_bad_or_stale_link_shows_the_forms_own_errors(open_page, address, messages):
    visit = open_page(address)
    page = visit.page
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert summary.locator("li").all_inner_texts() == messages
    for message in messages:
        expect(page.locator(".govuk-error-message", has_text=message)).to_be_visible()
    assert page.locator(".calc-result").is_hidden()
    assert not visit.problems()


def test_nothing_typed_is_in_the_address(answered):
    visit, _board, _plan = answered
    page = visit.page
    open_record(page)
    page.locator("input.govuk-input[data-record-field]").first.fill("Person Name")
    assert "Person" not in page.url
    assert page.url.split("#", 1)[1].startswith("calc?")
    assert date.fromisoformat(CASE["today"]).isoformat() in page.url


def test_the_record_and_the_link_by_keyboard_alone(answered):
    visit, board, _plan = answered
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    opener = page.get_by_role("button", name="Open the record of escalation")
    opener.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#calc-record-title")).to_be_focused()
    first = board["records"]["fields"][0]
    page.keyboard.press("Tab")
    expect(page.locator(f"#calc-record-{first['id']}")).to_be_focused()
    page.keyboard.type("REF-123")
    copy = page.get_by_role("button", name="Copy as text")
    for _ in range(60):
        if copy.evaluate("(node) => node === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(copy).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(".calc-record .calc-status")).to_contain_text("copied")
    assert f"{first['label']}: REF-123" in page.evaluate("() => navigator.clipboard.readText()")
    page.get_by_role("button", name="Copy link").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".calc-share .calc-status")).to_contain_text("copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url
