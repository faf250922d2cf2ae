"""Today's date, injectable for tests and demos."""

from __future__ import annotations

import datetime as dt
import os
from typing import Protocol

TODAY_ENV = "SAR_DESK_TODAY"


class Clock(Protocol):
    def today(self) -> dt.date: ...


class SystemClock:
    """The real date, unless ``SAR_DESK_TODAY=YYYY-MM-DD`` pins it (support and demos)."""

    def today(self) -> dt.date:
        pinned = os.environ.get(TODAY_ENV)
        if pinned:
            return dt.date.fromisoformat(pinned)
        return dt.date.today()


class FixedClock:
    """A clock that always says the same day."""

    def __init__(self, day: dt.date) -> None:
        self.day = day

    def today(self) -> dt.date:
        return self.day


def today() -> dt.date:
    """Today as the system clock sees it."""
    return SystemClock().today()
