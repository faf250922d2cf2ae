"""The managers' dashboard: overdue, due soon, paused and monthly figures for a day.

Reads the workspace registry only (one row per case, no case file is opened), so it stays
fast for tens of thousands of cases. The figures themselves are worked out by
:mod:`sar_desk.core.metrics`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from typing import Any

from sar_desk.core import metrics
from sar_desk.core.dashboard_tally import DashboardTally
from sar_desk.core.entities import CaseSummary
from sar_desk.core.metrics import DashboardData
from sar_desk.store.registry_rows import bulk_allocation

__all__ = ["DashboardLoader", "bulk_allocation", "dashboard_loader", "load_dashboard",
           "overdue_csv_rows", "registry_rows"]


def registry_rows(ws: Any, *, active_since: dt.date | None = None) -> list[CaseSummary]:
    """Every case in the workspace registry, open and closed (``active_since``: without those
    received and ended before that day that have nothing dated on or after it)."""
    from sar_desk.services.access import require
    from sar_desk.services.case_list import list_cases

    require(ws, "read_dashboard")  # managers and privacy officers; refusals are audited
    return list_cases(ws, status="all", active_since=active_since)


def load_dashboard(ws: Any, as_of: dt.date | None = None, *, months: int = 12,
                   request_type: str | None = None) -> DashboardData:
    """The dashboard as it stood at the end of ``as_of`` (default: today).

    ``request_type`` (access, erasure...) keeps only the cases exercising that right.
    """
    from sar_desk.core.type_metrics import of_type

    day = as_of or ws.clock.today()
    # The cases settled before the first month shown add to no figure: not even read.
    first = dt.date(*metrics.last_months(day, months)[0], 1) if months >= 1 else None
    with bulk_allocation():
        return metrics.dashboard(of_type(registry_rows(ws, active_since=first), request_type),
                                 day, months=months)


class DashboardLoader:
    """``load(as_of)`` for the window's dashboard, which can also take the cases that changed.

    ``load(as_of)`` reads every registry row; ``load(as_of, changed=refs)`` re-reads only the
    rows of ``refs`` and updates the figures of the last full load (see
    :class:`~sar_desk.core.dashboard_tally.DashboardTally`), so one case changing costs work
    in proportion to that case. A new day, or no earlier load, means a full load. Loads are
    serialised by a lock: the window runs them on a worker thread.
    """

    incremental = True  # the view may pass ``changed``

    def __init__(self, ws: Any, *, months: int = 12) -> None:
        self.ws = ws
        self.months = months
        self._tally: DashboardTally | None = None
        self._lock = threading.Lock()

    def __call__(self, as_of: dt.date, *, changed: Iterable[str] | None = None
                 ) -> DashboardData:
        from sar_desk.services.access import require
        from sar_desk.services.case_list import cases_of

        with self._lock, bulk_allocation():
            tally = self._tally
            if changed is None or tally is None or tally.as_of != as_of:
                self._tally = None  # a failed full load leaves nothing stale behind
                tally = self._tally = DashboardTally(registry_rows(self.ws), as_of,
                                                     months=self.months)
            else:
                refs = set(changed)
                require(self.ws, "read_dashboard")
                tally.replace(refs, cases_of(self.ws, refs) if refs else [])
            return tally.data()


def dashboard_loader(ws: Any, *, months: int = 12) -> DashboardLoader:
    """A ``load(as_of)`` callable for the window's dashboard view."""
    return DashboardLoader(ws, months=months)


def overdue_csv_rows(data: DashboardData) -> list[list[object]]:
    """The overdue list as spreadsheet rows (header first), grouped by assignee."""
    rows: list[list[object]] = [
        ["assignee", "reference", "requester_name", "received", "due", "days_overdue"]
    ]
    for r in data.overdue:
        rows.append([r.assignee, r.reference, r.requester_name, r.received.isoformat(),
                     r.due.isoformat() if r.due else "", r.days_overdue])
    return rows
