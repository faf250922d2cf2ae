"""Dates written the way UK letters and messages write them: "3 October 2025"."""

from __future__ import annotations

import datetime as dt

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(day: dt.date | None) -> str:
    """UK long form without a leading zero, independent of the machine's locale."""
    if day is None:
        return ""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
