"""The one place that reads the computer's date and time.

Services take "today" from the clock of the workspace they work on (``ws.clock``), which the
command line and the window build at start-up; tests give it a :class:`FixedClock`. Core
rules never ask a clock: they take the day as an argument. Timestamps (audit rows, backups,
locks) take the real time from :func:`now`, whatever day the clock says it is. What a user
is shown as done on a day (a document's "Added", a note, a bundle built) takes :func:`stamp`:
the clock's day at the real time of day.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def today(self) -> dt.date: ...


class SystemClock:
    """The computer's date."""

    def today(self) -> dt.date:
        return dt.date.today()


class FixedClock:
    """A clock that always says the same day (tests, demos, the support switch)."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def today(self) -> dt.date:
        return self.day

    def __repr__(self) -> str:
        return f"FixedClock({self.day.isoformat()})"


class SupportClock(FixedClock):
    """The day pinned by the support switch, to see what a user saw on that day. Nothing is
    destroyed by it ahead of the real date (see :mod:`sar_desk.core.purge_rules`)."""

    def __repr__(self) -> str:
        return f"SupportClock({self.day.isoformat()})"


def now() -> dt.datetime:
    """The current time in UTC, for timestamps."""
    return dt.datetime.now(dt.UTC)


def stamp(day: dt.date, real: dt.datetime | None = None) -> dt.datetime:
    """When something done at ``real`` (default: now) is shown as done on the workspace's day
    ``day``: the real time (UTC) when ``day`` is the computer's date, else ``day`` at the real
    time of day, so a pinned day keeps what is done on it in the order it was done."""
    real = real or now()
    if day == real.astimezone().date():
        return real
    return dt.datetime.combine(day, real.timetz())
