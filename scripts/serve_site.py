"""Serve the built site on localhost, optionally under a sub-folder, like a static host would.

    python -m scripts.serve_site [--port 8000] [--prefix /safeguarding/escalation/] [--dir site]

The same server runs the browser tests and the benchmark. It sends the right type for `.wasm`
and `.mjs` (which Python 3.11's tables lack) and, with `--csp`, the site's Content-Security-Policy
as a header on scripts, so that the Web Worker (which a page's meta tag does not cover) is held
to it as strictly as the pages are. Like nginx's `gzip_static`, it sends a file's pre-compressed
copy (`name.br` or `name.gz`, written by the build) when the request's Accept-Encoding allows it,
with the file's own type, `Content-Encoding` and `Vary: Accept-Encoding`: the bytes a phone
downloads from a host set up as the For boards page says.
"""

import argparse
import contextlib
import email.utils
import functools
import os
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from scripts.sitegen.compress import SUFFIXES
from scripts.sitegen.csp import SITE_POLICY

EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".webmanifest": "application/manifest+json",
}


def normal_prefix(prefix: str) -> str:
    """'/a/b' -> '/a/b/'; '' or '/' -> '/'."""
    stripped = prefix.strip("/")
    return f"/{stripped}/" if stripped else "/"


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings an Accept-Encoding header allows ('gzip;q=0' refuses gzip)."""
    accepted, refused, star = set(), set(), False
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        token = token.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if token == "*":
            star = quality > 0
        elif token:
            (accepted if quality > 0 else refused).add(token)
    if star:
        accepted |= set(SUFFIXES) - refused
    return accepted


def fresh_copy(path: str, copy: str) -> bool:
    """A compressed copy is sent only if it is not older than its file: a file changed after
    the build (as some tests do) is sent as it now is, never as its stale copy."""
    try:
        return os.stat(copy).st_mtime >= os.stat(path).st_mtime
    except OSError:
        return False


class SiteHandler(SimpleHTTPRequestHandler):
    # HTTP/1.1 keeps connections open, as every web server a council runs does: a page's many
    # small files then cost no new connection each (every response says its length).
    protocol_version = "HTTP/1.1"
    prefix = "/"
    send_csp = False
    server_log = True
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES,
    }

    def log_message(self, format: str, *args: object) -> None:
        if self.server_log:
            super().log_message(format, *args)

    def translate_path(self, path: str) -> str:
        # Only paths under the prefix exist; everything else is a 404, as on a council's host.
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / ".not-under-prefix" / "missing")
        return super().translate_path("/" + clean[len(self.prefix):])

    def do_GET(self) -> None:
        if self.prefix != "/" and self.path in ("/", "", self.prefix.rstrip("/")):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def send_head(self):
        """A file's pre-compressed copy when there is one and the client accepts it; else as
        SimpleHTTPRequestHandler does (which also sends directories on to their index.html)."""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to "folder/"
            path = os.path.join(path, "index.html")
        siblings = [(encoding, path + suffix) for encoding, suffix in SUFFIXES.items()
                    if fresh_copy(path, path + suffix)]
        self.vary = bool(siblings) and os.path.isfile(path)
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        chosen = next(((encoding, sibling) for encoding, sibling in siblings
                       if encoding in accepted), None)
        if chosen is None or not os.path.isfile(path):
            return super().send_head()
        encoding, sibling = chosen
        original = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since and not self.headers.get("If-None-Match"):
            with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
                when = email.utils.parsedate_to_datetime(since)
                if int(original.st_mtime) <= when.timestamp():
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.end_headers()
                    return None
        try:
            file = open(sibling, "rb")  # noqa: SIM115 (closed by copyfile's caller, as upstream)
        except OSError:
            return super().send_head()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(os.fstat(file.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(int(original.st_mtime)))
        self.end_headers()
        return file

    def end_headers(self) -> None:
        if getattr(self, "vary", False):
            self.send_header("Vary", "Accept-Encoding")
            self.vary = False
        if self.send_csp and self.path.split("?", 1)[0].endswith((".js", ".mjs")):
            self.send_header("Content-Security-Policy", SITE_POLICY)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


class SiteServer(ThreadingHTTPServer):
    quiet = False

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that closes a connection mid-file (a closed tab) is not an error here.
        if self.quiet or isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(
    directory: Path, port: int = 0, prefix: str = "/", csp: bool = False, log: bool = True
) -> ThreadingHTTPServer:
    handler = type("Handler", (SiteHandler,), {
        "prefix": normal_prefix(prefix), "send_csp": csp, "server_log": log,
    })
    server = SiteServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
    server.quiet = not log
    return server


def serve_in_background(directory: Path, prefix: str = "/", csp: bool = True) -> tuple[
        ThreadingHTTPServer, str]:
    """Start a quiet server on a free port; returns it and the site's address."""
    server = make_server(directory, 0, prefix, csp, log=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}{normal_prefix(prefix)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("site"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/", help="serve the site under this sub-folder")
    parser.add_argument("--csp", action="store_true", help="send the CSP as a header too")
    args = parser.parse_args(argv)
    if not (args.dir / "index.html").exists():
        print(f"serve: no built site in {args.dir}/ (run scripts/build)", file=sys.stderr)
        return 1
    server = make_server(args.dir, args.port, args.prefix, args.csp)
    host, port = server.server_address[:2]
    address = f"http://{host}:{port}{normal_prefix(args.prefix)}"
    print(f"Serving {args.dir}/ at {address}  (Ctrl+C stops)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
