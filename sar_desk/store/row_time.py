"""The workspace's day inside a case-file transaction, and the time a row says it was done.

The unit of work (and a new case's first transaction) gives the transaction the day the
workspace's clock says (:func:`give_day`). A row recording when something was done (a
document's "Added", a note, a letter, a bundle built) then says that day at the real time of
day, while its audit entry keeps the real time (:func:`row_and_audit_times`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from sar_desk.core import clock
from sar_desk.store.audit_chain import now_text

DAY_KEY = "workspace_day"


def give_day(session: Session, day: dt.date) -> None:
    """Say that what ``session`` records is done on the workspace's day ``day``."""
    session.info[DAY_KEY] = day


def row_and_audit_times(session: Session, at: str | None = None) -> tuple[str, str]:
    """(the time the row says, the time of its audit entry): both ``at`` when given (a demo
    writing its history), else the real time, and the row's on the workspace's day."""
    if at:
        return at, at
    real = now_text()
    day = session.info.get(DAY_KEY)
    if day is None:
        return real, real
    shown = clock.stamp(day, dt.datetime.fromisoformat(real))
    return shown.isoformat(timespec="microseconds"), real


def row_time(session: Session) -> str:
    """The time a row of ``session`` says it was done (no audit entry of its own)."""
    return row_and_audit_times(session)[0]
