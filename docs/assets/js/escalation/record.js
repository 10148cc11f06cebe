// The record of escalation: the board's fields to fill in, to print or to copy as text.

import { humanDate } from "./dates.js";
import { copyText, el, source, summaryRow } from "./dom.js";

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

const STAGE_COLUMNS = ["Stage", "Status", "Started", "Due", "Contact"];

/** The record's stages. On a narrow screen each row becomes a block whose cells carry their
 * column's name (data-label, shown by site.css), so a 320 px page never scrolls sideways; the
 * ARIA roles keep it a table for screen readers once CSS has made its parts blocks. */
function stagesTable(record) {
  const cell = (index, ...content) => el("td", { role: "cell", "data-label": STAGE_COLUMNS[index] }, ...content);
  return el("table", { class: "calc-record__stages", role: "table" },
    el("caption", { text: "Stages and due dates" }),
    el("thead", { role: "rowgroup" }, el("tr", { role: "row" },
      STAGE_COLUMNS.map((name) => el("th", { scope: "col", role: "columnheader" }, name)))),
    el("tbody", { role: "rowgroup" }, record.stages.map((stage) => el("tr", { role: "row" },
      el("th", { scope: "row", role: "rowheader" }, `${stage.number}. ${stage.title}`, el("br"), source(stage.source)),
      cell(1, stage.status_text),
      cell(2, stage.started ? humanDate(stage.started) : ""),
      cell(3, stage.due_text),
      cell(4, stage.contact, stage.contact_note ? ` ${stage.contact_note}` : "", " ", source(stage.contact_source))))));
}

export function renderRecord(record, runtime) {
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
