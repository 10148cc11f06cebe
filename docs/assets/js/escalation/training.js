// The training pages' presenter view: one step per screen, moved on by keyboard or buttons; the
// answer shown and hidden with A or a button; full screen with F or a button; and each step
// fitted to the screen (a projector's 1920 x 1080 included), answer and all.

import { el } from "./dom.js";

const PRESENTER_KEYS = {
  ArrowRight: 1, PageDown: 1, " ": 1, ArrowLeft: -1, PageUp: -1, Home: "first", End: "last",
};
// The large type a step starts at, and the smallest it may shrink to so that it fits (rem).
const LARGEST = 1.35;
const SMALLEST = 0.8;
const SHRINK_STEP = 0.05;
// Space kept between a step's last line and the controls (px): never touching them.
const BREATHING_ROOM = 12;

/** The largest type, from LARGEST down to SMALLEST, at which `fits()` holds (SMALLEST if none). */
export function fittedSize(fits) {
  for (let size = LARGEST; size > SMALLEST; size = Math.round((size - SHRINK_STEP) * 100) / 100) {
    if (fits(size)) return size;
  }
  return SMALLEST;
}

export function startPresenter() {
  const deck = document.querySelector(".presenter");
  const steps = deck ? [...deck.querySelectorAll(".presenter-step")] : [];
  if (!steps.length) return;
  document.documentElement.classList.add("presenter-on");
  const counter = el("p", { class: "presenter-counter", "aria-live": "polite" });
  const previous = el("button", { type: "button", class: "md-button", text: "Previous step" });
  const reveal = el("button", { type: "button", class: "md-button", "aria-expanded": "false", text: "Show the answer" });
  const next = el("button", { type: "button", class: "md-button md-button--primary", text: "Next step" });
  const canFullscreen = Boolean(document.fullscreenEnabled);
  const full = canFullscreen ? el("button", { type: "button", class: "md-button", text: "Full screen" }) : null;
  const controls = el("div", { class: "presenter-controls", role: "group", "aria-label": "Presenter controls" },
    previous, reveal, next, full, counter);
  // The deck and its controls in one box, so that full screen shows both and nothing else.
  const stage = el("div", { class: "presenter-stage" });
  deck.replaceWith(stage);
  stage.append(deck, controls);
  const wanted = /^#step-(\d+)$/.exec(window.location.hash);
  let index = wanted ? Math.min(Math.max(Number(wanted[1]) - 1, 0), steps.length - 1) : 0;

  function answerOf(step) { return step.querySelector("details"); }

  /** The step at the largest type at which it, open answer included, ends above the controls. */
  function fit() {
    const step = steps[index];
    // Above the controls, wherever they are: stuck to the screen's foot, or just under the step.
    const screenFoot = () => (document.fullscreenElement || document.documentElement).clientHeight;
    const room = () => Math.min(controls.getBoundingClientRect().top, screenFoot() - controls.offsetHeight)
      - step.getBoundingClientRect().top;
    step.style.fontSize = "";
    const size = fittedSize((rem) => {
      step.scrollIntoView({ block: "start" }); // the page may scroll further once a step grows
      step.style.fontSize = `${rem}rem`;
      return step.scrollHeight + BREATHING_ROOM <= room();
    });
    step.style.fontSize = `${size}rem`;
  }

  function sayAnswer() {
    const answer = answerOf(steps[index]);
    const open = Boolean(answer && answer.open);
    reveal.disabled = !answer;
    reveal.setAttribute("aria-expanded", String(open));
    reveal.textContent = open ? "Hide the answer" : "Show the answer";
  }

  function show(to, focus) {
    index = Math.min(Math.max(to, 0), steps.length - 1);
    steps.forEach((step, position) => { step.hidden = position !== index; });
    counter.textContent = `Step ${index + 1} of ${steps.length}`;
    previous.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    window.history.replaceState(null, "", `#step-${index + 1}`);
    sayAnswer();
    fit();
    if (focus) steps[index].focus({ preventScroll: true });
  }
  function toggleAnswer() {
    const answer = answerOf(steps[index]);
    if (!answer) return;
    answer.open = !answer.open; // its "toggle" event says so and fits the step again
  }
  function toggleFullscreen() {
    if (!canFullscreen) return;
    if (document.fullscreenElement) document.exitFullscreen();
    else stage.requestFullscreen().catch(() => {}); // refused (no user gesture): stay as is
  }
  for (const step of steps) {
    step.tabIndex = -1;
    const answer = answerOf(step);
    if (answer) answer.addEventListener("toggle", () => { if (step === steps[index]) { sayAnswer(); fit(); } });
  }
  previous.addEventListener("click", () => show(index - 1, true));
  next.addEventListener("click", () => show(index + 1, true));
  reveal.addEventListener("click", toggleAnswer);
  if (full) full.addEventListener("click", toggleFullscreen);
  document.addEventListener("fullscreenchange", () => {
    const on = document.fullscreenElement === stage;
    stage.classList.toggle("presenter-stage--full", on);
    if (full) full.textContent = on ? "Leave full screen" : "Full screen";
    requestAnimationFrame(fit); // focus stays where it was: on the step, or on the button
  });
  window.addEventListener("resize", () => fit());
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    // Keys keep their own meaning in fields, and on buttons and links (Space presses them).
    if (event.target.closest("input, textarea, select, button, a, summary")) return;
    const move = PRESENTER_KEYS[event.key];
    if (event.key === "a" || event.key === "A") toggleAnswer();
    else if (event.key === "f" || event.key === "F") toggleFullscreen();
    else if (move === "first") show(0, true);
    else if (move === "last") show(steps.length - 1, true);
    else if (move) show(index + move, true);
    else return;
    event.preventDefault();
  });
  show(index, false);
}
