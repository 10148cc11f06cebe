"""The "Check a board file" page (docs/check-a-board-file.md, check-page.js): the command line's
`check`, run by Pyodide in the page, finds exactly what it finds in CPython, line for line; a
new board with no problems gets its notes and a preview; every state passes axe-core, also at
320 CSS pixels; and the whole page works from the keyboard."""

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculator.tools.board_check import problem_entry
from calculator.tools.checking import check_board

from .conftest import ROOT
from .test_accessibility import axe, report

PAGE = "check-a-board-file/"
NEW_ID = "newshire"
#: The template of the policies the site was built from (the hooks read the same variable).
TEMPLATE = Path(os.environ.get("ESCALATION_POLICIES") or ROOT / "policies") / "template" / \
    "exampleshire.yaml"

WAIT_CHECKER = ("async () => { while (!window.boardCheck) await new Promise((r) => "
                "setTimeout(r, 20)); await window.boardCheck.ready; return true; }")


# ---------------------------------------------------------------------------------------------
# Board files: a new board made from the template, and broken copies of it


def new_board() -> str:
    """A copy of the template with its own id, as a board would start one."""
    return replaced(TEMPLATE.read_text(encoding="utf-8"), r"(?m)^id: exampleshire$",
                    f"id: {NEW_ID}")


def replaced(text: str, pattern: str, new: str) -> str:
    """`text` with the first match of `pattern` replaced; the template must still have it."""
    changed, count = re.subn(pattern, new, text, count=1)
    assert count == 1, f"the template no longer has {pattern!r}: update this test's files"
    return changed


def broken_files() -> dict[str, tuple[str, str]]:
    """Test name -> (file name, text): each a mistake a board's officer could make."""
    good = new_board()
    name = f"{NEW_ID}.yaml"
    stage_title = r"(?m)^    title: Talk to the other practitioner$"
    files = {
        "syntax": replaced(good, stage_title, "    title: Talk: to the other practitioner"),
        "unclosed-quote": replaced(good, stage_title, '    title: "Talk to the other practitioner'),
        "tab": replaced(good, stage_title, "\ttitle: Talk to the other practitioner"),
        "unknown-key": replaced(good, r"(?m)^short_name: ESAB$", "short_name: ESAB\ncolour: blue"),
        "wrong-type": replaced(good, r"(?m)^  - number: 1$", "  - number: one"),
        "leading-zero": replaced(good, r"(?m)^  - number: 1$", "  - number: 01"),
        "alias": replaced(good, r"(?m)^short_name: ESAB$", "short_name: &short ESAB"),
        "bad-date": replaced(good, r'date: "2023-01-10"', 'date: "2023-02-30"'),
        "duplicate-key": replaced(good, r"(?m)^short_name: ESAB$",
                                  "short_name: ESAB\nshort_name: E"),
        "no-schema-line": good.split("\n", 1)[1],
        "wrong-expectation": replaced(good, r'due: "2026-04-10"', 'due: "2026-04-13"'),
        "several": replaced(replaced(good, r"(?m)^short_name: ESAB$", "short_name: ESAB\nfoo: 1"),
                            r"(?m)^  - number: 1$", "  - number: one"),
    }
    cases = {key: (name, text) for key, text in files.items()}
    cases["id-not-file-name"] = ("otherboard.yaml", good)
    cases["name-without-suffix"] = (NEW_ID, replaced(good, r"(?m)^covers: adults$", "covers: []"))
    return cases


BROKEN = broken_files()


# ---------------------------------------------------------------------------------------------
# The same check in CPython, with the schema and calendar the site serves


@pytest.fixture(scope="module")
def served(site_dir: Path) -> tuple[dict, dict]:
    schema = json.loads((site_dir / "data" / "schema.json").read_text(encoding="utf-8"))
    calendar = json.loads((site_dir / "data" / "calendar.json").read_text(encoding="utf-8"))
    return schema, calendar


def cpython(text: str, name: str, served: tuple[dict, dict]):
    """check_board as the page calls it: no folder (no logo check), no golden cases."""
    from calculator.tools.board_check import file_names

    file_id, shown_as = file_names(name)
    return check_board(text, file_id, shown_as, *served, None, None)


def summaries(problems) -> list[str]:
    return [problem_entry(problem)["summary"] for problem in problems]


# ---------------------------------------------------------------------------------------------
# Driving the page


def open_checker(open_page, **options):
    visit = open_page(PAGE, **options)
    visit.page.evaluate(WAIT_CHECKER)
    return visit


def check(page, text: str, name: str) -> None:
    """Paste the text, give the name, check, and wait for the answer."""
    page.fill("#check-text", text)
    page.fill("#check-name", name)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".check-status")).to_have_text(re.compile(r"^Checked"), timeout=30_000)


def shown_problems(page) -> list[str]:
    return page.locator(".check-problems li").all_inner_texts()


# ---------------------------------------------------------------------------------------------


def test_a_new_board_checks_clean_and_shows_its_preview(open_page, served):
    text = new_board()
    expected = cpython(text, f"{NEW_ID}.yaml", served)
    assert expected.problems == [], "the template, with its id changed, should check clean"
    visit = open_checker(open_page)
    page = visit.page
    # Chosen as a file: its text fills the box and its name the name field.
    page.set_input_files("#check-file", files=[{
        "name": f"{NEW_ID}.yaml", "mimeType": "application/yaml", "buffer": text.encode()}])
    expect(page.locator("#check-name")).to_have_value(f"{NEW_ID}.yaml")
    expect(page.locator("#check-text")).to_have_value(text)
    page.get_by_role("button", name="Check the file").click()
    title = page.locator("#check-result-title")
    expect(title).to_have_text(f"No problems in {NEW_ID}.yaml", timeout=30_000)
    expect(title).to_be_focused()
    assert page.locator(".check-problems").count() == 0
    notes = page.locator(".check-notes li")
    assert notes.all_inner_texts() == [
        re.sub(r"^(line \d+: )note: ", r"\1", line) for line in summaries(expected.notes)]
    data = expected.data
    expect(page.locator("#check-preview-title")).to_have_text(f"Preview: {data['name']}")
    stages = page.locator(".check-stages > li")
    expect(stages).to_have_count(len(data["stages"]))
    for item, stage in zip(stages.all(), data["stages"], strict=True):
        expect(item).to_contain_text(f"Stage {stage['number']}: {stage['title']}")
    plan = page.locator(".check-plan").inner_text()
    assert plan.startswith(f"{data['name']}: escalation plan")
    assert "your agency: Another agency (generic roles)" in plan
    assert visit.problems() == []


def test_broken_files_give_the_command_lines_problems(open_page, served):
    visit = open_checker(open_page)
    page = visit.page
    for case, (name, text) in BROKEN.items():
        expected = cpython(text, name, served)
        assert expected.problems, f"{case}: CPython finds no problem in it"
        check(page, text, name)
        assert shown_problems(page) == summaries(expected.problems), case
        # The command line's own lines, file name and all, are kept with each entry.
        cli = page.locator(".check-problems li").evaluate_all(
            "(items) => items.map((item) => item.dataset.cli)")
        assert cli == [str(problem) for problem in expected.problems], case
        # Each problem's line is marked in the numbered view, with the problem under it.
        for problem in expected.problems:
            line = page.locator(f"#check-line-{problem.line}")
            expect(line).to_have_class(re.compile("check-line--problem"))
    assert visit.problems() == []


def test_a_chosen_file_is_checked_byte_for_byte(open_page, served):
    """Windows line ends and a byte-order mark reach Python as the file has them (a text box
    would give back \\n only), as the command line reads the file."""
    _, text = BROKEN["unknown-key"]
    raw = ("\ufeff" + text).replace("\n", "\r\n")
    expected = cpython(raw, f"{NEW_ID}.yaml", served)
    page = open_checker(open_page).page
    page.set_input_files("#check-file", files=[{
        "name": f"{NEW_ID}.yaml", "mimeType": "application/yaml", "buffer": raw.encode()}])
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".check-status")).to_have_text(re.compile(r"^Checked"), timeout=30_000)
    assert shown_problems(page) == summaries(expected.problems)


def test_a_file_that_is_not_utf8_is_refused_at_its_field(open_page):
    page = open_checker(open_page).page
    page.set_input_files("#check-file", files=[{
        "name": "latin.yaml", "mimeType": "application/yaml", "buffer": b"name: caf\xe9\n"}])
    summary = page.locator(".check-form .govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("latin.yaml is not UTF-8 text")


def test_the_fields_are_required(open_page):
    page = open_checker(open_page).page
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".check-form .govuk-error-summary")
    expect(summary).to_be_focused()
    assert summary.locator("li").all_inner_texts() == [
        "Paste the board file's text, or choose the file",
        "Enter the file's name, for example newshire.yaml",
    ]
    summary.locator("a").first.click()
    expect(page.locator("#check-text")).to_be_focused()


# ---------------------------------------------------------------------------------------------
# Accessibility


@pytest.fixture(scope="module")
def axe_source() -> str:
    from .conftest import AXE_SOURCE

    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [1280, 320])
def test_every_state_has_no_violation(open_page, axe_source, width):
    page = open_checker(open_page, viewport={"width": width, "height": 800}).page
    found = {"empty": axe(page, axe_source)}
    page.get_by_role("button", name="Check the file").click()
    found["fields missing"] = axe(page, axe_source)
    check(page, *reversed(BROKEN["several"]))
    found["problems"] = axe(page, axe_source)
    check(page, new_board(), f"{NEW_ID}.yaml")
    expect(page.locator("#check-preview-title")).to_be_visible()
    found["preview"] = axe(page, axe_source)
    found = {state: violations for state, violations in found.items() if violations}
    assert not found, report(found)
    # Reflow (WCAG 1.4.10): nothing, not even the plan or a long line, scrolls sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


# ---------------------------------------------------------------------------------------------
# Keyboard only


def tab_to(page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == \
                element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_keyboard_choose_check_and_reach_each_problem(open_page, served):
    page = open_checker(open_page).page
    name, text = BROKEN["several"]
    expected = cpython(text, name, served)
    tab_to(page, "check-file")
    # The system's file dialog is not the page's: the file is given to the focused input.
    page.set_input_files("#check-file", files=[{
        "name": name, "mimeType": "application/yaml", "buffer": text.encode()}])
    page.keyboard.press("Tab")
    expect(page.locator("#check-text")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#check-name")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check the file")).to_be_focused()
    page.keyboard.press("Enter")
    summary = page.locator(".check-problems")
    expect(summary).to_be_focused(timeout=30_000)
    page.keyboard.press("Tab")
    first = summary.locator("a").first
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#check-line-{expected.problems[0].line}")).to_be_focused()


def test_keyboard_paste_and_check_from_the_name_field(open_page, served):
    page = open_checker(open_page).page
    name, text = BROKEN["wrong-type"]
    expected = cpython(text, name, served)
    tab_to(page, "check-text")
    page.keyboard.insert_text(text)  # as a paste does
    page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Enter")  # Enter in a field sends the form
    expect(page.locator(".check-problems")).to_be_focused(timeout=30_000)
    assert shown_problems(page) == summaries(expected.problems)
