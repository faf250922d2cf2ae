"""The dashboard's words: tile tooltips and the overdue table's rows, for one load.

Plain Python (no Qt objects), so the worker thread that loads the figures prepares them too
and the UI thread only puts them on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sar_desk.core.metrics import DashboardData
from sar_desk.ui.models.overdue_table_model import GroupRow, group_items

STOPPED_TEXT = {
    "paused": "waiting for a clarification",
    "awaiting_id": "waiting for ID",
    "awaiting_fee": "waiting for the fee",
}


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _listing(lines: list[str], limit: int = 15, total: int | None = None) -> str:
    """A tooltip listing the first ``limit`` lines and how many more there are.

    ``total`` is how many lines there are in all, when only the first few were written.
    """
    if not lines:
        return ""
    total = len(lines) if total is None else total
    shown = lines[:limit]
    if total > limit:
        shown.append(f"… and {total - limit} more")
    return "\n".join(shown)


@dataclass(frozen=True)
class Prepared:
    """What the view shows for one :class:`DashboardData`, besides the figures themselves."""

    details: dict[str, str]  # tile key -> its tooltip listing
    items: list  # the overdue table's rows, a heading before each handler's cases
    groups: list[int]  # which of ``items`` are headings


def prepare(data: DashboardData, limit: int = 15) -> Prepared:
    """The tooltips and overdue rows for ``data``: plain Python, safe on a worker thread."""
    most_late = sorted(data.overdue, key=lambda r: -r.days_overdue)[:limit + 1]
    details = {
        "overdue": _listing([f"{r.reference}: {_days(r.days_overdue)} overdue"
                             + (f" ({r.assignee})" if r.assignee else " (unassigned)")
                             for r in most_late], limit, len(data.overdue)),
        "due_soon": _listing([f"{r.reference}: due {r.due:%d %b} ({_days(r.days_left)} left)"
                              for r in data.due_soon[:limit + 1]], limit, len(data.due_soon)),
        "paused": _listing([f"{r.reference}: {STOPPED_TEXT.get(r.state, r.state)} since "
                            f"{r.since:%d %b %Y}" if r.since else r.reference
                            for r in data.paused[:limit + 1]], limit, len(data.paused)),
    }
    items = group_items(data.overdue, data.by_assignee)
    return Prepared(details, items, [i for i, item in enumerate(items) if type(item) is GroupRow])
