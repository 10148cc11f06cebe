"""The guide after one visit on a bad network, through a proxy in front of the site's server
that can add latency, never answer, or answer 503: the service worker waits for the network at
most NETWORK_TIMEOUT_MS, then shows the cached page (a 5xx counts as a failure), and offline an
unknown address at any depth gets the site's own 404 page, styled, with status 404."""

import http.client
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import PREFIX, RECORD_CSP_VIOLATIONS, wait_ready
from .test_offline import OFFLINE_READY

SW_SOURCE = Path(__file__).resolve().parents[2] / "scripts" / "sitegen" / "sw.js"
TIMEOUT_S = int(re.search(r"const NETWORK_TIMEOUT_MS = (\d+);",
                          SW_SOURCE.read_text(encoding="utf-8")).group(1)) / 1000
MARGIN_S = 2.0  # the page's own drawing, and a loaded machine: generous, never flaky
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}


class BadNetwork(ThreadingHTTPServer):
    """A reverse proxy on 127.0.0.1: mode "ok", "slow" (latency seconds first), "hang" (never
    answers until released) or "503"."""

    daemon_threads = True

    def __init__(self, upstream: str):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.mode = "ok"
        self.latency = 0.0
        self.released = threading.Event()

    def handle_error(self, request, client_address):  # a browser that gave up waiting
        pass


class ProxyHandler(BaseHTTPRequestHandler):
    server: BadNetwork

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        mode = self.server.mode
        if mode == "hang":
            self.server.released.wait(120)
            return
        if mode == "503":
            body = b"Service unavailable"
            self.send_response(503)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if mode == "slow":
            time.sleep(self.server.latency)
        upstream = http.client.HTTPConnection(*self.server.upstream, timeout=30)
        try:
            upstream.request("GET", self.path, headers={"Accept-Encoding": "identity"})
            answer = upstream.getresponse()
            body = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def network(site_url):
    proxy = BadNetwork(site_url)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    proxy.base = f"http://127.0.0.1:{proxy.server_address[1]}{PREFIX}"
    yield proxy
    proxy.released.set()
    proxy.shutdown()
    proxy.server_close()


@pytest.fixture(scope="module")
def visited(browser, network):
    """One visit, on a good network, to a board page: the service worker keeps the site."""
    context = browser.new_context(service_workers="allow")
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.goto(network.base + "boards/surrey/")
    wait_ready(page)
    page.evaluate(OFFLINE_READY)
    yield page
    context.close()


def styled(page) -> bool:
    """The theme's stylesheet applies (the header sticks to the top)."""
    return page.evaluate(
        "() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"


def timed_visit(page, url: str) -> tuple[float, object]:
    """Seconds from asking for the page to its heading on screen, styled; and the response."""
    page.goto("about:blank")
    start = time.monotonic()
    response = page.goto(url, wait_until="commit", timeout=30000)
    expect(page.locator("h1").first).to_be_visible(timeout=30000)
    assert styled(page)
    return time.monotonic() - start, response


@pytest.mark.parametrize(("mode", "board"), [("slow", "kent-medway"), ("hang", "surrey")])
def test_a_slow_or_silent_server_gives_the_cached_page_in_time(visited, network, mode, board):
    page = visited
    network.mode, network.latency = mode, 4.0
    try:
        seconds, response = timed_visit(page, network.base + f"boards/{board}/")
        expect(page.locator("h1").first).to_contain_text(board.split("-")[0].capitalize())
        print(f"\n{mode}: cached page in {seconds:.2f} s")
        assert TIMEOUT_S - 0.5 < seconds < TIMEOUT_S + MARGIN_S
        assert response.status == 200
        # Its calculator works too, from the same cache, without a wait per file.
        start = time.monotonic()
        wait_ready(page)
        print(f"{mode}: calculator ready {time.monotonic() - start:.2f} s after that")
    finally:
        network.mode = "ok"


def test_a_server_error_gives_the_cached_page(visited, network):
    page = visited
    network.mode = "503"
    try:
        seconds, response = timed_visit(page, network.base + "working-days/")
        print(f"\n503: cached page in {seconds:.2f} s")
        assert response.status == 200
        expect(page.locator("h1").first).to_contain_text("working days")
        assert seconds < MARGIN_S
        # A page that was never kept: the server's own answer, there being nothing better.
        answer = page.goto(network.base + "nothing-kept-here/")
        assert answer.status == 503
        expect(page.locator("body")).to_have_text("Service unavailable")
    finally:
        network.mode = "ok"


def test_offline_an_unknown_address_at_any_depth_gets_the_styled_404(visited, network):
    page = visited
    page.context.set_offline(True)
    try:
        missing = network.base + "a/b/c/"
        response = page.goto(missing)
        assert response.status == 404
        expect(page.locator("h1")).to_have_text("404 - Not found")
        assert styled(page)
        assert not page.evaluate("() => window.__cspViolations")
        links = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
        inside = [link for link in links if link.startswith(network.base)]
        assert inside and not [link for link in inside if link.startswith(missing)]
        page.locator("a.md-header__button.md-logo").click()
        expect(page).to_have_url(network.base)
        expect(page.locator("h1").first).to_contain_text("When professionals disagree")
    finally:
        page.context.set_offline(False)
