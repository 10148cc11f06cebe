"""The For boards page's server settings, run as they are in Debian's real nginx and Apache: the
snippets are taken from docs/for-boards.md itself (scripts/publish.py, the code that puts them
in the upload zip), so the page cannot drift from what works. Each server serves the built site
from a sub-folder, /safeguarding/escalation/, as a council's website would, and is checked for
file types, compression, caching, status codes and a board page's calculator in Chromium.

Also the path with no server settings at all (GitHub Pages, Netlify style): Python's plain
`http.server`, which knows nothing of this site.

The servers are children of this test module (no system service), on free ports of 127.0.0.1,
stopped at the end. `scripts/install --test` installs nginx and apache2 when run as root; without
them their tests are skipped, saying so.
"""

import contextlib
import functools
import gzip
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scripts.publish import server_snippets
from tests.browser.conftest import PREFIX, plan_all, wait_ready

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
APACHE_ENABLED = Path("/etc/apache2/mods-enabled")
NGINX_TYPES = Path("/etc/nginx/mime.types")
#: The modules the For boards page asks for, which Debian does not enable by itself.
ASKED_FOR = ("headers", "rewrite")
YEAR = "public, max-age=31536000, immutable"
PLAN = {"board": "kent-medway", "raised": "2025-04-17", "agency": "police",
        "started": {"2": "2025-04-24"}, "agreed": {}, "today": "2025-04-28"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped ({process.returncode}):\n"
                        f"{log.read_text(errors='replace') if log.exists() else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    pytest.fail(f"the server did not listen on {port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def readable(path: Path) -> None:
    """Servers started as root read the files as their own user (nobody, www-data)."""
    path.chmod(0o755)


# ---------------------------------------------------------------------------------------------
# The site in a web root's sub-folder, with the .htaccess where the page says to put it


@pytest.fixture(scope="module")
def snippets() -> dict[str, str]:
    return server_snippets()


@pytest.fixture(scope="module")
def web_root(site_dir, snippets) -> Path:
    root = Path(tempfile.mkdtemp(prefix="escalation-www-"))
    readable(root)
    folder = root / PREFIX.strip("/")
    folder.parent.mkdir(parents=True)
    readable(folder.parent)
    shutil.copytree(site_dir, folder)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (folder / ".htaccess").write_text(snippets["apache-htaccess"], encoding="utf-8")
    (folder / ".htaccess").chmod(0o644)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def site_files(site_dir) -> dict[str, str]:
    """A file of each type the checks need, site-relative, found in the build."""
    pyodide = next(site_dir.glob("pyodide/*/pyodide.asm.wasm")).parent.relative_to(site_dir)
    css = next(site_dir.glob("assets/stylesheets/main.*.min.css")).relative_to(site_dir)
    runtime = pyodide.as_posix()
    return {
        "html": "boards/surrey/", "css": css.as_posix(), "js": "assets/js/escalation.js",
        "mjs": f"{runtime}/pyodide.mjs", "wasm": f"{runtime}/pyodide.asm.wasm",
        "json": f"{runtime}/pyodide-lock.json",
    }


TYPES = {"html": {"text/html"}, "css": {"text/css"},
         "js": {"text/javascript", "application/javascript"},
         "mjs": {"text/javascript", "application/javascript"},
         "wasm": {"application/wasm"}, "json": {"application/json"}}


# ---------------------------------------------------------------------------------------------
# The servers


def nginx_server(web_root: Path, snippet: str) -> tuple[subprocess.Popen, str, Path]:
    if not os.access(NGINX, os.X_OK):
        pytest.skip("nginx is not installed: scripts/install --test installs it when run as root")
    work = Path(tempfile.mkdtemp(prefix="escalation-nginx-"))
    # The page's `include mime.types;` is relative to the settings' folder, /etc/nginx on Debian.
    (work / "mime.types").symlink_to(NGINX_TYPES)
    (work / "escalation.conf").write_text(snippet, encoding="utf-8")
    port = free_port()
    temp = "\n".join(f"  {kind}_temp_path {work}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # The http block as Debian's /etc/nginx/nginx.conf has it; the server as its default site.
    (work / "nginx.conf").write_text(f"""
worker_processes 1;
events {{ worker_connections 64; }}
http {{
  sendfile on;
  include {NGINX_TYPES};
  default_type application/octet-stream;
  gzip on;
  access_log off;
{temp}
  server {{
    listen 127.0.0.1:{port};
    root {web_root};
    index index.html;
    include {work}/escalation.conf;
  }}
}}
""", encoding="utf-8")
    log = work / "error.log"
    process = subprocess.Popen(
        [NGINX, "-p", str(work), "-e", str(log), "-c", str(work / "nginx.conf"),
         "-g", f"daemon off; pid {work}/nginx.pid; error_log {log};"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    wait_listening(port, process, log)
    return process, f"http://127.0.0.1:{port}{PREFIX}", work


def apache_server(web_root: Path, modules: bool) -> tuple[subprocess.Popen, str, Path]:
    if not os.access(APACHE, os.X_OK):
        pytest.skip("apache2 is not installed: scripts/install --test installs it when run as "
                    "root")
    work = Path(tempfile.mkdtemp(prefix="escalation-apache-"))
    readable(work)
    port = free_port()
    # Debian's default modules, as /etc/apache2/mods-enabled has them after installing apache2
    # (less the two the page asks for, if an administrator has enabled them here), then those
    # two, or not.
    enabled = [path for path in sorted(APACHE_ENABLED.glob("*.load"))
               if path.stem not in ASKED_FOR]
    lines = [f"Include {path}" for path in enabled]
    lines += [f"Include {path.with_suffix('.conf')}" for path in enabled
              if path.with_suffix(".conf").exists()]
    if modules:
        lines += [f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in ASKED_FOR]
    user = "User www-data\nGroup www-data" if os.getuid() == 0 else ""
    # What Debian's apache2.conf and default site say that matters here.
    (work / "apache2.conf").write_text("\n".join([
        f"ServerRoot {work}", f"DefaultRuntimeDir {work}", f"PidFile {work}/apache2.pid",
        f"Mutex file:{work} default", f"ErrorLog {work}/error.log", "LogLevel warn",
        f"Listen 127.0.0.1:{port}", "ServerName 127.0.0.1", user, *lines,
        "AccessFileName .htaccess",
        '<FilesMatch "^\\.ht">\n  Require all denied\n</FilesMatch>',
        "<Directory />\n  Options FollowSymLinks\n  AllowOverride None\n  Require all denied\n"
        "</Directory>",
        f"DocumentRoot {web_root}",
        # Debian's /var/www settings, with the one line the page asks for.
        f"<Directory {web_root}/>\n  Options Indexes FollowSymLinks\n  AllowOverride FileInfo\n"
        "  Require all granted\n</Directory>", ""]), encoding="utf-8")
    log = work / "error.log"
    process = subprocess.Popen([APACHE, "-f", str(work / "apache2.conf"), "-DFOREGROUND"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               start_new_session=True)
    wait_listening(port, process, log)
    return process, f"http://127.0.0.1:{port}{PREFIX}", work


#: server name -> what the page promises there.
SERVERS = {
    # nginx, with the page's location block.
    "nginx": {"compressed": {"wasm", "html", "js", "mjs", "json", "css"}, "cache": True},
    # Apache with the page's .htaccess and the modules it asks for.
    "apache": {"compressed": {"wasm", "html", "js", "mjs", "json", "css"}, "cache": True},
    # Apache with the .htaccess but without mod_headers and mod_rewrite (Debian's default):
    # nothing breaks, pages and Pyodide are compressed on the fly, no caching headers.
    "apache-bare": {"compressed": {"wasm", "html", "js", "mjs", "json", "css"}, "cache": False},
    # No settings at all: Python's plain http.server.
    "plain": {"compressed": set(), "cache": False},
}


@pytest.fixture(scope="module")
def servers(web_root, snippets):
    """name -> base address; each started when first asked for, all stopped at the end."""
    started: dict[str, str] = {}
    processes: list[tuple[subprocess.Popen, Path]] = []
    plain: list[ThreadingHTTPServer] = []

    def start(name: str) -> str:
        if name in started:
            return started[name]
        if name == "plain":
            handler = functools.partial(QuietHandler, directory=str(web_root))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            plain.append(server)
            started[name] = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
            return started[name]
        if name == "nginx":
            process, url, work = nginx_server(web_root, snippets["nginx-location"])
        else:
            process, url, work = apache_server(web_root, modules=name == "apache")
        processes.append((process, work))
        started[name] = url
        return url

    yield start
    for process, work in processes:
        stop(process)
        shutil.rmtree(work, ignore_errors=True)
    for server in plain:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    """Python's own static server, as it is: only its log is kept quiet."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def get(url: str, encoding: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """(status, headers, body as sent: not decompressed)."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    connection = http.client.HTTPConnection(host, timeout=30)
    headers = {"Accept-Encoding": encoding} if encoding else {"Accept-Encoding": "identity"}
    connection.request("GET", "/" + path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def original(site_dir: Path, name: str) -> bytes:
    path = site_dir / name
    return (path / "index.html" if path.is_dir() else path).read_bytes()


# ---------------------------------------------------------------------------------------------
# The snippets themselves


def test_the_page_has_each_snippet_once(snippets):
    assert set(snippets) == {"nginx-location", "apache-htaccess"}
    nginx = snippets["nginx-location"]
    # A types block in a location replaces nginx's whole list unless the list is included too.
    assert nginx.index("include mime.types;") < nginx.index("types {")
    apache = snippets["apache-htaccess"]
    for line in apache.splitlines():
        if line.strip().startswith(("Header ", "Rewrite")):
            assert "<IfModule" in apache[:apache.index(line)], line


# ---------------------------------------------------------------------------------------------
# Through each server


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request, servers) -> tuple[str, str]:
    return request.param, servers(request.param)


def test_types_and_status(server, site_files):
    name, base = server
    for kind, path in site_files.items():
        status, headers, _ = get(base + path, "gzip")
        assert status == 200, (name, path)
        sent = headers.get("Content-Type", "").split(";")[0].strip()
        assert sent in TYPES[kind], (name, path, sent)
    assert get(base + "no-such-page/")[0] == 404
    assert get(base + "data/no-such-file.json")[0] == 404


def test_compression(server, site_dir, site_files):
    name, base = server
    for kind, path in site_files.items():
        status, headers, body = get(base + path, "gzip, deflate")
        assert status == 200
        if kind in SERVERS[name]["compressed"]:
            assert headers.get("Content-Encoding") == "gzip", (name, path)
            assert gzip.decompress(body) == original(site_dir, path), (name, path)
            assert "accept-encoding" in headers.get("Vary", "").lower(), (name, path)
        else:
            assert headers.get("Content-Encoding") is None, (name, path)
            assert body == original(site_dir, path)
        # Without gzip in Accept-Encoding, the file as it is.
        status, headers, body = get(base + path)
        assert headers.get("Content-Encoding") is None, (name, path)
        assert body == original(site_dir, path), (name, path)


def test_cache_headers(server, site_files):
    name, base = server
    for kind, path in site_files.items():
        _, headers, _ = get(base + path, "gzip")
        sent = headers.get("Cache-Control")
        if not SERVERS[name]["cache"]:
            assert sent is None, (name, path)
        elif path.startswith("pyodide/"):
            assert sent == YEAR, (name, path)
        else:
            assert sent == "no-cache", (name, path, kind)


def test_the_calculator_works(server, open_page):
    name, base = server
    visit = open_page("boards/kent-medway/", base=base)
    wait_ready(visit.page)
    [answer] = plan_all(visit.page, [PLAN])
    assert answer["ok"]["current_stage"] == 2, (name, answer)
    assert visit.problems() == [], name


def test_the_old_nginx_block_is_caught(web_root, site_files):
    """What the page used to say (a types block in a location, alone) sent every page as
    application/octet-stream: the same checks would have failed on it."""
    old = """location /safeguarding/escalation/ {
    types { application/wasm wasm; text/javascript mjs js; }
    add_header Cache-Control "no-cache";
}
"""
    process, base, work = nginx_server(web_root, old)
    try:
        _, headers, _ = get(base + site_files["html"])
        assert headers.get("Content-Type") == "application/octet-stream"
        _, headers, _ = get(base + site_files["css"])
        assert headers.get("Content-Type") == "application/octet-stream"
    finally:
        stop(process)
        shutil.rmtree(work, ignore_errors=True)
