"""Every page of the built site, in Chromium, served under a sub-folder with its CSP: it loads
cleanly, carries its Content-Security-Policy first, links only relatively to files that exist,
runs the calculator (worker included) without a single violation, and still says everything
with JavaScript off."""

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculator.policy import board_from_data
from scripts.serve_site import serve_in_background
from scripts.sitegen.csp import REQUIRED_DIRECTIVES
from scripts.sitegen.data import load_boards

from .conftest import plan_all

HASH_SOURCE = re.compile(r"^'sha256-[A-Za-z0-9+/]{43}='$")


def example_request(board: str) -> dict:
    return {"board": board, "raised": "2026-03-02", "agency": "any", "today": "2026-03-09"}


def board_ids(site_dir: Path) -> list[str]:
    return [board["id"] for board in json.loads((site_dir / "data/boards.json").read_text())]


# ---------------------------------------------------------------------------------------------
# Reading the built HTML


class _Tags(HTMLParser):
    """Every start tag in order, as (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def page_file(site_dir: Path, site_page: str) -> Path:
    return site_dir / (site_page if site_page.endswith(".html") else f"{site_page}index.html")


def csp_directives(content: str) -> dict[str, list[str]]:
    directives = {}
    for part in content.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# ---------------------------------------------------------------------------------------------
# The built files


def test_every_page_carries_the_csp_first_in_head(site_dir, site_page):
    tags = tags_of(page_file(site_dir, site_page))
    names = [tag for tag, _ in tags]
    after_head = tags[names.index("head") + 1]
    metas = [attrs for tag, attrs in tags if tag == "meta"
             and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1, f"{site_page}: {len(metas)} CSP meta tags"
    assert after_head == ("meta", metas[0]), f"{site_page}: first in <head> is {after_head}"
    directives = csp_directives(metas[0]["content"])
    for name, sources in REQUIRED_DIRECTIVES.items():
        assert name in directives, f"{site_page}: no {name} in {metas[0]['content']}"
        missing = [source for source in sources if source not in directives[name]]
        assert not missing, f"{site_page}: {name} lacks {missing}"
    extra = [source for source in directives["script-src"]
             if source not in REQUIRED_DIRECTIVES["script-src"] and not HASH_SOURCE.match(source)]
    assert not extra, f"{site_page}: script-src allows more than itself and hashes: {extra}"


def internal_links(tags) -> list[str]:
    """href and src values that point into the site (not a fragment, another site or mail)."""
    links = []
    for _, attrs in tags:
        for name in ("href", "src"):
            value = attrs.get(name)
            if value is None or value.startswith("#"):
                continue
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):  # https:, mailto:, data:, ...
                continue
            links.append(value)
    return links


def theme_paths(path: Path) -> list[str]:
    """The paths in the theme's settings block, which its script loads (the site's root, the
    search worker)."""
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                      path.read_text(encoding="utf-8"), re.S)
    settings = json.loads(found.group(1)) if found else {}
    return [settings[key] for key in ("base", "search") if key in settings]


def test_every_internal_link_is_relative_and_exists(site_dir, site_page):
    folder = site_page.rstrip("/") if site_page.endswith("/") else ""  # "" is the root
    wrong = []
    html = page_file(site_dir, site_page)
    for link in internal_links(tags_of(html)) + theme_paths(html):
        if link.startswith("/"):
            wrong.append(f"{link}: not relative (breaks when the site is in a sub-folder)")
            continue
        path = re.split(r"[?#]", link, maxsplit=1)[0]
        target = posixpath.normpath(posixpath.join(folder, path)) if path else folder or "."
        if target == ".." or target.startswith("../"):
            wrong.append(f"{link}: leads out of the site")
            continue
        on_disk = site_dir / target
        if on_disk.is_dir():
            on_disk = on_disk / "index.html"
        if not on_disk.is_file():
            wrong.append(f"{link}: no such file {on_disk.relative_to(site_dir)}")
    assert not wrong, f"{site_page or 'home'}:\n" + "\n".join(sorted(set(wrong)))


# ---------------------------------------------------------------------------------------------
# In the browser


def test_every_page_loads_cleanly_under_the_sub_folder(open_page, site_dir, site_url, site_page):
    """No console error, page error, failed request, HTTP error, other origin or CSP violation;
    on a page with the calculator, its worker loads Python and works out a plan for every board
    (fetching each board's data from this site only), all without a violation."""
    visit = open_page(site_page)
    page = visit.page
    first = page.evaluate("() => document.head.firstElementChild.outerHTML")
    assert first.startswith('<meta http-equiv="Content-Security-Policy"'), first
    if page.locator(".escalation-calculator").count():
        boards = board_ids(site_dir)
        answers = plan_all(page, [example_request(board) for board in boards])
        assert [answer.get("ok", answer)["board"] for answer in answers] == boards
        assert any("calculator-worker.js" in url for url in visit.workers), visit.workers
        assert any(url.endswith(".wasm") for url in visit.requests), "the worker's requests"
        # The package-free lock file, never Pyodide's list of every package it could install.
        locks = [url.split("?")[0] for url in visit.requests if "pyodide-lock.json" in url]
        assert locks and all(url.endswith("/assets/calculator/pyodide-lock.json")
                             for url in locks), locks
        for board in boards:
            assert any(f"/data/boards/{board}.json" in url for url in visit.requests), board
    problems = visit.problems()
    assert not problems, f"{site_page or 'home'}:\n" + "\n".join(problems)
    outside = [url for url in visit.requests
               if not url.startswith((site_url, "data:", "blob:"))]
    assert not outside, f"requests outside {site_url}: {outside}"


def test_the_recorder_sees_csp_violations_in_the_page_and_in_workers(open_page, site_url):
    """So that 'no violation' means something: an inline script in the page and a fetch from
    another origin in a worker are refused, and both are seen."""
    visit = open_page("working-days/")
    page = visit.page
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__ranInline = true";
      document.head.append(script);
    }""")
    assert page.evaluate("() => window.__ranInline === undefined")
    for _ in range(100):  # the theme starts its search worker as the page sets up
        workers = [worker for worker in page.workers if worker.url.startswith(site_url)]
        if workers:
            break
        page.wait_for_timeout(20)
    [worker] = workers
    elsewhere = site_url.replace("127.0.0.1", "localhost") + "index.html"  # blocked: no traffic
    refused = worker.evaluate(
        "async (url) => { try { await fetch(url); return 'went'; } catch { return 'refused'; } }",
        elsewhere)
    assert refused == "refused"
    violations = []
    for _ in range(50):  # the page's event is queued: poll briefly
        violations = visit.csp_violations()
        if violations:
            break
        page.wait_for_timeout(20)
    assert violations and "script-src" in violations[0], violations
    log = visit.worker_log()
    assert any("connect-src" in line and elsewhere in line for line in log), log


def test_the_site_works_served_at_the_root(open_page, site_dir):
    server, root_url = serve_in_background(site_dir, "/", csp=True)
    try:
        visit = open_page("boards/worcestershire/", base=root_url)
        [answer] = plan_all(visit.page, [example_request("worcestershire")])
        assert answer.get("ok", answer)["board"] == "worcestershire"
        problems = visit.problems()
        assert not problems, "\n".join(problems)
    finally:
        server.shutdown()
        server.server_close()


def test_a_board_page_says_it_all_without_javascript(open_page):
    visit = open_page("boards/surrey/", javascript=False)
    page = visit.page
    board = board_from_data(next(data for data in load_boards() if data["id"] == "surrey"))
    note = page.locator(".escalation-calculator .calc-no-script")
    assert note.is_visible()
    assert "The calculator needs JavaScript" in note.inner_text()
    assert page.locator(".calc-form").count() == 0
    steps = page.locator(".ladder-step")
    assert steps.count() == len(board.stages)
    for step, stage in zip(steps.all(), board.stages, strict=True):
        step.scroll_into_view_if_needed()  # the browser lays a step out as it nears the screen
        assert step.is_visible()
        heading = step.locator("h3").inner_text().rstrip("¶ \n")  # less the permalink
        assert heading == f"Stage {stage.number}: {stage.title}"
        terms = [term.strip() for term in step.locator("dt").all_inner_texts()]
        timescale = step.locator("dd").nth(terms.index("Timescale")).inner_text()
        assert stage.timescale.primary.words in timescale, (stage.number, timescale)
    assert not any(".js" in url for url in visit.requests), "no script is fetched with JS off"
    problems = visit.problems(javascript=False)
    assert not problems, "\n".join(problems)


WASM_FAILURES = {  # how Python's WebAssembly can fail to arrive: refused, missing, broken
    "refused": lambda route: route.abort(),
    "missing": lambda route: route.fulfill(status=404, body="not here"),
    "broken": lambda route: route.fulfill(status=200, content_type="application/wasm",
                                          body=b"\0asm\x01\0\0\0 broken"),
}


@pytest.mark.parametrize("failure", sorted(WASM_FAILURES))
def test_a_calculator_that_cannot_load_says_so_plainly(browser, site_url, failure):
    """If Python cannot load (here: its WebAssembly is refused, missing or broken), the page
    says so in words, the API rejects, and the procedure is still there to read. Pyodide itself
    only says so on the console and waits for ever (calculator-worker.js, wasmFailure)."""
    context = browser.new_context(service_workers="block")
    try:
        context.route("**/pyodide.asm.wasm", WASM_FAILURES[failure])
        page = context.new_page()
        page.goto(site_url + "boards/surrey/")
        refused = page.evaluate(
            "async () => { const waited = new Promise((resolve) => setTimeout(resolve, 30000));"
            " try { await Promise.race([window.escalationCalculator.ready, waited]);"
            " return 'still waiting or ready'; }"
            " catch (error) { return 'refused: ' + error.message; } }")
        assert refused.startswith("refused: "), refused
        status = page.locator(".calc-status")
        expect(status).to_contain_text("The calculator could not load")
        expect(status).to_contain_text("still set out on the board's page")
        assert page.locator("#stage-1").is_visible()
    finally:
        context.close()
