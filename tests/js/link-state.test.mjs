// The plan in the page's address, "#calc?board=...&raised=...": written from a request, read
// back, and a link's date put into the form's three fields (docs/assets/js/escalation/
// link-state.js). Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  linkDateParts, STATE_PREFIX, stateFromHash, stateHash,
} from "../../docs/assets/js/escalation/link-state.js";

const FULL = {
  board: "exampleshire",
  agency: "police",
  other_agency: "health",
  raised: "2026-11-20",
  events: { referral: "2026-11-18", meeting: "2026-11-25" },
  started: { 2: "2026-11-27", 3: "2026-12-04" },
  agreed: { 1: "2026-11-21", 2: "2026-11-30" },
  today: "2026-12-07",
};

test("every field of a request is in the link, in order", () => {
  assert.equal(stateHash(FULL, 3),
    "#calc?board=exampleshire&agency=police&other-agency=health&raised=2026-11-20"
    + "&event-referral=2026-11-18&event-meeting=2026-11-25&reached=3"
    + "&started2=2026-11-27&started3=2026-12-04&agreed1=2026-11-21&agreed2=2026-11-30"
    + "&today=2026-12-07");
});

test("a minimal request: no other agency, events, stage dates", () => {
  const request = { board: "surrey", agency: "any", raised: "2026-11-20", started: {}, agreed: {}, today: "2026-11-20" };
  assert.equal(stateHash(request, 1),
    "#calc?board=surrey&agency=any&raised=2026-11-20&reached=1&today=2026-11-20");
  assert.equal(stateHash({ ...request, other_agency: "", events: {} }, 1), stateHash(request, 1));
});

test("values are escaped in the link and read back whole", () => {
  const request = { board: "a&b", agency: "x=y z", raised: "2026-11-20", started: {}, agreed: {}, today: "2026-11-20" };
  const hash = stateHash(request, 1);
  assert.ok(hash.startsWith(STATE_PREFIX));
  assert.ok(!hash.includes(" "));
  const params = stateFromHash(hash);
  assert.equal(params.get("board"), "a&b");
  assert.equal(params.get("agency"), "x=y z");
});

test("round trip: every field read back as written", () => {
  const params = stateFromHash(stateHash(FULL, 3));
  assert.deepEqual(Object.fromEntries(params), {
    board: "exampleshire", agency: "police", "other-agency": "health", raised: "2026-11-20",
    "event-referral": "2026-11-18", "event-meeting": "2026-11-25", reached: "3",
    started2: "2026-11-27", started3: "2026-12-04", agreed1: "2026-11-21", agreed2: "2026-11-30",
    today: "2026-12-07",
  });
  assert.equal(stateHash(FULL, 3), STATE_PREFIX + params.toString());
});

test("only a #calc? address is a plan", () => {
  assert.equal(stateFromHash(""), null);
  assert.equal(stateFromHash("#"), null);
  assert.equal(stateFromHash("#step-2"), null);
  assert.equal(stateFromHash("#calc"), null);
  assert.equal(stateFromHash("calc?board=surrey"), null);
  assert.equal(stateFromHash("#CALC?board=surrey"), null);
  assert.deepEqual([...stateFromHash("#calc?")], []);
});

test("unknown fields are read but never asked for; missing ones are null", () => {
  const params = stateFromHash("#calc?board=surrey&name=Jane+Doe&note=secret&raised=2026-11-20");
  assert.equal(params.get("board"), "surrey");
  assert.equal(params.get("raised"), "2026-11-20");
  assert.equal(params.get("agency"), null);
  assert.equal(params.get("reached"), null);
  // A link written from it again holds only the request's own fields.
  const request = { board: params.get("board"), agency: "any", raised: params.get("raised"), started: {}, agreed: {}, today: "2026-11-20" };
  assert.ok(!stateHash(request, 1).includes("name"));
  assert.ok(!stateHash(request, 1).includes("secret"));
});

test("a repeated field: the first one counts", () => {
  assert.equal(stateFromHash("#calc?board=surrey&board=other").get("board"), "surrey");
});

test("a link's ISO date fills the three fields without leading zeros", () => {
  assert.deepEqual(linkDateParts("2026-02-09"), { day: "9", month: "2", year: "2026" });
  assert.deepEqual(linkDateParts("2028-02-29"), { day: "29", month: "2", year: "2028" });
  assert.deepEqual(linkDateParts("0026-1-001"), { day: "1", month: "1", year: "0026" });
});

test("an impossible but well-formed date is kept for the form's own error", () => {
  assert.deepEqual(linkDateParts("2026-02-29"), { day: "29", month: "2", year: "2026" });
  assert.deepEqual(linkDateParts("2026-13-01"), { day: "1", month: "13", year: "2026" });
});

test("anything else goes whole into the day field", () => {
  assert.deepEqual(linkDateParts("20 Nov 2026"), { day: "20 Nov 2026", month: "", year: "" });
  assert.deepEqual(linkDateParts("2026-11"), { day: "2026-11", month: "", year: "" });
  assert.deepEqual(linkDateParts(" 2026-11-20"), { day: " 2026-11-20", month: "", year: "" });
  assert.deepEqual(linkDateParts(""), { day: "", month: "", year: "" });
  assert.deepEqual(linkDateParts(null), { day: "", month: "", year: "" });
  assert.deepEqual(linkDateParts(undefined), { day: "", month: "", year: "" });
});
