"""The service worker that keeps the whole site, Pyodide included, for use offline: `sw.js` at
the site's root, written after every build with the list of every file and a version made from
their contents. A new build has a new version, so browsers install it afresh, fill a new cache
and delete the old one; nothing of an old build is ever mixed into a new one's cache.
"""

import hashlib
import json
from pathlib import Path

SW_NAME = "sw.js"
CACHE_PREFIX = "escalation-guide-"


def kept_offline(name: str) -> bool:
    """Everything a reader can use, not what only search engines (sitemaps), debuggers (source
    maps) or other languages' search (the theme's lunr language files) would."""
    return not (name.startswith(("sitemap.xml", "assets/javascripts/lunr/"))
                or name.endswith(".map") or name == SW_NAME)


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


def service_worker(version: str, files: list[str]) -> str:
    addresses = [page_address(name) for name in files]
    return _TEMPLATE.replace("__VERSION__", json.dumps(CACHE_PREFIX + version)).replace(
        "__PREFIX__", json.dumps(CACHE_PREFIX)).replace(
        "__FILES__", json.dumps(addresses, indent=0).replace("\n", ""))


def write_service_worker(site: Path) -> str:
    """Write sw.js into a built site; returns the cache's name."""
    files = site_files(site)
    version = site_version(site, files)
    (site / SW_NAME).write_text(service_worker(version, files), encoding="utf-8")
    return CACHE_PREFIX + version


_TEMPLATE = """\
// The escalation guide, offline: written by scripts/offline.py on every build. Do not edit.
// Installed from any page of the site once it has loaded (and its calculator is ready), it
// keeps every file of this build, Pyodide included, in a cache named after the build.
// Online, pages and data still come from the network (so they are never stale); offline, or
// when the network fails, they come from the cache. Pyodide's files never change for a version,
// so they always come from the cache once it has them.
const CACHE = __VERSION__;
const PREFIX = __PREFIX__;
const FILES = __FILES__;
const SCOPE = new URL(self.registration.scope);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Pyodide's versioned files may be in the browser's HTTP cache already (the calculator has
    // just loaded them); everything else is checked with the server.
    await Promise.all(FILES.map(async (file) => {
      const url = new URL(file, SCOPE);
      const immutable = file.startsWith("pyodide/");
      const response = await fetch(url, { cache: immutable ? "default" : "no-cache" });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      await cache.put(url, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // The calculator asks for its files with "?v=<build>": the cache holds one build only.
  return cache.match(request, { ignoreSearch: true });
}

async function networkThenCache(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const kept = await fromCache(request);
    if (kept) return kept;
    if (request.mode === "navigate") {
      const missing = await (await caches.open(CACHE)).match(new URL("404.html", SCOPE));
      if (missing) return missing;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href)) {
    return;
  }
  if (url.pathname.startsWith(`${SCOPE.pathname}pyodide/`)) {
    event.respondWith(fromCache(request).then((kept) => kept || fetch(request)));
  } else {
    event.respondWith(networkThenCache(request));
  }
});
"""
