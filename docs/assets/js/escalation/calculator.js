// Putting the calculator together: the form, the answer and the plan in the page's address.

import { isoToday } from "./dates.js";
import { copyText, el } from "./dom.js";
import {
  boardFields, clearErrors, fillDateGroup, groupForField, readForm, readReached, selectGroup,
  setGroupDate, showErrors, showStageGroups,
} from "./form.js";
import { renderBoardSummary, renderCalendar, renderChecklist, renderLinks, renderPlan, renderShare } from "./answer.js";
import { renderRecord } from "./record.js";
import { stateFromHash, stateHash } from "./link-state.js";

export function statusText(progress) {
  return `Loading the calculator: step ${progress.step} of ${progress.of} (${progress.label.toLowerCase()})…`;
}

const WAITING_TEXT = "Working it out as soon as the calculator has loaded…";
export const LOADING_TEXT = "Loading the calculator…";

export function drawCalculator(mount, boards, runtime) {
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
      const address = new URL(hash, window.location.href).href;
      const answer = await runtime.details(request, address);
      const plan = answer.plan;
      // A new plan is a new entry in the history, so Back shows the plan before it.
      if (window.location.hash !== hash) window.history.pushState(null, "", hash);
      // The calendar file is made again, with its own options, for this same request and address.
      showAnswer(answer, (options) => runtime.calendarFile(request, options, address));
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

  function showAnswer(answer, makeCalendar) {
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
    const calendar = renderCalendar(answer, makeCalendar);
    const actions = el("section", { class: "calc-actions", "aria-labelledby": "calc-actions-title" },
      el("h4", { id: "calc-actions-title", text: "Keep this plan" }),
      el("p", { class: "calc-actions__buttons" }, openRecord, " ",
        calendar.link, " ", copyLink),
      copied, copiedFallback,
      el("p", { class: "govuk-hint", text: "The record opens below, ready to fill in and print or save as PDF. The calendar file has an all-day event for each due date, with a reminder at 9am the day before, to open in Outlook, Google Calendar or Apple Calendar." }),
      calendar.options, renderBoardSummary(answer.board_summary));
    // A phone's first screen: the heading, what to do now or next, whom to contact, by when and
    // what happens if not; right under it, the record, the calendar and the link; then detail.
    const { top, detail } = renderPlan(answer.plan);
    const [nextLate, ...rest] = answer.plan.do_now.length ? detail : [null, ...detail];
    result.replaceChildren(...top, actions, ...(nextLate ? [nextLate] : []), renderChecklist(answer.checklist),
      ...rest, renderLinks(answer.links) || [], renderShare(window.location.href), section);
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
