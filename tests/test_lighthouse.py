"""scripts/lighthouse.py: the pinned Lighthouse, the pages it measures, the targets and the
report (the runs themselves need Chromium: `python -m scripts.lighthouse`)."""

import json
from pathlib import Path

from scripts import lighthouse

ROOT = Path(__file__).resolve().parent.parent


def scores(performance=1.0, accessibility=1.0, tbt=10.0, cls=0.0) -> dict:
    median = {"performance": performance, "accessibility": accessibility, "tbt_ms": tbt,
              "cls": cls, "fcp_ms": 900.0, "lcp_ms": 1000.0}
    return {"version": "12.8.2", "runs": 1, "form_factor": "mobile", "throttling": "default",
            "load_average_1min": 1.0,
            "pages": {name: {"path": path, "median": median, "failing_accessibility": [],
                             "runs": [median]} for name, path in lighthouse.PAGES.items()}}


def test_lighthouse_is_pinned_exactly_and_locked():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["lighthouse"]
    assert version.startswith("12.") and version[0].isdigit() and "^" not in version
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/lighthouse"]["version"] == version
    assert lock["packages"][""]["devDependencies"]["lighthouse"] == version


def test_every_kind_of_page_is_measured():
    assert set(lighthouse.PAGES) == {"home", "board", "calculator", "compare", "training"}
    assert "--headless=new" in lighthouse.CHROME_FLAGS
    assert "--no-sandbox" in lighthouse.CHROME_FLAGS


def test_targets_are_met_only_within_their_limits():
    rows = lighthouse.target_rows(scores())
    assert len(rows) == 4 * len(lighthouse.PAGES) and all(row["met"] for row in rows)
    missed = {row["name"] for row in lighthouse.target_rows(
        scores(performance=0.94, accessibility=0.99, tbt=200.0, cls=0.02)) if not row["met"]}
    assert len(missed) == 4 * len(lighthouse.PAGES)


def test_the_report_has_a_row_per_page():
    lines = lighthouse.markdown(scores(tbt=1234.0))
    rows = [line for line in lines if line.startswith("| ") and "(`" in line]
    assert len(rows) == len(lighthouse.PAGES)
    assert "1,234 ms" in rows[0] and "| none |" in rows[0]
