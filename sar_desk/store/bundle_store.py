"""Case-file table for disclosure bundles (schema v8), and reading/writing it.

A built bundle's bytes live in the case file (encrypted with it), with who built it, when,
its sha256, its page count and the manifest of its items (JSON). Only the latest bundle
keeps its bytes: building again empties the earlier row (its facts and sha256 stay on the
record and in the audit chain). Approval and dispatch are recorded on the row and chained.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Integer, LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, Session, deferred, mapped_column

from sar_desk.core.entities import BundleInfo
from sar_desk.store import audit
from sar_desk.store.case_schema import Base
from sar_desk.store.keys import sha256_hex
from sar_desk.store.row_time import row_and_audit_times, row_time


class BundleRow(Base):
    __tablename__ = "bundle"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    built_at: Mapped[str] = mapped_column(String)
    built_by: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String)
    pages: Mapped[int] = mapped_column(Integer)
    items: Mapped[str] = mapped_column(Text)  # JSON manifest: one object per item
    approved_at: Mapped[str] = mapped_column(String, default="")
    approved_by: Mapped[str] = mapped_column(String, default="")
    dispatched_at: Mapped[str] = mapped_column(String, default="")
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))


def v7_to_v8(session: Session) -> None:
    """Migration step: add the bundle table to a case file made before it."""
    from sqlalchemy.schema import CreateTable

    session.connection().execute(CreateTable(BundleRow.__table__, if_not_exists=True))  # type: ignore[attr-defined]


def _info(row: BundleRow) -> BundleInfo:
    manifest = json.loads(row.items or "[]")
    return BundleInfo(
        id=row.id, sha256=row.sha256, pages=row.pages,
        items=sum(1 for i in manifest if i.get("pages")),
        built_at=dt.datetime.fromisoformat(row.built_at), built_by=row.built_by,
        approved_by=row.approved_by,
        approved_at=dt.datetime.fromisoformat(row.approved_at) if row.approved_at else None)


def add_bundle(session: Session, data: bytes, pages: int, manifest: list[dict], actor: str,
               at: str | None = None) -> BundleInfo:
    """Store a newly built bundle; earlier bundles keep their facts but not their bytes."""
    shown, at = row_and_audit_times(session, at)
    for old in session.scalars(select(BundleRow).where(BundleRow.data != b"")):
        old.data = b""
    row = BundleRow(built_at=shown, built_by=actor, sha256=sha256_hex(data), pages=pages,
                    items=json.dumps(manifest, ensure_ascii=False), data=data)
    session.add(row)
    session.flush()
    audit.append(session, actor, "bundle_built", {
        "bundle_id": row.id, "sha256": row.sha256, "pages": pages, "size": len(data),
        "items": [{k: i[k] for k in ("number", "status", "pages")} for i in manifest]}, at=at)
    return _info(row)


def latest(session: Session) -> BundleInfo | None:
    row = session.scalars(select(BundleRow).order_by(BundleRow.id.desc()).limit(1)).first()
    return None if row is None else _info(row)


def manifest(session: Session, bundle_id: int) -> list[dict]:
    row = session.get(BundleRow, bundle_id)
    return [] if row is None else json.loads(row.items)


def bundle_bytes(session: Session, bundle_id: int) -> bytes | None:
    """The bytes of a stored bundle (None when unknown or replaced by a later build)."""
    row = session.get(BundleRow, bundle_id)
    return row.data if row is not None and row.data else None


def approve(session: Session, bundle_id: int, actor: str, at: str | None = None) -> BundleInfo:
    shown, at = row_and_audit_times(session, at)
    row = session.get(BundleRow, bundle_id)
    row.approved_at, row.approved_by = shown, actor
    audit.append(session, actor, "bundle_approved",
                 {"bundle_id": bundle_id, "sha256": row.sha256, "pages": row.pages}, at=at)
    return _info(row)


def mark_dispatched(session: Session, bundle_id: int, at: str | None = None) -> None:
    row = session.get(BundleRow, bundle_id)
    row.dispatched_at = at or row_time(session)


def stored_bundles(session: Session) -> list[tuple[str, int, str, bytes]]:
    """(table, id, recorded sha256, bytes) of the bundle still holding its bytes, for verify."""
    return [("bundle", r.id, r.sha256, r.data)
            for r in session.scalars(select(BundleRow).where(BundleRow.data != b""))]
