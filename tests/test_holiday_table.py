"""The generated table is exactly what the holidays package says, for every year it covers."""

from datetime import date

import holidays

from calculator.tools.holiday_table import FIRST_YEAR, LAST_YEAR, calendar_data


def test_table_equals_the_package_for_every_year(calendar_table):
    table = {entry["date"]: entry["name"] for entry in calendar_table["bank_holidays"]}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        expected = holidays.country_holidays("GB", subdiv="ENG", years=year)
        in_year = {day: name for day, name in table.items() if day.startswith(f"{year}-")}
        assert in_year == {day.isoformat(): name for day, name in expected.items()}, year
        assert len(in_year) >= 8, year


def test_table_has_england_only_days_and_one_offs(calendar_table):
    days = {entry["date"] for entry in calendar_table["bank_holidays"]}
    assert {"2026-04-06", "2026-08-31"} <= days  # dropped without subdiv="ENG"
    assert {"2022-06-03", "2022-09-19", "2023-05-08", "2020-05-08"} <= days
    assert "2026-03-17" not in days  # St Patrick's Day is Northern Ireland's


def test_table_describes_itself():
    table = calendar_data(2024, 2025)
    assert (table["first_year"], table["last_year"]) == (2024, 2025)
    assert table["package"] == "holidays"
    assert table["version"] == holidays.__version__
    assert min(e["date"] for e in table["bank_holidays"]) == date(2024, 1, 1).isoformat()
