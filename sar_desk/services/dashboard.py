"""The managers' dashboard: overdue, due soon, paused and monthly figures for a day.

Reads the workspace registry only (one row per case, no case file is opened), so it stays
fast for tens of thousands of cases. The figures themselves are worked out by
:mod:`sar_desk.core.metrics`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sar_desk.core import metrics
from sar_desk.core.entities import CaseSummary
from sar_desk.core.metrics import DashboardData
from sar_desk.store.registry import bulk_allocation

__all__ = ["bulk_allocation", "dashboard_loader", "load_dashboard", "overdue_csv_rows",
           "registry_rows"]


def registry_rows(ws: Any) -> list[CaseSummary]:
    """Every case in the workspace registry, open and closed."""
    from sar_desk.services.access import require
    from sar_desk.services.case_list import list_cases

    require(ws, "read_dashboard")  # managers and privacy officers; refusals are audited
    return list_cases(ws, status="all")


def load_dashboard(ws: Any, as_of: dt.date | None = None, *, months: int = 12,
                   request_type: str | None = None) -> DashboardData:
    """The dashboard as it stood at the end of ``as_of`` (default: today).

    ``request_type`` (access, erasure...) keeps only the cases exercising that right.
    """
    from sar_desk.core.type_metrics import of_type

    day = as_of or ws.clock.today()
    with bulk_allocation():
        return metrics.dashboard(of_type(registry_rows(ws), request_type), day, months=months)


def dashboard_loader(ws: Any, *, months: int = 12):
    """A ``load(as_of)`` callable for the window's dashboard view."""

    def load(as_of: dt.date) -> DashboardData:
        return load_dashboard(ws, as_of, months=months)

    return load


def overdue_csv_rows(data: DashboardData) -> list[list[object]]:
    """The overdue list as spreadsheet rows (header first), grouped by assignee."""
    rows: list[list[object]] = [
        ["assignee", "reference", "requester_name", "received", "due", "days_overdue"]
    ]
    for r in data.overdue:
        rows.append([r.assignee, r.reference, r.requester_name, r.received.isoformat(),
                     r.due.isoformat() if r.due else "", r.days_overdue])
    return rows
