// Dates as ISO text only (no time zones, no locale): today's date, the date pattern's three
// fields read into an ISO date or a message, and the command line's way of writing a date.
// No DOM: the unit tests (tests/js/) import it under Node.

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function isoToday() {
  const now = new Date();
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function isoDate(year, month, day) {
  const pad = (n, width) => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** "Thu 30 Oct 2025", as the command line writes it. */
export function humanDate(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** The last day of a "YYYY-MM" month, or the date itself for "YYYY-MM-DD". */
export function lastDayOf(text) {
  const [year, month, day] = text.split("-").map(Number);
  if (day) return text;
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december"];

/**
 * A month written as a word, as the GOV.UK date pattern accepts it: the name or its first three
 * letters in any case ("March", "mar", "MAR"), and "Sept"; a full stop after an abbreviation is
 * allowed. 1-12, or null for anything else (numbers included: they are read as numbers).
 */
export function monthNumber(text) {
  const word = String(text || "").trim().toLowerCase().replace(/\.$/, "");
  if (word === "sept") return 9;
  const index = MONTH_NAMES.findIndex((name) => word === name || (word.length === 3 && name.startsWith(word)));
  return index === -1 ? null : index + 1;
}

/**
 * The GOV.UK date pattern: three text fields in, an ISO date or a message out.
 * Returns {iso} or {error, parts} (parts: which of day/month/year to mark), or {} when empty
 * and optional.
 */
export function readDateParts(values, label, required) {
  const parts = ["day", "month", "year"];
  const text = Object.fromEntries(parts.map((part) => [part, (values[part] || "").trim()]));
  const missing = parts.filter((part) => text[part] === "");
  if (missing.length === 3) {
    return required ? { error: `Enter ${label.toLowerCase()}`, parts } : {};
  }
  if (missing.length) {
    const words = missing.length === 1 ? missing[0] : `${missing[0]} and ${missing[1]}`;
    return { error: `${label} must include a ${words}`, parts: missing };
  }
  const named = monthNumber(text.month);
  if (named) text.month = String(named);
  const notNumbers = parts.filter((part) => !/^\d+$/.test(text[part]));
  if (notNumbers.length) return { error: `${label} must be a real date`, parts: notNumbers };
  if (text.year.length !== 4) return { error: "Year must include 4 numbers", parts: ["year"] };
  const [day, month, year] = [Number(text.day), Number(text.month), Number(text.year)];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) {
    return { error: `${label} must be a real date`, parts: month < 1 || month > 12 ? ["month"] : ["day"] };
  }
  return { iso: isoDate(year, month, day) };
}
