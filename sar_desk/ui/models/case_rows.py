"""The case list's rows: columns, each row's state on the day, and the order they sort in.

Pure Python (no Qt objects): a refresh classifies and sorts 100,000 rows on a worker thread,
then hands them to :class:`~sar_desk.ui.models.case_table_model.CaseTableModel`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from PySide6.QtCore import Qt

from sar_desk.core import case_state
from sar_desk.core.case_state import CaseState
from sar_desk.core.entities import CaseSummary

COL_REFERENCE = 0
COL_REQUESTER = 1
COL_STATUS = 2
COL_RECEIVED = 3
COL_DUE = 4
COL_DAYS = 5
COL_STATE = 6
COL_ASSIGNEE = 7
HEADERS = ("Reference", "Requester", "Status", "Received", "Due", "Days left", "State", "Assignee")

DATE_FORMAT = "%d %b %Y"  # 02 Apr 2026: the format of every date in the window


class RowState(StrEnum):
    """:attr:`CaseState.standing` as the list shows it (in the State column's sort order)."""

    OVERDUE = case_state.OVERDUE
    DUE_SOON = case_state.DUE_SOON
    PAUSED = case_state.PAUSED
    ON_TRACK = case_state.ON_TRACK
    UNKNOWN = case_state.UNKNOWN  # open, timeline unusable: no deadline to show
    CLOSED = case_state.ENDED


_ROW_STATES = {s.value: s for s in RowState}
STATE_TEXT = {
    RowState.OVERDUE: "Overdue",
    RowState.DUE_SOON: "Due soon",
    RowState.PAUSED: "Paused",
    RowState.ON_TRACK: "On track",
    RowState.CLOSED: "Closed",
    RowState.UNKNOWN: "Check the timeline",
}
STATE_COLOURS = {
    RowState.OVERDUE: ("#fde2e1", "#8a1c12"),
    RowState.DUE_SOON: ("#fff1cc", "#7a4b00"),
    RowState.PAUSED: ("#e6eefb", "#1d3f7a"),
}


@dataclass(frozen=True, slots=True)
class RowInfo:
    """The list's view of one row's :class:`CaseState`, taken once per refresh."""

    effective_due: dt.date | None  # the deadline in force (the one that ended it, if ended)
    days_left: int | None  # None when the clock is stopped or the case has ended
    state: RowState
    search_key: str
    extended: bool = False  # open with a valid extension
    original_due: dt.date | None = None  # the deadline before the extension

    @property
    def is_open(self) -> bool:
        return self.state != RowState.CLOSED


def row_info(row: CaseSummary, state: CaseState) -> RowInfo:
    """How the list shows ``row`` given its state on the day (worked out by the core)."""
    return RowInfo(
        effective_due=state.due,
        days_left=state.days_left,
        state=_ROW_STATES[state.standing],
        search_key=f"{row.reference}\n{row.requester_name}".casefold(),
        extended=state.extended and state.is_open,
        original_due=state.original_due,
    )


def classify(rows: list[CaseSummary], today: dt.date) -> list[RowInfo]:
    """Every row as it stands on ``today``: the dashboard's and ``sar-desk overdue``'s rules."""
    return [row_info(r, s) for r, s in zip(rows, case_state.iter_rows(rows, today),
                                           strict=True)]


def days_text(info: RowInfo) -> str:
    if info.state == RowState.CLOSED:
        return ""
    if info.state == RowState.PAUSED:
        return "(clock paused)"
    if info.days_left is None:
        return ""
    if info.days_left < 0:
        return f"{-info.days_left} overdue"
    if info.days_left == 0:
        return "due today"
    return str(info.days_left)


_FAR = dt.date.max
_RANK = {s: n for n, s in enumerate(RowState)}
_SORT_KEYS: dict[int, Callable[[CaseSummary, RowInfo], Any]] = {
    COL_REFERENCE: lambda r, i: r.reference,
    COL_REQUESTER: lambda r, i: r.requester_name.casefold(),
    COL_STATUS: lambda r, i: r.status.value,
    COL_RECEIVED: lambda r, i: r.received,
    COL_DUE: lambda r, i: i.effective_due or _FAR,
    COL_DAYS: lambda r, i: i.days_left if i.days_left is not None else 10**9,
    COL_STATE: lambda r, i: _RANK[i.state],
    COL_ASSIGNEE: lambda r, i: r.assignee.casefold(),
}
SortedBy = tuple[int, Qt.SortOrder]


def sort_key(column: int) -> Callable[[CaseSummary, RowInfo], tuple]:
    """The key a row sorts on in ``column``: ties are broken by reference."""
    key = _SORT_KEYS[column]
    return lambda r, i: (key(r, i), r.reference)


@dataclass(frozen=True, slots=True)
class Arranged:
    """Rows with their states, in the order of ``sorted_by`` (None: registry order).

    Everything a refresh can work out before the rows reach the UI thread.
    """

    rows: list[CaseSummary]
    info: list[RowInfo]
    keys: list[tuple] | None = None  # each row's sort key, when sorted
    sorted_by: SortedBy | None = None
    refs: list[str] = field(default_factory=list)  # each row's reference
    counts: Counter[RowState] = field(default_factory=Counter)  # rows in each state
    assignees: list[str] = field(default_factory=list)  # every assignee named, A-Z


def arrange(rows: list[CaseSummary], info: list[RowInfo], sorted_by: SortedBy | None
            ) -> Arranged:
    """``rows`` sorted for the list, done off the UI thread when a refresh loads them."""
    keys = None
    refs = [r.reference for r in rows]
    if sorted_by is not None and 0 <= sorted_by[0] < len(HEADERS):
        # By reference, then (stably) by the column: the order of sort_key's tuples, with
        # no tuple compared, which takes a third of the time on 100,000 rows.
        descending = sorted_by[1] == Qt.SortOrder.DescendingOrder
        key = _SORT_KEYS[sorted_by[0]]
        values = [key(r, i) for r, i in zip(rows, info, strict=True)]
        order = sorted(range(len(refs)), key=refs.__getitem__, reverse=descending)
        order.sort(key=values.__getitem__, reverse=descending)
        rows, info, refs = [rows[k] for k in order], [info[k] for k in order], \
            [refs[k] for k in order]
        keys = list(zip([values[k] for k in order], refs, strict=True))
    else:
        rows, info, sorted_by = list(rows), list(info), None
    return Arranged(rows, info, keys, sorted_by, refs, Counter(i.state for i in info),
                    sorted({r.assignee for r in rows if r.assignee}, key=str.casefold))


def position(keys: list[tuple], key: tuple, descending: bool) -> int:
    """Where ``key`` goes in ``keys`` (sorted ascending, or descending) to keep the order."""
    if not descending:
        return bisect.bisect_left(keys, key)
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] > key:
            lo = mid + 1
        else:
            hi = mid
    return lo


@dataclass(frozen=True, slots=True)
class RowFilter:
    """The case list's filters; ``accepts`` says whether a row passes them all."""

    status: str = ""  # "" any, "open", "closed" (anything not open), or a status value
    assignee: str = ""
    due_within: int | None = None
    overdue: bool = False
    paused: bool = False
    extended: bool = False
    search: str = ""  # casefolded

    def accepts(self, row: CaseSummary, info: RowInfo) -> bool:
        """Whether one row passes every filter."""
        if self.status:
            is_open = info.is_open  # open on the day, as the dashboard counts it
            if self.status == "open" and not is_open:
                return False
            if self.status == "closed" and is_open:
                return False
            if self.status not in ("open", "closed") and row.status.value != self.status:
                return False
        if self.assignee and row.assignee != self.assignee:
            return False
        if self.overdue and info.state != RowState.OVERDUE:
            return False
        if self.paused and info.state != RowState.PAUSED:
            return False
        if self.extended and not info.extended:
            return False
        if self.due_within is not None:
            if info.state in (RowState.CLOSED, RowState.PAUSED) or info.days_left is None:
                return False
            if not 0 <= info.days_left <= self.due_within:  # overdue has its own filter
                return False
        if self.search and self.search not in info.search_key:
            return False
        return True
