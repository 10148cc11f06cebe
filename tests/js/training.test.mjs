// The presenter view's fitting rule (docs/assets/js/escalation/training.js): the largest type at
// which a step fits, never below the smallest. Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fittedSize } from "../../docs/assets/js/escalation/training.js";

test("a step that fits at the large type keeps it", () => {
  assert.equal(fittedSize(() => true), 1.35);
});

test("a step that is too tall shrinks to the largest type that fits", () => {
  const tried = [];
  assert.equal(fittedSize((size) => { tried.push(size); return size <= 1.1; }), 1.1);
  assert.deepEqual(tried, [1.35, 1.3, 1.25, 1.2, 1.15, 1.1]);
});

test("a step that never fits stops at the smallest type", () => {
  assert.equal(fittedSize(() => false), 0.8);
});
