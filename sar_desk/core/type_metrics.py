"""Dashboard and report figures broken down by request type (access, erasure, ...).

Pure, on top of :mod:`sar_desk.core.metrics`: the same definitions, counted once per right a
request exercises (a request for access and erasure counts under both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sar_desk.core import metrics
from sar_desk.core.entities import CaseSummary, RequestType
from sar_desk.errors import InputError

TYPE_MONTH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("month", "Month"),
    ("request_type", "Request type"),
    ("received", "Received"),
    ("closed", "Closed"),
    ("closed_on_time", "Closed on time"),
    ("on_time_rate", "On-time rate"),
    ("withdrawn", "Withdrawn"),
    ("extensions", "Extensions"),
    ("refusals", "Refusals"),
)


@dataclass(frozen=True)
class TypeMonthRow(metrics.OnTimeRate):
    month: str  # YYYY-MM
    request_type: str
    received: int
    closed: int
    closed_on_time: int
    withdrawn: int
    extensions: int
    refusals: int


def parse_type(value: str | RequestType | None) -> RequestType | None:
    """A request type from user input (None stays None), or an InputError naming the choices."""
    if value is None or value == "":
        return None
    try:
        return RequestType(str(value).strip().lower())
    except ValueError:
        raise InputError(f"Unknown request type {value!r}: use one of "
                         f"{', '.join(t.value for t in RequestType)}.") from None


def of_type(summaries: Iterable[CaseSummary], request_type: RequestType | str | None
            ) -> list[CaseSummary]:
    """The cases exercising ``request_type`` (all of them when it is None)."""
    wanted = parse_type(request_type)
    rows = list(summaries)
    return rows if wanted is None else [s for s in rows if wanted in s.request_types]


def monthly_by_type(
    summaries: Sequence[CaseSummary],
    states: Sequence[metrics.CaseState],
    months: Sequence[metrics.Month],
    as_of: dt.date,
) -> tuple[TypeMonthRow, ...]:
    """Per month and per request type: received, closed (on time), withdrawn, extensions,
    refusals. ``states`` are ``metrics.evaluate_all(summaries, as_of)``; month by month,
    then type by type in the order of :class:`RequestType`."""
    by_ref = {s.reference: s for s in states}
    table: dict[tuple[str, str], TypeMonthRow] = {}
    for rtype in RequestType:
        mine = [c for c in summaries if rtype in c.request_types]
        mine_states = [by_ref[c.reference] for c in mine if c.reference in by_ref]
        for row in metrics.monthly(mine, mine_states, months, as_of):
            table[(row.month, rtype.value)] = TypeMonthRow(
                month=row.month, request_type=rtype.value, received=row.received,
                closed=row.closed, closed_on_time=row.closed_on_time, withdrawn=row.withdrawn,
                extensions=row.extensions, refusals=row.refusals)
    return tuple(table[(metrics.month_label(m), t.value)] for m in months for t in RequestType)


def type_month_table(rows: Sequence[TypeMonthRow]) -> list[list[object]]:
    """Header row, then one row per month and request type (rates as 0..1 or None)."""
    out: list[list[object]] = [[title for _key, title in TYPE_MONTH_COLUMNS]]
    for row in rows:
        values = [getattr(row, key) for key, _title in TYPE_MONTH_COLUMNS]
        values[1] = str(values[1]).capitalize()
        out.append(values)
    return out


def overdue_by_type(states: Sequence[metrics.CaseState]) -> dict[str, int]:
    """How many open cases of each request type are overdue (every type listed)."""
    return {t.value: sum(s.is_overdue for s in states if t in s.request_types)
            for t in RequestType}
