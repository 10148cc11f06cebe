// The calculator in the page. The form is drawn at once from the site's data; Python (Pyodide)
// loads in a Web Worker started once the page has painted (an inline start right after the
// calculator's place, or this module), so reading is never held up. Every answer
// comes from the same Python code as the command line; this file only draws forms and results.
//
// On every page with a calculator: window.escalationCalculator = {ready, plan(input),
// calendar(input, {case_reference, include_past})}. Nothing anyone types leaves the browser: the worker fetches only this site's
// own files, and the plan is kept in the address's #fragment, which browsers never send.
//
// The code is in escalation/, one module per concern (dates, dom, runtime, form, answer, record,
// link-state, calculator, page, training, embed); this entry only starts it. check-page.js
// imports startRuntime, el and isoToday from here.

import { isoToday } from "./escalation/dates.js";
import { el } from "./escalation/dom.js";
import { fetchBoards, startRuntime } from "./escalation/runtime.js";
import { drawCalculator, LOADING_TEXT, statusText } from "./escalation/calculator.js";
import { keepForOffline, letWideTablesScroll, showReviewBanners } from "./escalation/page.js";
import { startPresenter } from "./escalation/training.js";
import { startQuiz } from "./escalation/quiz.js";
import { postHeightToHost } from "./escalation/embed.js";

// The modules only the ones above import, named here too so that the browser asks for every
// module at once rather than one level of imports after another.
import "./escalation/answer.js";
import "./escalation/form.js";
import "./escalation/link-state.js";
import "./escalation/record.js";

export { el } from "./escalation/dom.js";
export { isoToday, readDateParts } from "./escalation/dates.js";
export { startRuntime } from "./escalation/runtime.js";

function main() {
  postHeightToHost();
  showReviewBanners(isoToday());
  startPresenter();
  startQuiz();
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
