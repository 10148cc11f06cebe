"""Odd input through the page's API, window.escalationCalculator.plan and .calendar: the same
odd values the command line refuses (tests/test_odd_input.py), values nested thousands deep, and
values JSON cannot carry. Every call settles, and each refusal is an Error whose message is one
line and whose `field` names the input; never a Python traceback, never a promise left waiting.
A request the worker never answers is refused after the timeout; a hypothesis fuzz ends it."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import WAIT_READY, Visit, _origin, record

# Digits that are not 0 to 9, as in tests/test_odd_input.py (escapes: they look like digits).
SUPERSCRIPT_2, CIRCLED_1, MATH_BOLD_2 = "\u00b2", "\u2460", "\U0001d7d0"
ARABIC_INDIC_0, FULL_WIDTH_0 = 0x0660, 0xFF10
LONG_STAGE = "2" * 4300


def in_digits(text: str, zero: int) -> str:
    """`text` with its digits 0 to 9 written in the digits that start at code point `zero`."""
    return "".join(chr(zero + int(char)) if char.isdigit() else char for char in text)


ARABIC_INDIC_2, FULL_WIDTH_2 = in_digits("2", ARABIC_INDIC_0), in_digits("2", FULL_WIDTH_0)
GOOD = {"board": "kent-medway", "raised": "2026-01-05", "agency": "police",
        "today": "2026-01-08"}
#: How long any one call may take before the test calls it a hang (the page's own timeout is
#: far longer: these all answer at once).
SETTLE_MS = 10_000

#: Each input through plan or calendar: {ok} | {error, field, lines} | {hang}.
CALL = """
async ([method, inputs, settleMs]) => {
  await window.escalationCalculator.ready;
  const answers = [];
  for (const input of inputs) {
    const late = new Promise((resolve) => setTimeout(() => resolve({ hang: true }), settleMs));
    const asked = (async () => {
      try {
        const answer = await window.escalationCalculator[method](input);
        return { ok: typeof answer };
      } catch (error) {
        return { error: String(error && error.message), field: error && error.field,
                 isError: error instanceof Error };
      }
    })();
    answers.push(await Promise.race([asked, late]));
  }
  return answers;
}
"""

#: Values only JavaScript can make: built in the page, by name, then sent as `CALL` does.
CALL_BUILT = """
async ([method, name, settleMs]) => {
  await window.escalationCalculator.ready;
  const good = { board: "kent-medway", raised: "2026-01-05", today: "2026-01-08" };
  const nest = (depth, make) => {
    let value = "x";
    for (let i = 0; i < depth; i++) value = make(value);
    return value;
  };
  const selfish = { ...good };
  selfish.again = selfish;
  const throwing = { ...good };
  Object.defineProperty(throwing, "agency",
    { enumerable: true, get() { throw new Error("no\\nway"); } });
  const built = {
    "3000-deep list as started": () => ({ ...good, started: nest(3000, (v) => [v]) }),
    "3000-deep object as agency": () => ({ ...good, agency: nest(3000, (v) => ({ a: v })) }),
    "3000-deep value under a stage": () => ({ ...good, started: { 2: nest(3000, (v) => [v]) } }),
    "3000-deep value as an extra key": () => ({ ...good, extra: nest(3000, (v) => ({ v })) }),
    "40-deep value": () => ({ ...good, agreed: nest(40, (v) => [v]) }),
    "a request that holds itself": () => selfish,
    "a BigInt date": () => ({ ...good, raised: 20260105n }),
    "a function as agency": () => ({ ...good, agency: () => "police" }),
    "a Symbol as agency": () => ({ ...good, agency: Symbol("police") }),
    "NaN as today": () => ({ ...good, today: NaN }),
    "Infinity as a stage date": () => ({ ...good, started: { 2: Infinity } }),
    "a Date object": () => ({ ...good, raised: new Date(2026, 0, 5) }),
    "a Map of stages": () => ({ ...good, started: new Map([["2", "2026-01-06"]]) }),
    "undefined in a list": () => ({ ...good, agency: [undefined] }),
    "a getter that throws": () => throwing,
    "100,000 values": () => ({ ...good, agency: new Array(100000).fill(1) }),
  };
  const late = new Promise((resolve) => setTimeout(() => resolve({ hang: true }), settleMs));
  const asked = (async () => {
    try {
      await window.escalationCalculator[method](built[name]());
      return { ok: true };
    } catch (error) {
      return { error: String(error && error.message), field: error && error.field,
               isError: error instanceof Error };
    }
  })();
  return Promise.race([asked, late]);
}
"""


@pytest.fixture(scope="module")
def page(browser, site_url):
    """One calculator page for the module, with everything that goes wrong in it recorded."""
    context = browser.new_context(service_workers="block")
    tab = context.new_page()
    visit = Visit(tab, _origin(site_url), browser)
    record(context, tab, visit)
    tab.goto(site_url + "calculator/")
    tab.evaluate(WAIT_READY)
    yield visit
    context.close()


def call(visit, method: str, inputs: list) -> list[dict]:
    return visit.page.evaluate(CALL, [method, inputs, SETTLE_MS])


def assert_refused(answer: dict, field: str | None = None) -> None:
    assert "hang" not in answer, "the promise did not settle"
    assert "ok" not in answer, "accepted"
    assert answer["isError"], answer
    message = answer["error"]
    assert message and "\n" not in message, message
    assert "Traceback" not in message and "could not work this out" not in message, message
    assert isinstance(answer["field"], str) and answer["field"], answer
    if field is not None:
        assert answer["field"] == field, answer


# ---------------------------------------------------------------------------------------------
# The command line's odd inputs, in the page


ODD = [
    ("a superscript stage number", {"started": {SUPERSCRIPT_2: "2026-01-06"}}, "started",
     f"there is no stage '{SUPERSCRIPT_2}'"),
    ("a circled stage number", {"started": {CIRCLED_1: "2026-01-06"}}, "started", "no stage"),
    ("an Arabic-Indic stage number", {"started": {ARABIC_INDIC_2: "2026-01-06"}}, "started",
     "no stage"),
    ("a full-width stage number", {"started": {FULL_WIDTH_2: "2026-01-06"}}, "started",
     "no stage"),
    ("a mathematical bold stage number", {"started": {MATH_BOLD_2: "2026-01-06"}}, "started",
     "no stage"),
    ("a stage number of 4,300 digits", {"started": {LONG_STAGE: "2026-01-06"}}, "started",
     "(4,300 characters)"),
    ("the same stage twice", {"started": {"2": "2026-01-06", "02": "2026-01-07"}}, "started.2",
     "stage 2 is given twice, as '2' and '02'"),
    ("an agreed date at the end of time", {"agreed": {"2": "9999-12-31"}}, "agreed.2",
     "outside the calendar"),
    ("an Arabic-Indic date", {"raised": in_digits("2026-01-05", ARABIC_INDIC_0)}, "raised",
     "must be a date written"),
    ("a full-width date", {"started": {"2": in_digits("2026-01-06", FULL_WIDTH_0)}}, "started.2",
     "must be a date written"),
    ("a trailing newline", {"raised": "2026-01-05\n"}, "raised", "must be a date written"),
    ("today outside the calendar", {"today": "9999-12-31"}, "today", "outside the calendar"),
    ("an empty today", {"today": ""}, "today", "Enter today's date"),
    ("a list as the board", {"board": ["kent-medway"]}, "board", "not a list"),
    ("an object as the agency", {"agency": {"id": "police"}}, "agency", "no agency"),
    ("a list of stages", {"started": ["2026-01-06"]}, "started", "must map stage numbers"),
    ("an object as a stage date", {"started": {"2": {"day": 6}}}, "started.2",
     "not an object"),
    ("a number as the date raised", {"raised": 20260105}, "raised", "not 20260105"),
    ("a huge number as the date raised", {"raised": 1e308}, "raised", "must be a date written"),
    ("a 20,000-character date", {"raised": "2" * 20000}, "raised", "(20,000 characters)"),
]


@pytest.mark.parametrize("method", ["plan", "calendar"])
@pytest.mark.parametrize(("change", "field", "words"), [case[1:] for case in ODD],
                         ids=[case[0] for case in ODD])
def test_odd_input_is_refused_in_one_line_with_its_field(page, method, change, field, words):
    [answer] = call(page, method, [{**GOOD, **change}])
    assert_refused(answer, field)
    assert words in answer["error"]


def test_an_odd_event_date_names_the_event(page):
    invoked = in_digits("2026-01-06", ARABIC_INDIC_0)
    [answer] = call(page, "plan", [{"board": "worcestershire", "raised": "2026-01-05",
                                    "today": "2026-01-08", "events": {"invoked": invoked}}])
    assert_refused(answer, "events.invoked")


@pytest.mark.parametrize("value", [None, 5, "kent-medway", [1, 2], True])
def test_a_request_that_is_not_an_object_is_refused(page, value):
    [answer] = call(page, "plan", [value])
    assert_refused(answer, "board")


# ---------------------------------------------------------------------------------------------
# What only JavaScript can send


BUILT = {
    "3000-deep list as started": "started",
    "3000-deep object as agency": "agency",
    "3000-deep value under a stage": "started",
    "3000-deep value as an extra key": "extra",
    "40-deep value": "agreed",
    "a request that holds itself": "again",
    "a BigInt date": "raised",
    "a function as agency": "agency",
    "a Symbol as agency": "agency",
    "NaN as today": "today",
    "Infinity as a stage date": "started.2",
    "a Date object": "raised",
    "a Map of stages": "started",
    "undefined in a list": "agency.0",
    "a getter that throws": "request",
    "100,000 values": "request",
}


@pytest.mark.parametrize("method", ["plan", "calendar"])
@pytest.mark.parametrize(("name", "field"), BUILT.items(), ids=list(BUILT))
def test_a_value_json_cannot_carry_is_refused_at_once(page, method, name, field):
    answer = page.page.evaluate(CALL_BUILT, [method, name, SETTLE_MS])
    assert_refused(answer, field)


def test_after_all_that_the_calculator_still_answers_and_nothing_went_wrong(page):
    [answer] = call(page, "plan", [GOOD])
    assert answer == {"ok": "object"}
    assert page.problems() == []


# ---------------------------------------------------------------------------------------------
# A worker that never answers


#: A stand-in for the calculator's worker: it says it is ready, then answers nothing.
SILENT_WORKER = """
onmessage = (event) => { if (event.data.type === "start") postMessage({ type: "ready" }); };
"""

#: Keeps each calculator Worker the page makes (not the site search's), so that the test can
#: count them and fire events at the last.
KEEP_WORKERS = """
window.__workers = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    if (String(args[0]).includes("calculator-worker")) window.__workers.push(this);
  }
};
"""

SILENT_CALLS = """
async ([timeout, fireMessageError]) => {
  await window.escalationCalculator.ready;
  document.querySelector(".escalation-calculator").dataset.requestTimeout = String(timeout);
  const started = performance.now();
  const ask = async (input) => {
    try { await window.escalationCalculator.plan(input); return { ok: true }; }
    catch (error) {
      return { error: error.message, field: error.field, isError: error instanceof Error,
               ms: performance.now() - started };
    }
  };
  const first = ask({ board: "kent-medway", raised: "2026-01-05", today: "2026-01-08" });
  if (fireMessageError) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    window.__workers[window.__workers.length - 1].dispatchEvent(new MessageEvent("messageerror"));
  }
  const answers = [await first];
  // A stuck worker is replaced: the next request settles too (here, by a short timeout).
  document.querySelector(".escalation-calculator").dataset.requestTimeout = "400";
  answers.push(await ask({ board: "kent-medway", raised: "2026-01-05", today: "2026-01-08" }));
  return { answers, workers: window.__workers.length };
}
"""


@pytest.fixture
def silent_page(browser, site_url):
    context = browser.new_context(service_workers="block")
    context.add_init_script(KEEP_WORKERS)
    context.route("**/assets/js/calculator-worker.js*", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=SILENT_WORKER))
    tab = context.new_page()
    tab.goto(site_url + "calculator/")
    yield tab
    context.close()


def test_a_request_the_worker_never_answers_is_refused_after_the_timeout(silent_page):
    got = silent_page.evaluate(SILENT_CALLS, [400, False])
    for answer in got["answers"]:
        assert_refused(answer, "request")
        assert "did not answer" in answer["error"]
    assert got["answers"][0]["ms"] < 5_000
    assert got["workers"] >= 2  # the first, and one afresh after the first timeout


def test_a_messageerror_refuses_the_waiting_request_at_once(silent_page):
    got = silent_page.evaluate(SILENT_CALLS, [60_000, True])
    first, second = got["answers"]
    assert_refused(first, "request")
    assert "could not be read" in first["error"] and first["ms"] < 5_000
    assert_refused(second, "request")
    assert "did not answer" in second["error"]


# ---------------------------------------------------------------------------------------------
# Fuzz: whatever JSON the page is given, every call settles: a plan, or one line and a field


ODD_DIGITS = "0123456789" + SUPERSCRIPT_2 + CIRCLED_1 + ARABIC_INDIC_2 + FULL_WIDTH_2 + MATH_BOLD_2
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=10),
    st.text(alphabet=ODD_DIGITS + "-\n", max_size=10),
    st.dates().map(lambda day: day.isoformat()),
    st.sampled_from(["2026-01-06", "9999-12-31", "police", "kent-medway", "", LONG_STAGE]),
)
value = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8)
stage_key = st.one_of(st.sampled_from(["1", "2", "3", "4", "02", SUPERSCRIPT_2, ARABIC_INDIC_2,
                                       FULL_WIDTH_2, ""]),
                      st.text(max_size=4))
stages = st.one_of(st.dictionaries(stage_key, st.one_of(
    st.dates().map(lambda day: day.isoformat()), st.just("2026-01-06"), value), max_size=3),
    value)
request = st.fixed_dictionaries({}, optional={
    "board": st.one_of(st.sampled_from(["kent-medway", "staffordshire-stoke", "surrey",
                                        "worcestershire", "north-east-lincolnshire"]), value),
    "raised": st.one_of(st.just("2026-01-05"), value),
    "today": st.one_of(st.just("2026-01-08"), value),
    "agency": value, "started": stages, "agreed": stages,
    "events": st.one_of(st.dictionaries(st.sampled_from(["invoked", "raised", "x"]), value),
                        value),
    "extra": value,
})


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(batch=st.lists(st.one_of(request, value), min_size=1, max_size=8),
       method=st.sampled_from(["plan", "calendar"]))
def test_the_page_api_never_hangs_nor_gives_a_traceback(page, batch, method):
    json.dumps(batch)  # plain JSON: what any caller could send
    for answer in call(page, method, batch):
        if "ok" not in answer:
            assert_refused(answer)
