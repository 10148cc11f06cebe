"""Working days: Monday to Friday, less the bank holidays of England and Wales and any extra
non-working days a board adds.

The calendar arrives as plain data (built from the `holidays` package at build time, or by the
command line at run time), so that this module needs nothing beyond the standard library and
runs unchanged in the browser.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .dates import human_date, parse_iso_date
from .errors import OutsideCalendarError

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class ExtraDay:
    """A day off a board adds to the bank holidays (or a one-off), with the clause that says so."""

    day: date
    name: str
    source: str


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days, for the years `first_year` to `last_year` inclusive."""

    first_year: int
    last_year: int
    bank_holidays: Mapping[date, str]
    package: str
    version: str
    region: str
    extra_days: tuple[ExtraDay, ...] = ()
    _closed: frozenset[date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        closed = set(self.bank_holidays) | {extra.day for extra in self.extra_days}
        object.__setattr__(self, "_closed", frozenset(closed))

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def require_covered(self, day: date, what: str, field: str | None = None) -> None:
        if not self.covers(day):
            raise OutsideCalendarError(
                f"{what} ({human_date(day)}) is outside the calendar, which covers "
                f"{self.first_year} to {self.last_year} ({self.package} {self.version}); "
                "a date outside it could be silently wrong", field,
            )

    def is_working_day(self, day: date) -> bool:
        self.require_covered(day, "A date to count")
        return day.weekday() < _SATURDAY and day not in self._closed

    def closed_name(self, day: date) -> str | None:
        """The bank holiday or extra non-working day that falls on `day`, if any."""
        extra = next((extra.name for extra in self.extra_days if extra.day == day), None)
        return extra or self.bank_holidays.get(day)

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start`; `start` itself never counts."""
        day = start
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        self.require_covered(day, "A date to count")  # never step past date.max
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def working_day_number(self, raised: date, number: int) -> date:
        """Working day `number` of a count in which day 1 is `raised` if that is a working day,
        else the first working day after it."""
        self.require_covered(raised, "The date raised")
        first = raised if self.is_working_day(raised) else self.next_working_day(raised)
        return self.add_working_days(first, number - 1)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie strictly after `start` and on or before `end`."""
        count, day = 0, start
        while day < end:
            day += _ONE_DAY
            count += self.is_working_day(day)
        return count

    def with_extra_days(self, extra_days: Iterable[ExtraDay]) -> "WorkingCalendar":
        """This calendar plus a board's own extra non-working days."""
        merged = {extra.day: extra for extra in (*self.extra_days, *extra_days)}
        return WorkingCalendar(
            self.first_year, self.last_year, self.bank_holidays, self.package, self.version,
            self.region, tuple(merged[day] for day in sorted(merged)),
        )

    def describe(self) -> dict:
        """What the plan says about the calendar it counted with."""
        return {
            "package": self.package,
            "version": self.version,
            "region": self.region,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "extra_non_working_days": [
                {"date": extra.day.isoformat(), "name": extra.name, "source": extra.source}
                for extra in self.extra_days
            ],
        }


def calendar_from_data(data: Mapping) -> WorkingCalendar:
    """Build the calendar from its plain-data form (see
    `calculator.tools.holiday_table.calendar_data`)."""
    return WorkingCalendar(
        first_year=int(data["first_year"]),
        last_year=int(data["last_year"]),
        bank_holidays={
            parse_iso_date(entry["date"], "A bank holiday"): entry["name"]
            for entry in data["bank_holidays"]
        },
        package=data["package"],
        version=data["version"],
        region=data["region"],
    )


def extra_days_from_data(entries: Iterable[Mapping]) -> tuple[ExtraDay, ...]:
    return tuple(
        ExtraDay(parse_iso_date(entry["date"], "An extra non-working day"), entry["name"],
                 entry["source"])
        for entry in entries
    )
