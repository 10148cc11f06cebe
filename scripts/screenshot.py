"""Take the README's screenshot: a board's page with the calculator's answer, in Chromium.

    python -m scripts.screenshot [--site DIR] [--out readme/screenshot.png]

It fills the form as a practitioner would (no answer is typed in by hand: the page computes it).
"""

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.serve_site import serve_in_background

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-gpu",
]

#: The case shown: a police officer in Kent, raised on the Thursday before Easter 2025.
CASE = {"board": "kent-medway", "agency": "police", "raised": ("17", "4", "2025"),
        "today": ("24", "4", "2025")}


def fill_date(page, group: str, parts: tuple[str, str, str]) -> None:
    for name, value in zip(("day", "month", "year"), parts, strict=True):
        page.fill(f"#{group}-{name}", value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("readme/screenshot.png"))
    args = parser.parse_args(argv)
    server, base = serve_in_background(args.site, "/safeguarding/escalation/")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.goto(f"{base}boards/{CASE['board']}/#calculator")
            page.evaluate("async () => { await window.escalationCalculator.ready; }")
            page.select_option("#calc-agency", CASE["agency"])
            fill_date(page, "calc-raised", CASE["raised"])
            fill_date(page, "calc-today", CASE["today"])
            page.click(".calc-submit")
            page.locator(".calc-result__title").wait_for()
            top = page.evaluate(
                "() => document.querySelector('.calc-result').getBoundingClientRect().top"
                " + window.scrollY")
            page.evaluate(f"() => window.scrollTo(0, {top} - 90)")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        server.shutdown()
    print(f"screenshot: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
