"""The register of requests (the log the regulator expects) exported to CSV or XLSX.

By default the only personal data in the export are the reference and the requester's
name: dates, deadline, outcome and counts only. ``full=True`` opens every case file and adds
the requester's contact details, the data subject, the handler and the request itself.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sar_desk.core import metrics
from sar_desk.core.entities import CaseSnapshot, CaseSummary, DecisionKind
from sar_desk.errors import InputError
from sar_desk.services.reports import csv_bytes, write_atomic, xlsx_bytes
from sar_desk.store.outfile import check_out

REGISTER_FORMATS = ("csv", "xlsx")

# (key, header) in the order written. The first two are the only personal data.
BASIC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", "Reference"),
    ("requester_name", "Requester"),
    ("request_types", "Request types"),
    ("jurisdiction", "Calendar"),
    ("received", "Received"),
    ("due", "Deadline"),
    ("extended", "Extended"),
    ("state", "State"),
    ("ended_on", "Final response or closure"),
    ("outcome", "Outcome"),
    ("on_time", "On time"),
    ("days_overdue", "Days overdue"),
    ("refusals", "Refusals"),
    ("exemptions", "Exemptions applied"),
)
FULL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("assignee", "Handler"),
    ("channel", "Channel"),
    ("requester_email", "Requester email"),
    ("requester_phone", "Requester phone"),
    ("requester_address", "Requester address"),
    ("subject_name", "Data subject (if not the requester)"),
    ("authority_evidence", "Authority evidence"),
    ("fee_decisions", "Fee decisions"),
    ("request_text", "Request"),
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def basic_row(summary: CaseSummary, state: metrics.CaseState | None) -> dict[str, object]:
    row: dict[str, object] = {
        "reference": summary.reference,
        "requester_name": summary.requester_name,
        "request_types": ", ".join(str(t) for t in summary.request_types),
        "jurisdiction": summary.jurisdiction,
        "received": summary.received,
        "refusals": len(summary.refusals),
        "exemptions": ", ".join(sorted({code for code, _d in summary.exemptions})),
    }
    if state is None:  # received after the as-of day
        row.update(due=None, extended="", state="not yet received", ended_on=None,
                   outcome="", on_time="", days_overdue=None)
        return row
    if state.ended_on is None:
        outcome = ""
        shown = "overdue" if state.is_overdue else state.state
    else:
        outcome = "withdrawn" if state.withdrawn else state.state
        shown = "ended"
    row.update(
        due=state.due,
        extended=_yes_no(state.extended),
        state=shown,
        ended_on=state.ended_on,
        outcome=outcome,
        on_time=_yes_no(state.on_time),
        days_overdue=state.days_overdue or None,
    )
    return row


def full_fields(case: CaseSnapshot) -> dict[str, object]:
    fees = [d for d in case.decisions if d.kind == DecisionKind.FEE]
    return {
        "assignee": case.assignee,
        "channel": str(case.channel),
        "requester_email": case.requester.email,
        "requester_phone": case.requester.phone,
        "requester_address": ", ".join(case.requester.address_lines),
        "subject_name": case.subject.name if case.subject else "",
        "authority_evidence": case.authority_evidence,
        "fee_decisions": "; ".join(
            f"{d.decided_on.isoformat() if d.decided_on else ''} {d.amount or ''}".strip()
            for d in fees
        ),
        "request_text": case.request_text,
    }


def register_rows(
    ws: Any, *, full: bool = False, as_of: dt.date | None = None,
    received_from: dt.date | None = None, received_to: dt.date | None = None,
) -> list[dict[str, object]]:
    """One dict per case (oldest first) keyed by the column keys above; only the cases
    received from ``received_from`` to ``received_to`` (both included) when given."""
    from sar_desk.services.dashboard import registry_rows

    if received_from and received_to and received_from > received_to:
        raise InputError(f"the range starts on {received_from.isoformat()}, after it ends "
                         f"on {received_to.isoformat()}", code="register.range")
    day = as_of or ws.clock.today()
    rows = []
    summaries = sorted((s for s in registry_rows(ws)
                        if (received_from is None or s.received >= received_from)
                        and (received_to is None or s.received <= received_to)),
                       key=lambda s: (s.received, s.reference))
    for summary in summaries:
        row = basic_row(summary, metrics.evaluate(summary, day))
        if full:
            from sar_desk.services.cases import get_case

            row.update(full_fields(get_case(ws, summary.reference)))
        rows.append(row)
    return rows


def register_table(rows: list[dict[str, object]], *, full: bool = False) -> list[list[object]]:
    columns = BASIC_COLUMNS + (FULL_COLUMNS if full else ())
    return [[title for _k, title in columns], *([r.get(k) for k, _t in columns] for r in rows)]


def export_register(
    ws: Any,
    out: Path | str,
    *,
    fmt: str | None = None,
    full: bool = False,
    as_of: dt.date | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
) -> int:
    """Write the register to ``out`` as CSV or XLSX (the cases received in the range, when
    given); returns the number of cases written."""
    chosen = (fmt or Path(out).suffix.lstrip(".") or "csv").lower()
    if chosen not in REGISTER_FORMATS:
        raise InputError(
            f"the register can be written as {' or '.join(REGISTER_FORMATS)}, not {chosen!r}"
        )
    check_out(out, workspace=ws.path, what="the register")
    rows = register_rows(ws, full=full, as_of=as_of, received_from=received_from,
                         received_to=received_to)
    table = register_table(rows, full=full)
    if chosen == "csv":
        data = csv_bytes([[_cell(v) for v in row] for row in table])
    else:
        data = xlsx_bytes({"Register": table}, made=as_of or ws.clock.today())
    write_atomic(out, data, workspace=ws.path)
    return len(rows)


def _cell(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value
