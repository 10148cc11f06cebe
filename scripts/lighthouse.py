"""Lighthouse (pinned in package.json, run from node_modules) on each kind of page: mobile, with
Lighthouse's default (simulated) throttling, Chromium at /usr/bin/chromium, the site served by
scripts/serve_site.py with its CSP header and its pre-compressed copies.

Part of scripts/benchmark.py (its results gain a "lighthouse" entry and four targets per page);
alone, `python -m scripts.lighthouse [--site DIR] [--runs N]` measures a built site and adds the
scores to an existing benchmarks/results.json and results.md without re-running the rest.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
#: One page of each kind, path under the site's prefix.
PAGES = {
    "home": "",
    "board": "boards/kent-medway/",
    "calculator": "calculator/",
    "compare": "compare/",
    "training": "training/",
}
#: The targets (issue 14): at least, at least, under, under.
PERFORMANCE_TARGET = 0.95
ACCESSIBILITY_TARGET = 1.0
TBT_TARGET_MS = 200.0
CLS_TARGET = 0.02
RUNS = 5  # the median of five: single runs of total blocking time vary by hundreds of ms here


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


NUMBERS = ("performance", "accessibility", "tbt_ms", "cls", "fcp_ms", "lcp_ms")


def run_once(url: str, work: Path) -> dict[str, Any]:
    """One Lighthouse run: the two category scores, TBT (ms), CLS, the paints, and the ids of
    the accessibility audits that did not pass."""
    report = work / "report.json"
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=performance,accessibility",
               f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", CHROMIUM)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    if done.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {data['runtimeError']}")
    audits = data["audits"]
    failing = [ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]
               if ref.get("weight") and audits[ref["id"]]["score"] not in (None, 1)]
    return {
        "failing_accessibility": failing,
        "performance": data["categories"]["performance"]["score"],
        "accessibility": data["categories"]["accessibility"]["score"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
    }


def measure(base: str, runs: int = RUNS) -> dict[str, Any]:
    """Each page `runs` times (pages taken in turn); the median of each measure per page."""
    pages: dict[str, list[dict[str, float]]] = {name: [] for name in PAGES}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as temp:
        for index in range(runs):
            for name, path in PAGES.items():
                pages[name].append(run_once(base + path, Path(temp)))
                print(f"  lighthouse run {index + 1}/{runs} {name}: {pages[name][-1]}",
                      file=sys.stderr, flush=True)
    return {
        "version": lighthouse_version(), "runs": runs, "form_factor": "mobile",
        "throttling": "Lighthouse default (simulated: slow 4G, 4x CPU slowdown)",
        "load_average_1min": os.getloadavg()[0],
        "pages": {name: {"path": PAGES[name],
                         "median": {key: statistics.median(run[key] for run in results)
                                    for key in NUMBERS},
                         "failing_accessibility": sorted({audit for run in results
                                                          for audit in run[
                                                              "failing_accessibility"]}),
                         "runs": results}
                  for name, results in pages.items()},
    }


def target_rows(lighthouse: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, page in lighthouse["pages"].items():
        got = page["median"]
        rows += [
            _row(f"Lighthouse performance, {name} (mobile)", got["performance"],
                 PERFORMANCE_TARGET, "score", ">=", got["performance"] >= PERFORMANCE_TARGET),
            _row(f"Lighthouse accessibility, {name}", got["accessibility"],
                 ACCESSIBILITY_TARGET, "score", ">=",
                 got["accessibility"] >= ACCESSIBILITY_TARGET),
            _row(f"Total blocking time, {name} (mobile)", got["tbt_ms"], TBT_TARGET_MS, "ms",
                 "<", got["tbt_ms"] < TBT_TARGET_MS),
            _row(f"Cumulative layout shift, {name} (mobile)", got["cls"], CLS_TARGET, "score",
                 "<", got["cls"] < CLS_TARGET),
        ]
    return rows


def _row(name: str, value: float, limit: float, unit: str, comparison: str,
         met: bool) -> dict[str, Any]:
    return {"name": name, "value": value, "target": limit, "unit": unit,
            "comparison": comparison, "met": met}


def markdown(lighthouse: dict[str, Any]) -> list[str]:
    lines = ["", f"## Lighthouse {lighthouse['version']} ({lighthouse['form_factor']}, "
             f"{lighthouse['throttling']}; median of {lighthouse['runs']} runs; 1-minute load "
             f"average {lighthouse['load_average_1min']:.1f} after)", "",
             "| Page | Performance | Accessibility | Total blocking time | Layout shift | "
             "First contentful paint | Largest contentful paint | Accessibility audits "
             "not passed |",
             "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, page in lighthouse["pages"].items():
        got = page["median"]
        failing = ", ".join(page.get("failing_accessibility") or [])
        lines.append(f"| {name} (`{page['path'] or '/'}`) | {got['performance']:.2f} | "
                     f"{got['accessibility']:.2f} | {got['tbt_ms']:,.0f} ms | {got['cls']:.3f} | "
                     f"{got['fcp_ms']:,.0f} ms | {got['lcp_ms']:,.0f} ms | "
                     f"{failing or 'none'} |")
    lines += ["", "Targets: performance at least 0.95, accessibility 1.00, total blocking time "
              "under 200 ms, layout shift under 0.02, on every kind of page."]
    return lines


def main(argv: list[str] | None = None) -> int:
    from scripts import benchmark
    from scripts.serve_site import serve_in_background

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks",
                        help="the folder of results.json to add the scores to")
    args = parser.parse_args(argv)
    server, base = serve_in_background(args.site, benchmark.PREFIX, csp=True)
    try:
        found = measure(base, args.runs)
    finally:
        server.shutdown()
        server.server_close()
    results_file = args.out / "results.json"
    if results_file.exists():
        results = json.loads(results_file.read_text(encoding="utf-8"))
        results["lighthouse"] = found
        results["targets"] = [row for row in results["targets"]
                              if not row["name"].startswith(LIGHTHOUSE_ROW_PREFIXES)]
        results["targets"] += target_rows(found)
        print(benchmark.write_results(results, args.out))
    else:
        print("\n".join(markdown(found)))
    return 0


LIGHTHOUSE_ROW_PREFIXES = ("Lighthouse ", "Total blocking time, ", "Cumulative layout shift, ")

if __name__ == "__main__":
    raise SystemExit(main())
