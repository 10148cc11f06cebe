// The date pattern's three fields read into an ISO date or a message (docs/assets/js/escalation/
// dates.js), and the other pure date helpers. Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  humanDate, isoDate, isoToday, lastDayOf, monthNumber, readDateParts,
} from "../../docs/assets/js/escalation/dates.js";

const read = (day, month, year, required = true) =>
  readDateParts({ day, month, year }, "Date raised", required);

test("a real date is its ISO text", () => {
  assert.deepEqual(read("20", "11", "2026"), { iso: "2026-11-20" });
  assert.deepEqual(read("1", "1", "2026"), { iso: "2026-01-01" });
  assert.deepEqual(read("31", "12", "1999"), { iso: "1999-12-31" });
});

test("leading zeros and spaces around each part are allowed", () => {
  assert.deepEqual(read("09", "02", "2026"), { iso: "2026-02-09" });
  assert.deepEqual(read("009", "0002", "2026"), { iso: "2026-02-09" });
  assert.deepEqual(read(" 9 ", "\t2", " 2026\n"), { iso: "2026-02-09" });
});

test("29 February only in a leap year", () => {
  assert.deepEqual(read("29", "2", "2028"), { iso: "2028-02-29" });
  assert.deepEqual(read("29", "2", "2000"), { iso: "2000-02-29" });
  assert.deepEqual(read("29", "2", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.deepEqual(read("29", "2", "2100"), { error: "Date raised must be a real date", parts: ["day"] });
});

test("a day past the month's end marks the day", () => {
  assert.deepEqual(read("31", "4", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.deepEqual(read("32", "1", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.deepEqual(read("0", "1", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
});

test("a month out of range marks the month", () => {
  for (const month of ["0", "13", "00", "99"]) {
    assert.deepEqual(read("1", month, "2026"), { error: "Date raised must be a real date", parts: ["month"] });
  }
});

test("all three empty: a message when required, nothing when optional", () => {
  const parts = ["day", "month", "year"];
  assert.deepEqual(read("", "", ""), { error: "Enter date raised", parts });
  assert.deepEqual(read(" ", "  ", "\t"), { error: "Enter date raised", parts });
  assert.deepEqual(read("", "", "", false), {});
  assert.deepEqual(readDateParts({}, "Date raised", false), {});
  assert.deepEqual(readDateParts({}, "Date raised", true), { error: "Enter date raised", parts });
});

test("a missing part is named, even in an optional date", () => {
  assert.deepEqual(read("", "11", "2026"), { error: "Date raised must include a day", parts: ["day"] });
  assert.deepEqual(read("20", "", "2026", false), { error: "Date raised must include a month", parts: ["month"] });
  assert.deepEqual(read("20", "11", ""), { error: "Date raised must include a year", parts: ["year"] });
  assert.deepEqual(read("", "", "2026"), { error: "Date raised must include a day and month", parts: ["day", "month"] });
  assert.deepEqual(read("20", "", ""), { error: "Date raised must include a month and year", parts: ["month", "year"] });
});

test("anything but digits is not a real date, and marks only those parts", () => {
  assert.deepEqual(read("twenty", "11", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.deepEqual(read("20", "Novem", "2o26"), { error: "Date raised must be a real date", parts: ["month", "year"] });
  assert.deepEqual(read("-1", "11", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.deepEqual(read("1.5", "11", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.deepEqual(read("2 0", "11", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
});

test("the year must have four digits", () => {
  for (const year of ["26", "202", "20260", "026"]) {
    assert.deepEqual(read("1", "1", year), { error: "Year must include 4 numbers", parts: ["year"] });
  }
  assert.deepEqual(read("1", "1", "0026"), { iso: "0026-01-01" });
});

test("isoDate pads; isoToday is today's local date", () => {
  assert.equal(isoDate(2026, 3, 7), "2026-03-07");
  assert.equal(isoDate(26, 3, 7), "0026-03-07");
  const now = new Date();
  const today = isoToday();
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(today, isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate()));
});

test("humanDate writes a date as the command line does", () => {
  assert.equal(humanDate("2025-10-30"), "Thu 30 Oct 2025");
  assert.equal(humanDate("2026-11-19"), "Thu 19 Nov 2026");
  assert.equal(humanDate("2028-02-29"), "Tue 29 Feb 2028");
  assert.equal(humanDate("2026-01-04"), "Sun 4 Jan 2026");
});

test("lastDayOf a month, or the date itself", () => {
  assert.equal(lastDayOf("2026-02"), "2026-02-28");
  assert.equal(lastDayOf("2028-02"), "2028-02-29");
  assert.equal(lastDayOf("2026-12"), "2026-12-31");
  assert.equal(lastDayOf("2026-04"), "2026-04-30");
  assert.equal(lastDayOf("2026-04-15"), "2026-04-15");
});

test("a month may be written as its name or its first three letters, in any case", () => {
  for (const [month, iso] of [["March", "2026-03-20"], ["mar", "2026-03-20"], ["MAR", "2026-03-20"],
    ["mar.", "2026-03-20"], ["September", "2026-09-20"], ["Sept", "2026-09-20"], ["sep", "2026-09-20"],
    [" december ", "2026-12-20"], ["May", "2026-05-20"], ["3", "2026-03-20"], ["03", "2026-03-20"]]) {
    assert.deepEqual(read("20", month, "2026"), { iso }, month);
  }
});

test("a word that is not a month, or a misspelt one, marks the month", () => {
  for (const month of ["Marc", "ma", "Mars", "Septem", "Smarch", "3rd", "1.5"]) {
    assert.deepEqual(read("20", month, "2026"), { error: "Date raised must be a real date", parts: ["month"] }, month);
  }
});

test("a month name still needs a real day: 30 February is refused", () => {
  assert.deepEqual(read("30", "February", "2026"), { error: "Date raised must be a real date", parts: ["day"] });
  assert.equal(monthNumber("feb"), 2);
  assert.equal(monthNumber("12"), null);
});
