// What the calculator's worker loads, read from its own address (calculator-worker.js says
// what the address holds). No DOM and no worker globals: the unit tests (tests/js/) import it.
// Only names and site paths are taken from the address, so it can never point elsewhere.

const SAFE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const SAFE_PATH = /^[a-z0-9][a-z0-9./-]*$/;

/** What to load, from the worker's own address, or null if it does not say. */
export function urlsFrom(address) {
  const own = new URL(address);
  const query = own.searchParams;
  const version = query.get("pyodide");
  if (!version || !SAFE_PATH.test(version) || version.includes("..")) return null;
  const root = new URL("../../", own); // this file is assets/js/calculator-worker.js
  const build = query.get("v");
  const at = (path, versioned = true) => {
    const url = new URL(path, root);
    if (versioned && build) url.searchParams.set("v", build);
    return url.href;
  };
  const path = (name, fallback) => {
    const given = query.get(name);
    return given && SAFE_PATH.test(given) && !given.includes("..") ? given : fallback;
  };
  const board = query.get("board");
  const schema = path("schema", null);
  return {
    pyodide: at(`pyodide/${version}/`, false),
    package: at(path("package", "assets/calculator/calculator.zip")),
    stdlib: at("assets/calculator/python_stdlib.zip"),
    lock: at("assets/calculator/pyodide-lock.json"),
    fullStdlib: at(`pyodide/${version}/python_stdlib.zip`, false),
    schema: schema ? at(schema) : null,
    calendar: at("data/calendar.json"),
    board: at("data/boards/", false),
    preload: board && SAFE_NAME.test(board) ? at(`data/boards/${board}.json`) : null,
    version: build,
  };
}
