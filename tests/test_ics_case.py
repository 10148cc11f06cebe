"""The calendar file's case reference, reminders and past dates (issue 16): two cases of the
same board raised the same day get events of their own, each event has a reminder the morning
before, and dates that have passed are left out unless asked for. Read back with `icalendar`.

Every expected date below was counted by hand from a printed 2026 calendar, not by the
calculator: Surrey's stages are each due one working day after the one before; Thu 2 Apr 2026
is the day before Good Friday (3 Apr), and Easter Monday is 6 Apr, so the first working day
after Thu 2 Apr is Tue 7 Apr.
"""

import hashlib
import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, datetime, time, timedelta

import icalendar
import pytest

from calculator import ics
from calculator.errors import InputError
from calculator.ics import calendar_filename, plan_calendar
from calculator.tools.cli import main as cli_main
from conftest import BOARD_IDS, ROOT

pytestmark = pytest.mark.skipif("surrey" not in BOARD_IDS, reason="needs Surrey's board file")

D = date.fromisoformat
#: Raised Thu 2 Apr 2026, nothing started, worked out that day. By hand: stage 1 Tue 7 Apr
#: (Good Friday and Easter Monday skipped), then one working day each: stage 2 Wed 8, stage 3
#: Thu 9, stage 4 Fri 10, stage 5 Mon 13 (the weekend skipped), stage 6 Tue 14 Apr.
EASTER = {"raised": "2026-04-02", "today": "2026-04-02"}
EASTER_DUES = ["2026-04-07", "2026-04-08", "2026-04-09", "2026-04-10", "2026-04-13",
               "2026-04-14"]
#: The same case on Tue 14 Apr, stage 2 started Tue 7 Apr. By hand: stage 1 was due Tue 7 Apr
#: and stage 2 Wed 8 Apr (one working day after stage 1 ended on the 7th): both have passed.
#: Stage 3 is expected to start today, Tue 14, so it is due Wed 15; stage 4 Thu 16, stage 5
#: Fri 17, stage 6 Mon 20 Apr (the weekend skipped).
LATER = {"raised": "2026-04-02", "today": "2026-04-14", "started": {"2": "2026-04-07"}}
LATER_PAST = ["2026-04-07", "2026-04-08"]
LATER_TO_COME = ["2026-04-15", "2026-04-16", "2026-04-17", "2026-04-20"]
#: Every stage started, the last on Mon 13 Apr, so stage 6 was due Tue 14 Apr; on Fri 1 May
#: every date has passed.
ALL_STARTED = {"raised": "2026-04-02", "today": "2026-05-01",
               "started": {"2": "2026-04-07", "3": "2026-04-08", "4": "2026-04-09",
                           "5": "2026-04-10", "6": "2026-04-13"}}


def events_of(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    assert all(not component.errors for component in calendar.walk())
    return list(calendar.walk("VEVENT"))


def uids(text: str) -> set[str]:
    return {str(event["UID"]) for event in events_of(text)}


def starts(text: str) -> list[str]:
    return sorted(event["DTSTART"].dt.isoformat() for event in events_of(text))


@pytest.fixture
def surrey(plan, boards):
    """surrey(request, **calendar options) -> the calendar's text."""
    def make(request: dict, **options) -> str:
        return plan_calendar(plan("surrey", **request), boards["surrey"], **options)
    return make


# ---------------------------------------------------------------------------------------------
# The hand-counted dates, and past dates left out


def test_the_hand_counted_dates(surrey):
    assert starts(surrey(EASTER)) == EASTER_DUES


def test_dates_that_have_passed_are_left_out_unless_asked_for(surrey):
    assert starts(surrey(LATER)) == LATER_TO_COME
    assert starts(surrey(LATER, include_past=False)) == LATER_TO_COME
    assert starts(surrey(LATER, include_past=True)) == LATER_PAST + LATER_TO_COME


def test_a_date_due_today_has_not_passed(surrey):
    # On Tue 7 Apr, stage 1 is due that very day: it stays.
    assert starts(surrey({**EASTER, "today": "2026-04-07"}))[0] == "2026-04-07"
    # On Wed 8 Apr it has passed (stage 1 is still the current stage, now overdue).
    assert "2026-04-07" not in starts(surrey({**EASTER, "today": "2026-04-08"}))


def test_a_calendar_with_every_date_passed_is_refused_in_one_line(surrey):
    with pytest.raises(InputError) as caught:
        surrey(ALL_STARTED)
    message = str(caught.value)
    assert caught.value.field == "include_past"
    assert "\n" not in message
    assert "Every due date in this plan has passed" in message
    assert "Tue 14 Apr 2026" in message  # the last one, stage 6's
    assert starts(surrey(ALL_STARTED, include_past=True)) == EASTER_DUES


@pytest.mark.parametrize("odd", [1, 0, "yes", None, [True]])
def test_include_past_is_true_or_false(surrey, odd):
    with pytest.raises(InputError) as caught:
        surrey(EASTER, include_past=odd)
    assert caught.value.field == "include_past"


# ---------------------------------------------------------------------------------------------
# The case reference and the UIDs


def test_two_cases_raised_the_same_day_get_uids_of_their_own(surrey):
    # Two disagreements on Surrey's board raised the same day, one a week on.
    first, second = EASTER, {**EASTER, "agency": "police"}
    assert uids(surrey(first)) == uids(surrey(second)), "without references: the same UIDs"
    with_a = uids(surrey(first, case_reference="Case A-101"))
    with_b = uids(surrey(second, case_reference="Case B-202"))
    assert len(with_a) == len(with_b) == len(EASTER_DUES)
    assert not with_a & with_b
    assert not with_a & uids(surrey(first)), "a reference gives new UIDs"


def test_without_a_reference_the_uids_are_as_before(surrey, plan):
    result = plan("surrey", **EASTER)
    assert uids(surrey(EASTER)) == {ics.event_uid(result, f"stage-{n}") for n in range(1, 7)}
    assert "stage-1.raised-2026-04-02.surrey@escalation-guide.invalid" in uids(surrey(EASTER))
    # Nothing but spaces is no reference at all.
    assert uids(surrey(EASTER, case_reference="   ")) == uids(surrey(EASTER))
    assert uids(surrey(EASTER, case_reference="")) == uids(surrey(EASTER))


def test_the_same_reference_keeps_its_uids_when_the_plan_is_worked_out_again(surrey):
    before = uids(surrey(EASTER, case_reference="Smith 42"))
    # A week on, with stage 2 started: the same events, moved (include_past keeps them all).
    after = uids(surrey(LATER, case_reference="Smith 42", include_past=True))
    assert before == after
    # Spaces around it, or another Unicode spelling of the same text, change nothing.
    assert uids(surrey(EASTER, case_reference="  Smith 42\u00a0")) == before
    cafe = uids(surrey(EASTER, case_reference="Caf\u00e9"))
    assert uids(surrey(EASTER, case_reference="Cafe\u0301")) == cafe


@pytest.mark.parametrize("reference", [
    "ABC-123", "abc", "Smith, J; 12\\3", "Mrs O'Brien: case 7", "caf\u00e9 \U0001f4c5", "x" * 40,
])
def test_the_reference_is_never_written_into_a_uid(surrey, reference):
    text = surrey(EASTER, case_reference=reference)
    hashed = hashlib.sha256(reference.encode("utf-8")).hexdigest()[:ics.CASE_HASH_DIGITS]
    for uid in uids(text):
        assert uid.isascii() and " " not in uid
        assert uid.endswith(f".raised-2026-04-02.surrey.case-{hashed}@{ics.UID_DOMAIN}")
        assert reference.lower() not in uid.lower()
    # Nowhere but the events' titles and descriptions: not the file's name or its title.
    calendar = icalendar.Calendar.from_ical(text)
    assert reference not in str(calendar["X-WR-CALNAME"])
    assert "case" not in calendar_filename({"board": "surrey", "raised": "2026-04-02"})


def test_the_reference_is_in_each_events_title_and_description(surrey):
    reference = "Smith, J; 12\\3 \u2013 it\u2019s"
    text = surrey(EASTER, case_reference=reference)
    # Escaped as RFC 5545 TEXT: the comma, semicolon and backslash.
    assert "Smith\\, J\\; 12\\\\3" in text.replace("\r\n ", "")
    events = events_of(text)
    assert len(events) == len(EASTER_DUES)
    for event in events:
        assert str(event["SUMMARY"]).startswith(f"{reference}: Stage ")
        assert str(event["DESCRIPTION"]).startswith(f"Case reference: {reference}\n")
        assert reference in str(event.subcomponents[0]["DESCRIPTION"])


@pytest.mark.parametrize(("reference", "said"), [
    ("two\nlines", "character 4"),
    ("tab\there", "character 4"),
    ("nul\x00", "character 4"),
    ("bell\a", "character 5"),
    ("line\u2028separator", "character 5"),
    ("del\x7f", "character 4"),
])
def test_a_reference_with_a_control_character_is_refused_in_one_line(surrey, reference, said):
    with pytest.raises(InputError) as caught:
        surrey(EASTER, case_reference=reference)
    assert caught.value.field == "case_reference"
    message = str(caught.value)
    assert message.isprintable() and said in message
    assert message.startswith("The case reference has a line break, tab or other control")


def test_a_reference_too_long_or_not_text_is_refused(surrey):
    assert surrey(EASTER, case_reference="x" * 40)  # 40 is allowed
    assert surrey(EASTER, case_reference=" " + "x" * 40 + " ")  # trimmed first
    with pytest.raises(InputError) as caught:
        surrey(EASTER, case_reference="x" * 41)
    assert caught.value.field == "case_reference"
    assert str(caught.value) == "The case reference is 41 characters long; give at most 40"
    for odd in (42, ["x"], {"x": 1}, True):
        with pytest.raises(InputError) as caught:
            surrey(EASTER, case_reference=odd)
        assert caught.value.field == "case_reference"


# ---------------------------------------------------------------------------------------------
# The reminder


def test_each_event_has_a_reminder_at_nine_the_morning_before(surrey):
    events = events_of(surrey(EASTER, case_reference="Ref 1"))
    assert len(events) == len(EASTER_DUES)
    for event in events:
        [alarm] = event.subcomponents
        assert alarm.name == "VALARM"
        assert str(alarm["ACTION"]) == "DISPLAY"
        trigger = alarm["TRIGGER"]
        assert trigger.dt == timedelta(hours=-15)
        assert trigger.params.get("RELATED", "START") == "START"
        assert trigger.params.get("VALUE", "DURATION") == "DURATION"
        # Relative to the start of the all-day event: 09:00 the day before, local time.
        day = event["DTSTART"].dt
        ring = datetime.combine(day, time()) + trigger.dt
        assert ring == datetime.combine(day - timedelta(days=1), time(9))
        said = str(alarm["DESCRIPTION"])
        assert said.startswith("Tomorrow, ") and str(event["SUMMARY"]) in said
    # By hand: Tue 7 Apr's reminder is on Easter Monday, 6 Apr, at 09:00; it names the day.
    first = min(events, key=lambda event: event["DTSTART"].dt)
    assert str(first.subcomponents[0]["DESCRIPTION"]).startswith("Tomorrow, Tue 7 Apr 2026: ")


# ---------------------------------------------------------------------------------------------
# The command line


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT,
                          capture_output=True, timeout=60)


PLAN_LATER = ["plan", "surrey", "--raised", "2026-04-02", "--started", "2=2026-04-07",
              "--today", "2026-04-14", "--format", "ics"]


def test_the_command_line_takes_a_reference_and_include_past(plan, boards):
    result = run(*PLAN_LATER, "--case-reference", " Smith, J; 12 ", "--include-past")
    assert result.returncode == 0, result.stderr
    wanted = plan_calendar(plan("surrey", **LATER), boards["surrey"],
                           case_reference="Smith, J; 12", include_past=True)
    assert result.stdout == wanted.encode("utf-8")
    assert starts(result.stdout.decode()) == LATER_PAST + LATER_TO_COME
    plain = run(*PLAN_LATER)
    assert plain.returncode == 0, plain.stderr
    assert starts(plain.stdout.decode()) == LATER_TO_COME
    assert b"Smith" not in plain.stdout


def stderr_of(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        assert cli_main(argv) == 2
    assert out.getvalue() == ""
    return err.getvalue()


@pytest.mark.parametrize(("argv", "said"), [
    ([*PLAN_LATER, "--case-reference", "a\nb"], "The case reference has a line break"),
    ([*PLAN_LATER, "--case-reference", "x" * 41], "The case reference is 41 characters"),
    ([*PLAN_LATER[:-1], "json", "--case-reference", "x"], "--case-reference goes only with "
                                                          "--format ics"),
    ([*PLAN_LATER[:-2], "--include-past"], "--include-past goes only with --format ics"),
    (["plan", "surrey", "--raised", "2026-04-02", "--today", "2026-05-01", "--format", "ics",
      *[f"--started={n}=2026-04-{d}" for n, d in zip("23456", ("07", "08", "09", "10", "13"),
                                                     strict=True)]],
     "Every due date in this plan has passed"),
])
def test_the_command_line_refuses_in_one_line(argv, said):
    message = stderr_of(argv)
    assert message.count("\n") == 1 and said in message
    if "passed" in said:
        assert message.rstrip().endswith("(--include-past)")


# ---------------------------------------------------------------------------------------------
# The page's service: the calendar's options travel apart from the plan's request


REQUEST = json.dumps({"board": "surrey", **LATER})


def test_the_service_makes_the_calendar_with_its_options(service, plan, boards):
    url = "https://example.org/calc/#calc?board=surrey"
    options = json.dumps({"case_reference": "Ref 9", "include_past": True})
    got = json.loads(service.calendar_file(REQUEST, options, url))
    wanted = plan_calendar(plan("surrey", **LATER), boards["surrey"], url,
                           case_reference="Ref 9", include_past=True)
    assert got == {"calendar": {"text": wanted,
                                "filename": "escalation-surrey-raised-2026-04-02.ics"}}
    # No options: the same file details gives.
    plain = json.loads(service.calendar_file(REQUEST, None, url))["calendar"]
    details = json.loads(service.details(REQUEST, url))
    assert details["calendar"] == plain and details["calendar_note"] is None
    assert starts(plain["text"]) == LATER_TO_COME
    # The reference is in the calendar's text alone: not the plan, the record or the checklist.
    with_reference = json.loads(service.details(REQUEST, url, options))
    assert "Ref 9" in with_reference["calendar"]["text"]
    assert "Ref 9" not in json.dumps({k: v for k, v in with_reference.items()
                                       if k != "calendar"})


@pytest.mark.parametrize(("options", "field", "said"), [
    ({"case_reference": "a\tb"}, "case_reference", "The case reference has a line break"),
    ({"case_reference": "x" * 41}, "case_reference", "41 characters"),
    ({"include_past": "yes"}, "include_past", "include_past must be true or false"),
    ({"calendar_include_past": True}, "calendar", "take only case_reference and include_past"),
    (["x"], "calendar", "must be an object"),
])
def test_the_service_refuses_bad_options_in_one_line(service, options, field, said):
    for got in (json.loads(service.calendar_file(REQUEST, json.dumps(options))),
                json.loads(service.details(REQUEST, None, json.dumps(options)))):
        assert got["field"] == field and said in got["error"] and "\n" not in got["error"]


def test_the_service_says_why_there_is_no_calendar(service):
    request = json.dumps({"board": "surrey", **ALL_STARTED})
    details = json.loads(service.details(request))
    assert details["calendar"] is None
    assert details["calendar_note"].startswith("Every due date in this plan has passed")
    got = json.loads(service.calendar_file(request, "{}"))
    assert got["field"] == "include_past" and got["error"] == details["calendar_note"]
    kept = json.loads(service.calendar_file(request, json.dumps({"include_past": True})))
    assert starts(kept["calendar"]["text"]) == EASTER_DUES
    assert json.loads(service.details(request, None, '{"include_past": true}'))["calendar"]
