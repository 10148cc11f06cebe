"""scripts/serve_site.py: the static server the browser tests and the benchmark use. It serves
the site only under its sub-folder (as a council's host would), sends the address without it on
to it, gives `.wasm` its type, and sends the CSP header on scripts only."""

import http.client
from urllib.parse import urlsplit

import pytest

from scripts.csp import SITE_POLICY
from scripts.serve_site import normal_prefix, serve_in_background

PREFIX = "/safeguarding/escalation/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("site")
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (tmp_path / "boards").mkdir()
    (tmp_path / "boards" / "index.html").write_text("<p>boards</p>", encoding="utf-8")
    for name, content in {"app.js": b"1;", "mod.mjs": b"2;", "python.wasm": b"\0asm",
                          "style.css": b"p{}", "data.json": b"{}"}.items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.fixture(scope="module")
def served(site):
    """(host, port) of the site served under PREFIX; stopped after these tests."""
    server, url = serve_in_background(site, PREFIX, csp=True)
    assert url.endswith(PREFIX)
    yield urlsplit(url).hostname, urlsplit(url).port
    server.shutdown()
    server.server_close()


def get(served, path: str) -> http.client.HTTPResponse:
    host, port = served
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_the_site_is_served_under_the_prefix(served):
    response = get(served, PREFIX)
    assert response.status == 200 and response.body == b"<p>home</p>"
    assert get(served, PREFIX + "boards/").body == b"<p>boards</p>"
    assert get(served, PREFIX + "app.js?v=123").body == b"1;"


@pytest.mark.parametrize("path", ["/index.html", "/app.js", "/boards/", "/safeguarding/app.js",
                                  "/safeguarding/escalationX/app.js"])
def test_nothing_is_served_outside_the_prefix(served, path):
    assert get(served, path).status == 404


@pytest.mark.parametrize("path", ["/", PREFIX.rstrip("/")])
def test_the_root_and_the_bare_folder_go_to_the_prefix(served, path):
    response = get(served, path)
    assert response.status == 302
    assert response.getheader("Location") == PREFIX


@pytest.mark.parametrize(("name", "mime"), [
    ("python.wasm", "application/wasm"), ("app.js", "text/javascript"),
    ("mod.mjs", "text/javascript"), ("data.json", "application/json"), ("style.css", "text/css"),
])
def test_types(served, name, mime):
    assert get(served, PREFIX + name).getheader("Content-Type") == mime


def test_the_csp_header_is_on_scripts_only(served):
    for name in ("app.js", "mod.mjs", "app.js?v=1"):
        assert get(served, PREFIX + name).getheader("Content-Security-Policy") == SITE_POLICY
    for path in ("", "boards/", "python.wasm", "style.css", "data.json"):
        assert get(served, PREFIX + path).getheader("Content-Security-Policy") is None, path


def test_no_csp_header_unless_asked(site):
    server, url = serve_in_background(site, "/", csp=False)
    try:
        parts = urlsplit(url)
        response = get((parts.hostname, parts.port), "/app.js")
        assert response.status == 200
        assert response.getheader("Content-Security-Policy") is None
    finally:
        server.shutdown()
        server.server_close()


def test_served_at_the_root_needs_no_redirect(site):
    server, url = serve_in_background(site, "/", csp=True)
    try:
        parts = urlsplit(url)
        assert url.endswith(f":{parts.port}/")
        assert get((parts.hostname, parts.port), "/").status == 200
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("given", "normal"), [
    ("/a/b", "/a/b/"), ("a/b/", "/a/b/"), ("", "/"), ("/", "/"), ("//x//", "/x/")])
def test_normal_prefix(given, normal):
    assert normal_prefix(given) == normal
