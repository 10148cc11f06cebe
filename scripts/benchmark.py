"""Benchmark the built site in headless Chromium: how soon a board page's text shows, how soon its
calculator is ready (against a bare Pyodide start), how fast it answers, and what it downloads.

    python -m scripts.benchmark [--runs 7] [--site DIR] [--out benchmarks/]

The site (built into a temporary folder unless --site is given) is copied to a temporary folder,
a bare Pyodide page is added to the copy (bench/), and the copy is served on 127.0.0.1 under
/safeguarding/escalation/ with the site's CSP. Every measurement runs COLD (a new browser context
per page and run: empty HTTP cache) and WARM (one persistent profile, visited once, then a new
tab per run). Results go to <out>/results.json and <out>/results.md; benchmarks/README.md says
what each number means.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Request,
    sync_playwright,
)

from scripts import lighthouse
from scripts.serve_site import serve_in_background
from scripts.sitegen.csp import with_csp_meta

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/safeguarding/escalation/"
BOARD = "kent-medway"
OTHER_BOARD = "surrey"  # not preloaded by the board page: its first answer fetches its data
BOARD_PAGE = f"boards/{BOARD}/"
PLAIN_PAGE = "working-days/"
BARE_PAGE = "bench/bare.html"
#: The board page with the calculator taken out (its place and its script): the same text, so
#: the two differ only by what the calculator costs before the text shows.
NO_CALC_PAGE = "bench/board-without-calculator/"
PLAN_CALLS = 50
#: The text-visible times differ by 10-50 ms between pages, against +-30-100 ms of noise per
#: load on a shared machine, so they get their own rounds: cheap (no Pyodide) and many.
TEXT_RUNS = 21
TIMEOUT_MS = 120_000

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-gpu",
]

KINDS = ("html", "theme", "ours-code", "ours-data", "pyodide", "other")
OWN_KINDS = ("ours-code", "ours-data")
#: Site folder prefix -> kind; the first match wins, anything else is "other".
KIND_PREFIXES = (
    ("assets/javascripts/", "theme"), ("assets/stylesheets/", "theme"),
    # The compiled standard library and the package-free lock file are Pyodide's own, in place
    # of pyodide/<version>/'s.
    ("assets/calculator/python_stdlib.zip", "pyodide"),
    ("assets/calculator/pyodide-lock.json", "pyodide"),
    ("assets/js/", "ours-code"), ("assets/css/", "ours-code"), ("assets/calculator/", "ours-code"),
    ("data/", "ours-data"),
    ("pyodide/", "pyodide"),
)

TEXT_RATIO_TARGET = 1.1
#: Ready (the compiled standard library and calculator) against a bare start of stock Pyodide
#: (its own python_stdlib.zip, all .py), measured in the same run (issue 14).
READY_RATIO_TARGET = 0.5
ANSWER_TARGET_MS = 50.0
FIRST_ANSWER_TARGET_MS = 50.0
OWN_BYTES_TARGET = 200_000
TOTAL_BYTES_TARGET = 7_000_000

Run = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# Pure helpers (tests/test_benchmark.py)


def median(values: Iterable[float]) -> float:
    items = list(values)
    if not items:
        raise ValueError("median of no values")
    return float(statistics.median(items))


def spread(values: Sequence[float | None]) -> dict[str, Any]:
    """min/median/max of the runs that produced a value (a failed run gives None)."""
    present = [value for value in values if value is not None]
    if not present:
        return {"min": None, "median": None, "max": None, "values": list(values)}
    return {"min": min(present), "median": median(present), "max": max(present),
            "values": list(values)}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def classify(url: str, base: str) -> str:
    """The kind of a URL the page loaded, by where it lives in the site at `base`."""
    if not url.startswith(base):
        return "other"
    path = urlsplit(url).path[len(urlsplit(base).path):]
    if path == "" or path.endswith(("/", ".html")):
        return "html"
    for prefix, kind in KIND_PREFIXES:
        if path.startswith(prefix):
            return kind
    return "other"


def bytes_by_kind(entries: Iterable[dict], base: str) -> dict[str, int]:
    """Sum of `transfer` per kind (every kind present, 0 when nothing of it was loaded)."""
    totals = dict.fromkeys(KINDS, 0)
    for entry in entries:
        totals[classify(entry["url"], base)] += int(entry["transfer"])
    return totals


def own_bytes(totals: dict[str, int]) -> int:
    return sum(totals[kind] for kind in OWN_KINDS)


def plan_inputs(count: int = PLAN_CALLS) -> list[dict]:
    """Varied valid requests for BOARD: every stage reached, each agency, dates over two years."""
    agencies = ("police", "health", "social-care", "care-provider", "any")
    first = date(2025, 1, 6)
    inputs = []
    for i in range(count):
        raised = first + timedelta(days=(i * 17) % 600)
        reached = 1 + i % 4
        started = {str(n): raised + timedelta(days=6 * (n - 1)) for n in range(2, reached + 1)}
        today = raised + timedelta(days=6 * (reached - 1) + 1 + i % 30)
        agreed = {"2": raised + timedelta(days=26)} if reached >= 2 and i % 3 == 0 else {}
        inputs.append({
            "board": BOARD, "agency": agencies[i % len(agencies)], "raised": raised.isoformat(),
            "today": today.isoformat(),
            "started": {n: day.isoformat() for n, day in started.items()},
            "agreed": {n: day.isoformat() for n, day in agreed.items()},
        })
    return inputs


def other_board_input() -> dict:
    return {"board": OTHER_BOARD, "raised": "2025-06-02", "today": "2025-06-20"}


# ---------------------------------------------------------------------------------------------
# The site under test


def build_site(destination: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--quiet",
         "--site-dir", str(destination)],
        cwd=ROOT, env=env, check=True,
    )


def site_pyodide_version(site: Path) -> str:
    versions = sorted(path.name for path in (site / "pyodide").iterdir() if path.is_dir())
    if len(versions) != 1:
        raise SystemExit(f"benchmark: expected one Pyodide version in {site}/pyodide, {versions}")
    return versions[0]


def bare_files(version: str) -> dict[str, str]:
    """bench/: a page that only starts Pyodide in a module worker (external scripts, same CSP)."""
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Bare Pyodide start</title>"
        '<script type="module" src="bare.js"></script></head>'
        "<body><h1>Bare Pyodide start</h1></body></html>\n"
    )
    page_script = (
        "// Start Pyodide at once; the promise holds the time (from navigation) it said ready.\n"
        'const worker = new Worker(new URL("bare-worker.js", import.meta.url), '
        '{ type: "module" });\n'
        "window.bareStart = new Promise((resolve, reject) => {\n"
        "  worker.onmessage = () => resolve(performance.now());\n"
        "  worker.onerror = (event) => reject(new Error(event.message || \"worker failed\"));\n"
        "});\n"
    )
    worker_script = (
        f'import {{ loadPyodide }} from "../pyodide/{version}/pyodide.mjs";\n'
        f'const indexURL = new URL("../pyodide/{version}/", import.meta.url).href;\n'
        "await loadPyodide({ indexURL, packages: [] });\n"
        'postMessage("ready");\n'
    )
    return {
        "bench/bare.html": with_csp_meta(html),
        "bench/bare.js": page_script,
        "bench/bare-worker.js": worker_script,
    }


def without_calculator(html: str) -> str:
    """The page with the calculator's place and its script removed (the rest byte for byte)."""
    html = re.sub(r'<div class="escalation-calculator".*?</div>', "", html, count=1, flags=re.S)
    return re.sub(r'<script src="[^"]*assets/js/escalation\.js[^"]*"[^>]*></script>', "", html)


def prepare_site(source: Path, destination: Path) -> str:
    """Copy the built site and add the bare page and the board page without the calculator to
    the copy (at the board page's depth, so its relative links still work); returns Pyodide's
    version."""
    shutil.copytree(source, destination)
    version = site_pyodide_version(destination)
    board_html = (destination / BOARD_PAGE / "index.html").read_text(encoding="utf-8")
    extra = {**bare_files(version), f"{NO_CALC_PAGE}index.html": without_calculator(board_html)}
    for path, text in extra.items():
        (destination / path).parent.mkdir(parents=True, exist_ok=True)
        (destination / path).write_text(text, encoding="utf-8")
    return version


def own_files_on_disk(site: Path) -> dict[str, int]:
    """Every file of ours in the built site (code and data), site-relative path -> bytes."""
    sizes = {}
    for folder in ("assets/js", "assets/css", "assets/calculator", "data"):
        for path in sorted((site / folder).rglob("*")):
            if path.is_file():
                sizes[path.relative_to(site).as_posix()] = path.stat().st_size
    return sizes


def loaded_disk_bytes(entries: Iterable[dict], base: str, disk: dict[str, int]) -> dict[str, int]:
    """On-disk size of each file of ours the page loaded (once, however often it was fetched)."""
    paths = {urlsplit(entry["url"]).path[len(urlsplit(base).path):] for entry in entries}
    totals = dict.fromkeys(OWN_KINDS, 0)
    for path in paths:
        kind = classify(base + path, base)
        if path in disk and kind in totals:  # not the compiled standard library (pyodide)
            totals[kind] += disk[path]
    return totals


# ---------------------------------------------------------------------------------------------
# In the page. Playwright's init scripts and evaluate() are not held to the page's CSP (which
# forbids eval, so wait_for_function cannot be used).

#: Runs before any of the page's scripts: records when the h1 is painted (Element Timing: LCP
#: usually picks a paragraph, never the h1), when `ready` resolves (caught the moment the page
#: sets window.escalationCalculator, so an early resolution cannot be missed) and when each
#: worker is created and first posts each kind of message.
INIT_SCRIPT = r"""
(() => {
  const bench = (window.__bench = { h1: null, fcp: null, workers: [] });
  let h1Painted, fcpPainted;
  const h1Seen = new Promise((resolve) => { h1Painted = resolve; });
  const fcpSeen = new Promise((resolve) => { fcpPainted = resolve; });
  bench.text = Promise.all([h1Seen, fcpSeen]);
  new MutationObserver((records, observer) => {
    const h1 = document.querySelector("h1");
    if (h1) { h1.setAttribute("elementtiming", "bench-h1"); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === "bench-h1" && bench.h1 === null) {
        bench.h1 = entry.renderTime || entry.loadTime;
        h1Painted();
      }
    }
  }).observe({ type: "element", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === "first-contentful-paint") { bench.fcp = entry.startTime; fcpPainted(); }
    }
  }).observe({ type: "paint", buffered: true });
  let calculator;
  bench.ready = new Promise((resolve) => {
    Object.defineProperty(window, "escalationCalculator", {
      configurable: true,
      get: () => calculator,
      set(value) {
        calculator = value;
        value.ready.then(() => resolve({ at: performance.now() }),
          (error) => resolve({ error: String(error && error.message || error) }));
      },
    });
  });
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      const log = { url: String(args[0]), created: performance.now() };
      bench.workers.push(log);
      this.addEventListener("message", (event) => {
        const data = event.data || {};
        const key = data.type === "progress" ? `step${data.step}` : String(data.type || data);
        if (!(key in log)) log[key] = performance.now();
      });
    }
  };
})();
"""

TEXT_JS = """async (timeout) => {
  const late = new Promise((resolve) => setTimeout(resolve, timeout));
  await Promise.race([window.__bench.text, late]);
  return { fcp: window.__bench.fcp, h1: window.__bench.h1,
           calculator: document.querySelector(".escalation-calculator") !== null };
}"""

READY_JS = """async (timeout) => {
  const late = new Promise((resolve) => setTimeout(() => resolve({ error: "timed out" }), timeout));
  const ready = await Promise.race([window.__bench.ready, late]);
  const nav = performance.getEntriesByType("navigation")[0];
  const worker = window.__bench.workers.find((log) => log.url.includes("calculator-worker")) || {};
  return { ...ready, load: nav.loadEventEnd, worker };
}"""

BARE_JS = """async (timeout) => {
  const deadline = performance.now() + timeout;
  while (!window.bareStart) {  // set by bare.js, a module script: it runs after parsing
    if (performance.now() > deadline) throw new Error("bench/bare.js never ran");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const late = new Promise((_, reject) => setTimeout(reject, timeout, new Error("timed out")));
  const at = await Promise.race([window.bareStart, late]);
  const worker = window.__bench.workers.find((log) => log.url.includes("bare-worker")) || {};
  return { at, created: worker.created };
}"""

PLAN_JS = """async ([inputs, other]) => {
  const calculator = window.escalationCalculator;
  const time = async (input) => {
    const start = performance.now();
    await calculator.plan(input);
    return performance.now() - start;
  };
  const first = await time(inputs[0]);
  const calls = [];
  for (const input of inputs) calls.push(await time(input));
  return { first, calls, other: await time(other) };
}"""

#: Resource Timing, in the page and in each worker: it lists the workers' own requests, and the
#: workers' main scripts, whose body size Playwright's request.sizes() reports as 0.
RESOURCES_JS = """() => [...performance.getEntriesByType("navigation"),
  ...performance.getEntriesByType("resource")].map((entry) => (
  { url: entry.name, transfer: entry.transferSize, body: entry.encodedBodySize }))"""


# ---------------------------------------------------------------------------------------------
# One page load


def open_page(page: Page, url: str) -> None:
    # "commit": the init script already listens; waiting for "load" would only delay our awaits.
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)


def resource_entries(page: Page) -> list[dict]:
    entries = page.evaluate(RESOURCES_JS)
    for worker in page.workers:
        entries += worker.evaluate(RESOURCES_JS)
    return entries


def check_requests(entries: list[dict], seen: list[str]) -> dict[str, Any]:
    """Compare Resource Timing with what Playwright's requestfinished saw."""
    timed = {entry["url"] for entry in entries}
    http = [url for url in seen if url.startswith("http")]
    return {
        "playwright_saw_worker_fetches": any("pyodide.asm.wasm" in url for url in http),
        "seen_only_by_playwright": sorted(set(http) - timed),
    }


def measure_board(page: Page, base: str, seen: list[str]) -> Run:
    open_page(page, base + BOARD_PAGE)
    text = page.evaluate(TEXT_JS, TIMEOUT_MS)
    ready = page.evaluate(READY_JS, TIMEOUT_MS)
    if "error" in ready:
        raise RuntimeError(f"the calculator did not start: {ready['error']}")
    entries = resource_entries(page)
    checked = check_requests(entries, list(seen))  # before the answers fetch another board
    answers = page.evaluate(PLAN_JS, [plan_inputs(), other_board_input()])
    worker = ready["worker"]
    return {
        "fcp": text["fcp"], "h1": text["h1"], "has_calculator": text["calculator"],
        "ready": ready["at"], "load": ready["load"],
        "worker_created": worker.get("created"), "worker_started": worker.get("step1"),
        "python_loaded": worker.get("step2"), "package_imported": worker.get("step3"),
        "plan_first": answers["first"], "plan_median": median(answers["calls"]),
        "plan_other_board_first": answers["other"],
        "resources": entries, "request_check": checked,
    }


def measure_plain(page: Page, base: str) -> Run:
    open_page(page, base + PLAIN_PAGE)
    text = page.evaluate(TEXT_JS, TIMEOUT_MS)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)  # the theme's search index too
    return {"fcp": text["fcp"], "h1": text["h1"], "has_calculator": text["calculator"],
            "resources": resource_entries(page)}


def measure_text(page: Page, url: str) -> Run:
    """Only until the page's text is painted (the calculator, if any, is left loading)."""
    open_page(page, url)
    text = page.evaluate(TEXT_JS, TIMEOUT_MS)
    return {"fcp": text["fcp"], "h1": text["h1"], "has_calculator": text["calculator"]}


def measure_bare(page: Page, base: str) -> Run:
    open_page(page, base + BARE_PAGE)
    bare = page.evaluate(BARE_JS, TIMEOUT_MS)
    return {"bare": bare["at"], "bare_worker_created": bare["created"]}


# ---------------------------------------------------------------------------------------------
# Cold and warm rounds

Measure = Callable[[Page, list[str]], Run]  # the page, and the URLs of its finished requests


def in_new_tab(context: BrowserContext, measure: Measure) -> Run:
    seen: list[str] = []

    def finished(request: Request) -> None:
        seen.append(request.url)

    context.on("requestfinished", finished)
    page = context.new_page()
    try:
        return measure(page, seen)
    finally:
        page.close()
        context.remove_listener("requestfinished", finished)


def in_new_context(browser: Browser, measure: Measure) -> Run:
    """One page in a brand-new context: nothing cached."""
    context = browser.new_context()
    try:
        context.add_init_script(INIT_SCRIPT)
        return in_new_tab(context, measure)
    finally:
        context.close()


def measures(base: str) -> dict[str, Measure]:
    """The full rounds: the board page to ready and its answers, the plain page's bytes, and
    the bare Pyodide start."""
    return {
        "board": lambda page, seen: measure_board(page, base, seen),
        "plain": lambda page, _seen: measure_plain(page, base),
        "bare": lambda page, _seen: measure_bare(page, base),
    }


def text_measures(base: str) -> dict[str, Measure]:
    """The text rounds: the board page, the same page without the calculator, the plain page."""
    return {name: (lambda page, _seen, url=base + path: measure_text(page, url))
            for name, path in (("board", BOARD_PAGE), ("nocalc", NO_CALC_PAGE),
                               ("plain", PLAIN_PAGE))}


def round_order(names: Sequence[str], index: int) -> tuple[str, ...]:
    # The order reverses every run, so that a drift in the machine's speed favours no page.
    return tuple(names) if index % 2 == 0 else tuple(reversed(names))


Opener = Callable[[Measure], Run]  # runs one measure in a fresh tab (cold: a fresh context)


def rounds(open_one: Opener, pages: dict[str, Measure], runs: int, label: str,
           report: Callable[[dict[str, Run]], str]) -> list[dict[str, Run]]:
    """One uncounted round (the browser's first start-up, or filling the cache), then `runs`."""
    for name in round_order(list(pages), 0):
        open_one(pages[name])
    results = []
    for index in range(runs):
        results.append({name: open_one(pages[name]) for name in round_order(list(pages), index)})
        print(f"  {label} run {index + 1}/{runs}: {report(results[-1])}", file=sys.stderr,
              flush=True)
    return results


def full_report(result: dict[str, Run]) -> str:
    board, bare = result["board"], result["bare"]
    return (f"ready {ms(board['ready'])} ms, bare start {ms(bare['bare'])} ms, "
            f"answer {ms(board['plan_median'])} ms")


def text_report(result: dict[str, Run]) -> str:
    return ", ".join(f"{name} {ms(run['h1'])} ms" for name, run in result.items())


def cold_runs(playwright: Playwright, base: str, runs: int,
              text_runs: int) -> tuple[list[Run], list[Run], str]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        def open_one(measure: Measure) -> Run:
            return in_new_context(browser, measure)

        full = rounds(open_one, measures(base), runs, "cold", full_report)
        text = rounds(open_one, text_measures(base), text_runs, "cold text", text_report)
        return full, text, browser.version
    finally:
        browser.close()


def warm_runs(playwright: Playwright, base: str, runs: int, text_runs: int,
              profile: Path) -> tuple[list[Run], list[Run]]:
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        context.add_init_script(INIT_SCRIPT)

        def open_one(measure: Measure) -> Run:
            return in_new_tab(context, measure)

        full = rounds(open_one, measures(base), runs, "warm", full_report)
        text = rounds(open_one, text_measures(base), text_runs, "warm text", text_report)
        return full, text
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# Summaries

TEXT_TIMINGS = (  # (key, page, field, label), from the text rounds
    ("board_fcp_ms", "board", "fcp", "Board page: first contentful paint"),
    ("board_h1_ms", "board", "h1", "Board page: h1 painted (text visible)"),
    ("nocalc_fcp_ms", "nocalc", "fcp",
     "The same page without the calculator: first contentful paint"),
    ("nocalc_h1_ms", "nocalc", "h1", "The same page without the calculator: h1 painted"),
    ("plain_fcp_ms", "plain", "fcp", "Plain page: first contentful paint"),
    ("plain_h1_ms", "plain", "h1", "Plain page: h1 painted (text visible)"),
)

TIMINGS = (  # (key, page, field, label), from the full rounds
    ("ready_ms", "board", "ready", "Calculator ready (from navigation)"),
    ("bare_ms", "bare", "bare", "Bare start of stock Pyodide (from navigation)"),
    ("plan_first_ms", "board", "plan_first", "Answer: first call after ready"),
    ("plan_median_ms", "board", "plan_median", f"Answer: median of {PLAN_CALLS} calls"),
    ("plan_other_board_first_ms", "board", "plan_other_board_first",
     f"Answer: first call for another board ({OTHER_BOARD}, fetches its data)"),
)

BREAKDOWN = (  # what the time to ready is made of, medians (board page, from navigation)
    ("load", "Page's load event ends"),
    ("worker_created", "Calculator worker created"),
    ("worker_started", "Worker script running (step 1)"),
    ("python_loaded", "Pyodide loaded (step 2)"),
    ("package_imported", "Calculator imported (step 3)"),
    ("ready", "Ready"),
)


def summarise(runs: list[dict[str, Run]], text_runs: list[dict[str, Run]],
              base: str) -> dict[str, Any]:
    summary: dict[str, Any] = {
        key: spread([run[page][field] for run in runs]) for key, page, field, _ in TIMINGS
    }
    summary.update({key: spread([run[page][field] for run in text_runs])
                    for key, page, field, _ in TEXT_TIMINGS})
    summary["text_runs"] = len(text_runs)
    for key, _label in BREAKDOWN:
        summary.setdefault("ready_breakdown_ms", {})[key] = median(
            run["board"][key] for run in runs if run["board"][key] is not None)
    summary["bare_worker_created_ms"] = median(run["bare"]["bare_worker_created"] for run in runs)
    summary["ratio_fcp"] = ratio(summary["board_fcp_ms"]["median"],
                                 summary["plain_fcp_ms"]["median"])
    summary["ratio_h1"] = ratio(summary["board_h1_ms"]["median"], summary["plain_h1_ms"]["median"])
    summary["ratio_h1_calculator"] = ratio(summary["board_h1_ms"]["median"],
                                           summary["nocalc_h1_ms"]["median"])
    summary["ratio_ready_bare"] = ratio(summary["ready_ms"]["median"], summary["bare_ms"]["median"])
    summary["plain_has_calculator"] = any(run["plain"]["has_calculator"] for run in text_runs)
    summary["nocalc_has_calculator"] = any(run["nocalc"]["has_calculator"] for run in text_runs)
    summary["board_has_calculator"] = all(run["board"]["has_calculator"] for run in text_runs)
    summary["bytes"] = {page: bytes_summary([run[page]["resources"] for run in runs], base)
                        for page in ("board", "plain")}
    summary["request_check"] = runs[0]["board"]["request_check"]
    return summary


def bytes_summary(loads: list[list[dict]], base: str) -> dict[str, Any]:
    """Median bytes per kind over the runs (a cold load's bytes are the same every run)."""
    per_run = [bytes_by_kind(entries, base) for entries in loads]
    kinds = {kind: int(median(totals[kind] for totals in per_run)) for kind in KINDS}
    return {"by_kind": kinds, "own": own_bytes(kinds), "total": sum(kinds.values()),
            "requests": int(median(len(entries) for entries in loads)),
            "entries": loads[0]}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for mode in ("cold", "warm"):
        summary = results[mode]
        rows += [
            target_row(f"Text visible, board page / the same page without the calculator (h1), "
                       f"{mode}", summary["ratio_h1_calculator"], TEXT_RATIO_TARGET, "ratio"),
            target_row(f"Calculator ready / bare start of stock Pyodide, {mode}",
                       summary["ratio_ready_bare"], READY_RATIO_TARGET, "ratio"),
            target_row(f"Answer once ready (median), {mode}",
                       summary["plan_median_ms"]["median"], ANSWER_TARGET_MS, "ms", strict=True),
            target_row(f"First answer after ready, {mode}",
                       summary["plan_first_ms"]["median"], FIRST_ANSWER_TARGET_MS, "ms",
                       strict=True),
        ]
    rows.append(target_row("Our own code and data, cold board page to ready",
                           results["cold"]["bytes"]["board"]["own"], OWN_BYTES_TARGET, "bytes",
                           strict=True))
    rows.append(target_row("All bytes on the wire, cold board page to ready",
                           results["cold"]["bytes"]["board"]["total"], TOTAL_BYTES_TARGET,
                           "bytes", strict=True))
    return rows


def target_row(name: str, value: float | None, limit: float, unit: str,
               strict: bool = False) -> dict[str, Any]:
    met = value is not None and (value < limit if strict else value <= limit)
    return {"name": name, "value": value, "target": limit, "unit": unit,
            "comparison": "<" if strict else "<=", "met": met}


# ---------------------------------------------------------------------------------------------
# Reports


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def triple(stats: dict[str, Any]) -> str:
    return " / ".join(ms(stats[key]) for key in ("min", "median", "max"))


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return {"ratio": f"{value:.2f}", "ms": f"{value:.1f} ms", "bytes": f"{value:,.0f} B",
            "score": f"{value:.3f}"}[unit]


def render_markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    cold, warm = results["cold"], results["warm"]
    load = meta["load_average_1min"]
    lines = [
        "# Benchmark results", "",
        f"{meta['date']}; Chromium {meta['chromium']}; Pyodide {meta['pyodide']}; "
        f"{meta['cpu_count']} CPUs (1-minute load average {load['before']:.1f} before, "
        f"{load['after']:.1f} after); {meta['runs']} full runs and {meta['text_runs']} "
        f"text-only runs (median); site served on 127.0.0.1 "
        f"under `{PREFIX}` with its CSP.", "",
        "## Targets", "",
        "| Target | Value | Limit | Met |", "|---|---:|---:|---|",
    ]
    lines += [f"| {row['name']} | {shown(row['value'], row['unit'])} | {row['comparison']} "
              f"{shown(row['target'], row['unit'])} | {'met' if row['met'] else '**missed**'} |"
              for row in results["targets"]]
    lines += ["", "## Timings (ms from navigation start; min / median / max)", "",
              "| Measure | Cold | Warm |", "|---|---:|---:|"]
    lines += [f"| {label} ({cold['text_runs']} runs) | {triple(cold[key])} | "
              f"{triple(warm[key])} |" for key, _page, _field, label in TEXT_TIMINGS]
    lines += [f"| {label} | {triple(cold[key])} | {triple(warm[key])} |"
              for key, _page, _field, label in TIMINGS]
    lines += [f"| Ratio board / same page without the calculator, h1 (medians) | "
              f"{shown(cold['ratio_h1_calculator'], 'ratio')} | "
              f"{shown(warm['ratio_h1_calculator'], 'ratio')} |",
              f"| Ratio board / plain, h1 (medians; not a target: different text) | "
              f"{shown(cold['ratio_h1'], 'ratio')} | {shown(warm['ratio_h1'], 'ratio')} |",
              f"| Ratio ready / bare start (medians) | {shown(cold['ratio_ready_bare'], 'ratio')} "
              f"| {shown(warm['ratio_ready_bare'], 'ratio')} |"]
    lines += ["", "## Where the time to ready goes (board page, medians, ms from navigation)", "",
              "| Step | Cold | Warm |", "|---|---:|---:|"]
    lines += [f"| {label} | {ms(cold['ready_breakdown_ms'][key])} | "
              f"{ms(warm['ready_breakdown_ms'][key])} |" for key, label in BREAKDOWN]
    lines += [f"| Bare page: worker created | {ms(cold['bare_worker_created_ms'])} | "
              f"{ms(warm['bare_worker_created_ms'])} |"]
    if results.get("lighthouse"):
        lines += lighthouse.markdown(results["lighthouse"])
    lines += bytes_table(results)
    return "\n".join(lines) + "\n"


def bytes_table(results: dict[str, Any]) -> list[str]:
    cold, warm = results["cold"]["bytes"], results["warm"]["bytes"]
    disk = results["disk"]
    lines = ["", "## Bytes transferred (Resource Timing `transferSize`, page and workers)", "",
             "| Kind | Board page, cold, to ready | Plain page, cold | Board page, warm "
             "| On disk (board page's files) |", "|---|---:|---:|---:|---:|"]
    for kind in KINDS:
        on_disk = f"{disk['board_loaded'][kind]:,}" if kind in OWN_KINDS else ""
        lines.append(f"| {kind} | {cold['board']['by_kind'][kind]:,} | "
                     f"{cold['plain']['by_kind'][kind]:,} | {warm['board']['by_kind'][kind]:,} | "
                     f"{on_disk} |")
    lines += [
        f"| **our own code and data** | **{cold['board']['own']:,}** | {cold['plain']['own']:,} "
        f"| {warm['board']['own']:,} | {sum(disk['board_loaded'].values()):,} |",
        f"| total | {cold['board']['total']:,} | {cold['plain']['total']:,} | "
        f"{warm['board']['total']:,} | |", "",
        f"All of our files on disk: {disk['own_total']:,} bytes "
        f"(code {disk['own_code']:,}, data {disk['own_data']:,}).",
        f"Worker requests visible to Playwright's `requestfinished`: "
        f"{'yes' if results['cold']['request_check']['playwright_saw_worker_fetches'] else 'no'}; "
        f"requests Playwright saw that Resource Timing missed: "
        f"{results['cold']['request_check']['seen_only_by_playwright'] or 'none'}.",
    ]
    return lines


def write_results(results: dict[str, Any], out: Path) -> str:
    out.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(results)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (out / "results.md").write_text(markdown, encoding="utf-8")
    return markdown


# ---------------------------------------------------------------------------------------------


def disk_summary(site: Path, board_entries: list[dict], base: str) -> dict[str, Any]:
    disk = own_files_on_disk(site)
    code = sum(size for path, size in disk.items() if not path.startswith("data/"))
    return {"files": disk, "own_code": code, "own_data": sum(disk.values()) - code,
            "own_total": sum(disk.values()),
            "board_loaded": loaded_disk_bytes(board_entries, base, disk)}


def run_benchmark(site: Path, runs: int, text_runs: int, work: Path,
                  lighthouse_runs: int = lighthouse.RUNS) -> dict[str, Any]:
    served = work / "site"
    version = prepare_site(site, served)
    load_before = os.getloadavg()[0]
    server, base = serve_in_background(served, PREFIX, csp=True)
    try:
        with sync_playwright() as playwright:
            print(f"benchmark: {runs} cold runs at {base}", file=sys.stderr, flush=True)
            cold, cold_text, chromium = cold_runs(playwright, base, runs, text_runs)
            print(f"benchmark: {runs} warm runs", file=sys.stderr, flush=True)
            warm, warm_text = warm_runs(playwright, base, runs, text_runs, work / "profile")
        # Lighthouse (scripts/lighthouse.py): mobile, default throttling, the same server.
        print(f"benchmark: Lighthouse, {lighthouse_runs} runs a page", file=sys.stderr, flush=True)
        scores = lighthouse.measure(base, lighthouse_runs) if lighthouse_runs else None
    finally:
        server.shutdown()
        server.server_close()
    results: dict[str, Any] = {
        "meta": {"date": datetime.now(UTC).isoformat(timespec="seconds"), "chromium": chromium,
                 "pyodide": version, "cpu_count": os.cpu_count(), "runs": runs,
                 "text_runs": text_runs,
                 "load_average_1min": {"before": load_before, "after": os.getloadavg()[0]},
                 "plan_calls_per_run": PLAN_CALLS, "prefix": PREFIX, "board_page": BOARD_PAGE,
                 "plain_page": PLAIN_PAGE, "bare_page": BARE_PAGE},
        "cold": summarise(cold, cold_text, base),
        "warm": summarise(warm, warm_text, base),
    }
    results["disk"] = disk_summary(served, results["cold"]["bytes"]["board"]["entries"], base)
    results["targets"] = targets(results)
    if scores:
        results["lighthouse"] = scores
        results["targets"] += lighthouse.target_rows(scores)
    if results["cold"]["plain_has_calculator"] or results["cold"]["nocalc_has_calculator"]:
        raise SystemExit("benchmark: a page meant to have no calculator has one")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="full runs (to ready)")
    parser.add_argument("--text-runs", type=int, default=TEXT_RUNS,
                        help="text-only runs (until the text is painted)")
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks")
    parser.add_argument("--lighthouse-runs", type=int, default=lighthouse.RUNS,
                        help="Lighthouse runs a page (0: none)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="benchmark-") as temp:
        work = Path(temp)
        site = args.site
        if site is None:
            site = work / "built"
            build_site(site)
        results = run_benchmark(site, args.runs, args.text_runs, work, args.lighthouse_runs)
    print(write_results(results, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
