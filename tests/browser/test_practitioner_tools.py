"""What a practitioner does with a plan, in the real page: the checklist for the stage reached,
the record of escalation (typed in, printed, copied as text, never stored), the calendar file,
and the plan kept in the page's address (shared, opened elsewhere, Back, bad links).

Everything the page shows comes from the same Python as the command line; each test works out
the same thing in CPython and compares."""

import hashlib
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from calculator import ics
from calculator.board_summary import summary_files
from calculator.checklist import checklist_for
from calculator.errors import InputError
from calculator.ics import plan_calendar
from calculator.links import board_links
from calculator.record import record_for, record_text
from calculator.tools.loading import load_policy
from conftest import POLICIES, ROOT
from scripts.sitegen.data import load_boards

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
    # Dates before the plan's today are left out (unless the user asks for them: issue 16).
    dues = [due for due in dues if due >= wanted_plan["today"]]
    assert dues
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


def calendar_link(page):
    return page.get_by_role("link", name="Add the due dates to your calendar (.ics)")


def download_calendar(page) -> bytes:
    with page.expect_download() as download:
        calendar_link(page).click()
    return Path(download.value.path()).read_bytes()


def after_the_calendar_changes(page, href: str | None) -> None:
    """Wait for the download link to hold another file than `href` (None: no link before)."""
    if href is None:
        expect(calendar_link(page)).to_be_visible()
    else:
        expect(calendar_link(page)).not_to_have_attribute("href", href)


def starts_of(data: bytes) -> list[str]:
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return sorted(event.decoded("DTSTART").isoformat() for event in events)


def test_past_dates_are_in_the_calendar_only_when_asked_for(answered):
    visit, board, wanted_plan = answered
    page = visit.page
    every = starts_of(plan_calendar(wanted_plan, board, include_past=True).encode())
    assert any(due < wanted_plan["today"] for due in every), "CASE has dates that have passed"
    checkbox = page.locator("#calc-include-past")
    expect(checkbox).not_to_be_checked()
    without = download_calendar(page)
    assert all(due >= wanted_plan["today"] for due in starts_of(without))
    href = calendar_link(page).get_attribute("href")
    page.get_by_label("Include dates that have passed").check()
    after_the_calendar_changes(page, href)
    data = download_calendar(page)
    assert data == plan_calendar(wanted_plan, board, page.url, include_past=True).encode("utf-8")
    assert starts_of(data) == every
    href = calendar_link(page).get_attribute("href")
    checkbox.uncheck()
    after_the_calendar_changes(page, href)
    assert download_calendar(page) == without
    assert not visit.problems()


def test_a_case_reference_changes_every_uid_and_stays_out_of_the_address(answered):
    visit, board, wanted_plan = answered
    page = visit.page
    url_before = page.url
    history_before = page.evaluate("() => history.length")
    storage_before = page.evaluate(STORAGE_SNAPSHOT)
    plain = icalendar.Calendar.from_ical(download_calendar(page)).walk("VEVENT")
    href = calendar_link(page).get_attribute("href")
    reference = "Case A-101"
    field = page.get_by_label("Case reference (optional)")
    assert field.get_attribute("aria-describedby") == "calc-case-reference-hint"
    field.press_sequentially(reference)
    after_the_calendar_changes(page, href)
    data = download_calendar(page)
    assert data == plan_calendar(wanted_plan, board, page.url,
                                 case_reference=reference).encode("utf-8")
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == len(plain)
    suffix = f".case-{hashlib.sha256(reference.encode()).hexdigest()[:16]}@"
    assert not {str(e["UID"]) for e in events} & {str(e["UID"]) for e in plain}
    for event in events:
        assert suffix in str(event["UID"])
        assert str(event["SUMMARY"]).startswith(f"{reference}: ")
    assert reference not in page.url and "A-101" not in page.url
    assert page.url == url_before
    assert page.evaluate("() => history.length") == history_before
    assert page.evaluate(STORAGE_SNAPSHOT) == storage_before
    assert "A-101" not in page.locator("#calc-share-link").input_value()
    # Not part of the form, so the plan's own request never reads it.
    assert page.locator(".calc-form #calc-case-reference").count() == 0
    assert not visit.problems()


def test_a_case_reference_too_long_is_refused_at_the_field(answered):
    visit, board, wanted_plan = answered
    page = visit.page
    field = page.locator("#calc-case-reference")
    assert field.get_attribute("maxlength") == "40"
    # maxlength stops typing past 40; a script (or some autofill) can still set more.
    field.evaluate("""(node) => { node.value = "x".repeat(41);
                                  node.dispatchEvent(new Event("input", { bubbles: true })); }""")
    with pytest.raises(InputError) as caught:
        plan_calendar(wanted_plan, board, case_reference="x" * 41)
    error = page.locator("#calc-case-reference-error")
    expect(error).to_have_text(f"Error: {caught.value}")
    assert caught.value.field == "case_reference"
    assert field.get_attribute("aria-describedby") == (
        "calc-case-reference-hint calc-case-reference-error")
    assert "govuk-input--error" in field.get_attribute("class")
    group = field.locator("xpath=..")
    assert "govuk-form-group--error" in group.get_attribute("class")
    # Put right, the error goes and the file has the reference.
    href = calendar_link(page).get_attribute("href")
    field.fill("x" * 40)
    after_the_calendar_changes(page, href)
    expect(error).to_have_count(0)
    assert field.get_attribute("aria-describedby") == "calc-case-reference-hint"
    assert download_calendar(page) == plan_calendar(
        wanted_plan, board, page.url, case_reference="x" * 40).encode("utf-8")
    assert not visit.problems()


#: Surrey, every stage started, the last on Mon 13 Apr 2026 (stage 6 due Tue 14 Apr): on Fri
#: 1 May every date has passed (tests/test_ics_case.py counts them by hand).
ALL_PASSED = {"board": "surrey", "agency": "any", "raised": "2026-04-02",
              "started": {"2": "2026-04-07", "3": "2026-04-08", "4": "2026-04-09",
                          "5": "2026-04-10", "6": "2026-04-13"},
              "agreed": {}, "today": "2026-05-01"}


def test_when_every_date_has_passed_the_page_says_why_in_pythons_words(open_page, boards, plan):
    visit = open_page("boards/surrey/")
    page = visit.page
    work_out(page, ALL_PASSED)
    wanted_plan = plan("surrey", **request_of(ALL_PASSED))
    with pytest.raises(InputError) as caught:
        plan_calendar(wanted_plan, boards["surrey"])
    assert caught.value.field == "include_past"
    note = page.locator(".calc-actions .calc-calendar-note")
    expect(note).to_have_text(str(caught.value))
    assert "No due date can be worked out yet" not in page.locator(".calc-actions").inner_text()
    expect(calendar_link(page)).to_have_count(0)
    # Past dates can still be asked for.
    page.get_by_label("Include dates that have passed").check()
    after_the_calendar_changes(page, None)
    expect(note).to_have_count(0)
    assert download_calendar(page) == plan_calendar(
        wanted_plan, boards["surrey"], page.url, include_past=True).encode("utf-8")
    # And left out again, Python's words again.
    page.get_by_label("Include dates that have passed").uncheck()
    expect(note).to_have_text(str(caught.value))
    expect(calendar_link(page)).to_have_count(0)
    assert not visit.problems()


def test_the_api_refuses_an_empty_calendar_in_pythons_words(open_page, boards, plan):
    page = open_page("calculator/").page
    wait_ready(page)
    answer = page.evaluate("""async (input) => {
      try { return { ok: await window.escalationCalculator.calendar(input) }; }
      catch (error) { return { error: error.message, field: error.field }; } }""", ALL_PASSED)
    with pytest.raises(InputError) as caught:
        plan_calendar(plan("surrey", **request_of(ALL_PASSED)), boards["surrey"])
    assert answer == {"error": str(caught.value), "field": "include_past"}


def unfolded_without_the_page_url(text: str, page_url: str) -> list[str]:
    """The calendar's lines, unfolded, without the URL property and the descriptions' "Worked
    out at" line: all that the page's calendar has and the command line's has not."""
    worked_out = ics.escape_text(f"\nWorked out at {ics._uri(page_url)}")
    lines = text.replace("\r\n ", "").split("\r\n")
    return [line.replace(worked_out, "") for line in lines
            if not line.startswith("URL:")]


def test_the_api_calendar_with_past_dates_is_the_command_lines(open_page, boards, plan):
    page = open_page("calculator/").page
    wait_ready(page)
    text = page.evaluate("""async (input) =>
      window.escalationCalculator.calendar(input, { include_past: true })""", CASE)
    wanted_plan = plan(CASE["board"], **request_of(CASE))
    assert text == plan_calendar(wanted_plan, boards[CASE["board"]], page.url, include_past=True)
    command = [sys.executable, "-m", "calculator", "plan", CASE["board"],
               "--agency", CASE["agency"], "--raised", CASE["raised"], "--today", CASE["today"],
               *(f"--started={n}={day}" for n, day in CASE["started"].items()),
               "--format", "ics", "--include-past"]
    printed = subprocess.run(command, cwd=ROOT, capture_output=True, check=True).stdout
    cli = printed.decode("utf-8")
    assert "URL:" not in cli and "URL:" in text
    assert (unfolded_without_the_page_url(text, page.url)
            == unfolded_without_the_page_url(cli, page.url))
    # Past dates are in both.
    assert starts_of(printed)[0] < CASE["today"]


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


# ---------------------------------------------------------------------------------------------
# The summary for the Board (issue 16): only where the board asks for escalations to be reported

SUMMARY_BOARDS = sorted(board["id"] for board in load_boards())


@pytest.mark.parametrize("board_id", SUMMARY_BOARDS)
def test_the_summary_for_the_board_is_offered_only_where_asked_and_is_pythons(
        open_page, boards, plan, board_id):
    board = boards[board_id]
    case = {"board": board_id, "agency": "any", "raised": "2026-11-02",
            "started": {"2": "2026-11-04"}, "agreed": {}, "today": "2026-11-10"}
    visit = open_page(f"boards/{board_id}/")
    page = visit.page
    work_out(page, case)
    links = page.get_by_role("link", name=re.compile(r"^Summary for the Board"))
    wanted = summary_files(plan(board_id, **request_of(case)), board)
    if wanted is None:
        expect(links).to_have_count(0)
        assert not visit.problems()
        return
    expect(links).to_have_count(2)
    assert wanted["offer"] in page.locator(".calc-board-summary").inner_text()
    for index, file in enumerate(wanted["files"]):
        with page.expect_download() as download:
            links.nth(index).click()
        assert download.value.suggested_filename == file["filename"]
        assert Path(download.value.path()).read_bytes() == file["text"].encode("utf-8")
    assert not visit.problems()


@pytest.mark.parametrize("board_id", SUMMARY_BOARDS)
def test_the_answer_links_the_boards_own_pages_where_the_procedure_gives_them(
        open_page, boards, board_id):
    visit = open_page(f"boards/{board_id}/")
    page = visit.page
    work_out(page, {"board": board_id, "agency": "any", "raised": "2026-11-02", "started": {},
                    "agreed": {}, "today": "2026-11-03"})
    wanted = board_links(boards[board_id])
    section = page.locator(".calc-links")
    if not wanted:
        expect(section).to_have_count(0)
        return
    items = section.locator("li")
    expect(items).to_have_count(len(wanted))
    for item, link in zip(items.all(), wanted, strict=True):
        text = item.inner_text()
        assert link["title"] in text and link["label"] in text and link["source"] in text
        anchors = item.locator("a[href^='https://']")
        assert anchors.count() == (1 if link["href"] else 0)
        if link["href"]:
            assert anchors.first.get_attribute("href") == link["href"]
    assert not visit.problems()
