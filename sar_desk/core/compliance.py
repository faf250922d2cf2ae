"""The monthly compliance report as plain data: tables a board or the regulator reads.

Built from registry rows by :func:`build_compliance_report`; written to PDF, XLSX or CSV by
``sar_desk.services.reports``. It holds counts only: no names, no request details.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sar_desk.core import metrics
from sar_desk.core.entities import CaseSummary, EventKind
from sar_desk.core.metrics import Figures, Month, MonthRow, TypeRow
from sar_desk.core.type_metrics import TypeMonthRow, monthly_by_type

MONTH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("month", "Month"),
    ("received", "Received"),
    ("closed", "Closed"),
    ("closed_on_time", "Closed on time"),
    ("on_time_rate", "On-time rate"),
    ("withdrawn", "Withdrawn"),
    ("extensions", "Extensions"),
    ("refusals", "Refusals"),
    ("fees_charged", "Fees charged"),
    ("exemptions_used", "Exemptions used"),
)
TYPE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("request_type", "Request type"),
    ("received", "Received"),
    ("closed", "Closed"),
    ("closed_on_time", "Closed on time"),
    ("on_time_rate", "On-time rate"),
    ("open", "Open at end"),
    ("overdue", "Overdue at end"),
)

DEFINITIONS: tuple[str, ...] = (
    "A request ends on its first response, withdrawal or closure.",
    "Closed on time: ended on or before the deadline in force that day (a late extension "
    "notice does not count); a request ended while the clock was stopped owed nothing.",
    "On-time rate: closed on time divided by closed; withdrawn requests are left out.",
    "Received, closed, extensions, fees charged (fee asked for), refusals and exemptions "
    "used are counted in the month they happened.",
    "Open and overdue figures are as at the end of the period (or today, if earlier).",
    "Closed by override: closures an officer recorded with a written reason although the "
    "case's checklist was not complete.",
)


@dataclass(frozen=True)
class ComplianceReport:
    first: Month
    last: Month
    as_of: dt.date  # figures "at end" are as of this day
    months: tuple[MonthRow, ...]
    total: MonthRow
    by_type: tuple[TypeRow, ...]
    exemptions: tuple[tuple[str, int], ...]
    at_end: Figures
    # Month by month for each request type (see sar_desk.core.type_metrics).
    type_months: tuple[TypeMonthRow, ...] = ()
    # Closures an officer recorded by override (the checklist was not complete), counted
    # among the closed requests and shown apart.
    overridden_closures: int = 0
    # Data protection complaints month by month (header, months, total), when there are any
    # (sar_desk.core.complaint_metrics).
    complaints: tuple[tuple[object, ...], ...] = ()

    @property
    def period_label(self) -> str:
        first, last = metrics.month_label(self.first), metrics.month_label(self.last)
        return first if first == last else f"{first} to {last}"

    def month_table(self) -> list[list[object]]:
        """Header row, one row per month, then the total row (rates as 0..1 or None)."""
        rows: list[list[object]] = [[title for _key, title in MONTH_COLUMNS]]
        for row in (*self.months, self.total):
            rows.append([_value(row, key) for key, _title in MONTH_COLUMNS])
        return rows

    def type_table(self) -> list[list[object]]:
        rows: list[list[object]] = [[title for _key, title in TYPE_COLUMNS]]
        for row in self.by_type:
            values = [_value(row, key) for key, _title in TYPE_COLUMNS]
            values[0] = str(values[0]).capitalize()
            rows.append(values)
        return rows

    def exemption_table(self) -> list[list[object]]:
        return [["Exemption", "Times applied"], *([code, n] for code, n in self.exemptions)]

    def summary_table(self) -> list[list[object]]:
        rate = self.total.on_time_rate
        return [
            ["Measure", "Value"],
            ["Period", self.period_label],
            ["Figures as at", self.as_of.isoformat()],
            ["Requests received", self.total.received],
            ["Requests closed", self.total.closed],
            ["Closed on time", self.total.closed_on_time],
            ["Closed by override", self.overridden_closures],
            ["On-time rate", rate],
            ["Open at end", self.at_end.open],
            ["Overdue at end", self.at_end.overdue],
            ["Clock stopped at end", self.at_end.paused],
            ["Extended at end", self.at_end.extended],
        ]


def _value(row: object, key: str) -> object:
    return getattr(row, key)


def format_rate(rate: object) -> str:
    """0.875 -> '87.5%'; None (nothing closed) -> '–'."""
    if rate is None:
        return "–"
    return f"{float(rate) * 100:.1f}%"


def month_end(month: Month) -> dt.date:
    return dt.date(month[0], month[1], calendar.monthrange(*month)[1])


def build_compliance_report(
    summaries: Sequence[CaseSummary], first: Month, last: Month, today: dt.date,
    overrides: Sequence[tuple[str, dt.date]] = (),
) -> ComplianceReport:
    """Counts for every month from ``first`` to ``last``; events after ``today`` are ignored.

    ``overrides`` are the (reference, day) of closures recorded by override; those of the
    cases in ``summaries`` within the period are counted apart.
    """
    months = metrics.month_range(first, last)
    period_start = dt.date(first[0], first[1], 1)
    as_of = min(month_end(last), today)
    if as_of < period_start:
        as_of = period_start  # a future period: nothing has happened yet
    states = metrics.evaluate_all(summaries, as_of, judge_from=period_start)
    rows = metrics.monthly(summaries, states, months, as_of)
    total = MonthRow(
        month="Total",
        **{
            key: sum(getattr(r, key) for r in rows)
            for key in ("received", "closed", "closed_on_time", "withdrawn", "extensions",
                        "refusals", "fees_charged", "exemptions_used")
        },
    )
    return ComplianceReport(
        first=first,
        last=last,
        as_of=as_of,
        months=rows,
        total=total,
        by_type=metrics.by_request_type(states, period_start, as_of),
        exemptions=metrics.exemptions_by_code(summaries, period_start, as_of),
        at_end=metrics.figures(states),
        type_months=monthly_by_type(summaries, states, months, as_of),
        overridden_closures=_overridden(summaries, overrides, period_start, as_of),
    )


def _overridden(summaries: Sequence[CaseSummary], overrides: Sequence[tuple[str, dt.date]],
                start: dt.date, end: dt.date) -> int:
    """Cases closed by override in the period: the override's closure must still stand (a
    closure voided later no longer counts)."""
    closed_on = {s.reference: {day for kind, day in s.events if kind == EventKind.CLOSED}
                 for s in summaries}
    return len({ref for ref, day in overrides
                if day in closed_on.get(ref, ()) and start <= day <= end})
