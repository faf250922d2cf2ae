"""Complaint figures for the dashboard tiles and the monthly report, from summary rows.

Pure: :class:`~sar_desk.core.complaints.ComplaintSummary` rows and a day in, counts out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sar_desk.core.complaints import (
    OUTCOME_WORDS,
    ComplaintStatus,
    ComplaintSummary,
    IssueOutcome,
    parse_outcome,
)
from sar_desk.core.metrics import Month, month_label, month_range

TILES = {
    "to_acknowledge": "Complaints to acknowledge",
    "ack_overdue": "Acknowledgements overdue",
    "past_target": "Complaints open past target",
}

MONTH_HEADER = ("Month", "Complaints received", "Acknowledged", "Acknowledged on time",
                "Closed", *(OUTCOME_WORDS[o].capitalize() for o in IssueOutcome))

DEFINITION = ("Complaints (DPA 2018 s.164A): counted in the month received; acknowledged on "
              "time means acknowledged by the due date (30 days after receipt, moved to the "
              "next working day); outcomes are counted per issue, in the month the complaint "
              "closed.")


def _open(row: ComplaintSummary) -> bool:
    return row.status is ComplaintStatus.OPEN


def tile_test(name: str, row: ComplaintSummary, as_of: dt.date) -> bool:
    """Whether ``row`` counts in the tile ``name`` on ``as_of``."""
    if not _open(row):
        return False
    if name == "to_acknowledge":
        return row.acknowledged is None and (row.ack_due is None or as_of <= row.ack_due)
    if name == "ack_overdue":
        return row.acknowledged is None and row.ack_due is not None and as_of > row.ack_due
    if name == "past_target":
        return row.target is not None and as_of > row.target
    raise KeyError(name)


@dataclass(frozen=True)
class ComplaintTiles:
    to_acknowledge: int
    ack_overdue: int
    past_target: int
    open: int

    def value(self, name: str) -> int:
        return getattr(self, name)


def complaint_tiles(rows: Iterable[ComplaintSummary], as_of: dt.date) -> ComplaintTiles:
    rows = list(rows)
    counts = {name: sum(tile_test(name, r, as_of) for r in rows) for name in TILES}
    return ComplaintTiles(open=sum(_open(r) for r in rows), **counts)


def _month(day: dt.date | None) -> Month | None:
    return (day.year, day.month) if day else None


def complaint_month_table(rows: Iterable[ComplaintSummary], first: Month, last: Month
                          ) -> list[list[object]]:
    """Header, one row per month from ``first`` to ``last``, then the total row."""
    rows = list(rows)
    table: list[list[object]] = [list(MONTH_HEADER)]
    total = [0] * (len(MONTH_HEADER) - 1)
    for month in month_range(first, last):
        received = [r for r in rows if _month(r.received) == month]
        acknowledged = [r for r in received if r.acknowledged is not None]
        on_time = [r for r in acknowledged if r.ack_due and r.acknowledged <= r.ack_due]
        closed = [r for r in rows if _month(r.closed) == month]
        outcomes = [parse_outcome(o) for r in closed for o in r.outcomes]
        values = [len(received), len(acknowledged), len(on_time), len(closed),
                  *(outcomes.count(o) for o in IssueOutcome)]
        total = [a + b for a, b in zip(total, values, strict=True)]
        table.append([month_label(month), *values])
    table.append(["Total", *total])
    return table
