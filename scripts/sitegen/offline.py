"""The service worker that keeps the whole site, Pyodide included, for use offline: `sw.js` at
the site's root, written after every build with the list of every file and a version made from
their contents. A new build has a new version, so browsers install it afresh, fill a new cache
and delete the old one; nothing of an old build is ever mixed into a new one's cache.

The worker's code is sw.js, beside this module (network first with a short timeout, then the
cache; a styled 404 page offline); this module fills in its one line of data, the cache's name
and the files.
"""

import hashlib
import json
import re
from pathlib import Path

SW_NAME = "sw.js"
CACHE_PREFIX = "escalation-guide-"


def kept_offline(name: str) -> bool:
    """Everything a reader can use, not what only search engines (sitemaps), debuggers (source
    maps) or other languages' search (the theme's lunr language files) would, nor the `.gz` and
    `.br` copies the server sends in place of a file (the browser asks for the file itself)."""
    return not (name.startswith(("sitemap.xml", "assets/javascripts/lunr/"))
                or name.endswith((".map", ".gz", ".br")) or name == SW_NAME)


def site_files(site: Path) -> list[str]:
    """Every file of the built site worth keeping offline, site-relative, sorted."""
    names = (path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())
    return sorted(name for name in names if kept_offline(name))


def site_version(site: Path, files: list[str]) -> str:
    """A short hash of every file's path and bytes: any change to the site changes it."""
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256((site / name).read_bytes()).digest())
    return digest.hexdigest()[:16]


def page_address(name: str) -> str:
    """The address a page is asked for by: 'boards/surrey/' for 'boards/surrey/index.html'."""
    if name == "index.html":
        return "./"
    if name.endswith("/index.html"):
        return name[: -len("index.html")]
    return name


#: The service worker's code, a real JavaScript file; each build fills in its BUILD line.
SOURCE = Path(__file__).with_name("sw.js")
_BUILD_LINE = re.compile(r"^const BUILD = /\* build-data \*/ .*;$", re.M)


def service_worker(version: str, files: list[str]) -> str:
    """sitegen/sw.js with this build's cache name and files (their addresses) as its data."""
    data = {"cache": CACHE_PREFIX + version, "prefix": CACHE_PREFIX,
            "files": [page_address(name) for name in files]}
    source = SOURCE.read_text(encoding="utf-8")
    line = f"const BUILD = /* build-data */ {json.dumps(data, separators=(',', ':'))};"
    code, count = _BUILD_LINE.subn(lambda _: line, source)
    if count != 1:
        raise ValueError(f"{SOURCE} must have exactly one 'const BUILD = /* build-data */' line")
    return ("// Written by sitegen/offline.py from sitegen/sw.js on every build. Do not edit.\n"
            + code)


def write_service_worker(site: Path) -> str:
    """Write sw.js into a built site; returns the cache's name."""
    files = site_files(site)
    version = site_version(site, files)
    (site / SW_NAME).write_text(service_worker(version, files), encoding="utf-8")
    return CACHE_PREFIX + version
