// The training pages' presenter view: one step per screen, moved on by keyboard or buttons.

import { el } from "./dom.js";

const PRESENTER_KEYS = {
  ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1, Home: "first", End: "last",
};

export function startPresenter() {
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
