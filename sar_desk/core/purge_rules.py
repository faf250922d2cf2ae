"""When a purge may go ahead: only what is due today, and only once the count is confirmed.

Pure rules (no store, no clock): the caller gives today's date. A date after today is for
previewing what will become due; nothing is ever destroyed early. The person purging
states how many cases they expect to destroy, so a changed list is never purged unseen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

__all__ = ["backup_expires", "confirm_problem", "pinned_day_problem", "purge_date_problem",
           "summary"]


def purge_date_problem(as_of: dt.date | None, today: dt.date) -> str | None:
    """Why a purge "as of" ``as_of`` is refused (a date after ``today``), or None."""
    if as_of is not None and as_of > today:
        return (f"A purge destroys only the cases due today ({today.isoformat()}); "
                f"{as_of.isoformat()} is in the future and can only be previewed. "
                "Nothing was purged.")
    return None


def pinned_day_problem(pinned: dt.date, real: dt.date, what: str = "purge") -> str | None:
    """Why a ``what`` is refused while "today" is pinned to ``pinned`` (the support switch),
    later than the real date ``real`` (a day's grace for time zones), or None."""
    if pinned > real + dt.timedelta(days=1):
        return (f"SAR Desk is set to treat {pinned.isoformat()} as today, but the real date "
                f"is {real.isoformat()}: a {what} destroys only what is due by the real "
                "date. Nothing was destroyed.")
    return None


def confirm_problem(expected: int | None, references: Sequence[str]) -> str | None:
    """Why the confirmation ``expected`` does not allow destroying ``references``, or None."""
    count = len(references)
    if expected is None:
        return (f"Destroying {summary(references)} needs confirming with their number "
                f"({count}). Nothing was purged.")
    if expected != count:
        return (f"The confirmation says {expected}, but {summary(references)} "
                f"{'are' if count != 1 else 'is'} due to be destroyed. Nothing was purged.")
    return None


def summary(references: Sequence[str]) -> str:
    """"3 cases, SAR-2019-0001 to SAR-2020-0007": the count, oldest and newest references."""
    refs = sorted(references, key=_order)
    if not refs:
        return "no cases"
    if len(refs) == 1:
        return f"1 case, {refs[0]}"
    return f"{len(refs)} cases, {refs[0]} to {refs[-1]}"


def _order(reference: str) -> tuple:
    parts = reference.split("-")
    return tuple(int(p) if p.isdigit() else p for p in parts)


def backup_expires(made: dt.date, keep_days: int) -> dt.date:
    """The day an archive made on ``made`` is due for deletion under a ``keep_days`` policy."""
    return made + dt.timedelta(days=keep_days)
