"""The iCalendar export: one all-day event per due date, read back with the `icalendar`
package (a parser we did not write), plus the raw RFC 5545 format checked byte by byte."""

import copy
from collections import Counter
from datetime import date, timedelta

import icalendar
import pytest

from calculator import ics
from calculator.dates import human_date
from calculator.errors import InputError
from calculator.ics import calendar_filename, escape_text, fold_line, plan_calendar
from calculator.plan import make_plan
from conftest import BOARD_IDS
from golden_cases import load_cases, text_request

URL = "https://example.org/escalation/plan/?board=surrey&raised=2026-04-02"

# Cases of our own on top of the golden ones: Easter and Christmas, several agencies, stage
# start dates and agreed dates (so agreed dues appear), clock hours, alternative readings.
EXTRA_CASES = [
    ("kent-medway", {"raised": "2026-04-01", "today": "2026-04-01", "agency": "police"}),
    ("kent-medway", {"raised": "2026-12-21", "today": "2027-01-04", "agency": "social-care",
                     "started": {"2": "2026-12-23"},
                     "agreed": {"2": "2026-12-31", "4": "2027-01-20"}}),
    ("north-east-lincolnshire", {"raised": "2026-12-24", "today": "2027-01-04",
                                 "agency": "police"}),
    ("north-east-lincolnshire", {"raised": "2027-03-24", "today": "2027-04-06",
                                 "agency": "school", "started": {"2": "2027-03-26"}}),
    ("staffordshire-stoke", {"raised": "2025-12-23", "today": "2025-12-30",
                             "agency": "third-sector", "started": {"2": "2025-12-24"},
                             "agreed": {"2": "2025-12-29", "3": "2026-01-05"}}),
    ("staffordshire-stoke", {"raised": "2026-04-02", "today": "2026-04-02",
                             "agreed": {"1": "2026-04-09"}}),
    ("surrey", {"raised": "2026-04-02", "today": "2026-04-02", "agency": "health"}),
    ("surrey", {"raised": "2025-12-22", "today": "2026-01-06", "agency": "police",
                "started": {"2": "2025-12-24", "3": "2026-01-02"}}),
    ("worcestershire", {"raised": "2026-11-19", "today": "2026-11-23",
                        "started": {"2": "2026-11-20"}}),
    ("worcestershire", {"raised": "2026-12-23", "today": "2027-01-04",
                        "started": {"2": "2026-12-24", "3": "2026-12-29"},
                        "agreed": {"3": "2027-01-05", "4": "2027-01-19"}}),
]


CASES = [(f"{board}: {name}", board, text_request(given))
         for name, board, given, expect in load_cases() if "expect" in expect]
CASES += [(f"{board}: extra {n}", board, given) for n, (board, given) in enumerate(EXTRA_CASES)
          if board in BOARD_IDS]


class Planned:
    """Each case planned when a test first asks for it: a case that cannot be planned (say a
    golden case with a date the calculator refuses) fails its own tests, by its own name; the
    tests over every case read the cases that can be (the broken one has failed already)."""

    def __init__(self, boards: dict, calendar_table: dict) -> None:
        self.boards, self.calendar_table, self.made = boards, calendar_table, {}

    def __getitem__(self, index: int) -> tuple[str, dict, dict, str]:
        if index not in self.made:
            name, board, request = CASES[index]
            plan = make_plan(self.boards[board], {"board": board, **request}, self.calendar_table)
            # Every date, past ones too: these tests check each entry has its event (the dates
            # left out by default are tests/test_ics_case.py's).
            self.made[index] = (name, self.boards[board], plan,
                                plan_calendar(plan, self.boards[board], include_past=True))
        return self.made[index]

    def __iter__(self):
        for index in range(len(CASES)):
            try:
                yield self[index]
            except (InputError, KeyError):
                continue


@pytest.fixture(scope="module")
def planned(boards, calendar_table) -> Planned:
    return Planned(boards, calendar_table)


def _events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VEVENT"))


def _dated(plan: dict) -> dict[str, tuple[str, dict]]:
    """UID -> (kind, the plan's entry) for every entry with a due date."""
    entries = {}
    for stage in plan["stages"]:
        if stage["due"]:
            entries[ics.event_uid(plan, f"stage-{stage['number']}")] = ("stage", stage)
    seen: dict[str, int] = {}
    for deadline in plan["deadlines"]:
        # The n-th entry with the same id and reading (a deadline with two alternatives) is
        # keyed -n from the second on, whether or not the ones before it have a date.
        key = f"deadline-{deadline['id']}-{deadline['reading']}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"-{seen[key]}"
        if deadline["due"]:
            entries[ics.event_uid(plan, key)] = ("deadline", deadline)
    return entries


# ---------------------------------------------------------------------------------------------
# The cases cover what they are meant to


def test_the_cases_cover_every_board_and_every_kind_of_due(planned):
    with_golden = {board for _, board, _, _ in load_cases()}
    assert {plan["board"] for _, _, plan, _ in planned} >= with_golden
    bases = {stage["due_basis"] for _, _, plan, _ in planned for stage in plan["stages"]
             if stage["due"]}
    assert {"working_days", "clock_hours", "agreed"} <= bases
    readings = {d["reading"] for _, _, plan, _ in planned for d in plan["deadlines"] if d["due"]}
    assert {"primary", "alternative"} <= readings
    assert any(stage["alternative_dues"] for _, _, plan, _ in planned for stage in plan["stages"])
    assert len({plan["agency"]["id"] for _, _, plan, _ in planned}) >= 5
    assert any("§" in text for *_, text in planned), "some text needs multi-byte UTF-8"


# ---------------------------------------------------------------------------------------------
# Read back with icalendar


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case[0] for case in CASES])
def test_one_event_per_due_date(planned, index):
    _, _, plan, text = planned[index]
    events = _events(text)
    dues = [entry["due"] for entry in plan["stages"] + plan["deadlines"] if entry["due"]]
    starts = [event["DTSTART"].dt for event in events]
    # Both ways: every due date has exactly one event, and there is no other event.
    assert Counter(starts) == Counter(date.fromisoformat(due) for due in dues)
    wanted = _dated(plan)
    assert len(events) == len(wanted) == len(dues)
    for event in events:
        _, entry = wanted[str(event["UID"])]
        assert event["DTSTART"].dt == date.fromisoformat(entry["due"])


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case[0] for case in CASES])
def test_events_are_all_day_and_say_what_is_due(planned, index):
    _, board, plan, text = planned[index]
    short = board["short_name"]
    wanted = _dated(plan)
    for event in _events(text):
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        # A date, not a datetime (datetime is a subclass of date): an all-day event.
        assert type(start) is date and type(end) is date
        assert end == start + timedelta(days=1)
        assert event["DTSTAMP"].dt.isoformat() == f"{plan['today']}T00:00:00+00:00"
        assert str(event["TRANSP"]) == "TRANSPARENT"
        [alarm] = event.subcomponents  # the reminder the morning before: test_ics_case.py
        assert alarm.name == "VALARM"
        assert "URL" not in event
        summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        assert summary.endswith(f"({short})")
        assert board["source_document"]["title"] in description
        assert "Worked out at" not in description
        kind, entry = wanted[str(event["UID"])]
        if kind == "stage":
            _check_stage_event(entry, summary, description)
        else:
            _check_deadline_event(entry, summary, description)


def _check_stage_event(stage: dict, summary: str, description: str) -> None:
    assert summary.startswith(f"Stage {stage['number']} due")
    assert stage["title"] in summary
    assert stage["contact"] in description
    assert stage["contact_source"] in description
    assert stage["timescale_source"] in description
    assert stage["timescale"].rstrip(".") in description
    if stage["contact_note"]:
        assert stage["contact_note"].rstrip(".") in description
    assert f"Due: {stage['due_text']}" in description.replace("\n", " ")
    clock = "by the time of day the count started" in description
    assert clock == (stage["due_basis"] == "clock_hours")
    for other in stage["alternative_dues"]:
        if other["due"]:
            assert human_date(date.fromisoformat(other["due"])) in description
        assert other["source"] in description


def _check_deadline_event(deadline: dict, summary: str, description: str) -> None:
    assert summary.startswith("Deadline")
    assert deadline["label"] in summary
    assert ("(other reading)" in summary) == (deadline["reading"] != "primary")
    assert deadline["words"].rstrip(".") in description
    assert deadline["source"] in description
    if deadline["why"]:
        assert deadline["why"].rstrip(".") in description


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case[0] for case in CASES])
def test_calendar_properties_and_unique_ascii_uids(planned, index):
    _, board, plan, text = planned[index]
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ics.PRODID
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert board["short_name"] in str(calendar["X-WR-CALNAME"])
    assert all(not component.errors for component in calendar.walk())
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    for uid in uids:
        assert uid.isascii() and " " not in uid
        assert uid.endswith(f".raised-{plan['raised']}.{plan['board']}@{ics.UID_DOMAIN}")


def test_the_page_url_is_given_as_url_and_in_the_description(boards, plan):
    result = plan("surrey", raised="2026-04-02", agency="health")
    events = _events(plan_calendar(result, boards["surrey"], URL))
    assert events
    for event in events:
        assert str(event["URL"]) == URL
        assert f"Worked out at {URL}" in str(event["DESCRIPTION"])


def test_a_url_with_spaces_or_non_ascii_is_percent_encoded(boards, plan):
    result = plan("surrey", raised="2026-04-02")
    text = plan_calendar(result, boards["surrey"], "https://example.org/a b/§?x=1")
    event = _events(text)[0]
    assert str(event["URL"]) == "https://example.org/a%20b/%C2%A7?x=1"


# ---------------------------------------------------------------------------------------------
# Stable UIDs: recalculating the same case updates events instead of copying them


UID_CHANGES = [
    # (board, request, the same case recalculated later with other start dates, whether
    # that moves any event: NEL's ladder counts every stage from the day raised)
    ("worcestershire",
     {"raised": "2026-11-19", "today": "2026-11-23", "started": {"2": "2026-11-20"}},
     {"today": "2026-12-01", "started": {"2": "2026-11-23"}}, True),
    ("kent-medway",
     {"raised": "2026-12-21", "today": "2027-01-04", "agency": "social-care",
      "started": {"2": "2026-12-23"}, "agreed": {"2": "2026-12-31", "4": "2027-01-20"}},
     {"today": "2027-01-11", "started": {"2": "2026-12-23", "3": "2027-01-06"}}, True),
    ("north-east-lincolnshire",
     {"raised": "2026-12-24", "today": "2027-01-04", "agency": "police"},
     {"today": "2027-01-08", "started": {"2": "2027-01-06"}}, False),
    ("surrey",
     {"raised": "2025-12-22", "today": "2026-01-06", "started": {"2": "2025-12-24"}},
     {"today": "2026-01-09", "started": {"2": "2025-12-29"}}, True),
]


def _calendar(result: dict, board: dict, url: str | None = None) -> str:
    """Every date, past ones too: a later today would otherwise leave some out."""
    return plan_calendar(result, board, url, include_past=True)


def _uids_and_starts(text: str) -> dict[str, date]:
    return {str(event["UID"]): event["DTSTART"].dt for event in _events(text)}


@pytest.mark.parametrize(("board", "first", "change", "moves"), UID_CHANGES,
                         ids=[change[0] for change in UID_CHANGES])
def test_uids_survive_a_new_today_and_new_start_dates(boards, plan, board, first, change,
                                                      moves):
    before = _uids_and_starts(_calendar(plan(board, **first), boards[board]))
    later = plan(board, **{**first, "today": change["today"]})
    assert _uids_and_starts(_calendar(later, boards[board])).keys() == before.keys()
    moved = plan(board, **{**first, **change})
    after = _uids_and_starts(_calendar(moved, boards[board]))
    assert after.keys() == before.keys()
    assert (after != before) == moves, "whether the new start date moves an event"


def test_uids_change_with_the_case(boards, plan):
    first = _uids_and_starts(_calendar(plan("surrey", raised="2026-04-02"), boards["surrey"]))
    other = _uids_and_starts(_calendar(plan("surrey", raised="2026-04-03"), boards["surrey"]))
    assert not first.keys() & other.keys()


def test_a_second_alternative_reading_gets_its_own_uid(boards, plan):
    result = copy.deepcopy(plan("north-east-lincolnshire", raised="2026-12-24"))
    extra = {**result["deadlines"][1], "due": "2027-02-10"}
    assert extra["reading"] == "alternative"
    result["deadlines"].insert(2, extra)
    uids = [str(e["UID"]) for e in _events(_calendar(result, boards[result["board"]]))]
    assert len(set(uids)) == len(uids)
    assert any(uid.startswith("deadline-whole-process-alternative-2.") for uid in uids)


# ---------------------------------------------------------------------------------------------
# The raw format


def test_lines_end_in_crlf_and_fit_in_75_octets(planned):
    folded = 0
    for _, _, _, text in planned:
        data = text.encode("utf-8")
        assert data.endswith(b"\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
        lines = data.split(b"\r\n")[:-1]
        for line in lines:
            assert len(line) <= ics.MAX_LINE_OCTETS, line
            line.decode("utf-8")  # strict: a fold never splits a character's bytes
        folded += sum(line.startswith(b" ") for line in lines)
    assert folded > 0, "the descriptions are long enough to need folding"


def test_unfolding_gives_whole_content_lines(planned):
    names = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "UID",
             "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP", "ACTION",
             "TRIGGER"}
    for _, board, plan, text in planned:
        logical = text.replace("\r\n ", "").split("\r\n")[:-1]
        assert {line.split(":")[0].split(";")[0] for line in logical} == names
        title = escape_text(board["source_document"]["title"])
        # Each event's description names the procedure; each reminder's says what is due.
        descriptions = [line for line in logical if line.startswith("DESCRIPTION:")]
        alarms = [line for line in descriptions if line.startswith("DESCRIPTION:Tomorrow\\, ")]
        assert len(alarms) * 2 == len(descriptions)
        assert all(title in line for line in descriptions if line not in alarms)
        wanted = {escape_text(f"Stage {s['number']} due") for s in plan["stages"] if s["due"]}
        assert all(any(line.startswith(f"SUMMARY:{w}") for line in logical) for w in wanted)


@pytest.mark.parametrize("prefix", ["", "x", "xy", "xyz"])
@pytest.mark.parametrize("char", ["a", "§", "\u2019", "\u2013", "\U0001f4c5"])
def test_folding_never_splits_a_character(prefix, char):
    line = "DESCRIPTION:" + prefix + char * 120
    physical = fold_line(line).encode("utf-8").split(b"\r\n")
    assert len(physical) > 1
    for number, piece in enumerate(physical):
        assert len(piece) <= ics.MAX_LINE_OCTETS
        piece.decode("utf-8")
        assert number == 0 or piece.startswith(b" ")
        if number < len(physical) - 1:  # full: the next character would not have fitted
            assert len(piece) + len(char.encode("utf-8")) > ics.MAX_LINE_OCTETS
    assert fold_line(line).replace("\r\n ", "") == line


def test_short_lines_are_not_folded():
    assert fold_line("x" * 75) == "x" * 75
    assert fold_line("x" * 76) == "x" * 75 + "\r\n x"
    assert fold_line("x" * 74 + "§") == "x" * 74 + "\r\n §"


@pytest.mark.parametrize(("text", "escaped"), [
    ("a,b;c", "a\\,b\\;c"),
    ("back\\slash", "back\\\\slash"),
    ("\\;", "\\\\\\;"),
    ("\\n is not a newline", "\\\\n is not a newline"),
    ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
    ("tab\tstays, bell\a goes", "tab\tstays\\, bell goes"),
    ("colon: and \"quotes\" stay", "colon: and \"quotes\" stay"),
    ("Kent & Medway §7, Stage 3 \u2013 it\u2019s", "Kent & Medway §7\\, Stage 3 \u2013 it\u2019s"),
])
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped


def test_tricky_text_survives_a_round_trip(boards, plan):
    tricky = "Odd; title, with \\ backslash\\n and\na line break \u2013 it\u2019s §2"
    result = copy.deepcopy(plan("worcestershire", raised="2026-11-19"))
    result["stages"][0]["title"] = tricky
    result["stages"][0]["contact"] = tricky
    event = _events(plan_calendar(result, boards["worcestershire"]))[0]
    assert str(event["SUMMARY"]) == f"Stage 1 due: {tricky} (WSAB)"
    assert f"Contact: {tricky}." in str(event["DESCRIPTION"])


def test_the_same_plan_gives_the_same_bytes(boards, plan):
    result = plan("north-east-lincolnshire", raised="2026-12-24", agency="police",
                  today="2027-01-04")
    first = plan_calendar(result, boards["north-east-lincolnshire"], URL,
                          case_reference="Ref 7")
    again = plan_calendar(copy.deepcopy(result), boards["north-east-lincolnshire"], URL,
                          case_reference=" Ref 7 ")
    assert first.encode("utf-8") == again.encode("utf-8")
    assert "DTSTAMP:20270104T000000Z\r\n" in first


def test_a_plan_with_no_dates_has_no_calendar(boards, plan):
    result = copy.deepcopy(plan("staffordshire-stoke", raised="2026-05-15"))
    for entry in result["stages"] + result["deadlines"]:
        entry["due"] = None
    with pytest.raises(ValueError, match="no due dates"):
        plan_calendar(result, boards["staffordshire-stoke"])


def test_calendar_filename(plan):
    result = plan("worcestershire", raised="2026-11-19")
    assert calendar_filename(result) == "escalation-worcestershire-raised-2026-11-19.ics"
