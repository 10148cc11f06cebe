// The quiz pages (boards/<id>/quiz/): each scenario's questions marked in the page. Every
// sentence, the marks and the score's included, was written when the site was built
// (scripts/sitegen/training_pages.py); this module only shows and hides them and counts. Which
// option is right is read from the question's data-right. Nothing is stored or sent.

/** A question's mark: "right", "wrong", or "none" when no option was chosen. */
export function markOf(chosen, right) {
  if (chosen === null || chosen === undefined || chosen === "") return "none";
  return chosen === right ? "right" : "wrong";
}

/** The score's sentence (data-score, with {score} where the number goes). */
export function scoreText(words, score) {
  return words.replace("{score}", String(score));
}

/** Mark every question of one quiz; returns how many are right. */
function markQuiz(quiz) {
  let right = 0;
  for (const question of quiz.querySelectorAll(".quiz-question")) {
    const chosen = question.querySelector(".govuk-radios__input:checked");
    const mark = markOf(chosen ? chosen.value : null, question.dataset.right);
    if (mark === "right") right += 1;
    let shown = null;
    for (const node of question.querySelectorAll(".quiz-mark")) {
      node.hidden = node.dataset.mark !== mark;
      if (!node.hidden) shown = node;
    }
    // The mark describes the question to a screen reader only once it shows (a hidden node
    // named by aria-describedby would still be read, giving the answer away).
    const fieldset = question.querySelector("fieldset");
    const hint = question.querySelector(".govuk-hint");
    const described = [hint && hint.id, shown && shown.id].filter(Boolean).join(" ");
    if (described) fieldset.setAttribute("aria-describedby", described);
    question.classList.remove("quiz-question--right", "quiz-question--wrong", "quiz-question--none");
    question.classList.add(`quiz-question--${mark}`);
    const answer = question.querySelector(".quiz-answer");
    if (answer) answer.hidden = false;
  }
  return right;
}

export function startQuiz() {
  for (const quiz of document.querySelectorAll("[data-quiz]")) {
    const button = quiz.querySelector(".quiz-check");
    const score = quiz.querySelector(".quiz-score");
    if (!button || !score) continue;
    // With the page marking the answers, each question's own answer waits until it is marked.
    for (const answer of quiz.querySelectorAll(".quiz-answer")) answer.hidden = true;
    button.hidden = false;
    button.addEventListener("click", () => {
      score.textContent = scoreText(score.dataset.score, markQuiz(quiz));
      score.focus();
    });
  }
}
