"""The browser tests' shared parts: the built site, served under a sub-folder with its
Content-Security-Policy header on scripts, one headless Chromium, and `open_page`, which opens a
page while recording everything that can go wrong in it (the calculator's worker included).

The site is the one in SITE_DIR (scripts/test builds site/ and sets it), else it is built once
into a temporary folder. The list of pages comes from that build, never from a hand-typed list.
"""

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PREFIX = "/safeguarding/escalation/"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-gpu",
]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: Injected by the browser into every page before the page's own scripts (so the page's CSP
#: does not apply): it keeps every Content-Security-Policy violation the page reports.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"} ` +
    `in ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""

#: Waits for the calculator's Python (page.wait_for_function needs 'unsafe-eval', which the
#: CSP rightly refuses, so everything that waits in the page is an async page.evaluate).
WAIT_READY = "async () => { await window.escalationCalculator.ready; return true; }"

#: Every input through window.escalationCalculator.plan: [{ok: plan} | {error, field}].
PLAN_ALL = """
async (inputs) => {
  await window.escalationCalculator.ready;
  const answers = [];
  for (const input of inputs) {
    try {
      answers.push({ ok: await window.escalationCalculator.plan(input) });
    } catch (error) {
      const field = error.field === undefined ? "(none)" : error.field;
      answers.push({ error: error.message, field });
    }
  }
  return answers;
}
"""

#: What Playwright itself logs when a context blocks service workers (the default in these
#: tests): a note from the test harness, not a problem of the site.
PLAYWRIGHT_BLOCKED_SW = "Service Worker registration blocked by Playwright"

_built: dict[str, Path] = {}


# ---------------------------------------------------------------------------------------------
# The built site and its pages


def built_site() -> Path:
    """SITE_DIR if set, else one strict build into a temporary folder (made once a session)."""
    if "site" in _built:
        return _built["site"]
    given = os.environ.get("SITE_DIR")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").exists():
            pytest.exit(f"SITE_DIR={given} holds no built site (no index.html)", returncode=1)
    else:
        site = Path(tempfile.mkdtemp(prefix="escalation-site-")) / "site"
        _built["temporary"] = site.parent
        command = [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--quiet",
                   "--site-dir", str(site)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
        if done.returncode != 0:
            pytest.exit(f"the site does not build:\n{done.stdout}{done.stderr}", returncode=1)
    _built["site"] = site
    return site


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path under the site's root ('' is the home page)."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        pages.append("" if folder == "." else f"{folder}/")
    if (site / "404.html").exists():
        pages.append("404.html")
    return pages


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`site_page` is each page of the built site in turn."""
    if "site_page" in metafunc.fixturenames:
        pages = site_pages(built_site())
        metafunc.parametrize("site_page", pages, ids=[page or "home" for page in pages])


def pytest_sessionfinish(session: pytest.Session) -> None:
    if "temporary" in _built:
        shutil.rmtree(_built.pop("temporary"), ignore_errors=True)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return built_site()


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The site's address, served under PREFIX, with the CSP header on scripts."""
    from scripts.serve_site import serve_in_background

    server, url = serve_in_background(site_dir, PREFIX, csp=True)
    yield url
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------------------------------------
# The browser, and pages that record what goes wrong


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: run `scripts/install --test` "
                    "as root, or `apt-get install chromium`, or set CHROMIUM", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page and everything recorded while it was open."""

    page: object  # playwright.sync_api.Page
    origin: str
    browser: object
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)  # errors and warnings, page and workers
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("() => window.__cspViolations || []")

    def worker_log(self) -> list[str]:
        """Errors and warnings the browser logged in this page's workers, CSP violations
        included: Playwright does not pass those on, and a worker has no init script, so we
        attach to each worker over CDP and ask for its log (Log.enable replays it)."""
        session = self.page.context.new_cdp_session(self.page)
        context_id = session.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
        session.detach()
        cdp = self.browser.new_browser_cdp_session()
        replies: list[dict] = []
        cdp.on("Target.receivedMessageFromTarget",
               lambda event: replies.append({**json.loads(event["message"]),
                                             "worker": event["sessionId"]}))
        workers = {}
        for target in cdp.send("Target.getTargets")["targetInfos"]:
            if target["type"] == "worker" and target.get("browserContextId") == context_id:
                attached = cdp.send("Target.attachToTarget",
                                    {"targetId": target["targetId"], "flatten": False})
                workers[attached["sessionId"]] = target["url"]
                cdp.send("Target.sendMessageToTarget", {
                    "sessionId": attached["sessionId"],
                    "message": json.dumps({"id": 1, "method": "Log.enable"})})
        for _ in range(250):  # the replay ends with the answer to Log.enable
            if sum(reply.get("id") == 1 for reply in replies) == len(workers):
                break
            self.page.wait_for_timeout(20)
        cdp.detach()
        return [
            f"{entry['level']} in {workers[reply['worker']]}: {entry['text']}"
            for reply in replies if reply.get("method") == "Log.entryAdded"
            for entry in [reply["params"]["entry"]] if entry["level"] in ("error", "warning")
        ]

    def other_origins(self) -> list[str]:
        """Requests to anywhere but the site's own origin (data: and blob: are not requests
        to a server, and the CSP governs them)."""
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:")) and _origin(url) != self.origin]

    def problems(self, javascript: bool = True) -> list[str]:
        """Everything that should never happen on any page, one line each."""
        found = [f"console {line}" for line in self.console]
        found += [f"page error: {line}" for line in self.page_errors]
        found += [f"failed request: {line}" for line in self.failed]
        found += [f"HTTP error: {line}" for line in self.bad_status]
        found += [f"request to another origin: {url}" for url in self.other_origins()]
        if javascript:
            found += [f"CSP violation: {line}" for line in self.csp_violations()]
            found += [f"worker log {line}" for line in self.worker_log()]
        return found


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def open_page(browser, site_url) -> Iterator[Callable[..., Visit]]:
    """open_page("boards/surrey/", base=..., javascript=..., before_goto=..., viewport=...,
    service_workers=False) -> Visit, in a new context (no cache or state shared with another
    test), closed after the test; before_goto(context, page) may set routes before the page is
    asked for. The offline service worker is blocked unless asked for: it would download the
    whole site (13 MB) into every test's fresh context; tests/browser/test_offline.py tests it."""
    contexts = []

    def open_(path: str = "", base: str | None = None, javascript: bool = True,
              before_goto: Callable | None = None, viewport: dict | None = None,
              service_workers: bool = False) -> Visit:
        base = base or site_url
        context = browser.new_context(java_script_enabled=javascript,
                                      viewport=viewport or {"width": 1280, "height": 720},
                                      service_workers="allow" if service_workers else "block")
        contexts.append(context)
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        page = context.new_page()
        visit = Visit(page, _origin(base), browser)
        record(context, page, visit)
        if before_goto:
            before_goto(context, page)
        page.goto(base + path)
        return visit

    yield open_
    for context in contexts:
        context.close()


def record(context, page, visit: Visit) -> None:
    """Every request (the workers' too: Playwright reports them on the context), console errors
    and warnings of the page and of its workers, uncaught errors, failures and HTTP errors."""
    context.on("request", lambda request: visit.requests.append(request.url))
    context.on("requestfailed", lambda request: record_failure(request, visit))
    context.on("response", lambda response: bad_status(response, visit))

    def console(source: str):
        def take(message) -> None:
            if message.text == PLAYWRIGHT_BLOCKED_SW:
                return
            if message.type in ("error", "warning"):
                visit.console.append(f"{message.type} in {source}: {message.text}")
        return take

    def worker(new) -> None:
        visit.workers.append(new.url)
        new.on("console", console(new.url))

    page.on("console", console("page"))
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("worker", worker)


def record_failure(request, visit) -> None:
    """A failed request is a problem, except the browser's own favicon fetch cut short by a
    reload or a navigation (net::ERR_ABORTED): the page asked for nothing that failed."""
    if request.failure == "net::ERR_ABORTED" and request.url.endswith("favicon.png"):
        return
    visit.failed.append(f"{request.url} ({request.failure})")


def bad_status(response, visit: Visit) -> None:
    if response.status >= 400:
        visit.bad_status.append(f"{response.status} {response.url}")


def fill_date(page, group: str, iso: str) -> None:
    """Fill a GOV.UK date group (day, month, year) in a page or frame from an ISO date."""
    year, month, day = iso.split("-")
    page.locator(f"#{group}-day").fill(str(int(day)))
    page.locator(f"#{group}-month").fill(str(int(month)))
    page.locator(f"#{group}-year").fill(year)


def wait_ready(page) -> None:
    # The API appears when the page's module has run, which can be after the HTML (an h1, the
    # form's place) is already there: wait for it, then for Python.
    page.wait_for_function("() => window.escalationCalculator !== undefined")
    page.evaluate(WAIT_READY)


def plan_all(page, inputs: list[dict]) -> list[dict]:
    return page.evaluate(PLAN_ALL, inputs)


def policies_with_new_boards(folder: Path, new_boards: dict[str, str]) -> Path:
    """`folder` filled as a board's officer would: the real board files (with the folders they
    name), plus each template copied in as a new board, {new id: template id}, its id changed."""
    source = ROOT / "policies"
    for path in source.glob("*"):
        if path.is_file():
            shutil.copy(path, folder / path.name)
    shutil.copytree(source / "sources", folder / "sources")
    (folder / "template").mkdir()
    shutil.copy(source / "template" / "exampleshire-logo.svg", folder / "template")
    for new_id, template_id in new_boards.items():
        text = (source / "template" / f"{template_id}.yaml").read_text(encoding="utf-8")
        (folder / f"{new_id}.yaml").write_text(
            text.replace(f"\nid: {template_id}\n", f"\nid: {new_id}\n", 1), encoding="utf-8")
    return folder


def board_data(policies: Path, board: str) -> dict:
    """A board file's data, as the command line reads it (it must pass `check`)."""
    from calculator.tools.checking import load_checked, load_schema

    problems, data = load_checked(policies / f"{board}.yaml", f"{board}.yaml",
                                  load_schema(policies))
    assert not problems, problems
    return data
