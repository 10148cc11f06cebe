// The calculator's form: its fields for a board, reading them into a request, and its errors in
// the GOV.UK pattern (a summary at the top, each message next to its field).

import { readDateParts } from "./dates.js";
import { el, hiddenText } from "./dom.js";
import { linkDateParts } from "./link-state.js";

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

export function setGroupDate(form, id, iso) {
  const [year, month, day] = iso.split("-");
  form.querySelector(`#${id}-day`).value = String(Number(day));
  form.querySelector(`#${id}-month`).value = String(Number(month));
  form.querySelector(`#${id}-year`).value = year;
}

export function selectGroup(id, label, options, hint, { optional = false } = {}) {
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

export function readReached(form) {
  const checked = form.querySelector("input[name=calc-reached]:checked");
  return checked ? Number(checked.value) : 1;
}

export function showStageGroups(form) {
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

export function boardFields(board) {
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
export function readForm(form, board) {
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
export function groupForField(field) {
  if (!field) return null;
  const [name, number] = field.split(".");
  if (name === "started" || name === "agreed") return number ? `calc-${name}-${number}` : "calc-reached";
  if (name === "events") return number ? `calc-event-${number}` : "calc-raised";
  return { raised: "calc-raised", today: "calc-today", agency: "calc-agency", other_agency: "calc-other-agency", board: "calc-board" }[name] || null;
}

// ---------------------------------------------------------------------------------------------
// Errors, in the GOV.UK pattern: a summary at the top, each message next to its field

export function clearErrors(form) {
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

export function showErrors(form, errors) {
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

/** Put a date from a link into a GOV.UK date group, as typed, so a bad one gets the usual error. */
export function fillDateGroup(form, id, text) {
  const parts = linkDateParts(text);
  for (const part of ["day", "month", "year"]) form.querySelector(`#${id}-${part}`).value = parts[part];
}
