// The answer: the plan (what to do now or next, whom to contact, by when, every stage), the
// current stage's checklist, the calendar file and the link to share.

import { copyText, el, hiddenText, source, summaryRow } from "./dom.js";
import { siteUrl } from "./runtime.js";

/** A stage's status, as GOV.UK's task list shows one: a coloured tag only where the colour
 * means something (the stage you are at, a stage running late); otherwise plain text (done),
 * or plain grey text (not yet, not for your agency). The words are Python's (status_text). */
const TAGGED = new Set(["current", "overdue"]);
function tag(stage) {
  const kind = stage.overdue ? "overdue" : stage.status;
  if (TAGGED.has(kind)) return el("strong", { class: `calc-tag calc-tag--${kind}`, text: stage.status_text });
  return el("span", { class: `calc-status-word calc-status-word--${kind}`, text: stage.status_text });
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
export function renderPlan(plan) {
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

export function renderChecklist(checklist) {
  return el("section", { class: "calc-checklist", "aria-labelledby": "calc-checklist-title" },
    el("h4", { id: "calc-checklist-title", text: checklist.heading }),
    checklist.sections.map((section) => [
      el("h5", { text: section.heading }),
      el("ul", { class: "calc-checklist__list" }, section.items.map((item) =>
        el("li", {}, item.text, " ", source(item.source)))),
    ]));
}

/** The board's own links, where its procedure gives them (Python's list: calculator/links.py);
 * an address not worth linking (not https) is shown as text. Null when there are none. */
export function renderLinks(links) {
  if (!links || !links.length) return null;
  return el("section", { class: "calc-links", "aria-labelledby": "calc-links-title" },
    el("h4", { id: "calc-links-title", text: "Your board's own pages" }),
    el("ul", {}, links.map((link) => el("li", {},
      el("strong", { text: `${link.title}: ` }),
      link.href ? el("a", { href: link.href, text: link.label })
        : `${link.label}${link.url ? `, ${link.url}` : " (the procedure gives no address)"}`,
      link.note ? `. ${link.note}` : "", " ", source(link.source)))));
}

// ---------------------------------------------------------------------------------------------
// Keeping the plan: a calendar file, a link to share, a record to print

/** The calendar file's address: the old file's is let go when replaced. */
let calendarUrl = null;
function calendarObjectUrl(text) {
  if (calendarUrl) URL.revokeObjectURL(calendarUrl);
  calendarUrl = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
  return calendarUrl;
}

/** A link that downloads `text` as a file; the old file's address is let go when replaced. */
export function downloadLink(text, filename, label) {
  return el("a", { class: "md-button calc-download", href: calendarObjectUrl(text), download: filename, text: label });
}

/** The summary for the Board (a board that asks for escalations to be reported): a CSV and a
 * JSON file Python made with the plan, each its own download, and Python's sentence on whom the
 * board asks and what the files hold. Null for a board that asks for none. */
let summaryUrls = [];
export function renderBoardSummary(summary) {
  if (!summary) return null;
  for (const url of summaryUrls) URL.revokeObjectURL(url);
  summaryUrls = summary.files.map((file) => URL.createObjectURL(new Blob([file.text], { type: file.type })));
  const kinds = { "text/csv;charset=utf-8": "CSV", "application/json": "JSON" };
  return el("div", { class: "calc-board-summary" },
    el("p", { class: "calc-actions__buttons" }, summary.files.map((file, index) => [
      el("a", { class: "md-button calc-download", href: summaryUrls[index], download: file.filename,
        text: `Summary for the Board (${kinds[file.type] || file.filename.split(".").pop()})` }), " "])),
    el("p", { class: "govuk-hint", text: summary.offer }));
}

const CALENDAR_LABEL = "Add the due dates to your calendar (.ics)";
const CASE_REFERENCE_WAIT_MS = 300;

/** The calendar file and its own options: a case reference and past dates too. They are the
 * calendar's alone: outside the calculator's form, never in the link, the history or storage.
 * `makeFile(options)` asks Python for the file again (runtime.calendarFile, with the request and
 * address `details` had). Returns {link}, what stands in the buttons' row (the download link, or
 * Python's words on why there is no file), and {options}, the two fields. */
export function renderCalendar(answer, makeFile) {
  const link = el("span", { class: "calc-calendar-file" });
  const showFile = (calendar) => {
    const anchor = link.querySelector("a.calc-download");
    if (anchor) {
      anchor.href = calendarObjectUrl(calendar.text);
      anchor.download = calendar.filename;
    } else {
      link.replaceChildren(downloadLink(calendar.text, calendar.filename, CALENDAR_LABEL));
    }
  };
  const showNote = (text) => link.replaceChildren(el("span", { class: "calc-calendar-note", text }));
  if (answer.calendar) showFile(answer.calendar);
  else showNote(answer.calendar_note || "");

  const hintId = "calc-case-reference-hint";
  const errorId = "calc-case-reference-error";
  const reference = el("input", { id: "calc-case-reference", class: "govuk-input calc-case-reference", type: "text",
    maxlength: "40", autocomplete: "off", spellcheck: "false", "aria-describedby": hintId });
  const referenceGroup = el("div", { class: "govuk-form-group" },
    el("label", { class: "govuk-label", for: "calc-case-reference", text: "Case reference (optional)" }),
    el("div", { id: hintId, class: "govuk-hint", text: "Written only into the calendar file, to tell this case's events apart; not kept in the link." }),
    reference);
  const past = el("input", { id: "calc-include-past", class: "calc-checkbox__input", type: "checkbox" });
  const pastGroup = el("div", { class: "govuk-form-group calc-checkbox" }, past,
    el("label", { class: "govuk-label calc-checkbox__label", for: "calc-include-past", text: "Include dates that have passed" }));

  const clearReferenceError = () => {
    referenceGroup.classList.remove("govuk-form-group--error");
    reference.classList.remove("govuk-input--error");
    referenceGroup.querySelector(`#${errorId}`)?.remove();
    reference.setAttribute("aria-describedby", hintId);
  };
  const showReferenceError = (message) => {
    clearReferenceError();
    referenceGroup.classList.add("govuk-form-group--error");
    reference.classList.add("govuk-input--error");
    reference.before(el("p", { id: errorId, class: "govuk-error-message" }, hiddenText("Error: "), message));
    reference.setAttribute("aria-describedby", `${hintId} ${errorId}`);
  };

  // Only the latest change's answer is shown: an older one arriving late is dropped.
  let asked = 0;
  async function remake() {
    const mine = ++asked;
    let made = null;
    let failure = null;
    try {
      made = await makeFile({ case_reference: reference.value, include_past: past.checked });
    } catch (error) {
      failure = error;
    }
    if (mine !== asked) return;
    if (!failure) {
      clearReferenceError();
      showFile(made.calendar);
    } else if (failure.field === "case_reference") {
      showReferenceError(failure.message);
    } else {
      clearReferenceError();
      showNote(failure.message);
    }
  }
  let timer = null;
  reference.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(remake, CASE_REFERENCE_WAIT_MS);
  });
  past.addEventListener("change", () => {
    clearTimeout(timer);
    remake();
  });
  const options = el("div", { class: "calc-calendar-options" }, referenceGroup, pastGroup);
  return { link, options };
}

export function renderShare(link) {
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
