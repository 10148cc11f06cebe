// The calculator in the page. The form is drawn at once from the site's data; Python (Pyodide)
// loads in a Web Worker after the page has loaded, so reading is never held up. Every answer
// comes from the same Python code as the command line; this file only draws forms and results.
//
// On every page with a calculator: window.escalationCalculator = {ready, plan(input),
// calendar(input)}. Nothing anyone types leaves the browser: the worker fetches only this site's
// own files, and the plan is kept in the address's #fragment, which browsers never send.

const SITE_ROOT = new URL("../../", import.meta.url);
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// ---------------------------------------------------------------------------------------------
// Dates (ISO text only: no time zones, no locale)

export function isoToday() {
  const now = new Date();
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

function isoDate(year, month, day) {
  const pad = (n, width) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** "Thu 30 Oct 2025", as the command line writes it. */
function humanDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** The last day of a "YYYY-MM" month, or the date itself for "YYYY-MM-DD". */
function lastDayOf(text) {
  const [year, month, day] = text.split("-").map(Number);
  if (day) return text;
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/**
 * The GOV.UK date pattern: three text fields in, an ISO date or a message out.
 * Returns {iso} or {error, parts} (parts: which of day/month/year to mark), or {} when empty
 * and optional.
 */
export function readDateParts(values, label, required) {
  const parts = ["day", "month", "year"];
  const text = Object.fromEntries(parts.map((part) => [part, (values[part] || "").trim()]));
  const missing = parts.filter((part) => text[part] === "");
  if (missing.length === 3) {
    return required ? { error: `Enter ${label.toLowerCase()}`, parts } : {};
  }
  if (missing.length) {
    const words = missing.length === 1 ? missing[0] : `${missing[0]} and ${missing[1]}`;
    return { error: `${label} must include a ${words}`, parts: missing };
  }
  const notNumbers = parts.filter((part) => !/^\d+$/.test(text[part]));
  if (notNumbers.length) return { error: `${label} must be a real date`, parts: notNumbers };
  if (text.year.length !== 4) return { error: "Year must include 4 numbers", parts: ["year"] };
  const [day, month, year] = [Number(text.day), Number(text.month), Number(text.year)];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) {
    return { error: `${label} must be a real date`, parts: month < 1 || month > 12 ? ["month"] : ["day"] };
  }
  return { iso: isoDate(year, month, day) };
}

// ---------------------------------------------------------------------------------------------
// Building the DOM (textContent only: nothing is ever parsed as HTML)

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

function hiddenText(text) {
  return el("span", { class: "govuk-visually-hidden", text });
}

// ---------------------------------------------------------------------------------------------
// The Python runtime, in a Web Worker

function siteUrl(path, build) {
  const url = new URL(path, SITE_ROOT);
  if (build) url.searchParams.set("v", build);
  return url.href;
}

export function startRuntime(mount, boardsLoaded, onProgress) {
  const build = mount.dataset.build;
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

  function boot(settle, reportProgress) {
    try {
      worker = new Worker(siteUrl("assets/js/calculator-worker.js", build), { type: "module" });
    } catch (error) {
      settle.reject(refused(`The calculator could not start: ${error.message}`));
      return;
    }
    worker.onmessage = (event) => {
      const message = event.data || {};
      if (message.type === "progress") reportProgress(message);
      else if (message.type === "ready") settle.resolve();
      else if (message.type === "failed") settle.reject(refused(message.message));
      else if (message.type === "answer") answered(message);
      else if (message.type === "unreadable") failAll("The calculator could not read a request");
    };
    // Neither side sends anything but text and numbers, so this is only ever a browser fault.
    worker.addEventListener("messageerror", () => failAll("The calculator's answer could not be read"));
    worker.onerror = (event) => {
      event.preventDefault();
      settle.reject(refused(event.message || "the calculator's worker stopped"));
    };
    // The page has the list of boards already; the worker takes the ids from it.
    boardsLoaded.then((boards) => worker.postMessage({
      type: "start",
      boardIds: boards.map((board) => board.id),
      urls: {
        pyodide: siteUrl(`pyodide/${mount.dataset.pyodide}/`),
        // The page that checks a board file names its own, larger zip (and the schema).
        package: siteUrl(mount.dataset.package || "assets/calculator/calculator.zip", build),
        // Pyodide's standard library with what the calculator uses compiled (scripts/bytecode.py).
        stdlib: siteUrl("assets/calculator/python_stdlib.zip", build),
        schema: mount.dataset.schema ? siteUrl(mount.dataset.schema, build) : null,
        calendar: siteUrl("data/calendar.json", build),
        board: siteUrl("data/boards/"),
        preload: mount.dataset.board ? siteUrl(`data/boards/${mount.dataset.board}.json`, build) : null,
        version: build,
      },
    }), (error) => settle.reject(refused(error.message)));
  }

  function started(reportProgress) {
    return new Promise((resolve, reject) => {
      const settle = { resolve, reject };
      // Start once the page has loaded and painted: reading comes first.
      const later = () => setTimeout(() => boot(settle, reportProgress), 0);
      if (document.readyState === "complete") later();
      else window.addEventListener("load", later, { once: true });
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
  const calendar = async (input) => {
    const made = (await details(input)).calendar;
    if (!made) throw refused("This plan has no due dates yet to put in a calendar", "request");
    return made.text;
  };
  const recordText = async (record, values) =>
    (await call("record_text", () => ({ record, values, pageUrl: pageUrl() }))).text;

  let isReady = false;
  ready.then(() => { isReady = true; }, () => {}); // a failure is shown by the form
  // A board file's problems, notes and preview (check-page.js; Python: calculator/board_check.py).
  const check = (file) => call("check", () => ({ ...file }));
  return { ready, plan, details, calendar, recordText, check, isReady: () => isReady };
}

// ---------------------------------------------------------------------------------------------
// The form

const TODAY_LABEL = "Today's date";

function dateGroup(id, legend, hint, { optional = false } = {}) {
  const hintId = `${id}-hint`;
  const inputs = ["day", "month", "year"].map((part) => {
    const inputId = `${id}-${part}`;
    return el("div", { class: "govuk-date-input__item" },
      el("label", { for: inputId, class: "govuk-label", text: part[0].toUpperCase() + part.slice(1) }),
      el("input", {
        id: inputId, name: `${id}-${part}`, type: "text", inputmode: "numeric",
        class: `govuk-input govuk-date-input__input govuk-input--width-${part === "year" ? 4 : 2}`,
        autocomplete: "off", spellcheck: "false", "data-part": part,
      }));
  });
  const group = el("div", { class: "govuk-form-group", "data-field-group": id },
    el("fieldset", { class: "govuk-fieldset", role: "group", "aria-describedby": hintId },
      el("legend", { class: "govuk-fieldset__legend" }, legend,
        el("span", { class: "calc-optional", text: optional ? " (optional)" : "" })),
      el("div", { id: hintId, class: "govuk-hint", text: hint }),
      el("div", { class: "govuk-date-input", id }, inputs)));
  return group;
}

function readGroup(form, id) {
  const values = {};
  for (const part of ["day", "month", "year"]) values[part] = form.querySelector(`#${id}-${part}`).value;
  return values;
}

function setGroupDate(form, id, iso) {
  const [year, month, day] = iso.split("-");
  form.querySelector(`#${id}-day`).value = String(Number(day));
  form.querySelector(`#${id}-month`).value = String(Number(month));
  form.querySelector(`#${id}-year`).value = year;
}

function selectGroup(id, label, options, hint, { optional = false } = {}) {
  const hintId = hint ? `${id}-hint` : null;
  return el("div", { class: "govuk-form-group", "data-field-group": id },
    el("label", { class: "govuk-label govuk-label--s", for: id }, label,
      optional ? el("span", { class: "calc-optional", text: " (optional)" }) : null),
    hint ? el("div", { id: hintId, class: "govuk-hint", text: hint }) : null,
    el("select", { id, name: id, class: "govuk-select", "aria-describedby": hintId },
      options.map((option) => el("option", { value: option.value, text: option.text }))));
}

function stageRadios(board) {
  const id = "calc-reached";
  return el("div", { class: "govuk-form-group", "data-field-group": id },
    el("fieldset", { class: "govuk-fieldset", "aria-describedby": `${id}-hint` },
      el("legend", { class: "govuk-fieldset__legend govuk-label--s", text: "Which stage has the disagreement reached?" }),
      el("div", { id: `${id}-hint`, class: "govuk-hint", text: board.reached_hint }),
      el("div", { class: "govuk-radios", id },
        board.stages.map((stage) => el("div", { class: "govuk-radios__item" },
          el("input", {
            class: "govuk-radios__input", id: `${id}-${stage.number}`, name: id, type: "radio",
            value: String(stage.number), checked: stage.number === 1,
            "aria-describedby": `${id}-${stage.number}-hint`,
          }),
          el("label", { class: "govuk-label govuk-radios__label", for: `${id}-${stage.number}`,
            text: `Stage ${stage.number}: ${stage.title}` }),
          el("div", { id: `${id}-${stage.number}-hint`, class: "govuk-hint govuk-radios__hint", text: stage.you_are_here }))))));
}

function stageDateGroups(board) {
  const groups = [];
  for (const stage of board.stages) {
    if (stage.number > 1) {
      const group = dateGroup(`calc-started-${stage.number}`, stage.started_label,
        "For example, 27 3 2026. Leave blank for an earlier stage if you do not know: it will be worked out.");
      group.dataset.stage = String(stage.number);
      group.dataset.kind = "started";
      groups.push(group);
    }
    if (stage.agreed_allowed) {
      const group = dateGroup(`calc-agreed-${stage.number}`, stage.agreed_label, stage.agreed_hint,
        { optional: true });
      group.dataset.stage = String(stage.number);
      group.dataset.kind = "agreed";
      groups.push(group);
    }
  }
  return groups;
}

function readReached(form) {
  const checked = form.querySelector("input[name=calc-reached]:checked");
  return checked ? Number(checked.value) : 1;
}

function showStageGroups(form) {
  const reached = readReached(form);
  for (const group of form.querySelectorAll("[data-kind]")) {
    group.hidden = Number(group.dataset.stage) > reached;
    const hint = group.querySelector(".govuk-hint");
    if (group.dataset.kind === "started") {
      const current = Number(group.dataset.stage) === reached;
      hint.textContent = current
        ? "For example, 27 3 2026."
        : "For example, 27 3 2026. Leave blank if you do not know: it will be worked out.";
      group.querySelector(".calc-optional").textContent = current ? "" : " (optional)";
    }
  }
}

function agencyOptions(board) {
  return board.agencies.map((agency) => ({ value: agency.id, text: agency.name }));
}

/** "The agency you disagree with", only for a board whose roles depend on it: its words and
 * options are Python's (calculator/form.py, `other_agency`); null for every other board. */
function otherAgencyGroup(board) {
  const words = board.other_agency;
  if (!words) return null;
  return selectGroup("calc-other-agency", words.label,
    words.options.map((option) => ({ value: option.id, text: option.name })), words.hint,
    { optional: true });
}

function boardFields(board) {
  return el("div", { class: "calc-board-fields" },
    selectGroup("calc-agency", "Your agency", agencyOptions(board),
      "We show the role to contact in your agency where the procedure names one."),
    otherAgencyGroup(board),
    board.events.map((event) => dateGroup(event.required ? "calc-raised" : `calc-event-${event.id}`,
      event.label, event.hint, { optional: !event.required })),
    stageRadios(board),
    stageDateGroups(board),
    dateGroup("calc-today", TODAY_LABEL, "Filled in for you. Change it to see the plan on another day."));
}

/** The request for `plan`, or the list of form errors (GOV.UK pattern) if a date is not valid. */
function readForm(form, board) {
  const errors = [];
  const request = { board: board.id, agency: form.querySelector("#calc-agency").value, started: {}, agreed: {}, events: {} };
  // Only where the board asks it, and only once chosen ("Not chosen" is left out).
  const other = form.querySelector("#calc-other-agency");
  if (other && other.value) request.other_agency = other.value;
  const take = (id, label, required) => {
    const read = readDateParts(readGroup(form, id), label, required);
    if (read.error) errors.push({ group: id, message: read.error, parts: read.parts });
    return read.iso;
  };
  request.raised = take("calc-raised", board.events[0].label, true);
  for (const event of board.events.slice(1)) {
    const iso = take(`calc-event-${event.id}`, event.label, false);
    if (iso) request.events[event.id] = iso;
  }
  const reached = readReached(form);
  for (const group of form.querySelectorAll("[data-kind]")) {
    const number = Number(group.dataset.stage);
    if (number > reached) continue;
    const id = group.querySelector(".govuk-date-input").id;
    const stage = board.stages[number - 1];
    const label = group.dataset.kind === "started" ? stage.started_label : stage.agreed_label;
    const iso = take(id, label, group.dataset.kind === "started" && number === reached);
    if (iso) request[group.dataset.kind][String(number)] = iso;
  }
  request.today = take("calc-today", TODAY_LABEL, true);
  return { request, errors };
}

/** Which form group a message from Python is about ("started.3" -> "calc-started-3"). */
function groupForField(field) {
  if (!field) return null;
  const [name, number] = field.split(".");
  if (name === "started" || name === "agreed") return number ? `calc-${name}-${number}` : "calc-reached";
  if (name === "events") return number ? `calc-event-${number}` : "calc-raised";
  return { raised: "calc-raised", today: "calc-today", agency: "calc-agency", other_agency: "calc-other-agency", board: "calc-board" }[name] || null;
}

// ---------------------------------------------------------------------------------------------
// Errors, in the GOV.UK pattern: a summary at the top, each message next to its field

function clearErrors(form) {
  form.querySelector(".govuk-error-summary").hidden = true;
  for (const group of form.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
    group.querySelector(".govuk-error-message")?.remove();
    for (const input of group.querySelectorAll(".govuk-input--error, .govuk-select--error")) {
      input.classList.remove("govuk-input--error", "govuk-select--error");
    }
    const described = group.querySelector("[aria-describedby]");
    if (described) described.setAttribute("aria-describedby", described.getAttribute("aria-describedby").split(" ").filter((id) => !id.endsWith("-error")).join(" "));
  }
  if (document.title.startsWith("Error: ")) document.title = document.title.slice(7);
}

function firstInputOf(group, parts) {
  const inputs = [...group.querySelectorAll("input, select")];
  const marked = inputs.find((input) => parts && parts.includes(input.dataset.part));
  return marked || group.querySelector("input:checked") || inputs[0];
}

function showErrors(form, errors) {
  const summary = form.querySelector(".govuk-error-summary");
  const list = summary.querySelector("ul");
  list.replaceChildren();
  for (const error of errors) {
    const group = form.querySelector(`[data-field-group="${error.group}"]`) || form.querySelector("[data-field-group]");
    const target = firstInputOf(group, error.parts);
    const errorId = `${error.group}-error`;
    group.classList.add("govuk-form-group--error");
    const message = el("p", { id: errorId, class: "govuk-error-message" }, hiddenText("Error: "), error.message);
    const anchor = group.querySelector(".govuk-hint") || group.querySelector("label, legend");
    anchor.after(message);
    const described = group.querySelector("fieldset, select");
    if (described) described.setAttribute("aria-describedby", `${described.getAttribute("aria-describedby") || ""} ${errorId}`.trim());
    for (const input of group.querySelectorAll("input.govuk-input, select")) {
      if (!error.parts || error.parts.includes(input.dataset.part)) {
        input.classList.add(input.tagName === "SELECT" ? "govuk-select--error" : "govuk-input--error");
      }
    }
    const link = el("a", { href: `#${target.id}`, text: error.message });
    link.addEventListener("click", (event) => {
      event.preventDefault();
      target.focus();
      (group.querySelector("legend, label") || target).scrollIntoView({ block: "start" });
    });
    list.append(el("li", {}, link));
  }
  summary.hidden = false;
  if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
  summary.focus();
}

// ---------------------------------------------------------------------------------------------
// The answer

/** A status tag: the words are Python's (status_text); the class only picks the colour. */
function tag(stage) {
  const kind = stage.overdue ? "overdue" : stage.status;
  return el("strong", { class: `calc-tag calc-tag--${kind}`, text: stage.status_text });
}

function summaryRow(key, ...value) {
  return el("div", { class: "calc-summary__row" }, el("dt", { text: key }), el("dd", {}, ...value));
}

function source(text) {
  return el("span", { class: "calc-source", text: `Source: ${text}` });
}

function stageItem(stage) {
  const status = stage.overdue ? "overdue" : stage.status;
  return el("li", { class: `calc-timeline__item calc-timeline__item--${status}` },
    el("h4", {}, `Stage ${stage.number}: ${stage.title} `, tag(stage)),
    el("dl", { class: "calc-summary" },
      summaryRow("When", stage.start_text),
      summaryRow("Due", stage.due_text),
      stage.due_counted_from ? summaryRow("Counted from", stage.due_counted_from.text) : null,
      summaryRow("Timescale", stage.timescale, " ", source(stage.timescale_source)),
      summaryRow("Contact", stage.contact, stage.contact_generic ? " (the procedure's general role)" : "",
        stage.contact_note ? el("br") : null, stage.contact_note || "", " ", source(stage.contact_source)),
      stage.alternative_dues.length
        ? summaryRow("Another reading", el("ul", {}, stage.alternative_dues.map((alt) =>
          el("li", {}, `${alt.due_text}. ${alt.words} ${alt.why} `, source(alt.source)))))
        : null));
}

function deadlineItem(deadline) {
  return el("li", {},
    el("strong", { text: `${deadline.label}${deadline.reading === "alternative" ? " (another reading)" : ""}: ` }),
    deadline.due_text, deadline.counted_from ? [el("br"), el("span", { class: "calc-counted-from" }, "Counted from: ", deadline.counted_from.text)] : null,
    el("br"), deadline.words, deadline.why ? ` ${deadline.why}` : "", " ", source(deadline.source));
}

/** "Do this now": what is already late, before anything else. */
function doNow(plan) {
  if (!plan.do_now.length) return null;
  return el("div", { class: "calc-do-now", role: "note", "aria-labelledby": "calc-do-now-title" },
    el("h4", { id: "calc-do-now-title", text: "Do this now" }),
    el("ul", {}, plan.do_now.map((item) => el("li", {}, item.text, " ", source(item.source)))));
}

/** The answer in two parts: `top`, what a phone's first screen holds (the heading, "Do this
 * now" or else the next step, whom to contact, by when, what happens if not resolved), and
 * `detail`. Where something is already late, the next step (which says again much of what
 * "Do this now" says) opens the detail. */
function renderPlan(plan) {
  const stage = plan.stages[plan.current_stage - 1];
  const heading = el("h3", { class: "calc-result__title", tabindex: "-1" }, plan.heading);
  const late = plan.do_now.length > 0;
  const nextStep = el("p", { class: "calc-next-step" }, late ? el("strong", { text: "Next step: " }) : null, plan.next_step);
  const top = [
    heading,
    el("div", { class: "calc-lead" }, late ? doNow(plan) : nextStep),
    el("dl", { class: "calc-summary calc-summary--main" },
      summaryRow("Contact", stage.contact, ` (${plan.agency.name})`,
        stage.contact_note ? [el("br"), stage.contact_note] : null),
      summaryRow("Due", stage.due_text, stage.overdue ? " " : "", stage.overdue ? tag(stage) : null),
      plan.if_not_resolved ? summaryRow("If not resolved", plan.if_not_resolved) : null),
  ];
  const parts = late ? [nextStep] : [];
  if (plan.warnings.length) {
    parts.push(el("div", { class: "calc-warnings" },
      el("h4", { text: "Check before you act" }),
      el("ul", {}, plan.warnings.map((warning) => el("li", { text: warning })))));
  }
  parts.push(el("h4", { text: "Every stage" }),
    el("ol", { class: "calc-timeline" }, plan.stages.map(stageItem)));
  if (plan.deadlines.length) {
    parts.push(el("h4", { text: "Overall deadlines" }),
      el("ul", { class: "calc-deadlines" }, plan.deadlines.map(deadlineItem)));
  }
  parts.push(el("p", { class: "calc-calendar" }, plan.calendar_text, " ",
    el("a", { href: siteUrl("working-days/"), text: "How we count working days" }), "."));
  return { top, detail: parts };
}

// ---------------------------------------------------------------------------------------------
// What to do now: the current stage's checklist, from the procedure (Python builds it)

function renderChecklist(checklist) {
  return el("section", { class: "calc-checklist", "aria-labelledby": "calc-checklist-title" },
    el("h4", { id: "calc-checklist-title", text: checklist.heading }),
    checklist.sections.map((section) => [
      el("h5", { text: section.heading }),
      el("ul", { class: "calc-checklist__list" }, section.items.map((item) =>
        el("li", {}, item.text, " ", source(item.source)))),
    ]));
}

// ---------------------------------------------------------------------------------------------
// Keeping the plan: a calendar file, a link to share, a record to print

/** A link that downloads `text` as a file; the old file's address is let go when replaced. */
let calendarUrl = null;
function downloadLink(text, filename, label) {
  if (calendarUrl) URL.revokeObjectURL(calendarUrl);
  calendarUrl = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  return el("a", { class: "md-button calc-download", href: calendarUrl, download: filename, text: label });
}

/** Copy text to the clipboard; where that is not allowed, show it selected to copy by hand. */
async function copyText(text, statusNode, fallbackHolder, what) {
  try {
    await navigator.clipboard.writeText(text);
    statusNode.textContent = `${what} copied. Paste it where you need it.`;
    fallbackHolder.replaceChildren();
  } catch {
    const box = el("textarea", { class: "govuk-textarea calc-copy-fallback", readonly: true, rows: "8",
      "aria-label": `${what}, to copy`, autocomplete: "off" });
    box.value = text;
    fallbackHolder.replaceChildren(box);
    box.focus();
    box.select();
    statusNode.textContent = `${what} could not be copied for you: it is selected below; copy it with Ctrl+C (or Cmd+C).`;
  }
}

function renderShare(link) {
  const status = el("p", { class: "calc-status", role: "status" });
  const fallback = el("div", {});
  const input = el("input", { id: "calc-share-link", class: "govuk-input", type: "text", readonly: true,
    value: link, "aria-describedby": "calc-share-hint", autocomplete: "off", spellcheck: "false" });
  const button = el("button", { type: "button", class: "md-button", text: "Copy link" });
  button.addEventListener("click", () => copyText(input.value, status, fallback, "The link"));
  return el("section", { class: "calc-share", "aria-labelledby": "calc-share-title" },
    el("h4", { id: "calc-share-title", text: "Share this plan" }),
    el("p", { id: "calc-share-hint", class: "govuk-hint", text: "The link holds the board, your agency, the dates and the stage reached: never a name or a note. Whoever opens it sees this same plan, worked out in their own browser." }),
    el("label", { class: "govuk-label", for: "calc-share-link", text: "Link to this plan" }),
    input, " ", button, status, fallback);
}

function fieldControl(field) {
  const id = `calc-record-${field.id}`;
  const hintId = `${id}-hint`;
  const hint = el("div", { id: hintId, class: "govuk-hint" }, field.help ? `${field.help} ` : "", source(field.source));
  if (field.kind === "yes_no") {
    return el("div", { class: "govuk-form-group calc-record__field" },
      el("fieldset", { class: "govuk-fieldset", "aria-describedby": hintId },
        el("legend", { class: "govuk-fieldset__legend govuk-label--s", text: field.label }), hint,
        el("div", { class: "govuk-radios govuk-radios--inline" }, ["Yes", "No"].map((answer) =>
          el("div", { class: "govuk-radios__item" },
            el("input", { class: "govuk-radios__input", type: "radio", id: `${id}-${answer.toLowerCase()}`,
              name: id, value: answer, "data-record-field": field.id, checked: field.value === answer, autocomplete: "off" }),
            el("label", { class: "govuk-label govuk-radios__label", for: `${id}-${answer.toLowerCase()}`, text: answer }))))));
  }
  const multiline = field.kind === "text";
  const control = el(multiline ? "textarea" : "input", {
    id, name: id, class: multiline ? "govuk-textarea" : "govuk-input", "aria-describedby": hintId,
    "data-record-field": field.id, autocomplete: "off", rows: multiline ? "4" : null,
    type: multiline ? null : "text",
  });
  control.value = field.value || "";
  // Printed instead of the box: a textarea cuts its text off on paper.
  const printed = multiline ? el("div", { class: "calc-record__printed", "aria-hidden": "true", text: control.value }) : null;
  if (printed) control.addEventListener("input", () => { printed.textContent = control.value; });
  return el("div", { class: "govuk-form-group calc-record__field" },
    el("label", { class: "govuk-label govuk-label--s", for: id, text: field.label }), hint, control, printed);
}

function recordValues(section) {
  const values = {};
  for (const control of section.querySelectorAll("[data-record-field]")) {
    if (control.type === "radio") {
      if (control.checked) values[control.dataset.recordField] = control.value;
    } else {
      values[control.dataset.recordField] = control.value;
    }
  }
  return values;
}

function stagesTable(record) {
  const cells = (tagName, values) => values.map((value) => el(tagName, {}, value));
  return el("table", { class: "calc-record__stages" },
    el("caption", { text: "Stages and due dates" }),
    el("thead", {}, el("tr", {}, cells("th", ["Stage", "Status", "Started", "Due", "Contact"]))),
    el("tbody", {}, record.stages.map((stage) => el("tr", {},
      el("th", { scope: "row" }, `${stage.number}. ${stage.title}`, el("br"), source(stage.source)),
      el("td", { text: stage.status_text }),
      el("td", { text: stage.started ? humanDate(stage.started) : "" }),
      el("td", { text: stage.due_text }),
      el("td", {}, stage.contact, stage.contact_note ? ` ${stage.contact_note}` : "", " ", source(stage.contact_source))))));
}

function renderRecord(record, runtime) {
  const procedure = record.procedure;
  const status = el("p", { class: "calc-status", role: "status" });
  const fallback = el("div", {});
  const printButton = el("button", { type: "button", class: "md-button md-button--primary", text: "Print or save as PDF" });
  const copyButton = el("button", { type: "button", class: "md-button", text: "Copy as text" });
  const address = el("span", { class: "calc-record__address", text: window.location.href });
  const section = el("section", { class: "calc-record", id: "calc-record", hidden: true, "aria-labelledby": "calc-record-title" },
    el("h3", { id: "calc-record-title", tabindex: "-1", text: `${record.title}: ${record.board.name}` }),
    el("p", { class: "calc-record__notice" }, el("strong", { text: record.notice })),
    el("dl", { class: "calc-summary" },
      summaryRow("Procedure", procedure.text, " ", source(procedure.source)),
      summaryRow("Agency", record.agency),
      record.events.map((event) => summaryRow(event.label, humanDate(event.date))),
      summaryRow("Stage reached", String(record.current_stage)),
      summaryRow("Worked out on", humanDate(record.today))),
    stagesTable(record),
    record.deadlines.length ? el("ul", { class: "calc-deadlines" }, record.deadlines.map((deadline) => el("li", {},
      el("strong", { text: `${deadline.label}: ` }), deadline.due_text, ". ", deadline.words, " ", source(deadline.source)))) : null,
    el("h4", { text: "What to record" }),
    el("p", { class: "govuk-hint calc-record__notice-fields", text: `${record.notice} Type in the boxes, then print or copy.` }),
    record.fields.map(fieldControl),
    record.keep.length ? [el("h4", { text: "Keeping records" }),
      el("ul", {}, record.keep.map((fact) => el("li", {}, fact.text, " ", source(fact.source))))] : null,
    el("p", { class: "calc-record__from" }, "Worked out with the escalation guide at ", address),
    el("div", { class: "calc-record__buttons" }, printButton, " ", copyButton),
    status, fallback);
  printButton.addEventListener("click", () => window.print());
  copyButton.addEventListener("click", async () => {
    try {
      const text = await runtime.recordText(record, recordValues(section));
      await copyText(text, status, fallback, "The record");
    } catch (error) {
      status.textContent = `The record could not be made into text: ${error.message}`;
    }
  });
  return { section, address };
}

// ---------------------------------------------------------------------------------------------
// The plan in the page's address: "#calc?board=...&raised=2026-11-20&reached=2&started2=..."
// (the fragment: browsers never send it to the server). Structured values only, never free text.

const STATE_PREFIX = "#calc?";

function stateHash(request, reached) {
  const params = new URLSearchParams();
  params.set("board", request.board);
  params.set("agency", request.agency);
  if (request.other_agency) params.set("other-agency", request.other_agency);
  params.set("raised", request.raised);
  for (const [id, iso] of Object.entries(request.events || {})) params.set(`event-${id}`, iso);
  params.set("reached", String(reached));
  for (const [number, iso] of Object.entries(request.started)) params.set(`started${number}`, iso);
  for (const [number, iso] of Object.entries(request.agreed)) params.set(`agreed${number}`, iso);
  params.set("today", request.today);
  return STATE_PREFIX + params.toString();
}

function stateFromHash(hash) {
  return hash.startsWith(STATE_PREFIX) ? new URLSearchParams(hash.slice(STATE_PREFIX.length)) : null;
}

/** Put a date from a link into a GOV.UK date group, as typed, so a bad one gets the usual error. */
function fillDateGroup(form, id, text) {
  const match = /^(\d+)-(\d+)-(\d+)$/.exec(text || "");
  const [year, month, day] = match ? match.slice(1) : ["", "", text || ""];
  form.querySelector(`#${id}-day`).value = match ? String(Number(day)) : day;
  form.querySelector(`#${id}-month`).value = match ? String(Number(month)) : month;
  form.querySelector(`#${id}-year`).value = year;
}

// ---------------------------------------------------------------------------------------------
// Putting it together

function statusText(progress) {
  return `Loading the calculator: step ${progress.step} of ${progress.of} (${progress.label.toLowerCase()})…`;
}

const WAITING_TEXT = "Working it out as soon as the calculator has loaded…";
const LOADING_TEXT = "Loading the calculator…";

function drawCalculator(mount, boards, runtime) {
  const preset = mount.dataset.board;
  let board = boards.find((candidate) => candidate.id === preset) || null;
  let shownHash = null; // the address of the plan on show: coming back to it keeps what was typed
  // An other agency a link names that the board's list does not have: sent to Python as it is,
  // once, so that its refusal is shown next to the field (until then the field says "Not chosen").
  let linkOtherAgency = null;
  // How loading goes, at the top of the calculator and again beside its button (where a tap
  // before Python is ready waits, visibly): one live region, the one beside the button.
  const status = el("p", { class: "calc-status" });
  const progress = el("p", { class: "calc-progress", "aria-live": "polite" });
  let loading = ""; // the latest loading step's words
  let waiting = false; // a tap is waiting for Python
  const say = (text, failed = false) => {
    for (const node of [status, progress]) {
      node.textContent = text;
      node.classList.toggle("calc-status--failed", failed);
    }
  };
  // At the top, one short line while loading (its height never changes, so the form below
  // never moves); beside the button, each step.
  const sayLoading = () => {
    say(waiting ? `${WAITING_TEXT} ${loading}`.trim() : loading);
    status.textContent = LOADING_TEXT;
  };
  const summary = el("div", { class: "govuk-error-summary", tabindex: "-1", hidden: true, "aria-labelledby": "calc-error-title" },
    el("h3", { id: "calc-error-title", class: "govuk-error-summary__title", text: "There is a problem" }),
    el("ul", { class: "govuk-error-summary__list" }));
  const fieldsHolder = el("div", {});
  const button = el("button", { type: "submit", class: "md-button md-button--primary calc-submit", text: "Work out the next step" });
  const form = el("form", { class: "calc-form", novalidate: true, "aria-label": "Escalation calculator" }, summary);
  const result = el("div", { class: "calc-result", hidden: true });
  const announce = el("div", { class: "govuk-visually-hidden", "aria-live": "polite" });

  if (!preset) {
    const chooser = selectGroup("calc-board", "Board", [{ value: "", text: "Choose a board" },
      ...boards.map((candidate) => ({ value: candidate.id, text: candidate.name }))],
    "The Safeguarding Adults Board for the area where the adult lives.");
    chooser.querySelector("select").addEventListener("change", (event) => {
      board = boards.find((candidate) => candidate.id === event.target.value) || null;
      drawBoardFields();
    });
    form.append(chooser);
  }
  form.append(fieldsHolder, el("div", { class: "calc-submit-row" }, button, progress));

  function drawBoardFields() {
    const kept = {};
    for (const input of fieldsHolder.querySelectorAll("#calc-raised input, #calc-today input")) kept[input.id] = input.value;
    fieldsHolder.replaceChildren(board ? boardFields(board) : el("p", { class: "govuk-hint", text: "Choose a board to see its stages." }));
    if (!board) return;
    for (const [id, value] of Object.entries(kept)) { const input = form.querySelector(`#${id}`); if (input) input.value = value; }
    if (!form.querySelector("#calc-today-year").value) setGroupDate(form, "calc-today", isoToday());
    // Until you choose, the procedure's general roles are shown (they always apply).
    form.querySelector("#calc-agency").value = "any";
    linkOtherAgency = null;
    form.querySelector("#calc-other-agency")?.addEventListener("change", () => { linkOtherAgency = null; });
    for (const radio of form.querySelectorAll("input[name=calc-reached]")) radio.addEventListener("change", () => showStageGroups(form));
    showStageGroups(form);
  }
  drawBoardFields();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    // A previous answer must never stand beside new, different input.
    result.hidden = true;
    result.replaceChildren();
    shownHash = null;
    document.documentElement.classList.remove("calc-record-open");
    if (!board) {
      showErrors(form, [{ group: "calc-board", message: "Choose a board" }]);
      return;
    }
    const { request, errors } = readForm(form, board);
    if (errors.length) {
      showErrors(form, errors);
      return;
    }
    if (linkOtherAgency !== null) {
      request.other_agency = linkOtherAgency;
      linkOtherAgency = null;
    }
    button.disabled = true;
    if (!runtime.isReady()) {
      waiting = true;
      button.setAttribute("aria-describedby", "calc-progress");
      sayLoading();
    }
    try {
      const hash = stateHash(request, readReached(form));
      // The calendar's events link back to this plan's own address.
      const answer = await runtime.details(request, new URL(hash, window.location.href).href);
      const plan = answer.plan;
      // A new plan is a new entry in the history, so Back shows the plan before it.
      if (window.location.hash !== hash) window.history.pushState(null, "", hash);
      showAnswer(answer);
      if (waiting) say("The calculator is ready.");
      announce.textContent = `Answer: ${plan.heading}. ${plan.next_step}`;
      // The answer's top at the top of the screen (under the theme's header), not wherever
      // focusing its heading would leave it.
      result.querySelector(".calc-result__title").focus({ preventScroll: true });
      result.scrollIntoView({ block: "start" });
    } catch (error) {
      if (error.field !== undefined && error.field !== "request") {
        showErrors(form, [{ group: groupForField(error.field) || "calc-raised", message: error.message }]);
      } else {
        say(`The calculator could not work this out: ${error.message}. The stages and timescales on the board's page still apply.`);
      }
    } finally {
      waiting = false;
      button.disabled = false;
      button.removeAttribute("aria-describedby");
    }
  });

  function showAnswer(answer) {
    const { section, address } = renderRecord(answer.record, runtime);
    const openRecord = el("button", { type: "button", class: "md-button md-button--primary", "aria-controls": "calc-record", text: "Open the record of escalation" });
    openRecord.addEventListener("click", () => {
      address.textContent = window.location.href;
      section.hidden = false;
      document.documentElement.classList.add("calc-record-open");
      section.querySelector("#calc-record-title").focus();
    });
    // The link to this plan, copied in one tap (the full "Share this plan" is further down).
    const copied = el("p", { class: "calc-status", role: "status" });
    const copiedFallback = el("div", {});
    const copyLink = el("button", { type: "button", class: "md-button", text: "Copy the link to this plan" });
    copyLink.addEventListener("click", () => copyText(window.location.href, copied, copiedFallback, "The link"));
    const actions = el("section", { class: "calc-actions", "aria-labelledby": "calc-actions-title" },
      el("h4", { id: "calc-actions-title", text: "Keep this plan" }),
      el("p", { class: "calc-actions__buttons" }, openRecord, " ",
        answer.calendar
          ? downloadLink(answer.calendar.text, answer.calendar.filename, "Add the due dates to your calendar (.ics)")
          : "No due date can be worked out yet, so there is no calendar file.", " ", copyLink),
      copied, copiedFallback,
      el("p", { class: "govuk-hint", text: "The record opens below, ready to fill in and print or save as PDF. The calendar file has an all-day event for each due date, to open in Outlook, Google Calendar or Apple Calendar." }));
    // A phone's first screen: the heading, what to do now or next, whom to contact, by when and
    // what happens if not; right under it, the record, the calendar and the link; then detail.
    const { top, detail } = renderPlan(answer.plan);
    const [nextLate, ...rest] = answer.plan.do_now.length ? detail : [null, ...detail];
    result.replaceChildren(...top, actions, ...(nextLate ? [nextLate] : []), renderChecklist(answer.checklist),
      ...rest, renderShare(window.location.href), section);
    result.hidden = false;
    shownHash = window.location.hash;
  }

  /** Fill the form from a link's values and work it out; bad values get the form's own errors. */
  function applyState(params) {
    clearErrors(form);
    const errors = [];
    if (!preset) {
      const wanted = params.get("board") || "";
      const select = form.querySelector("#calc-board");
      board = boards.find((candidate) => candidate.id === wanted) || null;
      select.value = board ? board.id : "";
      drawBoardFields();
      if (!board) errors.push({ group: "calc-board", message: wanted ? `The link is for a board this guide does not have (${wanted}): choose a board` : "Choose a board" });
    } else if (params.get("board") && params.get("board") !== preset) {
      errors.push({ group: "calc-raised", message: `The link is for another board (${params.get("board")}): open it on that board's page` });
    }
    if (board) {
      const agency = params.get("agency") || "any";
      const select = form.querySelector("#calc-agency");
      if ([...select.options].some((option) => option.value === agency)) select.value = agency;
      else errors.push({ group: "calc-agency", message: `The link names an agency this board's procedure does not list (${agency}): choose your agency` });
      // Only a board that asks it reads the agency you disagree with (no other board's answer
      // depends on it). One it does not list is left to Python, which says so next to the field.
      const other = form.querySelector("#calc-other-agency");
      const otherWanted = params.get("other-agency") || "";
      if (other) {
        const listed = [...other.options].some((option) => option.value === otherWanted);
        other.value = listed ? otherWanted : "";
        linkOtherAgency = listed ? null : otherWanted;
      }
      const reached = params.get("reached") || "1";
      const radio = form.querySelector(`#calc-reached-${CSS.escape(reached)}`);
      if (radio) radio.checked = true;
      else errors.push({ group: "calc-reached", message: `The link names a stage this board does not have (${reached}): choose the stage reached` });
      showStageGroups(form);
      fillDateGroup(form, "calc-raised", params.get("raised"));
      for (const event of board.events.slice(1)) fillDateGroup(form, `calc-event-${event.id}`, params.get(`event-${event.id}`) || "");
      for (const group of form.querySelectorAll("[data-kind]")) {
        fillDateGroup(form, group.querySelector(".govuk-date-input").id, params.get(`${group.dataset.kind}${group.dataset.stage}`) || "");
      }
      fillDateGroup(form, "calc-today", params.get("today") || isoToday());
    }
    result.hidden = true;
    result.replaceChildren();
    if (!errors.length) {
      form.requestSubmit();
      return;
    }
    // The link's other values get the form's own checks too, all shown at once, in form order.
    if (board) errors.push(...readForm(form, board).errors);
    const position = (error) => [...form.querySelectorAll("[data-field-group]")]
      .findIndex((group) => group.dataset.fieldGroup === error.group);
    showErrors(form, errors.sort((a, b) => position(a) - position(b)));
  }

  function followAddress() {
    const params = stateFromHash(window.location.hash);
    if (params && window.location.hash === shownHash && !result.hidden) return;
    if (params) applyState(params);
    else if (!window.location.hash) {
      // Back to before the first plan: the empty form again.
      clearErrors(form);
      result.hidden = true;
      result.replaceChildren();
      document.documentElement.classList.remove("calc-record-open");
    }
  }
  window.addEventListener("popstate", followAddress);

  progress.id = "calc-progress";
  mount.replaceChildren(status, form, announce, result);
  if (stateFromHash(window.location.hash)) followAddress();
  return {
    loading(text) { loading = text; sayLoading(); },
    say,
  };
}

async function fetchBoards(build) {
  const response = await fetch(siteUrl("data/boards.json", build));
  if (!response.ok) throw new Error(`the list of boards answered ${response.status}`);
  return response.json();
}

function showReviewBanners(today) {
  for (const banner of document.querySelectorAll(".review-banner[data-review-due]")) {
    if (today > lastDayOf(banner.dataset.reviewDue)) banner.hidden = false;
  }
}

/** The name of the table in a wrapper: the heading just before it (less its permalink). */
function tableName(wrap) {
  let node = wrap.previousElementSibling;
  while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
  return node ? node.textContent.replace(/\u00b6/g, "").trim() : "Table";
}

/**
 * A table wider than the page scrolls sideways in the theme's wrapper, and a keyboard user can
 * scroll it only if the wrapper takes focus (WCAG 2.1.1). So a wrapper gets a tab stop and a
 * name while it scrolls, and loses them when the window is wide enough again.
 */
function letWideTablesScroll() {
  const update = (wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", tableName(wrap));
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
    }
  };
  const observer = new ResizeObserver((entries) => entries.forEach((entry) =>
    update(entry.target.closest(".md-typeset__scrollwrap"))));
  // The table too: its width can change while the wrapper's stays (say, when a font loads).
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    observer.observe(wrap);
    if (wrap.firstElementChild) observer.observe(wrap.firstElementChild);
  }
}

// ---------------------------------------------------------------------------------------------
// The training pages' presenter view: one step per screen, moved on by keyboard or buttons

const PRESENTER_KEYS = {
  ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1, Home: "first", End: "last",
};

function startPresenter() {
  const deck = document.querySelector(".presenter");
  const steps = deck ? [...deck.querySelectorAll(".presenter-step")] : [];
  if (!steps.length) return;
  document.documentElement.classList.add("presenter-on");
  const counter = el("p", { class: "presenter-counter", "aria-live": "polite" });
  const previous = el("button", { type: "button", class: "md-button", text: "Previous step" });
  const reveal = el("button", { type: "button", class: "md-button", text: "Show the answer" });
  const next = el("button", { type: "button", class: "md-button md-button--primary", text: "Next step" });
  deck.after(el("div", { class: "presenter-controls", role: "group", "aria-label": "Presenter controls" },
    previous, reveal, next, counter));
  const wanted = /^#step-(\d+)$/.exec(window.location.hash);
  let index = wanted ? Math.min(Math.max(Number(wanted[1]) - 1, 0), steps.length - 1) : 0;

  function show(to, focus) {
    index = Math.min(Math.max(to, 0), steps.length - 1);
    steps.forEach((step, position) => { step.hidden = position !== index; });
    counter.textContent = `Step ${index + 1} of ${steps.length}`;
    previous.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    window.history.replaceState(null, "", `#step-${index + 1}`);
    if (focus) steps[index].focus();
  }
  function showAnswer() {
    const answer = steps[index].querySelector("details");
    if (answer) answer.open = true;
  }
  for (const step of steps) step.tabIndex = -1;
  previous.addEventListener("click", () => show(index - 1, true));
  next.addEventListener("click", () => show(index + 1, true));
  reveal.addEventListener("click", showAnswer);
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    // Keys keep their own meaning in fields, and on buttons and links (Space presses them).
    if (event.target.closest("input, textarea, select, button, a, summary")) return;
    const move = PRESENTER_KEYS[event.key];
    if (event.key === "a" || event.key === "A") showAnswer();
    else if (move === "first") show(0, true);
    else if (move === "last") show(steps.length - 1, true);
    else if (move) show(index + move, true);
    else return;
    event.preventDefault();
  });
  show(index, false);
}

/**
 * Keep the whole site for use offline (sw.js, written by each build), once this page has done
 * its own work: it must never compete with the page or its calculator for the network.
 */
function keepForOffline(after) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  after.then(() => navigator.serviceWorker.register(new URL("sw.js", SITE_ROOT), { scope: SITE_ROOT.href }))
    .catch(() => {}); // a browser that refuses (say, in a third-party frame) loses nothing else
}

/**
 * In an embed page (embed/<board>/) inside a frame: tell the host page the content's height on
 * load and whenever it changes, so that its optional script (assets/js/embed-host.js) can size
 * the frame with no scroll inside it. Only the height is sent, never anything typed.
 */
const EMBED_HEIGHT_MESSAGE = "escalation-embed-height";

function postHeightToHost() {
  const main = document.querySelector(".calc-embed__main");
  if (!main || window.parent === window) return;
  let sent = 0;
  const post = () => {
    const height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, height }, "*");
  };
  new ResizeObserver(post).observe(main);
  window.addEventListener("load", post, { once: true });
}

function main() {
  postHeightToHost();
  showReviewBanners(isoToday());
  startPresenter();
  const loaded = new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve, { once: true });
  });
  // The theme wraps tables once the document has loaded, after this module has run.
  loaded.then(letWideTablesScroll);
  const mount = document.querySelector(".escalation-calculator");
  if (!mount) {
    keepForOffline(loaded);
    return;
  }
  let status = null;
  let loading = LOADING_TEXT;
  const boardsLoaded = fetchBoards(mount.dataset.build);
  const runtime = startRuntime(mount, boardsLoaded, (progress) => {
    loading = statusText(progress);
    if (status) status.loading(loading);
  });
  window.escalationCalculator = { ready: runtime.ready, plan: runtime.plan, calendar: runtime.calendar };
  keepForOffline(runtime.ready.then(() => {}, () => {}));
  // Draw the form only after the page's first frame, so it can never hold up reading.
  const afterFirstFrame = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  Promise.all([boardsLoaded, afterFirstFrame]).then(([boards]) => {
    status = drawCalculator(mount, boards, runtime);
    status.loading(loading);
    runtime.ready.then(
      () => { status.say("The calculator is ready."); },
      (error) => {
        status.say(`The calculator could not load (${error.message}). Every stage, its timescale and whom to contact are still set out on the board's page.`, true);
      });
  }, (error) => {
    mount.append(el("p", { class: "calc-status calc-status--failed", role: "status", text: `The calculator could not load (${error.message}).` }));
  });
}

main();
