// The calculator's Web Worker: loads Pyodide and the `calculator` package from this site (never
// another origin), then answers plan requests with the same Python code as the command line.
// It starts on its own, as soon as it runs: its address (the calculator's place in the page has
// it, scripts/sitegen/data.py; the page passes it as the worker's name too) says what to load:
// ?v=<build>&pyodide=<version>, and &board=<id> (a board to load at once), &package=<path> and
// &schema=<path> (the "Check a board file" page's larger zip and the board files' schema), paths
// from the site's root, two folders up.
// Messages in: {type: "start", boardIds} (the site's boards, once the page has read them; the
// calculator waits for them only at its very last step); then {type, id, json}, where json is
// the JSON text of the request's payload: for "plan", {request} (the plan only); for "details",
// {request, pageUrl} (the plan with its checklist, record, calendar and summary for the Board);
// for "calendar", {request, calendar, pageUrl} (the calendar file again with its own options:
// calendar is {case_reference, include_past}, never part of the request nor of the link); for
// "record_text", {record, values, pageUrl}; for "check" (the "Check a board file" page),
// {text, name, today}. The standard library it loads is the compiled, trimmed one; Pyodide's
// whole one is fetched only if a module is missing from it (calculator/stdlib_fallback.py).
// Messages out: {type: "progress", step, of, label}, {type: "ready"}, {type: "failed", message},
// {type: "answer", id, json} (the JSON text Python answered: {plan}, {error, field}, {text}...)
// or {type: "answer", id, failed} (one line) when the worker itself could not answer, and
// {type: "unreadable"} for a message that could not be read. Only text and numbers cross, so
// nothing can fail to be copied between the page and the worker.
import { urlsFrom } from "./worker-urls.js";

const STEPS = ["Starting Python", "Loading the calculator", "Getting ready"];
let service = null;
let started = null;

function progress(step) {
  postMessage({ type: "progress", step: step + 1, of: STEPS.length, label: STEPS[step] });
}

async function fetchOk(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return as === "bytes" ? new Uint8Array(await response.arrayBuffer()) : response.text();
}

/** Where Pyodide put the standard library it was given: the zip on sys.path. */
function trimmedStdlib(pyodide) {
  return pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip') and p.startswith('/lib/'))");
}

/** Pyodide's whole standard library, fetched the first time Python imports a standard module
 * the trimmed one lacks (calculator/stdlib_fallback.py). Synchronous, because an import cannot
 * wait; a worker may make such a request, and only this thread waits. */
function fetchFullStdlib(pyodide, url) {
  const request = new XMLHttpRequest();
  request.open("GET", url, false);
  request.responseType = "arraybuffer";
  request.send();
  if (request.status !== 200) throw new Error(`${url} answered ${request.status}`);
  const path = "/tmp/python_stdlib_full.zip";
  pyodide.FS.writeFile(path, new Uint8Array(request.response));
  return path;
}

/** A promise that rejects when Pyodide's WebAssembly fails to start. Pyodide catches that
 * failure itself, says it on the console and then waits for ever (pyodide.mjs: "wasm
 * instantiation failed!"), whether the file was refused, missing or broken, early or late in its
 * download. So the worker watches the calls Pyodide makes to start it, in this worker only. */
function wasmFailure() {
  let fail;
  const failure = new Promise((resolve, reject) => { fail = reject; });
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).catch((error) => {
      fail(error);
      throw error;
    });
  }
  return failure;
}

let giveBoardIds;
const boardIdsGiven = new Promise((resolve) => { giveBoardIds = resolve; });

async function start(urls, boardIds) {
  progress(0);
  // Our own small files are fetched while Python starts, not after it.
  const files = Promise.all([
    fetchOk(urls.package, "bytes"), fetchOk(urls.calendar),
    urls.preload ? fetchOk(urls.preload) : null,
  ]);
  // Pyodide's loader and its runtime's script are fetched together, not one after the other:
  // loadPyodide's createPyodideModule option (documented, marked experimental) takes the
  // runtime's module. Were it ever ignored, Pyodide would import the same module itself, which
  // the browser has already fetched: nothing would break.
  const [{ loadPyodide }, runtime] = await Promise.all([
    import(urls.pyodide + "pyodide.mjs"), import(urls.pyodide + "pyodide.asm.mjs"),
  ]);
  // urls.stdlib: Pyodide's standard library with the modules the calculator needs compiled to
  // .pyc at build time by this same Pyodide (scripts/sitegen/bytecode.py), so none is compiled here.
  // urls.lock: a lock file that lists no packages (the calculator installs none), so the 119 kB
  // list of Pyodide's packages is neither fetched nor read.
  const pyodide = await Promise.race([wasmFailure(), loadPyodide({
    indexURL: urls.pyodide, packages: [], createPyodideModule: runtime.default,
    lockFileURL: urls.lock, stdLibURL: urls.stdlib,
  })]);
  progress(1);
  const [zip, calendar, preloaded] = await files;
  // The package is a zip of pure-Python modules (compiled to .pyc, but for the check page's);
  // Python imports it from sys.path as is.
  pyodide.FS.writeFile("/tmp/calculator.zip", zip);
  pyodide.runPython("import sys; sys.path.insert(0, '/tmp/calculator.zip')");
  if (urls.fullStdlib) {
    pyodide.pyimport("calculator.stdlib_fallback").install(
      trimmedStdlib(pyodide), () => fetchFullStdlib(pyodide, urls.fullStdlib));
  }
  const PlanService = pyodide.pyimport("calculator.browser").PlanService;
  progress(2);
  service = {
    python: PlanService(calendar, JSON.stringify(await boardIds)), boardUrl: urls.board, version: urls.version,
    pyodide, calendar, schemaUrl: urls.schema || null, checker: null,
  };
  if (preloaded) service.python.add_board(preloaded);
}

async function withBoard(text) {
  const missing = service.python.needs_board(text);
  if (missing) {
    service.python.add_board(await fetchOk(`${service.boardUrl}${missing}.json?v=${service.version}`));
  }
  return text;
}

/** The board-file checker, made on the first "check": the schema is fetched only then. */
async function checker() {
  if (!service.checker) {
    if (!service.schemaUrl) throw new Error("this page has no board-file checker");
    const BoardCheck = service.pyodide.pyimport("calculator.tools.board_check").BoardCheck;
    service.checker = BoardCheck(service.calendar, await fetchOk(service.schemaUrl));
  }
  return service.checker;
}

/** Python's answer, as JSON text (Python turns every problem with the request into one). */
async function answer(message) {
  if (message.type === "check") return (await checker()).check(message.json);
  const python = service.python;
  const payload = JSON.parse(message.json);
  if (message.type === "plan") return python.plan(await withBoard(JSON.stringify(payload.request)));
  if (message.type === "details") {
    return python.details(await withBoard(JSON.stringify(payload.request)), payload.pageUrl || null);
  }
  if (message.type === "calendar") {
    return python.calendar_file(await withBoard(JSON.stringify(payload.request)),
      JSON.stringify(payload.calendar || {}), payload.pageUrl || null);
  }
  return python.record_text(JSON.stringify(payload.record), JSON.stringify(payload.values || {}),
    payload.pageUrl || null);
}

/** One line for a failure: a Python traceback's last line says what went wrong. */
function oneLine(error) {
  const text = String((error && error.message) || error || "unknown error");
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const python = (error && error.type) || /^Traceback/.test(lines[0] || "");
  return ((python ? lines[lines.length - 1] : lines[0]) || "unknown error").slice(0, 300);
}

// Pyodide does not always reject when its own files cannot be fetched or compiled: the error
// surfaces as an unhandled rejection instead, and without this the page would wait forever.
function failed(reason) {
  if (!service) postMessage({ type: "failed", message: oneLine(reason) });
}
addEventListener("unhandledrejection", (event) => failed(event.reason));
addEventListener("error", (event) => failed(event.message));
// The page sends text only, so this cannot happen; if it did, the page is told at once.
addEventListener("messageerror", () => postMessage({ type: "unreadable" }));

function startFrom(urls) {
  started = start(urls, boardIdsGiven).then(
    () => postMessage({ type: "ready" }),
    (error) => postMessage({ type: "failed", message: oneLine(error) }),
  );
}

// Started by its address alone: nothing the page sends is waited for until the very end.
// The page gives the address as the worker's name as well: the service worker may have answered
// from its cache with the file's address less the query.
const fromAddress = urlsFrom(self.name || self.location.href);
if (fromAddress) startFrom(fromAddress);

onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    giveBoardIds(Array.isArray(message.boardIds) ? message.boardIds.map(String) : []);
    if (!started) postMessage({ type: "failed", message: "the calculator's address does not say what to load" });
  } else if (["plan", "details", "calendar", "record_text", "check"].includes(message.type)) {
    try {
      await started;
      postMessage({ type: "answer", id: message.id, json: String(await answer(message)) });
    } catch (error) {
      postMessage({ type: "answer", id: message.id, failed: oneLine(error) });
    }
  }
};
