// The quiz's pure parts (docs/assets/js/escalation/quiz.js): how a question is marked from the
// option chosen and the right one, and the score put into the sentence the build wrote. Run
// with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { markOf, scoreText } from "../../docs/assets/js/escalation/quiz.js";

test("the right option is marked right, any other wrong", () => {
  assert.equal(markOf("c", "c"), "right");
  assert.equal(markOf("a", "c"), "wrong");
  assert.equal(markOf("C", "c"), "wrong");
});

test("a question with no option chosen is marked as not answered", () => {
  assert.equal(markOf(null, "c"), "none");
  assert.equal(markOf(undefined, "c"), "none");
  assert.equal(markOf("", "c"), "none");
});

test("the score goes where the sentence says, and nowhere else", () => {
  assert.equal(scoreText("Your score: {score} of 3 questions right.", 2),
    "Your score: 2 of 3 questions right.");
  assert.equal(scoreText("Your score: {score} of 1 question right.", 0),
    "Your score: 0 of 1 question right.");
  assert.equal(scoreText("No number here.", 4), "No number here.");
});
