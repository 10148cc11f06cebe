"""The form's "agency you disagree with": asked only for a board whose roles depend on it (a role
with `other_agency`), in Python's words (calculator/form.py); sent as `other_agency`, kept in the
plan's link, and its errors shown next to it. No real board uses it, so the site here is built
with the made-up template (policies/template/exampleshire.yaml, whose police have a stage 2 role
for a disagreement with health) copied in as a new board: one build, for the whole module."""

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

from calculator import make_plan
from calculator.errors import InputError
from calculator.form import form_words
from calculator.policy import board_from_data
from scripts.serve_site import serve_in_background

from .conftest import (
    AXE_SOURCE,
    PREFIX,
    RECORD_CSP_VIOLATIONS,
    ROOT,
    Visit,
    board_data,
    fill_date,
    policies_with_new_boards,
    record,
    wait_ready,
)
from .test_accessibility import axe, report
from .test_form import active, choose_option, tab_to

BOARD = "exampleshire"
FIELD = "calc-other-agency"
CASE = {"raised": "2026-04-02", "today": "2026-04-07", "agency": "police",
        "other_agency": "health"}


# ---------------------------------------------------------------------------------------------
# The site with the template as a new board, and pages on it


@pytest.fixture(scope="module")
def policies(tmp_path_factory) -> Path:
    """The real board files (and their sources), plus the template copied in as a new board."""
    return policies_with_new_boards(tmp_path_factory.mktemp("policies"), {BOARD: BOARD})


@pytest.fixture(scope="module")
def example(policies) -> dict:
    return board_data(policies, BOARD)


@pytest.fixture(scope="module")
def real_board(policies) -> str:
    """The first real board in the policies folder (by file name), from its data."""
    first = sorted(path for path in (ROOT / "policies").glob("*.yaml"))[0]
    return board_data(policies, first.stem)["id"]


@pytest.fixture(scope="module")
def site(policies, tmp_path_factory) -> Iterator[str]:
    """The whole site, built once with the new board, served under PREFIX with its CSP."""
    out = tmp_path_factory.mktemp("other-agency-site") / "site"
    env = {**os.environ, "ESCALATION_POLICIES": str(policies)}
    env.pop("ESCALATION_BOARD", None)
    done = subprocess.run([str(ROOT / "scripts" / "build"), str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    server, url = serve_in_background(out, PREFIX, csp=True)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_on(browser, site) -> Iterator[Callable[[str], Visit]]:
    """open_on(path) -> Visit: a page of this module's site in a fresh context (as conftest's
    open_page does for the usual site, which this module never needs built)."""
    contexts = []

    def open_(path: str) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 720},
                                      service_workers="block")
        contexts.append(context)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        page = context.new_page()
        parts = urlsplit(site)
        visit = Visit(page, f"{parts.scheme}://{parts.netloc}", browser)
        record(context, page, visit)
        page.goto(site + path)
        return visit

    yield open_
    for context in contexts:
        context.close()


# ---------------------------------------------------------------------------------------------
# What Python says for the same input


def cli_plan(policies: Path, case: dict) -> dict:
    """`python -m calculator plan ... --format json` for the case."""
    command = [sys.executable, "-m", "calculator", "--policies", str(policies), "plan", BOARD,
               "--raised", case["raised"], "--today", case["today"], "--agency", case["agency"],
               "--format", "json"]
    if case.get("other_agency"):
        command += ["--other-agency", case["other_agency"]]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def request_in_link(url: str) -> dict:
    """The request a `#calc?` link holds (stage 1 only: no started or agreed dates)."""
    fragment = urlsplit(url).fragment
    assert fragment.startswith("calc?"), url
    params = dict(parse_qsl(fragment[len("calc?"):], keep_blank_values=True))
    assert params["reached"] == "1"
    request = {"board": params["board"], "agency": params["agency"], "raised": params["raised"],
               "today": params["today"], "started": {}, "agreed": {}}
    if "other-agency" in params:
        request["other_agency"] = params["other-agency"]
    return request


def shown_answer(page) -> dict:
    """What the answer on the page says: its heading, its main contact, each stage's contact."""
    expect(page.locator(".calc-result__title")).to_be_visible()
    main = page.locator(".calc-summary--main .calc-summary__row")
    rows = dict(zip(main.locator("dt").all_inner_texts(), main.locator("dd").all_inner_texts(),
                    strict=True))
    stages = []
    for item in page.locator(".calc-timeline__item").all():
        row = item.locator(".calc-summary__row", has=page.locator("dt", has_text="Contact"))
        stages.append(row.locator("dd").inner_text())
    return {"heading": page.locator(".calc-result__title").inner_text(),
            "contact": rows["Contact"], "stages": stages}


def assert_shows(page, plan: dict) -> None:
    """The page's answer says what the plan says (heading, contacts, the other agency's role)."""
    shown = shown_answer(page)
    assert shown["heading"] == plan["heading"]
    current = plan["stages"][plan["current_stage"] - 1]
    assert shown["contact"].startswith(f"{current['contact']} ({plan['agency']['name']})")
    assert len(shown["stages"]) == len(plan["stages"])
    for text, stage in zip(shown["stages"], plan["stages"], strict=True):
        assert text.startswith(stage["contact"]), (text, stage["contact"])


def open_example(open_on) -> Visit:
    visit = open_on(f"boards/{BOARD}/")
    wait_ready(visit.page)
    expect(visit.page.locator("#calc-agency")).to_be_visible()
    return visit


def answer_by_keyboard(page) -> None:
    """Police, then (the next Tab stop) health, stage 1, the case's dates; Enter submits."""
    tab_to(page, "calc-agency")
    choose_option(page, "calc-agency", CASE["agency"])
    page.keyboard.press("Tab")
    assert active(page) == FIELD, "the field comes straight after 'Your agency'"
    choose_option(page, FIELD, CASE["other_agency"])
    fill_date(page, "calc-raised", CASE["raised"])
    fill_date(page, "calc-today", CASE["today"])
    page.locator(".calc-submit").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".calc-result__title")).to_be_focused()


# ---------------------------------------------------------------------------------------------
# The tests


def test_the_field_is_asked_only_for_a_board_that_uses_it(open_on, example, real_board,
                                                         policies):
    words = form_words(board_from_data(example))["other_agency"]
    assert words, "the template's police role for health uses it"
    assert form_words(board_from_data(board_data(policies, real_board)))["other_agency"] is None

    visit = open_on("calculator/")
    page = visit.page
    wait_ready(page)
    board_select = page.locator("#calc-board")
    expect(page.locator(f"#{FIELD}")).to_have_count(0)  # no board chosen yet
    board_select.select_option(BOARD)
    field = page.locator(f"#{FIELD}")
    expect(field).to_be_visible()
    group = page.locator(f'[data-field-group="{FIELD}"]')
    expect(group.locator(f'label[for="{FIELD}"]')).to_have_text(f"{words['label']} (optional)")
    expect(group.locator(f"#{FIELD}-hint")).to_have_text(words["hint"])
    assert field.get_attribute("aria-describedby").split() == [f"{FIELD}-hint"]
    options = field.locator("option")
    expect(options).to_have_text([option["name"] for option in words["options"]])
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == \
        [option["id"] for option in words["options"]]
    assert field.input_value() == "", "'Not chosen' until a user chooses"

    board_select.select_option(real_board)
    expect(page.locator("#calc-agency")).to_be_visible()
    expect(page.locator(f"#{FIELD}")).to_have_count(0)
    board_select.select_option(BOARD)
    expect(page.locator(f"#{FIELD}")).to_be_visible()

    other = open_on(f"boards/{real_board}/").page
    expect(other.locator("#calc-agency")).to_be_visible()
    expect(other.locator(f"#{FIELD}")).to_have_count(0)
    assert not visit.problems()


def test_the_other_agencys_role_is_the_command_lines_answer(open_on, policies, example,
                                                           calendar_table):
    plan = cli_plan(policies, CASE)
    assert plan["other_agency"] == {"id": "health", "name": "Exampleshire NHS Trust"}
    assert plan["stages"][1]["contact"] == "Detective Sergeant, Health Liaison"
    without = cli_plan(policies, {**CASE, "other_agency": None})
    assert without["stages"][1]["contact"] != plan["stages"][1]["contact"]
    assert make_plan(example, CASE, calendar_table) == plan

    visit = open_example(open_on)
    page = visit.page
    answer_by_keyboard(page)
    assert_shows(page, plan)
    sent = request_in_link(page.url)
    assert sent == {"board": BOARD, **CASE, "started": {}, "agreed": {}}
    assert page.evaluate("async (input) => window.escalationCalculator.plan(input)", sent) == plan
    expect(page.locator("#calc-share-link")).to_have_value(page.url)

    # Back to "Not chosen": the request leaves it out, and the link too.
    page.locator(f"#{FIELD}").select_option("")
    page.locator(".calc-submit").click()
    expect(page.locator(".calc-result__title")).to_be_focused()
    assert "other-agency" not in page.url
    assert "other_agency" not in request_in_link(page.url)
    assert_shows(page, without)
    assert not visit.problems()


def test_the_link_keeps_the_other_agency(open_on, policies):
    plan = cli_plan(policies, CASE)
    first = open_example(open_on).page
    answer_by_keyboard(first)
    link = first.url
    assert "other-agency=health" in link

    visit = open_on(link.split(PREFIX, 1)[1])
    page = visit.page
    wait_ready(page)
    expect(page.locator(".calc-result__title")).to_be_visible()
    assert page.locator(f"#{FIELD}").input_value() == "health"
    assert page.locator("#calc-agency").input_value() == "police"
    assert_shows(page, plan)
    assert shown_answer(page) == shown_answer(first)

    page.reload()
    wait_ready(page)
    expect(page.locator(".calc-result__title")).to_be_visible()
    assert page.locator(f"#{FIELD}").input_value() == "health"
    assert_shows(page, plan)
    assert not visit.problems()


@pytest.mark.parametrize("path", [f"boards/{BOARD}/", "calculator/"])
def test_an_unknown_other_agency_in_a_link_is_shown_next_to_the_field(open_on, example,
                                                                     calendar_table, path):
    with pytest.raises(InputError) as refused:
        make_plan(example, {**CASE, "other_agency": "mars"}, calendar_table)
    assert refused.value.field == "other_agency"
    message = str(refused.value)

    visit = open_on(f"{path}#calc?board={BOARD}&agency=police&other-agency=mars"
                    f"&raised={CASE['raised']}&reached=1&today={CASE['today']}")
    page = visit.page
    wait_ready(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_text([message])
    group = page.locator(f'[data-field-group="{FIELD}"]')
    expect(group).to_have_class("govuk-form-group govuk-form-group--error")
    expect(group.locator(".govuk-error-message")).to_have_text(f"Error: {message}")
    assert page.locator(".govuk-error-message").count() == 1
    field = page.locator(f"#{FIELD}")
    assert field.get_attribute("aria-describedby").split() == [f"{FIELD}-hint", f"{FIELD}-error"]
    expect(field).to_have_class("govuk-select govuk-select--error")
    assert field.input_value() == ""
    assert page.locator(".calc-result").is_hidden()
    # The summary's link leads to the field, by keyboard.
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.locator("a")).to_be_focused()
    page.keyboard.press("Enter")
    assert active(page) == FIELD

    # Choosing one of the board's agencies puts it right; every trace of the error goes.
    choose_option(page, FIELD, "health")
    page.locator(".calc-submit").click()
    expect(page.locator(".calc-result__title")).to_be_focused()
    expect(page.locator(".govuk-error-message")).to_have_count(0)
    assert not field.get_attribute("aria-describedby").endswith("-error")
    assert "other-agency=health" in page.url
    assert not visit.problems()


def test_the_form_with_the_field_has_no_axe_violation(open_on):
    source = AXE_SOURCE.read_text(encoding="utf-8")
    found = {}
    visit = open_example(open_on)
    page = visit.page
    found["field shown"] = axe(page, source)
    answer_by_keyboard(page)
    found["answer"] = axe(page, source)
    errors = open_on(f"boards/{BOARD}/#calc?board={BOARD}&agency=police&other-agency=mars"
                     f"&raised={CASE['raised']}&reached=1&today={CASE['today']}").page
    wait_ready(errors)
    expect(errors.locator(f'[data-field-group="{FIELD}"] .govuk-error-message')).to_be_visible()
    found["error next to the field"] = axe(errors, source)
    chooser = open_on("calculator/").page
    wait_ready(chooser)
    chooser.locator("#calc-board").select_option(BOARD)
    expect(chooser.locator(f"#{FIELD}")).to_be_visible()
    found["board chosen on the calculator page"] = axe(chooser, source)
    assert not any(found.values()), report(found)
