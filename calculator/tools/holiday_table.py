"""The bank-holiday table, built from the `holidays` package (CPython and build time only; the
page loads the table this writes, so the browser never needs the package)."""

from importlib.metadata import version

import holidays

#: The years the table covers: from the oldest procedure's date (Worcestershire, 2015) to ten
#: years ahead of this release. A date outside them is refused, never guessed.
FIRST_YEAR = 2015
LAST_YEAR = 2035

#: England and Wales. Without subdiv="ENG" the package drops Easter Monday and the August bank
#: holiday, so the subdivision is fixed here and nowhere else.
COUNTRY, SUBDIVISION = "GB", "ENG"
REGION = "England and Wales (holidays: GB, subdivision ENG)"


def bank_holidays(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict:
    """Every date the package lists for those years, weekends included, with its name."""
    table = holidays.country_holidays(
        COUNTRY, subdiv=SUBDIVISION, years=range(first_year, last_year + 1)
    )
    return dict(sorted(table.items()))


def calendar_data(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict:
    """The calendar as plain data, the form `workdays.calendar_from_data` reads."""
    return {
        "package": "holidays",
        "version": version("holidays"),
        "region": REGION,
        "first_year": first_year,
        "last_year": last_year,
        "bank_holidays": [
            {"date": day.isoformat(), "name": name}
            for day, name in bank_holidays(first_year, last_year).items()
        ],
    }
