// The escalation guide, offline: the service worker that scripts/sitegen/offline.py writes to the
// site's root as sw.js on every build, with this build's cache name and files in BUILD below.
// Installed from any page of the site once it has loaded (and its calculator is ready), it
// keeps every file of this build, Pyodide included, in a cache named after the build.
//
// Pages, CSS, JavaScript and data: network first, so they are never stale, but never waiting
// more than NETWORK_TIMEOUT_MS for it. When the network fails, answers with a server error
// (5xx), or has not answered in time, the cached copy is served (with no cached copy, the
// network's answer, whenever it comes). A page served from the cache gets its own files from
// the same cache at once: they are the same build, and a slow network is not asked again for
// each of them. Pyodide's versioned files never change: cache first. A page that is neither on
// the network nor in the cache gets the site's 404 page, styled, with status 404.
"use strict";

/** How long the network has to answer before a cached copy is served instead. */
const NETWORK_TIMEOUT_MS = 3000;

// Replaced by scripts/sitegen/offline.py with the build's cache name, cache prefix and file list.
const BUILD = /* build-data */ { cache: "escalation-guide-dev", prefix: "escalation-guide-", files: [] };

const SCOPE = new URL(self.registration.scope);
const NOT_FOUND_PAGE = new URL("404.html", SCOPE).href;

/** Clients (pages, and the workers they start) whose document came from the cache. */
const fromCacheClients = new Set();

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(BUILD.cache);
    // Pyodide's versioned files may be in the browser's HTTP cache already (the calculator has
    // just loaded them); everything else is checked with the server.
    await Promise.all(BUILD.files.map(async (file) => {
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
      if (name.startsWith(BUILD.prefix) && name !== BUILD.cache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromCache(request) {
  const cache = await caches.open(BUILD.cache);
  // The calculator asks for its files with "?v=<build>": the cache holds one build only.
  return cache.match(request, { ignoreSearch: true });
}

/** The site's 404 page for any address: a <base> for the site's root keeps its relative links,
 * styles and scripts working at any depth (a JSON settings block is not a script, so the page's
 * CSP hashes still hold). */
async function notFoundPage() {
  const kept = await (await caches.open(BUILD.cache)).match(NOT_FOUND_PAGE);
  if (!kept) return null;
  const base = `<base href="${SCOPE.href}">`;
  let text = await kept.text();
  text = text.replace(/(<head[^>]*>(?:<meta http-equiv="Content-Security-Policy"[^>]*>)?)/i,
                      `$1${base}`);
  text = text.replace('"base": "."', `"base": ${JSON.stringify(SCOPE.href)}`);
  return new Response(text, {
    status: 404, statusText: "Not Found", headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

function failed(response) {
  return response.status >= 500;
}

/** The network's answer, or null if it has not come within NETWORK_TIMEOUT_MS. */
function withinTimeout(answer) {
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(null), NETWORK_TIMEOUT_MS); });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

async function networkThenCache(event) {
  const request = event.request;
  const network = fetch(request);
  network.catch(() => {}); // it may fail after the cached copy has been served
  let response = null;
  let error = null;
  try {
    response = await withinTimeout(network);
  } catch (caught) {
    error = caught;
  }
  if (response && !failed(response)) return response;
  const kept = await fromCache(request);
  if (kept) {
    if (event.resultingClientId) fromCacheClients.add(event.resultingClientId);
    return kept;
  }
  if (!response && !error) {
    // Slow, and nothing kept: the network's answer is the only one there is.
    try {
      response = await network;
    } catch (caught) {
      error = caught;
    }
  }
  if (response) return response; // including a 5xx: there is nothing better to show
  if (request.mode === "navigate") {
    const missing = await notFoundPage();
    if (missing) {
      if (event.resultingClientId) fromCacheClients.add(event.resultingClientId);
      return missing;
    }
  }
  throw error;
}

async function cacheThenNetwork(event) {
  const kept = await fromCache(event.request);
  if (kept) {
    // A worker started by a page from the cache is of the same build: the same for its files.
    if (event.resultingClientId) fromCacheClients.add(event.resultingClientId);
    return kept;
  }
  return fetch(event.request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href)) {
    return;
  }
  const sameBuild = request.mode !== "navigate" && fromCacheClients.has(event.clientId);
  if (url.pathname.startsWith(`${SCOPE.pathname}pyodide/`) || sameBuild) {
    event.respondWith(cacheThenNetwork(event));
  } else {
    event.respondWith(networkThenCache(event));
    if (request.mode === "navigate" && fromCacheClients.size) event.waitUntil(forgetGoneClients());
  }
});

/** Forget the clients that have gone (each reload or visit is a new client). */
async function forgetGoneClients() {
  const live = new Set((await self.clients.matchAll({ type: "all" })).map((client) => client.id));
  for (const id of fromCacheClients) if (!live.has(id)) fromCacheClients.delete(id);
}
