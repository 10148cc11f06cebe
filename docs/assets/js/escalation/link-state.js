// The plan in the page's address: "#calc?board=...&raised=2026-11-20&reached=2&started2=..."
// (the fragment: browsers never send it to the server). Structured values only, never free text.
// No DOM: the unit tests (tests/js/) import it under Node.

export const STATE_PREFIX = "#calc?";

export function stateHash(request, reached) {
  const params = new URLSearchParams();
  params.set("board", request.board);
  params.set("agency", request.agency);
  if (request.other_agency) params.set("other-agency", request.other_agency);
  params.set("raised", request.raised);
  for (const [id, iso] of Object.entries(request.events || {})) params.set(`event-${id}`, iso);
  params.set("reached", String(reached));
  for (const [number, iso] of Object.entries(request.started)) params.set(`started${number}`, iso);
  for (const [number, iso] of Object.entries(request.agreed)) params.set(`agreed${number}`, iso);
  params.set("today", request.today);
  return STATE_PREFIX + params.toString();
}

export function stateFromHash(hash) {
  return hash.startsWith(STATE_PREFIX) ? new URLSearchParams(hash.slice(STATE_PREFIX.length)) : null;
}

/**
 * A date from a link as the form's three fields, as typed, so that a bad one gets the form's
 * usual error: "2026-02-09" is {day: "9", month: "2", year: "2026"}; anything else is left in
 * the day field whole.
 */
export function linkDateParts(text) {
  const match = /^(\d+)-(\d+)-(\d+)$/.exec(text || "");
  const [year, month, day] = match ? match.slice(1) : ["", "", text || ""];
  return {
    day: match ? String(Number(day)) : day,
    month: match ? String(Number(month)) : month,
    year,
  };
}
