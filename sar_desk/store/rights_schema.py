"""Case-file tables for the rights beyond access (schema v3), and reading/writing them.

Checklist actions (who, when), the outcome of each right, the recipients told (Art. 19) and
portability exports (the JSON and CSV bytes) live in the case file like everything else, so
they are encrypted with it. Every change appends an audit entry; export bytes enter the
audit chain through their sha256.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from sar_desk.core.entities import RequestType
from sar_desk.core.rights import (
    ActionKind,
    ObjectionBasis,
    PortabilityExport,
    RecipientTold,
    Result,
    RightAction,
    RightOutcome,
    RightsRecord,
)
from sar_desk.store import audit
from sar_desk.store.case_schema import Base
from sar_desk.store.keys import sha256_hex
from sar_desk.store.row_time import row_and_audit_times


class RightActionRow(Base):
    __tablename__ = "right_action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    right: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    system: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str] = mapped_column(String, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    lifts: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=True)
    done_on: Mapped[str] = mapped_column(String, default="")
    export_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)
    completed_by: Mapped[str] = mapped_column(String, default="")


class RightOutcomeRow(Base):
    __tablename__ = "right_outcome"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    right: Mapped[str] = mapped_column(String)
    result: Mapped[str] = mapped_column(String)
    reasons: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(String, default="")
    decided_on: Mapped[str] = mapped_column(String)
    decided_by: Mapped[str] = mapped_column(String)


class RecipientToldRow(Base):
    __tablename__ = "right_recipient"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    right: Mapped[str] = mapped_column(String)
    recipient: Mapped[str] = mapped_column(Text)
    told: Mapped[bool] = mapped_column(Boolean)
    on: Mapped[str] = mapped_column(String, default="")
    method: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[str] = mapped_column(String)
    recorded_by: Mapped[str] = mapped_column(String)


class PortabilityExportRow(Base):
    __tablename__ = "portability_export"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_ids: Mapped[str] = mapped_column(Text)  # JSON list
    json_sha256: Mapped[str] = mapped_column(String)
    csv_sha256: Mapped[str] = mapped_column(String)
    json_size: Mapped[int] = mapped_column(Integer)
    csv_size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[str] = mapped_column(String)
    created_by: Mapped[str] = mapped_column(String)
    json_data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    csv_data: Mapped[bytes] = deferred(mapped_column(LargeBinary))


TABLES = (RightActionRow, RightOutcomeRow, RecipientToldRow, PortabilityExportRow)


def v2_to_v3(session: Session) -> None:
    """Migration step: add the rights tables to a case file made before them."""
    from sqlalchemy.schema import CreateTable

    conn = session.connection()
    for table in TABLES:
        conn.execute(CreateTable(table.__table__, if_not_exists=True))  # type: ignore[attr-defined]


# --- writing (inside the caller's transaction) --------------------------------------------


def add_action(session: Session, action: RightAction, actor: str, at: str | None = None
               ) -> RightAction:
    shown, at = row_and_audit_times(session, at)
    row = RightActionRow(
        right=action.right.value, kind=action.kind.value, system=action.system,
        detail=action.detail, code=action.code, reason=action.reason, lifts=action.lifts,
        done=action.done, done_on=action.done_on.isoformat() if action.done_on else "",
        export_id=action.export_id, recorded_at=shown, recorded_by=actor,
        completed_by=actor if action.done else "")
    session.add(row)
    session.flush()
    audit.append(session, actor, "right_action_recorded", {
        "action_id": row.id, "right": row.right, "kind": row.kind, "system": row.system,
        "detail": row.detail, "code": row.code, "reason": row.reason, "lifts": row.lifts,
        "done": row.done, "done_on": row.done_on}, at=at)
    return _action(row)


def get_action(session: Session, action_id: int) -> RightAction | None:
    row = session.get(RightActionRow, action_id)
    return None if row is None else _action(row)


def complete_action(session: Session, action_id: int, on: dt.date, actor: str, *,
                    reason: str | None = None, detail: str | None = None) -> RightAction:
    row = session.get(RightActionRow, action_id)
    changes: dict = {"action_id": action_id, "right": row.right, "kind": row.kind,
                     "done_on": on.isoformat()}
    if reason is not None:
        row.reason = changes["reason"] = reason
    if detail is not None:
        row.detail = changes["detail"] = detail
    row.done, row.done_on, row.completed_by = True, on.isoformat(), actor
    audit.append(session, actor, "right_action_completed", changes)
    return _action(row)


def set_outcome(session: Session, outcome: RightOutcome, actor: str, at: str | None = None
                ) -> None:
    if outcome.decided_on is None:  # the service dates it (its clock says what day it is)
        raise ValueError("an outcome is stored with the day it was decided")
    decided_on = outcome.decided_on.isoformat()
    basis = outcome.basis.value if outcome.basis else ""
    session.add(RightOutcomeRow(right=outcome.right.value, result=outcome.result.value,
                                reasons=outcome.reasons, basis=basis, decided_on=decided_on,
                                decided_by=outcome.decided_by or actor))
    audit.append(session, actor, "right_outcome_recorded", {
        "right": outcome.right.value, "result": outcome.result.value,
        "reasons": outcome.reasons, "basis": basis, "decided_on": decided_on}, at=at)


def add_recipient(session: Session, entry: RecipientTold, actor: str, at: str | None = None
                  ) -> None:
    shown, at = row_and_audit_times(session, at)
    on = entry.on.isoformat() if entry.on else ""
    session.add(RecipientToldRow(right=entry.right.value, recipient=entry.recipient,
                                 told=entry.told, on=on, method=entry.method, note=entry.note,
                                 recorded_at=shown, recorded_by=actor))
    audit.append(session, actor, "recipient_told_recorded", {
        "right": entry.right.value, "recipient": entry.recipient, "told": entry.told,
        "on": on, "method": entry.method, "note": entry.note}, at=at)


def add_export(session: Session, document_ids: tuple[int, ...], json_data: bytes,
               csv_data: bytes, actor: str, at: str | None = None) -> PortabilityExport:
    shown, at = row_and_audit_times(session, at)
    row = PortabilityExportRow(
        document_ids=json.dumps(list(document_ids)), json_sha256=sha256_hex(json_data),
        csv_sha256=sha256_hex(csv_data), json_size=len(json_data), csv_size=len(csv_data),
        created_at=shown, created_by=actor, json_data=json_data, csv_data=csv_data)
    session.add(row)
    session.flush()
    for fmt, digest, size in (("json", row.json_sha256, row.json_size),
                              ("csv", row.csv_sha256, row.csv_size)):
        # one entry per file, so each file's sha256 is in the chain (checked by verify)
        audit.append(session, actor, "portability_export_stored", {
            "export_id": row.id, "document_ids": list(document_ids), "format": fmt,
            "sha256": digest, "size": size}, at=at)
    return _export(row)


# --- reading ----------------------------------------------------------------------------


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _action(r: RightActionRow) -> RightAction:
    return RightAction(
        id=r.id, right=RequestType(r.right), kind=ActionKind(r.kind), system=r.system,
        detail=r.detail, code=r.code, reason=r.reason, lifts=r.lifts, done=bool(r.done),
        done_on=_date(r.done_on), recorded_at=dt.datetime.fromisoformat(r.recorded_at),
        recorded_by=r.recorded_by, completed_by=r.completed_by, export_id=r.export_id)


def _export(r: PortabilityExportRow) -> PortabilityExport:
    return PortabilityExport(
        id=r.id, document_ids=tuple(json.loads(r.document_ids)), json_sha256=r.json_sha256,
        csv_sha256=r.csv_sha256, json_size=r.json_size, csv_size=r.csv_size,
        created_at=dt.datetime.fromisoformat(r.created_at), created_by=r.created_by)


def read_record(session: Session) -> RightsRecord:
    """Everything recorded about the case's rights, oldest first."""
    actions = tuple(_action(r) for r in
                    session.scalars(select(RightActionRow).order_by(RightActionRow.id)))
    outcomes = tuple(
        RightOutcome(right=RequestType(r.right), result=Result(r.result), reasons=r.reasons,
                     basis=ObjectionBasis(r.basis) if r.basis else None,
                     decided_on=_date(r.decided_on), decided_by=r.decided_by)
        for r in session.scalars(select(RightOutcomeRow).order_by(RightOutcomeRow.id)))
    recipients = tuple(
        RecipientTold(right=RequestType(r.right), recipient=r.recipient, told=bool(r.told),
                      on=_date(r.on), method=r.method, note=r.note, recorded_by=r.recorded_by)
        for r in session.scalars(select(RecipientToldRow).order_by(RecipientToldRow.id)))
    exports = tuple(_export(r) for r in session.scalars(
        select(PortabilityExportRow).order_by(PortabilityExportRow.id)))
    return RightsRecord(actions, outcomes, recipients, exports)


def export_bytes(session: Session, export_id: int) -> tuple[bytes, bytes] | None:
    """(JSON bytes, CSV bytes) of a stored export, or None."""
    row = session.get(PortabilityExportRow, export_id)
    return None if row is None else (row.json_data, row.csv_data)


def stored_exports(session: Session) -> list[tuple[str, int, str, bytes]]:
    """(table, id, recorded sha256, bytes) for each export file, for verify."""
    out = []
    for r in session.scalars(select(PortabilityExportRow).order_by(PortabilityExportRow.id)):
        out.append(("portability export (JSON)", r.id, r.json_sha256, r.json_data))
        out.append(("portability export (CSV)", r.id, r.csv_sha256, r.csv_data))
    return out
