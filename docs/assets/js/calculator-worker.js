// The calculator's Web Worker: loads Pyodide and the `calculator` package from this site (never
// another origin), then answers plan requests with the same Python code as the command line.
// Messages in: {type: "start", boardIds, urls}; {type: "plan", id, request} (the plan only),
// {type: "details", id, request, pageUrl} (the plan with its checklist, record and calendar) and
// {type: "record_text", id, record, values, pageUrl}. urls are absolute, so the site works from
// any folder.
// Messages out: {type: "progress", step, of, label}, {type: "ready"}, {type: "failed", message},
// {type: "answer", id, ...what Python answered} ({plan}, {error, field}, {text}...) or
// {type: "answer", id, failed} when the worker itself could not answer.
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

async function start(urls, boardIds) {
  progress(0);
  // Our own small files are fetched while Python starts, not after it.
  const files = Promise.all([
    fetchOk(urls.package, "bytes"), fetchOk(urls.calendar),
    urls.preload ? fetchOk(urls.preload) : null,
  ]);
  const { loadPyodide } = await import(urls.pyodide + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: urls.pyodide, packages: [] });
  progress(1);
  const [zip, calendar, preloaded] = await files;
  // The package is a plain zip of pure-Python modules; Python imports it from sys.path as is.
  pyodide.FS.writeFile("/tmp/calculator.zip", zip);
  pyodide.runPython("import sys; sys.path.insert(0, '/tmp/calculator.zip')");
  const PlanService = pyodide.pyimport("calculator.browser").PlanService;
  progress(2);
  service = { python: PlanService(calendar, JSON.stringify(boardIds)), boardUrl: urls.board, version: urls.version };
  if (preloaded) service.python.add_board(preloaded);
}

async function withBoard(request) {
  const text = JSON.stringify(request);
  const missing = service.python.needs_board(text);
  if (missing) {
    service.python.add_board(await fetchOk(`${service.boardUrl}${missing}.json?v=${service.version}`));
  }
  return text;
}

async function answer(message) {
  const python = service.python;
  if (message.type === "plan") return JSON.parse(python.plan(await withBoard(message.request)));
  if (message.type === "details") {
    return JSON.parse(python.details(await withBoard(message.request), message.pageUrl || null));
  }
  return JSON.parse(python.record_text(JSON.stringify(message.record),
    JSON.stringify(message.values || {}), message.pageUrl || null));
}

// Pyodide does not always reject when its own files cannot be fetched or compiled: the error
// surfaces as an unhandled rejection instead, and without this the page would wait forever.
function failed(reason) {
  if (!service) postMessage({ type: "failed", message: String(reason && reason.message || reason) });
}
addEventListener("unhandledrejection", (event) => failed(event.reason));
addEventListener("error", (event) => failed(event.message));

onmessage = async (event) => {
  const message = event.data;
  if (message.type === "start" && !started) {
    started = start(message.urls, message.boardIds).then(
      () => postMessage({ type: "ready" }),
      (error) => postMessage({ type: "failed", message: String(error && error.message || error) }),
    );
  } else if (["plan", "details", "record_text"].includes(message.type)) {
    try {
      await started;
      postMessage({ type: "answer", id: message.id, ...(await answer(message)) });
    } catch (error) {
      postMessage({ type: "answer", id: message.id, failed: String(error && error.message || error) });
    }
  }
};
