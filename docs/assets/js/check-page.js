// The "Check a board file" page (docs/check-a-board-file.md). A board file, pasted or chosen, is
// checked by the command line's own Python (calculator/tools/board_check.py, which runs `check`) in
// the calculator's Web Worker, started with this page's larger zip. A chosen file is read here
// with File.arrayBuffer; nothing typed, pasted or chosen is sent anywhere.
//
// For tests: window.boardCheck = {ready, check({text, name, today})} once the form is drawn.
import { el, isoToday, startRuntime } from "./escalation.js";

// check itself refuses a file over 1 MB, with its line; a file far larger would only stall the
// page while it is read, so it is refused before that.
const MAX_FILE_BYTES = 2_000_000;
// A long file's numbered view shows only the lines around its problems.
const MAX_NUMBERED_LINES = 3000;
const CONTEXT_LINES = 3;

// ---------------------------------------------------------------------------------------------
// The form

function hint(id, text) {
  return el("div", { class: "govuk-hint", id, text });
}

function group(fieldName, ...children) {
  return el("div", { class: "govuk-form-group", "data-field-group": fieldName }, ...children);
}

function drawForm(mount) {
  const form = el("form", { class: "check-form", novalidate: true },
    el("div", { class: "govuk-error-summary", hidden: true, tabindex: "-1", "aria-labelledby": "check-input-errors-title" },
      el("h2", { class: "govuk-error-summary__title", id: "check-input-errors-title", text: "There is a problem" }),
      el("ul", { class: "govuk-error-summary__list" })),
    group("file",
      el("label", { class: "govuk-label govuk-label--s", for: "check-file", text: "Choose the board file (optional)" }),
      hint("check-file-hint", "A .yaml file from your computer. Its text goes into the box below; it is read in this page and never uploaded."),
      el("input", { type: "file", id: "check-file", class: "check-file", accept: ".yaml,.yml", "aria-describedby": "check-file-hint" })),
    group("text",
      el("label", { class: "govuk-label govuk-label--s", for: "check-text", text: "The board file's text" }),
      hint("check-text-hint", "Paste the whole file, from its first line (# yaml-language-server: $schema=schema.json) to its last."),
      el("textarea", {
        id: "check-text", class: "govuk-textarea check-text", rows: "12", spellcheck: "false",
        autocapitalize: "off", autocomplete: "off", "aria-describedby": "check-text-hint",
      })),
    group("name",
      el("label", { class: "govuk-label govuk-label--s", for: "check-name", text: "The file's name" }),
      hint("check-name-hint", "For example newshire.yaml. The board's id must be this name without .yaml (id: newshire); choosing a file fills it in."),
      el("input", {
        type: "text", id: "check-name", class: "govuk-input check-name", spellcheck: "false",
        autocapitalize: "off", autocomplete: "off", "aria-describedby": "check-name-hint",
      })),
    el("button", { type: "submit", class: "md-button md-button--primary calc-submit", text: "Check the file" }),
    el("p", { class: "calc-status check-status", role: "status" }));
  const results = el("div", { class: "check-results" });
  mount.replaceChildren(form, results);
  return { form, results, status: form.querySelector(".check-status") };
}

// ---------------------------------------------------------------------------------------------
// Errors in what was given (GOV.UK error summary, with a message at each field)

function inputError(field, message) {
  const error = new Error(message);
  error.field = field;
  return error;
}

function clearErrors(form) {
  form.querySelector(".govuk-error-summary").hidden = true;
  for (const group of form.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
    group.querySelector(".govuk-error-message")?.remove();
    const control = group.querySelector("input, textarea");
    control.classList.remove("govuk-input--error");
    control.setAttribute("aria-describedby", control.getAttribute("aria-describedby").replace(/ ?check-\w+-error/, ""));
  }
}

function showErrors(form, errors) {
  const summary = form.querySelector(".govuk-error-summary");
  const list = summary.querySelector("ul");
  list.replaceChildren();
  for (const error of errors) {
    const group = form.querySelector(`[data-field-group="${error.field}"]`);
    const control = group.querySelector("input, textarea");
    const id = `check-${error.field}-error`;
    group.classList.add("govuk-form-group--error");
    control.classList.add("govuk-input--error");
    control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby")} ${id}`);
    group.querySelector(".govuk-hint").after(el("p", { class: "govuk-error-message", id },
      el("span", { class: "govuk-visually-hidden", text: "Error: " }), error.message));
    const link = el("a", { href: `#${control.id}`, text: error.message });
    link.addEventListener("click", (event) => { event.preventDefault(); control.focus(); });
    list.append(el("li", {}, link));
  }
  summary.hidden = false;
  summary.focus();
}

function requiredErrors(text, name) {
  const errors = [];
  if (!text.trim()) errors.push(inputError("text", "Paste the board file's text, or choose the file"));
  if (!name.trim()) errors.push(inputError("name", "Enter the file's name, for example newshire.yaml"));
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Reading a chosen file: its bytes as UTF-8, exactly as the command line reads them

function sizeWords(bytes) {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}

async function readChosen(file) {
  if (file.size > MAX_FILE_BYTES) {
    throw inputError("file", `${file.name} is ${sizeWords(file.size)}: a board file is far smaller (the largest is about 55 kB). Choose the board's .yaml file`);
  }
  const bytes = await file.arrayBuffer();
  try {
    // ignoreBOM keeps a byte-order mark in the text, as Python's decode does.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw inputError("file", `${file.name} is not UTF-8 text: save it as UTF-8 and choose it again`);
  }
}

// ---------------------------------------------------------------------------------------------
// The answer: problems (with the file line by line), or notes and a preview

function focusLater(node) {
  node.tabIndex = -1;
  requestAnimationFrame(() => node.focus());
}

/** The line numbers to show: every line, or for a long file those near a problem. */
function shownLines(count, problemLines) {
  if (count <= MAX_NUMBERED_LINES) return Array.from({ length: count }, (_, index) => index + 1);
  const shown = new Set();
  for (const line of problemLines) {
    for (let near = line - CONTEXT_LINES; near <= line + CONTEXT_LINES; near += 1) {
      if (near >= 1 && near <= count) shown.add(near);
    }
  }
  return [...shown].sort((a, b) => a - b);
}

function numberedView(text, problems) {
  const lines = text.split("\n");
  const byLine = new Map();
  for (const problem of problems) byLine.set(problem.line, [...(byLine.get(problem.line) || []), problem]);
  const numbers = shownLines(lines.length, byLine.keys());
  const items = numbers.map((number) => {
    const found = byLine.get(number) || [];
    return el("li", { id: `check-line-${number}`, value: String(number), class: found.length ? "check-line check-line--problem" : "check-line" },
      el("code", { text: lines[number - 1] }),
      found.map((problem) => el("span", { class: "check-line__problem" },
        el("span", { class: "govuk-visually-hidden", text: "Problem: " }), problem.summary)));
  });
  const long = numbers.length < lines.length;
  return el("section", { class: "check-file-view", "aria-labelledby": "check-lines-title" },
    el("h2", { id: "check-lines-title", text: long ? "The lines with problems" : "The file, line by line" }),
    el("p", { class: "govuk-hint", text: long
      ? `The file has ${lines.length.toLocaleString("en-GB")} lines: these are the ones with a problem, and the lines around them.`
      : "Each line with a problem has the problem below it." }),
    el("ol", { class: "check-lines" }, items));
}

function problemSummary(answer) {
  const count = answer.problems.length;
  const links = answer.problems.map((problem) => {
    const link = el("a", { href: `#check-line-${problem.line}`, text: problem.summary });
    link.addEventListener("click", (event) => {
      const line = document.getElementById(`check-line-${problem.line}`);
      if (!line) return;
      event.preventDefault();
      line.tabIndex = -1;
      line.focus();
    });
    return el("li", { "data-cli": problem.text }, link);
  });
  return el("div", { class: "govuk-error-summary check-problems", "aria-labelledby": "check-problems-title" },
    el("h2", { class: "govuk-error-summary__title", id: "check-problems-title",
      text: `${count} ${count === 1 ? "problem" : "problems"} in ${answer.shown_as}` }),
    el("p", { text: "Each problem names its line in the file. Fix them all, then check the file again." }),
    el("ul", { class: "govuk-error-summary__list" }, links));
}

function notesSection(notes) {
  return el("section", { class: "check-notes", "aria-labelledby": "check-notes-title" },
    el("h2", { id: "check-notes-title", text: "What a complete entry still needs" }),
    el("p", { text: "These are notes, not problems: the board appears on the site without them." }),
    el("ul", {}, notes.map((note) => el("li", { "data-cli": note.text, text: note.summary.replace(/^(line \d+: )note: /, "$1") }))));
}

function humanToday(iso) {
  return new Date(`${iso}T12:00:00`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

function previewSection(preview, today) {
  const parts = [
    el("h2", { id: "check-preview-title", text: `Preview: ${preview.name}` }),
    el("h3", { text: "Its stages" }),
    el("ol", { class: "check-stages" }, preview.stages.map((stage) => el("li", { value: String(stage.number) },
      el("strong", { text: `Stage ${stage.number}: ${stage.title}` }), " ",
      el("span", { text: stage.timescale }), " ",
      el("span", { class: "calc-source", text: `(${stage.source})` })))),
    el("h3", { text: "A sample plan" }),
  ];
  if (preview.plan_text) {
    parts.push(
      el("p", { text: `For a disagreement raised today (${humanToday(today)}), from an agency the file does not name, so with the generic roles: the plan as python -m calculator plan prints it.` }),
      el("pre", { class: "check-plan" }, el("code", { text: preview.plan_text })));
  } else {
    parts.push(el("p", { class: "calc-status--failed", text: `The calculator could not make a plan: ${preview.plan_error}` }));
  }
  return el("section", { class: "check-preview", "aria-labelledby": "check-preview-title" }, parts);
}

function drawAnswer(results, answer, text, today) {
  if (answer.problems.length) {
    const summary = problemSummary(answer);
    results.replaceChildren(summary, numberedView(text, answer.problems));
    focusLater(summary);
    return;
  }
  const title = el("h2", { id: "check-result-title", class: "check-ok", text: `No problems in ${answer.shown_as}` });
  const parts = [title, el("p", { text: "It passes every check this page makes, the same as the command line's." })];
  if (answer.notes.length) parts.push(notesSection(answer.notes));
  if (answer.preview) parts.push(previewSection(answer.preview, today));
  results.replaceChildren(...parts);
  focusLater(title);
}

function drawFailure(results, message) {
  const failure = el("p", { class: "calc-status calc-status--failed", text: `The file could not be checked: ${message}` });
  results.replaceChildren(failure);
  focusLater(failure);
}

// ---------------------------------------------------------------------------------------------

function main() {
  const mount = document.querySelector(".board-check");
  if (!mount) return;
  const { form, results, status } = drawForm(mount);
  const textBox = form.querySelector("#check-text");
  const nameBox = form.querySelector("#check-name");
  const fileInput = form.querySelector("#check-file");
  // A chosen file's text exactly as read: a text box gives back its line breaks as \n only.
  let chosen = null;
  let busy = false;
  // A chosen file still being read: "Check the file" pressed meanwhile waits for it.
  let reading = Promise.resolve();

  const runtime = startRuntime(mount, Promise.resolve([]), (progress) => {
    status.textContent = `Loading the checker (step ${progress.step} of ${progress.of}: ${progress.label})…`;
  });
  window.boardCheck = { ready: runtime.ready, check: runtime.check };
  status.textContent = "Loading the checker…";
  runtime.ready.then(
    () => { if (!busy) status.textContent = "The checker is ready."; },
    (error) => {
      status.textContent = `The checker could not load (${error.message}). The command line checks the same way: python -m calculator check policies/<id>.yaml.`;
      status.classList.add("calc-status--failed");
    });

  textBox.addEventListener("input", () => { chosen = null; });
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    if (!file) return;
    clearErrors(form);
    const read = readChosen(file);
    reading = read.catch(() => {});
    try {
      chosen = await read;
    } catch (error) {
      showErrors(form, [error]);
      return;
    }
    textBox.value = chosen;
    nameBox.value = file.name;
    status.textContent = `${file.name} is in the box below (${chosen.length.toLocaleString("en-GB")} characters).`;
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    await reading;
    busy = false;
    clearErrors(form);
    const text = chosen ?? textBox.value;
    const errors = requiredErrors(text, nameBox.value);
    if (errors.length) {
      showErrors(form, errors);
      return;
    }
    busy = true;
    status.textContent = "Checking the file…";
    const today = isoToday();
    try {
      const answer = await runtime.check({ text, name: nameBox.value, today });
      drawAnswer(results, answer, text, today);
      status.textContent = answer.problems.length ? "Checked: the file has problems." : "Checked: no problems.";
    } catch (error) {
      drawFailure(results, error.message);
      status.textContent = "The file could not be checked.";
    } finally {
      busy = false;
    }
  });
}

main();
