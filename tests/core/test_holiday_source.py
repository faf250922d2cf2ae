"""Calendars take holiday tables from a pluggable source; overrides still apply on top."""

from __future__ import annotations

import datetime as dt

from sar_desk.core import calendars
from sar_desk.core.calendars import LibraryHolidays, get_calendar, holidays_version


class FakeSource:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None, int]] = []

    def version(self) -> str:
        return "fake-1"

    def table(self, country, subdiv, year):
        self.asked.append((country, subdiv, year))
        return {dt.date(year, 3, 3): "Fake Day"}


def test_calendars_use_the_current_source_and_back():
    library_days = get_calendar("uk-sct").holidays_in(2026)
    library_version = holidays_version()
    fake = FakeSource()
    calendars.use_holiday_source(fake)
    try:
        assert holidays_version() == "fake-1"
        days = get_calendar("uk-sct").holidays_in(2026)
        assert fake.asked == [("GB", "SCT", 2026)]
        assert days[dt.date(2026, 3, 3)] == "Fake Day"
        # the override is added on top of whatever the source returns
        assert dt.date(2026, 6, 15) in days
        assert not get_calendar("uk-sct").is_working_day(dt.date(2026, 3, 3))
        assert get_calendar("eu").holidays_in(2026) == {}
        assert get_calendar("eu-de").holidays_in(2027) == {dt.date(2027, 3, 3): "Fake Day"}
    finally:
        calendars.use_holiday_source(None)
    assert isinstance(calendars.holiday_source(), LibraryHolidays)
    assert holidays_version() == library_version
    assert get_calendar("uk-sct").holidays_in(2026) == library_days


def test_library_source_returns_only_the_asked_year():
    table = LibraryHolidays().table("GB", "ENG", 2026)
    assert table[dt.date(2026, 12, 25)] == "Christmas Day"
    assert all(day.year == 2026 for day in table)
