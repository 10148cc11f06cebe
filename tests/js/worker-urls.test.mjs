// The worker's address says what it loads (docs/assets/js/worker-urls.js): every address under
// the site's root, whatever folder the site is in; nothing else can be made of it.
import assert from "node:assert/strict";
import { test } from "node:test";

import { urlsFrom } from "../../docs/assets/js/worker-urls.js";

const SITE = "https://council.example/safeguarding/escalation/";
const worker = (query) => `${SITE}assets/js/calculator-worker.js?${query}`;

test("a board page's worker: everything from the site's root, the board loaded at once", () => {
  assert.deepEqual(urlsFrom(worker("v=abc&pyodide=314.0.7&board=kent-medway")), {
    pyodide: `${SITE}pyodide/314.0.7/`,
    package: `${SITE}assets/calculator/calculator.zip?v=abc`,
    stdlib: `${SITE}assets/calculator/python_stdlib.zip?v=abc`,
    lock: `${SITE}assets/calculator/pyodide-lock.json?v=abc`,
    fullStdlib: `${SITE}pyodide/314.0.7/python_stdlib.zip`,
    schema: null,
    calendar: `${SITE}data/calendar.json?v=abc`,
    board: `${SITE}data/boards/`,
    preload: `${SITE}data/boards/kent-medway.json?v=abc`,
    version: "abc",
  });
});

test("the check page's worker names its own package and schema", () => {
  const urls = urlsFrom(worker("v=b&pyodide=1.2&package=assets/calculator/board-check.zip&schema=data/schema.json"));
  assert.equal(urls.package, `${SITE}assets/calculator/board-check.zip?v=b`);
  assert.equal(urls.schema, `${SITE}data/schema.json?v=b`);
  assert.equal(urls.preload, null);
});

test("an address that does not say which Pyodide starts nothing", () => {
  assert.equal(urlsFrom(worker("v=abc")), null);
  assert.equal(urlsFrom(worker("v=abc&pyodide=../../evil")), null);
});

test("nothing outside the site's folder can be named", () => {
  const urls = urlsFrom(worker("v=a&pyodide=1&board=../x&package=https://evil.example/x.zip&schema=../../etc"));
  assert.equal(urls.preload, null);
  assert.equal(urls.package, `${SITE}assets/calculator/calculator.zip?v=a`);
  assert.equal(urls.schema, null);
  for (const value of Object.values(urls)) {
    if (typeof value === "string" && value.startsWith("http")) assert.ok(value.startsWith(SITE), value);
  }
});
