"""Calendars: UK regions and EU states from the holidays package, plus organisation closures."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core import calendars
from sar_desk.core.calendars import (
    JURISDICTIONS,
    Calendar,
    get_calendar,
    validate_jurisdiction,
)
from sar_desk.errors import InputError

D = dt.date


@pytest.mark.parametrize(
    ("code", "day", "working"),
    [
        ("uk-ew", D(2025, 4, 21), False),  # Easter Monday
        ("uk-sct", D(2025, 4, 21), True),  # no Easter Monday in Scotland
        ("uk-sct", D(2025, 1, 2), False),
        ("uk-ew", D(2025, 1, 2), True),
        ("uk-sct", D(2025, 12, 1), False),  # St Andrew's Day (observed, 30 Nov is a Sunday)
        ("uk-sct", D(2025, 8, 4), False),  # first Monday of August
        ("uk-ew", D(2025, 8, 4), True),
        ("uk-ni", D(2025, 3, 17), False),  # St Patrick's Day
        ("uk-ni", D(2026, 7, 13), False),  # 12 July on a Sunday -> substitute Monday
        ("uk-ew", D(2026, 7, 13), True),
        ("uk-sct", D(2026, 6, 15), False),  # one-off proclamation
        ("eu", D(2025, 12, 25), True),  # weekends only
        ("eu", D(2025, 12, 27), False),
        ("eu-ie", D(2024, 12, 26), False),  # St Stephen's Day
        ("eu-de", D(2025, 10, 3), False),  # German Unity Day
        ("eu-gr", D(2025, 3, 25), False),
        ("eu-el", D(2025, 3, 25), False),  # the EU's code for Greece
    ],
)
def test_working_days(code, day, working):
    assert get_calendar(code).is_working_day(day) is working


def test_why_not_working():
    ew = get_calendar("uk-ew")
    assert ew.why_not_working(D(2025, 12, 25)) == "Christmas Day (bank holiday, England and Wales)"
    assert ew.why_not_working(D(2025, 9, 6)) == "Saturday"
    assert ew.why_not_working(D(2025, 9, 8)) is None
    assert get_calendar("eu-ie").why_not_working(D(2024, 12, 26)) == (
        "Saint Stephen's Day (public holiday, Ireland)"
    )


def test_closures_are_not_working_days():
    calendar = get_calendar("uk-ew", [D(2025, 12, 29), D(2025, 12, 30)])
    assert not calendar.is_working_day(D(2025, 12, 29))
    assert calendar.why_not_working(D(2025, 12, 30)) == "organisation closure day"
    assert calendar.roll_forward(D(2025, 12, 25)) == D(2025, 12, 31)
    assert get_calendar("uk-ew").is_working_day(D(2025, 12, 29))  # the plain calendar is untouched


def test_closures_must_be_dates():
    with pytest.raises(InputError, match="closure day"):
        get_calendar("uk-ew", ["2025-12-29"])


def test_jurisdiction_codes():
    assert JURISDICTIONS[:4] == ("uk-ew", "uk-sct", "uk-ni", "eu")
    eu = [code for code in JURISDICTIONS if code.startswith("eu-")]
    assert len(eu) == 30  # 27 EU member states + Iceland, Liechtenstein, Norway
    for code in JURISDICTIONS:
        assert get_calendar(code).is_working_day(D(2025, 7, 9)) in (True, False)
    assert validate_jurisdiction(" UK-EW ") == "uk-ew"
    assert validate_jurisdiction("eu-IE") == "eu-ie"


@pytest.mark.parametrize("bad", ["uk", "eu-us", "eu-xx", "", "england", None])
def test_unknown_jurisdiction(bad):
    with pytest.raises(InputError) as info:
        get_calendar(bad)
    assert repr(bad) in str(info.value)
    assert "uk-sct" in str(info.value)


def test_calendars_are_shared_and_cached():
    assert get_calendar("uk-ew") is get_calendar("uk-ew")
    calendar = get_calendar("uk-ni")
    calendar.is_working_day(D(2031, 5, 5))
    assert 2031 in calendar._years


def test_override_applies_only_when_the_package_lacks_the_day(monkeypatch):
    fake = {"uk-ew": {D(2031, 6, 10): "A one-off bank holiday", D(2031, 12, 25): "Duplicate"}}
    monkeypatch.setattr(calendars, "HOLIDAY_OVERRIDES", fake)
    calendar = Calendar("uk-ew")
    assert calendar.why_not_working(D(2031, 6, 10)) == (
        "A one-off bank holiday (bank holiday, England and Wales)"
    )
    assert calendar.holidays_in(2031)[D(2031, 12, 25)] == "Christmas Day"


def test_scotland_one_off_comes_from_the_package():
    """The override list only covers older package versions: the installed one has the day."""
    import holidays

    table = holidays.country_holidays("GB", subdiv="SCT", years=2026)
    assert D(2026, 6, 15) in table
    assert D(2026, 6, 15) in calendars.HOLIDAY_OVERRIDES["uk-sct"]


def test_skipped_days_listed_with_reasons():
    calendar = get_calendar("uk-ew")
    assert calendar.skipped(D(2026, 12, 25), D(2026, 12, 27)) == [
        (D(2026, 12, 25), "Christmas Day (bank holiday, England and Wales)"),
        (D(2026, 12, 26), "Saturday; Boxing Day (bank holiday, England and Wales)"),
    ]
