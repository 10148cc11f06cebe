"""Working-day counting, on the real England and Wales calendar."""

import pytest

from calculator.errors import OutsideCalendarError
from calculator.workdays import ExtraDay
from conftest import d


@pytest.mark.parametrize(("start", "count", "expected"), [
    ("2026-11-23", 1, "2026-11-24"),  # Monday -> Tuesday
    ("2026-11-27", 1, "2026-11-30"),  # Friday -> Monday, over the weekend
    ("2026-11-28", 1, "2026-11-30"),  # Saturday: the start never counts, Monday is day 1
    ("2025-04-17", 1, "2025-04-22"),  # Thursday before Easter: Good Friday, Easter Monday
    ("2026-12-24", 1, "2026-12-29"),  # Christmas Fri 25, Boxing Day observed Mon 28
    ("2027-12-24", 1, "2027-12-29"),  # Christmas and Boxing Day both observed: Mon 27, Tue 28
    ("2022-09-16", 1, "2022-09-20"),  # the Queen's state funeral, Mon 19 Sep 2022
    ("2022-06-01", 1, "2022-06-06"),  # Platinum Jubilee: Thu 2 and Fri 3 Jun 2022
    ("2023-05-05", 1, "2023-05-09"),  # the Coronation, Mon 8 May 2023
    ("2026-11-23", 5, "2026-11-30"),
    ("2026-11-23", 0, "2026-11-23"),
])
def test_add_working_days(calendar, start, count, expected):
    assert calendar.add_working_days(d(start), count) == d(expected)


@pytest.mark.parametrize(("raised", "number", "expected"), [
    ("2026-11-23", 1, "2026-11-23"),  # a working day is day 1
    ("2026-11-23", 2, "2026-11-24"),
    ("2026-11-28", 1, "2026-11-30"),  # Saturday: day 1 is Monday
    ("2026-11-29", 2, "2026-12-01"),  # Sunday
    ("2026-04-03", 1, "2026-04-07"),  # Good Friday: day 1 is the Tuesday after Easter
    ("2026-04-02", 8, "2026-04-15"),
])
def test_working_day_number(calendar, raised, number, expected):
    assert calendar.working_day_number(d(raised), number) == d(expected)


def test_weekends_and_bank_holidays_are_not_working_days(calendar):
    assert calendar.is_working_day(d("2026-11-23"))
    assert not calendar.is_working_day(d("2026-11-28"))  # Saturday
    assert not calendar.is_working_day(d("2026-04-06"))  # Easter Monday (needs subdiv ENG)
    assert not calendar.is_working_day(d("2026-08-31"))  # August bank holiday (ditto)


def test_extra_non_working_day_is_skipped(calendar):
    extra = calendar.with_extra_days([ExtraDay(d("2026-11-24"), "A proclaimed day", "test")])
    assert extra.add_working_days(d("2026-11-23"), 1) == d("2026-11-25")
    assert calendar.add_working_days(d("2026-11-23"), 1) == d("2026-11-24")  # unchanged
    assert extra.describe()["extra_non_working_days"] == [
        {"date": "2026-11-24", "name": "A proclaimed day", "source": "test"}
    ]


def test_working_days_between(calendar):
    assert calendar.working_days_between(d("2025-04-17"), d("2025-04-28")) == 5
    assert calendar.working_days_between(d("2026-11-23"), d("2026-11-23")) == 0


@pytest.mark.parametrize("day", ["2014-12-31", "2036-01-01"])
def test_dates_outside_the_calendar_are_refused(calendar, day):
    with pytest.raises(OutsideCalendarError, match="outside the calendar, which covers 2015 to"):
        calendar.is_working_day(d(day))


def test_counting_past_the_last_year_is_refused(calendar):
    with pytest.raises(OutsideCalendarError, match="outside the calendar"):
        calendar.add_working_days(d("2035-12-28"), 10)
