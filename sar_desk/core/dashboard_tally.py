"""The dashboard kept up to date one case at a time.

:func:`sar_desk.core.metrics.dashboard` works out every figure from every registry row: on
100,000 cases that is about a second of work, too much to repeat whenever one case changes.
A :class:`DashboardTally` remembers what each case adds to the monthly and per-type counts
and which cases are open, so replacing a case costs work in proportion to that case (and
listing the open ones), while :meth:`DashboardTally.data` gives exactly what
:func:`~sar_desk.core.metrics.dashboard` gives for the same rows and day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable

from sar_desk.core.case_state import CaseState, evaluate
from sar_desk.core.entities import CaseSummary, EventKind, RequestType
from sar_desk.core.metrics import (
    DashboardData,
    Month,
    MonthRow,
    TypeRow,
    by_assignee,
    due_soon_rows,
    figures,
    last_months,
    month_label,
    overdue_rows,
    paused_rows,
)

# What a case adds to, one key per count (a case adds 1 to each key it lists).
Key = tuple  # ("received", month) ... or ("type", request type, column)
_KNOWN_TYPES = frozenset(RequestType)


class DashboardTally:
    """Every case's share of the dashboard for one day, updated one case at a time."""

    def __init__(self, summaries: Iterable[CaseSummary], as_of: dt.date, *,
                 months: int = 12) -> None:
        if months < 1:
            raise ValueError("the dashboard shows at least one month")
        self.as_of = as_of
        self.months = months
        self._window = last_months(as_of, months)
        self._wanted = frozenset(self._window)
        self._first = dt.date(*self._window[0], 1)
        last = self._window[-1]
        self._last = min(as_of, dt.date(*last, calendar.monthrange(*last)[1]))
        self._keys: dict[str, tuple[Key, ...]] = {}
        self._open: dict[str, CaseState] = {}
        self._totals: Counter = Counter()
        for summary in summaries:
            self._add(summary)

    def __len__(self) -> int:
        return len(self._keys)

    def replace(self, references: Iterable[str], summaries: Iterable[CaseSummary]) -> None:
        """Cases ``references`` now read as ``summaries``; a reference with no row has gone.

        A summary whose reference is new is added.
        """
        for reference in references:
            self._remove(reference)
        for summary in summaries:
            self._remove(summary.reference)
            self._add(summary)

    def data(self) -> DashboardData:
        """The dashboard for the day, as :func:`~sar_desk.core.metrics.dashboard` works it out."""
        open_ = list(self._open.values())
        t = self._totals
        return DashboardData(
            as_of=self.as_of,
            figures=figures(open_),
            overdue=overdue_rows(open_),
            due_soon=due_soon_rows(open_),
            paused=paused_rows(open_),
            by_assignee=by_assignee(open_),
            months=tuple(
                MonthRow(month=month_label(m), received=t["received", m],
                         closed=t["closed", m], closed_on_time=t["on_time", m],
                         withdrawn=t["withdrawn", m], extensions=t["extensions", m],
                         refusals=t["refusals", m], fees_charged=t["fees", m],
                         exemptions_used=t["exemptions", m])
                for m in self._window
            ),
            by_type=tuple(
                TypeRow(request_type=str(rtype), received=t["type", rtype, "received"],
                        open=t["type", rtype, "open"], overdue=t["type", rtype, "overdue"],
                        closed=t["type", rtype, "closed"],
                        closed_on_time=t["type", rtype, "on_time"])
                for rtype in RequestType
            ),
        )

    # -- one case -------------------------------------------------------------------------
    def _add(self, summary: CaseSummary) -> None:
        state = evaluate(summary, self.as_of, judge_from=self._first)
        keys = self._month_keys(summary, state)
        if state is not None:
            keys += self._type_keys(state)
            if state.ended_on is None:
                self._open[summary.reference] = state
        self._keys[summary.reference] = keys
        self._totals.update(keys)

    def _remove(self, reference: str) -> None:
        keys = self._keys.pop(reference, None)
        if keys is not None:
            self._totals.subtract(keys)
            self._open.pop(reference, None)

    def _month(self, day: dt.date) -> Month | None:
        """The month ``day`` counts in, or None when it falls outside the window."""
        if self._first <= day <= self._last:
            month = (day.year, day.month)
            if month in self._wanted:
                return month
        return None

    def _month_keys(self, summary: CaseSummary, state: CaseState | None) -> tuple[Key, ...]:
        """What the case adds to the monthly rows (see :func:`~sar_desk.core.metrics.monthly`)."""
        keys: list[Key] = []

        def add(name: str, day: dt.date) -> None:
            month = self._month(day)
            if month is not None:
                keys.append((name, month))

        if state is not None:
            add("received", state.received)
            end = state.ended_on
            if end is not None:
                add("withdrawn" if state.withdrawn else "closed", end)
                if state.on_time:
                    add("on_time", end)
        for kind, day in summary.events:
            if kind == EventKind.EXTENDED:
                add("extensions", day)
            elif kind == EventKind.FEE_REQUESTED:
                add("fees", day)
        for day in summary.refusals:
            add("refusals", day)
        for _code, day in summary.exemptions:
            add("exemptions", day)
        return tuple(keys)

    def _type_keys(self, s: CaseState) -> tuple[Key, ...]:
        """What the case adds to the per-type rows (see ``metrics.by_request_type``)."""
        first, last = self._first, self.as_of
        ended = s.ended_on
        closed = ended is not None and not s.withdrawn and first <= ended <= last
        columns = [name for name, counted in (
            ("received", first <= s.received <= last),
            ("open", ended is None),
            ("overdue", ended is None and s.days_left is not None and s.days_left < 0),
            ("closed", closed),
            ("on_time", closed and bool(s.on_time)),
        ) if counted]
        return tuple(("type", rtype, name) for rtype in s.request_types
                     if rtype in _KNOWN_TYPES for name in columns)
