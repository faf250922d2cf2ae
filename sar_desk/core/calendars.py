"""Working-day calendars for the deadline engine.

Bank and public holidays come from the ``holidays`` package only (UK with ``subdiv`` ENG,
SCT or NIR; EU/EEA member states by country code). Organisation closure days are added on
top. Each calendar loads a year's holidays once and remembers every roll it has done, so
recomputing thousands of deadlines costs dictionary look-ups, not holiday calculations.

Codes: ``uk-ew`` (England and Wales), ``uk-sct`` (Scotland), ``uk-ni`` (Northern Ireland),
``eu`` (weekends only) and ``eu-xx`` (weekends plus the national public holidays of member
state ``xx``; regional holidays are not included: add them as closure days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from sar_desk.errors import InputError

ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# code -> (holidays country, subdiv, kind of holiday, where)
UK_CALENDARS: dict[str, tuple[str, str, str]] = {
    "uk-ew": ("ENG", "bank holiday", "England and Wales"),
    "uk-sct": ("SCT", "bank holiday", "Scotland"),
    "uk-ni": ("NIR", "bank holiday", "Northern Ireland"),
}

# EU member states plus the EEA states (Iceland, Liechtenstein, Norway), by ISO 3166 code.
EU_EEA_COUNTRIES: dict[str, str] = {
    "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France",
    "DE": "Germany", "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy",
    "LV": "Latvia", "LT": "Lithuania", "LU": "Luxembourg", "MT": "Malta",
    "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania", "SK": "Slovakia",
    "SI": "Slovenia", "ES": "Spain", "SE": "Sweden", "IS": "Iceland", "LI": "Liechtenstein",
    "NO": "Norway",
}  # fmt: skip
# The EU writes Greece as EL; accept it as another name for GR.
EU_ALIASES = {"eu-el": "eu-gr"}

JURISDICTIONS: tuple[str, ...] = (
    *UK_CALENDARS,
    "eu",
    *(f"eu-{code.lower()}" for code in sorted(EU_EEA_COUNTRIES)),
)

# The names a person reads for each code (the EU/EEA country calendars read as their code).
JURISDICTION_NAMES: dict[str, str] = {
    **{code: f"UK: {where}" for code, (_c, _k, where) in UK_CALENDARS.items()},
    "eu": "EU (weekends only)",
}


def jurisdiction_name(code: str) -> str:
    """'uk-sct' -> 'UK: Scotland'; 'eu-de' -> 'EU-DE'."""
    return JURISDICTION_NAMES.get(code, code.upper())


# One-off holidays proclaimed after a ``holidays`` release. Each entry is applied only when
# the installed package does not already have a holiday on that date, so upgrading the
# package makes the entry redundant, never doubled. holidays 0.109 (the floor in
# pyproject.toml) already has every entry below. Source: gov.uk/bank-holidays.
HOLIDAY_OVERRIDES: dict[str, dict[dt.date, str]] = {
    "uk-sct": {
        dt.date(2026, 6, 15): "Scotland's participation in the FIFA World Cup final",
    },
}


class HolidaySource(Protocol):
    """Where holiday tables come from: the ``holidays`` package or a cache of its tables."""

    def version(self) -> str:
        """The ``holidays`` package version the tables come from."""
        ...

    def table(self, country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
        """The holidays of ``country``/``subdiv`` dated in ``year`` (date -> name)."""
        ...


class LibraryHolidays:
    """The default source: asks the ``holidays`` package (imported on first use)."""

    def version(self) -> str:
        import holidays

        return str(holidays.__version__)

    def table(self, country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
        import holidays

        found = holidays.country_holidays(country, subdiv=subdiv, years=year)
        return {day: str(name) for day, name in found.items() if day.year == year}


_source: HolidaySource = LibraryHolidays()
_version: str | None = None


def use_holiday_source(source: HolidaySource | None) -> None:
    """Take holiday tables from ``source`` (None: the ``holidays`` package again).

    Every cached calendar and the cached version are dropped so no two sources mix.
    """
    global _source, _version
    _source = LibraryHolidays() if source is None else source
    _version = None
    _PLAIN.clear()
    _cached_calendar.cache_clear()


def holiday_source() -> HolidaySource:
    """The source holiday tables currently come from."""
    return _source


def holidays_version() -> str:
    """The ``holidays`` package version (recorded with every computed date)."""
    global _version
    if _version is None:
        _version = _source.version()
    return _version


def validate_jurisdiction(code: str) -> str:
    """Return the canonical calendar code for ``code`` or raise :class:`InputError`."""
    if isinstance(code, str):
        canonical = code.strip().lower().replace("_", "-")
        canonical = EU_ALIASES.get(canonical, canonical)
        if canonical in _JURISDICTION_SET:
            return canonical
    raise InputError(
        f"unknown jurisdiction {code!r}: use one of uk-ew, uk-sct, uk-ni, eu, or eu-XX where XX "
        f"is an EU/EEA member state ({', '.join(c for c in JURISDICTIONS if c.startswith('eu-'))})"
    )


_JURISDICTION_SET = frozenset(JURISDICTIONS)


class Calendar:
    """Working days of one jurisdiction plus an organisation's closure days."""

    def __init__(self, code: str, closures: Iterable[dt.date] = ()) -> None:
        self.code = validate_jurisdiction(code)
        self.closures: frozenset[dt.date] = frozenset(closures)
        if self.code in UK_CALENDARS:
            self._country, self._subdiv = "GB", UK_CALENDARS[self.code][0]
            self._kind, self.region = UK_CALENDARS[self.code][1:]
        elif self.code == "eu":
            self._country = self._subdiv = None
            self._kind, self.region = "", "EU (weekends only)"
        else:
            self._country, self._subdiv = self.code[3:].upper(), None
            self._kind, self.region = "public holiday", EU_EEA_COUNTRIES[self._country]
        self._years: dict[int, dict[dt.date, str]] = {}
        self._rolled: dict[dt.date, dt.date] = {}

    def __repr__(self) -> str:
        return f"Calendar({self.code!r}, closures={len(self.closures)})"

    def holidays_in(self, year: int) -> dict[dt.date, str]:
        """The public/bank holidays of ``year`` (date -> name), closures not included."""
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = self._load(year)
        return found

    def _load(self, year: int) -> dict[dt.date, str]:
        if self._country is None:
            return {}
        days = dict(_source.table(self._country, self._subdiv, year))
        for day, name in HOLIDAY_OVERRIDES.get(self.code, {}).items():
            if day.year == year and day not in days:
                days[day] = name
        return days

    def is_working_day(self, day: dt.date) -> bool:
        """False on Saturdays, Sundays, holidays of this calendar and closure days."""
        if day.weekday() >= 5:
            return False
        return day not in self.holidays_in(day.year) and day not in self.closures

    def why_not_working(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (e.g. "Saturday"), or None if it is one."""
        weekday = day.weekday()
        reasons = []
        name = self.holidays_in(day.year).get(day)
        if name:
            reasons.append(f"{name} ({self._kind}, {self.region})")
        if day in self.closures:
            reasons.append("organisation closure day")
        if weekday >= 5:
            reasons.insert(0, WEEKDAY_NAMES[weekday])
        return "; ".join(reasons) if reasons else None

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next working day after it."""
        rolled = self._rolled.get(day)
        if rolled is None:
            rolled = day
            while not self.is_working_day(rolled):
                rolled += ONE_DAY
            self._rolled[day] = rolled
        return rolled

    def skipped(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Each day from ``start`` up to (not including) ``end`` with why it was skipped."""
        days = []
        while start < end:
            days.append((start, self.why_not_working(start) or "working day"))
            start += ONE_DAY
        return days


@lru_cache(maxsize=256)
def _cached_calendar(code: str, closures: frozenset[dt.date]) -> Calendar:
    return Calendar(code, closures)


_PLAIN: dict[str, Calendar] = {}  # fast path: jurisdiction as given -> calendar, no closures


def get_calendar(jurisdiction: str, closures: Iterable[dt.date] = ()) -> Calendar:
    """The shared calendar for ``jurisdiction`` plus ``closures``; InputError if unknown."""
    if isinstance(closures, tuple | list | frozenset | set) and not closures:
        calendar = _PLAIN.get(jurisdiction) if isinstance(jurisdiction, str) else None
        if calendar is None:
            calendar = _PLAIN[jurisdiction] = _cached_calendar(
                validate_jurisdiction(jurisdiction), frozenset()
            )
        return calendar
    code = validate_jurisdiction(jurisdiction)
    days = frozenset(closures)
    for day in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InputError(f"closure day {day!r} is not a date (use YYYY-MM-DD)")
    return _cached_calendar(code, days)
