"""scripts/serve_site.py: the static server the browser tests and the benchmark use. It serves
the site only under its sub-folder (as a council's host would), sends the address without it on
to it, gives `.wasm` its type, sends the CSP header on scripts only, and sends a file's
pre-compressed copy (`.br`, `.gz`) when the request accepts it, as nginx's gzip_static does."""

import gzip
import http.client
import os
from urllib.parse import urlsplit

import pytest

from scripts.serve_site import accepted_encodings, normal_prefix, serve_in_background
from scripts.sitegen.csp import SITE_POLICY

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
    # Pre-compressed copies, as the build writes them (brotli stands in: only the name matters).
    (tmp_path / "python.wasm.gz").write_bytes(gzip.compress(b"\0asm", mtime=0))
    (tmp_path / "python.wasm.br").write_bytes(b"brotli-wasm")
    (tmp_path / "boards" / "index.html.gz").write_bytes(gzip.compress(b"<p>boards</p>", mtime=0))
    return tmp_path


@pytest.fixture(scope="module")
def served(site):
    """(host, port) of the site served under PREFIX; stopped after these tests."""
    server, url = serve_in_background(site, PREFIX, csp=True)
    assert url.endswith(PREFIX)
    yield urlsplit(url).hostname, urlsplit(url).port
    server.shutdown()
    server.server_close()


def get(served, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    host, port = served
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", path, headers=headers or {})
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


def test_one_connection_carries_every_kind_of_answer(served):
    """HTTP/1.1, as real servers: a page, a redirect, a compressed copy and a 304 one after
    another on the same connection, each answer whole (its length said, or none). An error
    (404) closes it, as http.server does; the client opens another."""
    host, port = served
    connection = http.client.HTTPConnection(host, port, timeout=10)
    asked = [("/", {}, 302), (PREFIX + "app.js", {}, 200), ("/elsewhere", {}, 404),
             (PREFIX + "python.wasm", {"Accept-Encoding": "gzip"}, 200),
             (PREFIX + "python.wasm", {"Accept-Encoding": "gzip",
                                       "If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}, 304),
             (PREFIX + "boards/", {}, 200)]
    seen = []
    for path, headers, _ in asked:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.version == 11, path
        assert response.will_close == (response.status >= 400), path
        seen.append(response.status)
    connection.close()
    assert seen == [status for _, _, status in asked]


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


@pytest.mark.parametrize(("accept", "encoding", "body"), [
    (None, None, b"\0asm"),
    ("identity", None, b"\0asm"),
    ("gzip, deflate", "gzip", gzip.compress(b"\0asm", mtime=0)),
    ("gzip, deflate, br, zstd", "br", b"brotli-wasm"),
    ("br;q=0, gzip", "gzip", gzip.compress(b"\0asm", mtime=0)),
    ("*", "br", b"brotli-wasm"),
    ("*, br;q=0", "gzip", gzip.compress(b"\0asm", mtime=0)),
    ("gzip;q=0", None, b"\0asm"),
])
def test_the_compressed_copy_is_sent_when_accepted(served, accept, encoding, body):
    response = get(served, PREFIX + "python.wasm?v=1", {"Accept-Encoding": accept} if accept
                   else None)
    assert response.status == 200 and response.body == body
    assert response.getheader("Content-Encoding") == encoding
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert response.getheader("Content-Length") == str(len(body))
    assert response.getheader("Cache-Control") == "no-cache"


def test_a_folder_gets_its_pages_copy(served):
    response = get(served, PREFIX + "boards/", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(response.body) == b"<p>boards</p>"
    assert response.getheader("Content-Type") == "text/html"
    assert get(served, PREFIX + "boards", {"Accept-Encoding": "gzip"}).status == 301


def test_a_file_without_a_copy_has_no_vary(served):
    response = get(served, PREFIX + "style.css", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") is None and response.getheader("Vary") is None


def test_a_compressed_copy_is_revalidated(served):
    first = get(served, PREFIX + "python.wasm", {"Accept-Encoding": "gzip"})
    again = get(served, PREFIX + "python.wasm", {
        "Accept-Encoding": "gzip", "If-Modified-Since": first.getheader("Last-Modified")})
    assert again.status == 304 and again.body == b""


@pytest.mark.parametrize(("header", "accepted"), [
    (None, set()), ("", set()), ("gzip", {"gzip"}), ("GZIP ; q=0.5, br", {"gzip", "br"}),
    ("gzip;q=0", set()), ("*;q=0", set()), ("*", {"gzip", "br"}), ("gzip;q=x", set()),
])
def test_accepted_encodings(header, accepted):
    assert accepted_encodings(header) == accepted


def test_a_stale_copy_is_not_sent(site, served):
    (site / "fresh.json").write_bytes(b"{}")
    (site / "fresh.json.gz").write_bytes(gzip.compress(b"{}", mtime=0))
    assert get(served, PREFIX + "fresh.json", {"Accept-Encoding": "gzip"}).getheader(
        "Content-Encoding") == "gzip"
    later = (site / "fresh.json.gz").stat().st_mtime + 10
    (site / "fresh.json").write_bytes(b'{"new": 1}')  # changed after the build
    os.utime(site / "fresh.json", (later, later))
    response = get(served, PREFIX + "fresh.json", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") is None and response.body == b'{"new": 1}'
