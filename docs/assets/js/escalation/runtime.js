// The Python runtime (Pyodide), in a Web Worker (calculator-worker.js), and the site's own files.

import { isoToday } from "./dates.js";

/** The site's root: this file is assets/js/escalation/runtime.js. */
export const SITE_ROOT = new URL("../../../", import.meta.url);

export function siteUrl(path, build) {
  const url = new URL(path, SITE_ROOT);
  if (build) url.searchParams.set("v", build);
  return url.href;
}

export function startRuntime(mount, boardsLoaded, onProgress) {
  // No request is deeper than an object of objects; these bounds only stop what is not a
  // request at all (a value thousands deep, or that holds itself) before it reaches the worker.
  const MAX_DEPTH = 32;
  const MAX_VALUES = 10000;
  // Python answers in milliseconds once ready: a request still unanswered after this never will
  // be (its worker is stuck), so it is refused and the worker started afresh. The tests shorten
  // it with data-request-timeout (milliseconds) on the calculator's element.
  const REQUEST_TIMEOUT_MS = 20000;
  const pending = new Map(); // request id -> {resolve, reject, timer}
  let nextId = 1;
  let worker = null;

  /** An Error whose message is one line and whose `field` names the input it is about. */
  function refused(message, field) {
    const line = String(message || "").replace(/\s+/g, " ").trim();
    const error = new Error(line || "The calculator could not answer");
    error.field = field || "request";
    return error;
  }

  /** The worker the page's inline start (scripts/sitegen/inline/calculator-start.js) created
   * once the page had painted and set itself up, with what it has said since, or null (not made
   * yet: it never will be now; or no such script). Taken once: a restarted worker is a new one. */
  function adoptEarlyWorker() {
    const early = window.escalationEarlyWorker;
    window.escalationEarlyWorker = null;
    if (!early) return null;
    early.cancelled = true;
    return early.worker ? early : null;
  }

  function boot(settle, reportProgress) {
    const early = adoptEarlyWorker();
    try {
      // Its address (the build makes it: scripts/sitegen/data.py) says what to load, so it
      // starts on its own; the page only tells it the site's boards.
      const address = new URL(mount.dataset.worker, document.baseURI).href;
      // The address is the worker's name too: served from the offline cache, its own address
      // may lack the query (calculator-start.js).
      worker = early ? early.worker : new Worker(address, { type: "module", name: address });
    } catch (error) {
      settle.reject(refused(`The calculator could not start: ${error.message}`));
      return;
    }
    const heard = (message) => {
      if (message.type === "progress") reportProgress(message);
      else if (message.type === "ready") settle.resolve();
      else if (message.type === "failed") settle.reject(refused(message.message));
      else if (message.type === "answer") answered(message);
      else if (message.type === "unreadable") failAll("The calculator could not read a request");
    };
    worker.onmessage = (event) => heard(event.data || {});
    // Neither side sends anything but text and numbers, so this is only ever a browser fault.
    worker.addEventListener("messageerror", () => failAll("The calculator's answer could not be read"));
    worker.onerror = (event) => {
      event.preventDefault();
      settle.reject(refused(event.message || "the calculator's worker stopped"));
    };
    if (early) {
      for (const message of early.messages) heard(message || {});
      if (early.errors.length) {
        const first = early.errors[0];
        settle.reject(refused((first && first.message) || "the calculator's worker stopped"));
      }
    }
    // The page has the list of boards already; the worker takes the ids from it.
    boardsLoaded.then((boards) => worker.postMessage({
      type: "start", boardIds: boards.map((board) => board.id),
    }), (error) => settle.reject(refused(error.message)));
  }

  function started(reportProgress) {
    return new Promise((resolve, reject) => {
      const settle = { resolve, reject };
      if (window.escalationEarlyWorker && window.escalationEarlyWorker.worker) {
        boot(settle, reportProgress); // already loading: take it at once
        return;
      }
      // Otherwise once the page has painted its first frame (a frame's callbacks run before it
      // is painted: the next frame's come after): reading comes first.
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => boot(settle, reportProgress), 0)));
    });
  }

  const ready = started(onProgress);
  let running = ready; // the worker answering now (a new one after a worker got stuck)

  function answered(message) {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.failed !== undefined) {
      waiting.reject(refused(`The calculator could not answer: ${message.failed}`));
      return;
    }
    let answer;
    try {
      answer = JSON.parse(message.json);
    } catch {
      waiting.reject(refused("The calculator's answer could not be read"));
      return;
    }
    if (answer.error !== undefined) waiting.reject(refused(answer.error, answer.field));
    else waiting.resolve(answer);
  }

  function failAll(message) {
    for (const [id, waiting] of pending) {
      pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(refused(message));
    }
  }

  function timedOut(seconds) {
    failAll(`The calculator did not answer within ${seconds} seconds; try again`);
    worker.terminate();
    running = started(() => {}); // the form's status keeps saying it is ready
    running.catch(() => {}); // a failure to start again rejects the next call instead
  }

  /** Why a value cannot go to the calculator as it is, or null. JSON's plain values only: text,
   * finite numbers, true, false, null, lists and plain objects (a member left undefined is left
   * out, as JSON does), at most MAX_DEPTH deep, MAX_VALUES in all, none inside itself. */
  function refusal(root) {
    let count = 0;
    const inside = new Set();
    // "started.3" for a stage's value, "agency" for the agency's; "started" for a value nested
    // too deeply or holding itself anywhere inside started.
    const fieldOf = (path, parts = 2) => path.slice(0, parts).join(".") || "request";
    const nameOf = (path) => (path.length ? `The value of ${path.join(".").slice(0, 80)}` : "The request");
    const allowed = "text, a number, true or false, null, a list or an object";
    function walk(value, path) {
      count += 1;
      if (count > MAX_VALUES) return refused(`The request holds more than ${MAX_VALUES} values`, "request");
      if (value === null || typeof value === "string" || typeof value === "boolean") return null;
      if (typeof value === "number") {
        return Number.isFinite(value) ? null : refused(`${nameOf(path)} must be a finite number, not ${value}`, fieldOf(path));
      }
      if (typeof value !== "object") {
        const kind = value === undefined ? "undefined" : `a ${typeof value}`;
        return refused(`${nameOf(path)} must be ${allowed}, not ${kind}`, fieldOf(path));
      }
      const prototype = Object.getPrototypeOf(value);
      if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
        const kind = (value.constructor && value.constructor.name) || "object of another kind";
        return refused(`${nameOf(path)} must be ${allowed}, not a ${kind}`, fieldOf(path));
      }
      if (inside.has(value)) {
        return refused(`${nameOf(path.slice(0, 1))} holds itself; give plain values only`, fieldOf(path, 1));
      }
      if (path.length >= MAX_DEPTH) {
        return refused(`${nameOf(path.slice(0, 1))} is nested too deeply (more than ${MAX_DEPTH} levels); give plain values only`, fieldOf(path, 1));
      }
      inside.add(value);
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined && !Array.isArray(value)) continue;
        const found = walk(item, [...path, key]);
        if (found) return found;
      }
      inside.delete(value);
      return null;
    }
    return walk(root, []);
  }

  /** Ask the worker; resolves with Python's answer, rejects with an Error whose message is one
   * line and whose `field` names the input it is about ("request" for the request as a whole).
   * Every call settles: a refusal, Python's answer, the worker's failure or the timeout. */
  async function call(type, makePayload, input = null) {
    let text;
    try {
      const payload = makePayload();
      // Fields are named as in the request: "started.3", not "request.started.3".
      const problem = refusal(input ? payload[input] : payload);
      if (problem) throw problem;
      text = JSON.stringify(payload);
    } catch (error) {
      if (error && error.field) throw error;
      throw refused(`The request cannot be read (${String((error && error.message) || error)})`);
    }
    try {
      await running;
    } catch (error) {
      throw refused(error.message);
    }
    const timeout = Number(mount.dataset.requestTimeout) || REQUEST_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => timedOut(Math.round(timeout / 1000)), timeout);
      pending.set(id, { resolve, reject, timer });
      // Text only: nothing for the structured clone to fail on (no `messageerror`).
      worker.postMessage({ type, id, json: text });
    });
  }

  function withToday(input) {
    const request = { ...(input || {}) };
    if (request.today === undefined || request.today === null) request.today = isoToday();
    return request;
  }

  const pageUrl = () => window.location.href;
  const plan = async (input) =>
    (await call("plan", () => ({ request: withToday(input) }), "request")).plan;
  const details = (input, url = pageUrl()) =>
    call("details", () => ({ request: withToday(input), pageUrl: String(url) }), "request");
  // The calendar file again with its own options (a case reference, past dates too): they are
  // the calendar's alone, never part of the request nor of the link. Python's error and field
  // come through as they are ("case_reference", "include_past", or the request's own).
  const calendarFile = (input, options = {}, url = pageUrl()) =>
    call("calendar", () => ({
      request: withToday(input),
      calendar: {
        case_reference: (options && options.case_reference) || null,
        include_past: Boolean(options && options.include_past),
      },
      pageUrl: String(url),
    }), "request");
  const calendar = async (input, options = {}) => (await calendarFile(input, options)).calendar.text;
  const recordText = async (record, values) =>
    (await call("record_text", () => ({ record, values, pageUrl: pageUrl() }))).text;

  let isReady = false;
  ready.then(() => { isReady = true; }, () => {}); // a failure is shown by the form
  // A board file's problems, notes and preview (check-page.js; Python: calculator/tools/board_check.py).
  const check = (file) => call("check", () => ({ ...file }));
  return { ready, plan, details, calendar, calendarFile, recordText, check, isReady: () => isReady };
}

export async function fetchBoards(build) {
  const response = await fetch(siteUrl("data/boards.json", build));
  if (!response.ok) throw new Error(`the list of boards answered ${response.status}`);
  return response.json();
}
