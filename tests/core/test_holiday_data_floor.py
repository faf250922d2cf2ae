"""The installed ``holidays`` package has every public holiday the worked cases rely on.

The engine takes holidays only from that package; an older release lacks days added since
(Poland's Christmas Eve from 2025, Italy's Saint Francis from 2026) and gives wrong due
dates without any error. This fails when the installed package lacks one of these days.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from sar_desk.core.calendars import UK_CALENDARS, LibraryHolidays, get_calendar

D = dt.date
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
# The release the worked cases are verified with: pyproject.toml must not allow older.
VERIFIED_WITH = (0, 109)

# calendar -> days that must be holidays in the package itself (no override involved).
MUST_HAVE: dict[str, tuple[D, ...]] = {
    "uk-ew": (D(2019, 5, 6), D(2024, 1, 1), D(2025, 4, 21), D(2026, 12, 28)),
    "uk-sct": (D(2025, 1, 2), D(2025, 4, 18), D(2026, 8, 3), D(2026, 11, 30)),
    "uk-ni": (D(2025, 3, 17), D(2025, 7, 14), D(2026, 7, 13)),
    "eu-pl": (D(2025, 12, 24), D(2026, 12, 24)),
    "eu-it": (D(2026, 10, 4), D(2027, 10, 4)),
    "eu-de": (D(2025, 10, 3),),
    "eu-ie": (D(2024, 12, 26), D(2026, 2, 2)),
}


def _package_days(code: str, year: int) -> dict[D, str]:
    if code in UK_CALENDARS:
        country, subdiv = "GB", UK_CALENDARS[code][0]
    else:
        country, subdiv = code[3:].upper(), None
    return LibraryHolidays().table(country, subdiv, year)


@pytest.mark.parametrize(
    ("code", "day"), [(code, day) for code, days in MUST_HAVE.items() for day in days],
    ids=lambda v: str(v),
)
def test_installed_holidays_package_has_the_day(code, day):
    days = _package_days(code, day.year)
    assert day in days, (
        f"the installed holidays package ({LibraryHolidays().version()}) lacks {day} in "
        f"{code}; install holidays >= {'.'.join(map(str, VERIFIED_WITH))}"
    )
    assert not get_calendar(code).is_working_day(day)


def test_pyproject_floor_is_the_verified_release():
    requires = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    floors = [re.fullmatch(r"holidays>=([\d.]+)", r.replace(" ", "")) for r in requires]
    found = [m.group(1) for m in floors if m]
    assert len(found) == 1, requires
    assert tuple(int(p) for p in found[0].split(".")) >= VERIFIED_WITH
