"""The registry's summary rows of complaints (the ``complaints`` table, registry v6; its
``handler`` column since v10).

One row per complaint, beside the case rows: enough for the list, the dashboard, the
monthly report and the case a complaint is about, without opening any complaint file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sar_desk.core.complaints import ComplaintStatus, ComplaintSummary

if TYPE_CHECKING:
    import sqlalchemy as sa

    from sar_desk.store.registry import Registry

COLUMNS = ("reference", "complainant", "status", "jurisdiction", "channel", "received",
           "ack_due", "acknowledged", "target", "closed", "case_ref", "outcomes", "updated",
           "audit_seq", "audit_head", "handler")
_UPSERT = (f"INSERT INTO complaints ({', '.join(COLUMNS)}) VALUES "
           f"({', '.join(':' + c for c in COLUMNS)}) ON CONFLICT (reference) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:]))
_SELECT = ("SELECT reference, complainant, status, received, ack_due, acknowledged, target, "
           "closed, case_ref, channel, jurisdiction, outcomes, handler FROM complaints")


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _summary(row: Sequence) -> ComplaintSummary:
    (ref, name, status, received, ack_due, acknowledged, target, closed, case_ref, channel,
     jurisdiction, outcomes, handler) = row
    return ComplaintSummary(
        reference=ref, complainant=name, status=ComplaintStatus(status),
        received=dt.date.fromisoformat(received), ack_due=_day(ack_due),
        acknowledged=_day(acknowledged), target=_day(target), closed=_day(closed),
        case_ref=case_ref, channel=channel, jurisdiction=jurisdiction,
        outcomes=tuple(outcomes.split(";")) if outcomes else (), handler=handler or "")


def upsert(conn: sa.Connection, row: dict) -> None:
    """Write one complaint's summary row (a dict with every column of ``COLUMNS``)."""
    conn.exec_driver_sql(_UPSERT, row)


def clear(conn: sa.Connection) -> None:
    conn.exec_driver_sql("DELETE FROM complaints")


def listing(registry: Registry, *, status: str = "all", case_ref: str = "",
            handler: str | None = None) -> list[ComplaintSummary]:
    """Summary rows in reference order; ``status`` open, closed or all; ``case_ref``: only
    the complaints about that case; ``handler``: only those that login handles ("": only
    those with no handler)."""
    where, params = [], []
    if handler is not None:
        where.append("handler = ? COLLATE NOCASE")
        params.append(handler)
    if status in ("open", "closed"):
        where.append("status = ?")
        params.append(status)
    if case_ref:
        where.append("case_ref = ?")
        params.append(case_ref)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY reference"
    return [_summary(r) for r in registry.query(sql, params)]


def audit_position(registry: Registry, reference: str) -> tuple[int, str] | None:
    """(audit_seq, audit_head) the registry last recorded for a complaint, or None."""
    rows = registry.query("SELECT audit_seq, audit_head FROM complaints WHERE reference = ?",
                          (reference,))
    return (rows[0][0], rows[0][1]) if rows else None
