"""Dashboard and compliance figures computed from registry rows for a given day.

Pure: takes :class:`CaseSummary` rows and an ``as_of`` date, returns frozen values. Every
state is recomputed from the row's events up to ``as_of`` with the deadline engine
(:mod:`sar_desk.core.case_state`), so the figures for any past day are what the desk would
have shown that day.

Definitions (the compliance report prints them too):

- A case *ends* on its first ``responded``, ``withdrawn`` or ``closed`` event. It is
  *withdrawn* when that first ending event is a withdrawal; otherwise it is *closed*.
- A closed case is *on time* when it ended on or before the deadline that applied that day
  (events up to that day only: a late extension notice does not count). A case ended while
  the clock was stopped (awaiting ID, a fee or a clarification) owed nothing and is on time.
- *On-time rate* = closed on time / closed; withdrawn cases are left out of both.
- *Open* = received by ``as_of`` and not ended. *Overdue* = open, clock running and past its
  deadline. *Due soon* = open, clock running, deadline between today and 7 days from
  today, both included. *Paused* = open with the clock stopped, since the request that
  stopped it. *Extended* = open with a valid extension.
- Per month: *received* by date received, *closed* / *on time* by the day the case ended,
  *extensions* by the date of the extension notice, *fees charged* by the date a fee was
  asked for, *refusals* by decision date, *exemptions used* by the date each was applied.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from sar_desk.core.case_state import (
    DUE_SOON_DAYS,
    INVALID,
    UNASSIGNED,
    CaseState,
    clear_cache,
    evaluate,
    evaluate_all,
    evaluate_window,
)
from sar_desk.core.entities import CaseSummary, EventKind, RequestType

__all__ = [
    "DUE_SOON_DAYS",
    "INVALID",
    "UNASSIGNED",
    "CaseState",
    "clear_cache",
    "evaluate",
    "evaluate_all",
]

Month = tuple[int, int]


@dataclass(frozen=True)
class OverdueRow:
    reference: str
    requester_name: str
    assignee: str
    received: dt.date
    due: dt.date | None
    days_overdue: int


@dataclass(frozen=True)
class DueSoonRow:
    reference: str
    requester_name: str
    assignee: str
    due: dt.date | None
    days_left: int


@dataclass(frozen=True)
class PausedRow:
    reference: str
    requester_name: str
    assignee: str
    state: str
    since: dt.date | None


@dataclass(frozen=True)
class AssigneeRow:
    assignee: str
    open: int
    overdue: int
    due_soon: int
    paused: int
    extended: int


@dataclass(frozen=True)
class Figures:
    open: int
    overdue: int
    due_soon: int
    paused: int
    extended: int


class OnTimeRate:
    """The on-time rate of a row counting ``closed`` and ``closed_on_time`` cases."""

    __slots__ = ()
    closed: int
    closed_on_time: int

    @property
    def on_time_rate(self) -> float | None:
        """Closed on time / closed, 0..1; None for a row with nothing closed."""
        return self.closed_on_time / self.closed if self.closed else None


@dataclass(frozen=True)
class MonthRow(OnTimeRate):
    month: str  # YYYY-MM
    received: int
    closed: int
    closed_on_time: int
    withdrawn: int
    extensions: int
    refusals: int
    fees_charged: int
    exemptions_used: int


@dataclass(frozen=True)
class TypeRow(OnTimeRate):
    request_type: str
    received: int
    open: int
    overdue: int
    closed: int
    closed_on_time: int


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard view and ``sar-desk overdue`` show."""

    as_of: dt.date
    figures: Figures
    overdue: tuple[OverdueRow, ...]
    due_soon: tuple[DueSoonRow, ...]
    paused: tuple[PausedRow, ...]
    by_assignee: tuple[AssigneeRow, ...]
    months: tuple[MonthRow, ...] = field(default=())
    # Per request type: received and closed in the window of months, open and overdue now.
    by_type: tuple[TypeRow, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of,
            "figures": _fields(self.figures),
            "overdue": [_fields(r) for r in self.overdue],
            "due_soon": [_fields(r) for r in self.due_soon],
            "paused": [_fields(r) for r in self.paused],
            "by_assignee": [_fields(r) for r in self.by_assignee],
            "months": [month_json(m) for m in self.months],
            "by_type": [{**_fields(r), "on_time_rate": r.on_time_rate} for r in self.by_type],
        }


_NAMES: dict[type, tuple[str, ...]] = {}


def _fields(row: object) -> dict:
    """A row of plain values as a dict (``asdict`` without its deep copy of each value)."""
    names = _NAMES.get(type(row))
    if names is None:
        names = _NAMES[type(row)] = tuple(f.name for f in fields(row))  # type: ignore[arg-type]
    return {name: getattr(row, name) for name in names}


def month_json(row: MonthRow) -> dict:
    data = _fields(row)
    data["on_time_rate"] = row.on_time_rate
    return data


def month_label(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def month_range(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive (empty when last < first)."""
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def last_months(as_of: dt.date, count: int) -> list[Month]:
    """The ``count`` months ending with the month of ``as_of`` (none before January of year 1)."""
    year, month = as_of.year, as_of.month
    index = max(12, year * 12 + month - 1 - (count - 1))
    return month_range((index // 12, index % 12 + 1), (year, month))


def figures(states: Sequence[CaseState]) -> Figures:
    open_ = [s for s in states if s.is_open]
    return Figures(
        open=len(open_),
        overdue=sum(s.is_overdue for s in open_),
        due_soon=sum(s.is_due_soon for s in open_),
        paused=sum(s.is_paused for s in open_),
        extended=sum(s.extended for s in open_),
    )


def overdue_rows(states: Sequence[CaseState]) -> tuple[OverdueRow, ...]:
    """Overdue cases grouped by assignee (A-Z, unassigned last), most overdue first."""
    rows = [
        OverdueRow(s.reference, s.requester_name, s.assignee, s.received, s.due, s.days_overdue)
        for s in states
        if s.is_overdue
    ]
    rows.sort(key=lambda r: (r.assignee == UNASSIGNED, r.assignee.casefold(), -r.days_overdue,
                             r.reference))
    return tuple(rows)


def due_soon_rows(states: Sequence[CaseState]) -> tuple[DueSoonRow, ...]:
    rows = [
        DueSoonRow(s.reference, s.requester_name, s.assignee, s.due, s.days_left or 0)
        for s in states
        if s.is_due_soon
    ]
    rows.sort(key=lambda r: (r.days_left, r.reference))
    return tuple(rows)


def paused_rows(states: Sequence[CaseState]) -> tuple[PausedRow, ...]:
    rows = [
        PausedRow(s.reference, s.requester_name, s.assignee, s.state, s.stopped_since)
        for s in states
        if s.is_paused
    ]
    rows.sort(key=lambda r: (r.since or dt.date.min, r.reference))
    return tuple(rows)


def by_assignee(states: Sequence[CaseState]) -> tuple[AssigneeRow, ...]:
    groups: dict[str, list[CaseState]] = defaultdict(list)
    for s in states:
        if s.is_open:
            groups[s.assignee].append(s)
    rows = []
    for name in sorted(groups, key=lambda n: (n == UNASSIGNED, n.casefold())):
        f = figures(groups[name])
        rows.append(AssigneeRow(name, f.open, f.overdue, f.due_soon, f.paused, f.extended))
    return tuple(rows)


def monthly(
    summaries: Sequence[CaseSummary],
    states: Sequence[CaseState],
    months: Sequence[Month],
    as_of: dt.date,
) -> tuple[MonthRow, ...]:
    """Per-month activity up to ``as_of``; ``states`` are ``evaluate_all(summaries, as_of)``
    (cases received and ended before the first month may be left out)."""
    wanted = set(months)
    count: dict[str, Counter] = {k: Counter() for k in (
        "received", "closed", "on_time", "withdrawn", "extensions", "refusals", "fees",
        "exemptions")}
    if not wanted:
        return ()
    lo = dt.date(*min(wanted), 1)
    hi = min(as_of, dt.date(*max(wanted), calendar.monthrange(*max(wanted))[1]))

    def add(counter: Counter, day: dt.date) -> None:
        if lo <= day <= hi:
            key = (day.year, day.month)
            if key in wanted:
                counter[key] += 1

    received, closed, on_time, withdrawn = (
        count["received"], count["closed"], count["on_time"], count["withdrawn"])
    for s in states:
        if lo <= s.received <= hi:
            add(received, s.received)
        end = s.ended_on
        if end is not None and lo <= end <= hi:
            add(withdrawn if s.withdrawn else closed, end)
            if s.on_time:
                add(on_time, end)
    extensions, fees = count["extensions"], count["fees"]
    refusals, exemptions = count["refusals"], count["exemptions"]
    for c in summaries:
        for kind, day in c.events:
            if kind == EventKind.EXTENDED:
                add(extensions, day)
            elif kind == EventKind.FEE_REQUESTED:
                add(fees, day)
        for day in c.refusals:
            add(refusals, day)
        for _code, day in c.exemptions:
            add(exemptions, day)
    return tuple(
        MonthRow(
            month=month_label(m),
            received=count["received"][m],
            closed=count["closed"][m],
            closed_on_time=count["on_time"][m],
            withdrawn=count["withdrawn"][m],
            extensions=count["extensions"][m],
            refusals=count["refusals"][m],
            fees_charged=count["fees"][m],
            exemptions_used=count["exemptions"][m],
        )
        for m in months
    )


def by_request_type(
    states: Sequence[CaseState], first: dt.date, last: dt.date
) -> tuple[TypeRow, ...]:
    """Per request type: received and closed between ``first`` and ``last``; open/overdue now.

    A request exercising several rights counts under each of them.
    """
    counts = {rtype: [0, 0, 0, 0, 0] for rtype in RequestType}  # received open overdue closed on
    for s in states:
        received = first <= s.received <= last
        ended = s.ended_on
        closed = ended is not None and not s.withdrawn and first <= ended <= last
        overdue = ended is None and s.days_left is not None and s.days_left < 0
        for rtype in s.request_types:
            row = counts.get(rtype)
            if row is None:
                continue
            row[0] += received
            row[1] += ended is None
            row[2] += overdue
            row[3] += closed
            row[4] += closed and bool(s.on_time)
    return tuple(
        TypeRow(request_type=str(rtype), received=c[0], open=c[1], overdue=c[2], closed=c[3],
                closed_on_time=c[4])
        for rtype, c in counts.items()
    )


def exemptions_by_code(
    summaries: Sequence[CaseSummary], first: dt.date, last: dt.date
) -> tuple[tuple[str, int], ...]:
    """How often each exemption code was applied between ``first`` and ``last``."""
    counts = Counter(code for c in summaries for code, day in c.exemptions if first <= day <= last)
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def dashboard(
    summaries: Sequence[CaseSummary], as_of: dt.date, *, months: int = 12
) -> DashboardData:
    """The dashboard for ``as_of``: figures, lists, workload and the last ``months`` months."""
    if months < 1:
        raise ValueError("the dashboard shows at least one month")
    window = last_months(as_of, months)
    # Cases received and ended before the window add to no figure: left out.
    states = evaluate_window(summaries, as_of, dt.date(*window[0], 1))
    open_ = [s for s in states if s.ended_on is None]  # what the lists look at
    return DashboardData(
        as_of=as_of,
        figures=figures(open_),
        overdue=overdue_rows(open_),
        due_soon=due_soon_rows(open_),
        paused=paused_rows(open_),
        by_assignee=by_assignee(open_),
        months=monthly(summaries, states, window, as_of),
        by_type=by_request_type(states, dt.date(*window[0], 1), as_of),
    )
