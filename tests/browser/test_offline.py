"""The guide after one visit, offline: the service worker (sw.js, written by each build) keeps
every page and Pyodide, so a trainer in a room without Wi-Fi or a practitioner on a train can
still read every procedure and use the calculator. A new build replaces the cache cleanly."""

import shutil

import pytest
from playwright.sync_api import expect

from scripts.serve_site import serve_in_background
from scripts.sitegen.offline import CACHE_PREFIX, site_files

from .conftest import PREFIX, fill_date, site_pages, wait_ready

#: Resolves once the service worker controls the page and its cache is complete.
OFFLINE_READY = """async () => {
  const registration = await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener(
      "controllerchange", resolve, { once: true }));
  }
  const names = await caches.keys();
  const cache = await caches.open(names[0]);
  return { scope: registration.scope, caches: names, kept: (await cache.keys()).length };
}"""

CASE = {"board": "surrey", "raised": "2026-12-23", "agency": "any", "started": {"2": "2026-12-29"},
        "agreed": {}, "today": "2026-12-30"}


def cache_name(site_dir) -> str:
    text = (site_dir / "sw.js").read_text(encoding="utf-8")
    return text.split('{"cache":"', 1)[1].split('"', 1)[0]


def test_after_one_visit_the_whole_site_works_offline(open_page, site_dir, site_url, plan):
    visit = open_page("boards/surrey/", service_workers=True)
    page = visit.page
    wait_ready(page)
    kept = page.evaluate(OFFLINE_READY)
    assert kept["scope"] == site_url
    assert kept["caches"] == [cache_name(site_dir)]
    assert kept["kept"] == len(site_files(site_dir))
    assert not visit.problems()

    page.context.set_offline(True)
    page.reload()
    wait_ready(page)
    answer = page.evaluate("async (input) => window.escalationCalculator.plan(input)", CASE)
    assert answer == plan("surrey", **{k: v for k, v in CASE.items() if k != "board"})
    # The form too, not only the API.
    fill_date(page, "calc-raised", "2026-12-23")
    fill_date(page, "calc-today", "2026-12-30")
    page.locator(".calc-submit").click()
    expect(page.locator(".calc-result__title")).to_be_visible()

    # Every other page too, never visited before, and a page that does not exist.
    for path in site_pages(site_dir):
        page.goto(site_url + path)
        expect(page.locator("h1").first).to_be_visible()
    page.goto(site_url + "no-such-page/")
    expect(page.locator("h1")).to_have_text("404 - Not found")


def test_a_new_build_replaces_the_cache_cleanly(browser, site_dir, tmp_path):
    served = tmp_path / "site"
    shutil.copytree(site_dir, served)
    server, base = serve_in_background(served, PREFIX, csp=True)
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.goto(base + "boards/kent-medway/")
        wait_ready(page)
        first = page.evaluate(OFFLINE_READY)["caches"]
        assert first == [cache_name(served)]

        # The next build: a page's text changes, so sw.js (its version) changes.
        home = served / "index.html"
        home.write_text(home.read_text(encoding="utf-8").replace(
            "When professionals disagree", "When two professionals disagree"), encoding="utf-8")
        from scripts.sitegen.offline import write_service_worker

        second = write_service_worker(served)
        assert second != first[0] and second.startswith(CACHE_PREFIX)
        page.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        for _ in range(200):
            names = page.evaluate("async () => caches.keys()")
            if names == [second]:
                break
            page.wait_for_timeout(50)
        assert names == [second], "the old build's cache is gone, the new one complete"
        context.set_offline(True)
        page.goto(base)
        expect(page.locator("h1")).to_contain_text("When two professionals disagree")
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path", ["", "boards/worcestershire/"])
def test_a_browser_without_service_workers_loses_nothing(open_page, path):
    visit = open_page(path)  # service workers blocked, as a locked-down browser may
    page = visit.page
    if path:
        wait_ready(page)
    page.wait_for_load_state("load")
    registrations = "async () => (await navigator.serviceWorker.getRegistrations()).length"
    assert page.evaluate(registrations) == 0
    assert not visit.problems()
