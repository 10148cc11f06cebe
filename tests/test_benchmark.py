"""The benchmark's pure parts: statistics, ratios, what kind each URL is, and its plan inputs."""

import pytest

from calculator.plan import make_plan
from scripts import benchmark
from scripts.benchmark import (
    KINDS,
    bytes_by_kind,
    classify,
    loaded_disk_bytes,
    median,
    own_bytes,
    plan_inputs,
    ratio,
    spread,
)

BASE = "http://127.0.0.1:8000/safeguarding/escalation/"


def test_median_of_odd_and_even_counts():
    assert median([5, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5
    assert median(iter([7.0])) == 7.0


def test_median_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        median([])


def test_spread_skips_failed_runs():
    assert spread([3.0, None, 1.0, 2.0]) == {
        "min": 1.0, "median": 2.0, "max": 3.0, "values": [3.0, None, 1.0, 2.0],
    }
    assert spread([None])["median"] is None


def test_ratio():
    assert ratio(330.0, 300.0) == pytest.approx(1.1)
    assert ratio(None, 300.0) is None
    assert ratio(1.0, 0.0) is None
    assert ratio(1.0, None) is None


@pytest.mark.parametrize(("path", "kind"), [
    ("", "html"),
    ("boards/kent-medway/", "html"),
    ("404.html", "html"),
    ("assets/javascripts/bundle.a5f9d56c.min.js", "theme"),
    ("assets/javascripts/workers/search.a7633da7.min.js", "theme"),
    ("assets/stylesheets/main.57a0d79d.min.css", "theme"),
    ("assets/js/escalation.js", "ours-code"),
    ("assets/js/calculator-worker.js?v=87fda694f84a", "ours-code"),
    ("assets/css/site.css", "ours-code"),
    ("assets/calculator/calculator.zip?v=1", "ours-code"),
    ("assets/calculator/python_stdlib.zip?v=1", "pyodide"),  # Pyodide's, compiled
    ("assets/calculator/pyodide-lock.json?v=1", "pyodide"),  # Pyodide's, with no packages
    ("data/boards.json?v=1", "ours-data"),
    ("data/boards/kent-medway.json?v=1", "ours-data"),
    ("pyodide/314.0.7/pyodide.asm.wasm", "pyodide"),
    ("assets/images/favicon.png", "other"),
    ("search/search_index.json", "other"),
    ("bench/bare-worker.js", "other"),
])
def test_classify_by_site_folder(path, kind):
    assert classify(BASE + path, BASE) == kind


def test_classify_outside_the_site_is_other():
    assert classify("http://127.0.0.1:8000/assets/js/escalation.js", BASE) == "other"
    assert classify("https://cdn.example/pyodide/pyodide.mjs", BASE) == "other"


def test_bytes_by_kind_sums_every_fetch():
    entries = [
        {"url": BASE + "boards/kent-medway/", "transfer": 1000},
        {"url": BASE + "data/boards.json?v=1", "transfer": 400},
        {"url": BASE + "data/boards.json?v=1", "transfer": 300},  # fetched again: counted again
        {"url": BASE + "assets/js/escalation.js", "transfer": 200},
        {"url": BASE + "pyodide/1/pyodide.asm.wasm", "transfer": 5000},
    ]
    totals = bytes_by_kind(entries, BASE)
    assert set(totals) == set(KINDS)
    assert totals == {"html": 1000, "theme": 0, "ours-code": 200, "ours-data": 700,
                      "pyodide": 5000, "other": 0}
    assert own_bytes(totals) == 900


def test_loaded_disk_bytes_counts_each_file_once():
    disk = {"assets/js/escalation.js": 100, "data/boards.json": 40, "data/calendar.json": 60}
    entries = [
        {"url": BASE + "assets/js/escalation.js", "transfer": 400},
        {"url": BASE + "data/boards.json?v=1", "transfer": 340},
        {"url": BASE + "data/boards.json?v=1", "transfer": 300},
        {"url": BASE + "pyodide/1/pyodide.mjs", "transfer": 9},
    ]
    assert loaded_disk_bytes(entries, BASE, disk) == {"ours-code": 100, "ours-data": 40}


def test_plan_inputs_are_varied_and_all_valid(boards, calendar_table):
    inputs = plan_inputs(benchmark.PLAN_CALLS)
    assert len(inputs) == benchmark.PLAN_CALLS
    assert len({input["raised"] for input in inputs}) > 20
    reached = set()
    for request in inputs:
        plan = make_plan(boards[request["board"]], request, calendar_table)
        reached.add(plan["current_stage"])
    assert reached == {1, 2, 3, 4}
    other = benchmark.other_board_input()
    assert make_plan(boards[other["board"]], other, calendar_table)["current_stage"] == 1


def test_the_control_page_loses_only_the_calculator():
    page = (
        '<head><script src="../../assets/js/escalation.js" type="module"></script></head>'
        '<h1>Board</h1><div class="escalation-calculator" data-board="x">\n'
        '<p class="calc-no-script">Needs JavaScript.</p>\n</div><p>Stages</p>'
    )
    stripped = benchmark.without_calculator(page)
    assert stripped == "<head></head><h1>Board</h1><p>Stages</p>"
